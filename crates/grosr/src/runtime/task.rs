//! Task types: a Rust `#[repr(C)]` Pod args struct plus CUDA device code, and the generated dispatch.

use crate::error::{Error, Result};
use std::fmt::Write as _;
use std::marker::PhantomData;

/// How many threads run one task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// One thread per task; tasks of a batch run side by side across the block.
    Thread,
    /// One warp (32 threads) per task, for tasks with inner parallelism.
    Warp,
    /// The whole block (256 threads) per task; `__syncthreads()` is allowed inside.
    Block,
}

impl Width {
    fn code(self) -> u32 {
        match self {
            Width::Thread => 0,
            Width::Warp => 1,
            Width::Block => 2,
        }
    }
}

/// A registered task type; `A` is its argument struct. Cheap to copy; pass it to `submit`.
pub struct TaskType<A> {
    pub(crate) id: u8,
    _args: PhantomData<fn(A)>,
}

impl<A> Clone for TaskType<A> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<A> Copy for TaskType<A> {}
impl<A> std::fmt::Debug for TaskType<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TaskType({})", self.id)
    }
}

impl<A> TaskType<A> {
    pub(crate) fn new(id: u8) -> Self {
        Self {
            id,
            _args: PhantomData,
        }
    }

    /// The type id (what `GROSR_TYPE(name)` is in device code).
    pub fn id(&self) -> u32 {
        self.id as u32
    }
}

/// What the builder keeps of a registered type.
#[derive(Debug, Clone)]
pub(crate) struct TaskDef {
    pub name: String,
    pub source: String,
    pub width: Width,
    pub args_size: usize,
    pub args_align: usize,
}

/// Most task types one runtime can hold (the type field of a descriptor is 8 bits).
pub const MAX_TASK_TYPES: usize = 256;

fn valid_identifier(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch.is_ascii_alphabetic() || ch == '_')
        && c.all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
}

/// Checks the registered types against the descriptor size.
pub(crate) fn validate(defs: &[TaskDef], args_bytes: usize) -> Result<()> {
    if defs.is_empty() {
        return Err(Error::invalid(
            "runtime",
            "no task types registered (Builder::task)",
        ));
    }
    if defs.len() > MAX_TASK_TYPES {
        return Err(Error::invalid(
            "runtime",
            format!("{} task types; at most {MAX_TASK_TYPES}", defs.len()),
        ));
    }
    for (i, d) in defs.iter().enumerate() {
        if !valid_identifier(&d.name) {
            return Err(Error::invalid(
                "task name",
                format!("{:?} is not a C identifier", d.name),
            ));
        }
        if defs[..i].iter().any(|o| o.name == d.name) {
            return Err(Error::invalid(
                "task name",
                format!("{:?} is registered twice", d.name),
            ));
        }
        if d.args_size > args_bytes {
            return Err(Error::invalid(
                "task args",
                format!(
                    "task {:?} has {}-byte args but descriptors hold {args_bytes} (raise Builder::max_args_bytes)",
                    d.name, d.args_size
                ),
            ));
        }
        if d.args_align > 8 {
            return Err(Error::invalid(
                "task args",
                format!(
                    "task {:?} args are {}-byte aligned; at most 8",
                    d.name, d.args_align
                ),
            ));
        }
    }
    Ok(())
}

/// The compile-time constants of a scheduler program.
#[derive(Debug, Clone)]
pub(crate) struct ProgramConfig {
    pub desc_words: usize,
    pub priorities: usize,
    pub block: u32,
    pub ingress_cap: u64,
    pub ingress_chunk: u64,
    pub dq_cap: u64,
    /// Entries of each block's device-memory spawn-stack tier, per priority class.
    pub ovf_cap: u64,
    pub comp_cap: u64,
    pub max_jobs: u32,
    /// Issue every ingress load of a claim before using any (GROSR_INGRESS_PIPELINE).
    pub ingress_pipeline: bool,
    /// Tasks per scheduler iteration, a multiple of `block` (GROSR_BATCH).
    pub batch: u32,
    /// How blocks share their spawns with idle blocks.
    pub sharing: Sharing,
    /// `__launch_bounds__` minimum of resident blocks per SM, 0 for none (GROSR_MIN_BLOCKS_PER_SM).
    pub min_blocks_per_sm: u32,
    /// Dynamic shared memory of a scheduler block for block-width tasks (GROSR_TASK_SHARED_BYTES).
    pub task_shared_bytes: u32,
    /// Per-phase cycle counters, printed when the scheduler stops (GROSR_PROF; diagnostics).
    pub prof: bool,
    /// Extra `#define`s in front of everything (GROSR_DEFINES; tuning experiments).
    pub tuning: Vec<(String, String)>,
}

/// How a scheduler block shares the tasks its tasks spawn ([`Builder::sharing`](super::Builder::sharing)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sharing {
    /// The default. While other blocks are idle, a block pushes its spawn stack's device-memory tier
    /// and half of its shared part to its device queue, where idle blocks steal them; the tier also
    /// goes to the queue whenever it is more than half full. Work that grows from a few roots (spawn
    /// trees, graph traversals) reaches the whole grid this way.
    #[default]
    Spill,
    /// A block keeps its spawns (up to its stack's capacity: 256 in shared memory plus the tier) and
    /// runs them itself. Work reaches other blocks only through `spawn_on`, host submissions and
    /// stack overflow. For fans that `spawn_on` already spread over the grid: no push to the queue
    /// and steal back while other blocks wait for their own share (Exp B's fan at 1M: 5.1 against
    /// 16.3 G/s with 1024-task batches on an H100, results/2026-11-26-session16).
    Keep,
}

/// Parses `GROSR_DEFINES`: `NAME=VALUE` pairs separated by commas, for the scheduler's `#ifndef`
/// tuning knobs (e.g. `GROSR_POLLER_SLEEP_NS=64`). Names are C identifiers other than the constants
/// [`generate`] defines itself; values are numbers or identifiers.
pub(crate) fn parse_defines(v: &str) -> crate::Result<Vec<(String, String)>> {
    let ident = |x: &str| {
        x.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && x.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let mut out = Vec::new();
    for item in v.split(',').map(str::trim).filter(|x| !x.is_empty()) {
        let (k, val) = item.split_once('=').unwrap_or((item, "1"));
        let (k, val) = (k.trim(), val.trim());
        let value_ok = !val.is_empty()
            && val
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        if !ident(k) || !value_ok || GENERATED.contains(&k) {
            return Err(crate::Error::invalid(
                "GROSR_DEFINES",
                format!(
                    "{item:?}: expected NAME=VALUE pairs separated by commas (a C identifier other than \
                     {GENERATED:?}, and a number or identifier)"
                ),
            ));
        }
        out.push((k.to_string(), val.to_string()));
    }
    Ok(out)
}

/// The constants [`generate`] always defines.
const GENERATED: [&str; 17] = [
    "GROSR_DESC_WORDS",
    "GROSR_NPRIO",
    "GROSR_BLOCK",
    "GROSR_ING_CAP",
    "GROSR_ING_CHUNK",
    "GROSR_DQ_CAP",
    "GROSR_OVF_CAP",
    "GROSR_BATCH",
    "GROSR_SPILL_KEEP",
    "GROSR_SPILL_TIER_HALF",
    "GROSR_MIN_BLOCKS_PER_SM",
    "GROSR_COMP_CAP",
    "GROSR_NTYPES",
    "GROSR_MAX_JOBS",
    "GROSR_INGRESS_PIPELINE",
    "GROSR_PROF",
    "GROSR_TASK_SHARED_BYTES",
];

/// Generates the full scheduler program: constants, the runtime header, the user's sources (with
/// `#line` so compiler errors name `<task>.cu` and its line), the dispatch, and the scheduler.
pub(crate) fn generate(defs: &[TaskDef], cfg: &ProgramConfig) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "// Generated by grosr. Do not edit.");
    for (k, v) in &cfg.tuning {
        let _ = writeln!(s, "#define {k} {v}");
    }
    for (k, v) in [
        ("GROSR_DESC_WORDS", cfg.desc_words.to_string()),
        ("GROSR_NPRIO", cfg.priorities.to_string()),
        ("GROSR_BLOCK", cfg.block.to_string()),
        ("GROSR_ING_CAP", format!("{}ull", cfg.ingress_cap)),
        ("GROSR_ING_CHUNK", format!("{}ull", cfg.ingress_chunk)),
        ("GROSR_DQ_CAP", format!("{}ull", cfg.dq_cap)),
        ("GROSR_OVF_CAP", format!("{}u", cfg.ovf_cap)),
        ("GROSR_BATCH", format!("{}u", cfg.batch)),
        ("GROSR_COMP_CAP", format!("{}ull", cfg.comp_cap)),
        ("GROSR_NTYPES", defs.len().to_string()),
        ("GROSR_MAX_JOBS", format!("{}u", cfg.max_jobs)),
        (
            "GROSR_INGRESS_PIPELINE",
            u8::from(cfg.ingress_pipeline).to_string(),
        ),
        ("GROSR_PROF", u8::from(cfg.prof).to_string()),
        (
            "GROSR_TASK_SHARED_BYTES",
            format!("{}u", cfg.task_shared_bytes),
        ),
    ] {
        let _ = writeln!(s, "#define {k} {v}");
    }
    // Keep: no spill for idle blocks below the whole stack, and no half-full rule for the tier.
    let (keep, half) = match cfg.sharing {
        Sharing::Spill => ("0u", "1"),
        Sharing::Keep => ("GROSR_STACK_CAP", "0"),
    };
    let _ = writeln!(s, "#define GROSR_SPILL_KEEP {keep}");
    let _ = writeln!(s, "#define GROSR_SPILL_TIER_HALF {half}");
    let _ = writeln!(
        s,
        "#define GROSR_MIN_BLOCKS_PER_SM {}",
        cfg.min_blocks_per_sm
    );
    let _ = writeln!(s, "#include \"grosr.cuh\"");
    if crate::kernels::HEADERS
        .iter()
        .any(|h| h.name == "grosr_alloc.cuh")
    {
        // Tasks may allocate: the slab allocator's device API is always available to them.
        let _ = writeln!(s, "#include \"grosr_alloc.cuh\"");
    }
    // Helpers task code may use unqualified (GROSR_TASK bodies live outside namespace grosr).
    let _ = writeln!(
        s,
        "using grosr::globaltimer_ns;\nusing grosr::lane_id;\nusing grosr::sm_id;"
    );
    let _ = writeln!(s, "enum grosr_task_types : u32 {{");
    for (i, d) in defs.iter().enumerate() {
        let _ = writeln!(s, "    grosr_type_{} = {i},", d.name);
    }
    let _ = writeln!(s, "}};");
    let mut seen: Vec<&str> = Vec::new();
    for d in defs {
        if seen.contains(&d.source.as_str()) {
            continue;
        }
        seen.push(&d.source);
        let _ = writeln!(s, "#line 1 \"{}.cu\"\n{}\n", d.name, d.source);
    }
    let _ = writeln!(s, "#line 1 \"grosr_dispatch.cu\"");
    let _ = writeln!(
        s,
        "__device__ __forceinline__ u32 grosr_type_width(u32 t) {{\n    switch (t) {{"
    );
    for (i, d) in defs.iter().enumerate() {
        let _ = writeln!(s, "    case {i}: return {};", d.width.code());
    }
    let _ = writeln!(s, "    default: return 0;\n    }}\n}}");
    let _ = writeln!(s, "__device__ void grosr_dispatch(u32 t, grosr::Ctx& ctx, const u64* args) {{\n    switch (t) {{");
    for (i, d) in defs.iter().enumerate() {
        let n = &d.name;
        let _ = writeln!(
            s,
            "    case {i}: {{\n        static_assert(sizeof(grosr_args_{n}) == {size}, \"task {n}: the CUDA args struct is not {size} bytes like the Rust one\");\n        grosr_task_{n}(ctx, *reinterpret_cast<const grosr_args_{n}*>(args));\n        break;\n    }}",
            size = d.args_size
        );
    }
    let _ = writeln!(
        s,
        "    default: break;\n    }}\n}}\n#include \"grosr_scheduler.cuh\""
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, size: usize) -> TaskDef {
        TaskDef {
            name: name.into(),
            source: format!("// {name}"),
            width: Width::Thread,
            args_size: size,
            args_align: 4,
        }
    }

    #[test]
    fn validation_catches_bad_registrations() {
        assert!(validate(&[], 24).is_err());
        assert!(validate(&[def("ok", 24)], 24).is_ok());
        let e = validate(&[def("big", 32)], 24).expect_err("too large");
        assert!(e.to_string().contains("32-byte args"), "{e}");
        assert!(validate(&[def("9bad", 4)], 24).is_err());
        assert!(validate(&[def("a", 4), def("a", 4)], 24).is_err());
    }

    #[test]
    fn generated_program_has_dispatch_and_line_directives() {
        let cfg = ProgramConfig {
            desc_words: 4,
            priorities: 2,
            block: 256,
            ingress_cap: 1 << 16,
            ingress_chunk: 256,
            dq_cap: 4096,
            ovf_cap: 2048,
            batch: 256,
            sharing: Sharing::Keep,
            min_blocks_per_sm: 5,
            comp_cap: 1 << 14,
            max_jobs: 65536,
            ingress_pipeline: false,
            task_shared_bytes: 0,
            prof: false,
            tuning: vec![("GROSR_POLLER_SLEEP_NS".into(), "64".into())],
        };
        let mut d2 = def("second", 8);
        d2.width = Width::Warp;
        let src = generate(&[def("first", 4), d2], &cfg);
        assert!(src.contains("#line 1 \"first.cu\""));
        assert!(src.contains("grosr_type_second = 1,"));
        assert!(src.contains("case 1: return 1;"));
        assert!(src.contains("sizeof(grosr_args_first) == 4"));
        assert!(src.contains("#define GROSR_POLLER_SLEEP_NS 64\n"));
        // Every constant the generator defines is one GROSR_DEFINES may not redefine.
        for line in src.lines().filter_map(|l| l.strip_prefix("#define ")) {
            let name = line.split_whitespace().next().unwrap_or_default();
            assert!(
                GENERATED.contains(&name) || name == "GROSR_POLLER_SLEEP_NS",
                "{name} is generated but not in GENERATED"
            );
        }
    }

    #[test]
    fn tuning_defines_parse_or_name_the_bad_item() {
        let d = parse_defines("GROSR_POLLER_SLEEP_NS=64, GROSR_X").expect("valid");
        assert_eq!(
            d,
            vec![
                ("GROSR_POLLER_SLEEP_NS".to_string(), "64".to_string()),
                ("GROSR_X".to_string(), "1".to_string())
            ]
        );
        assert!(parse_defines("").expect("empty").is_empty());
        for bad in ["9X=1", "A=1;B", "GROSR_BLOCK=128", "A=", "A B=1"] {
            let e = parse_defines(bad).expect_err(bad);
            assert!(e.to_string().contains("GROSR_DEFINES"), "{e}");
        }
    }
}
