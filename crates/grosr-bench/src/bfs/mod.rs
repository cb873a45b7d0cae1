//! GPU breadth-first search for Exp C and `grosr bfs`: one engine, six ways to sequence levels.
//!
//! Every variant but `coop_warp` expands a level with the same device code (`kernels/bfs_common.cuh`: frontier items
//! of at most 256 edges, a block-wide flattened gather with eight edges per thread in flight, claims by
//! CAS), so the comparison measures only what the variants differ in, namely who starts the next level:
//!
//! | variant | next level started by |
//! |---|---|
//! | [`Variant::Grosr`] | the GPU: a grosr task runs small levels itself; a crew of helper tasks on other blocks works larger ones, level after level, with no barrier; after 32 levels (a high-diameter graph) worker tasks relax labels asynchronously, with no levels at all |
//! | [`Variant::LaunchPerLevel`] | the host: one launch per level, the count read from mapped memory |
//! | [`Variant::GraphWhile`] | the GPU: a CUDA graph conditional WHILE node around the level kernel |
//! | [`Variant::Coop`] | the GPU: one cooperative kernel with a grid barrier between levels |
//! | [`Variant::CoopWarp`] | the same with a warp per frontier item instead of the shared block expansion (the straightforward form; faster on small frontiers) |
//! | [`Variant::Seed`] | the host: the seed prototype's shape (scan all vertices, memset + memcpy a flag) |

use crate::record::{BenchError, Result};
use grosr::device::{
    Device, DeviceBuffer, Kernel, KernelArgs, LaunchConfig, MappedBuffer, Module, Stream,
    WhileGraph,
};
use grosr::runtime::{Runtime, TaskType, Width};
use grosr_graph::Csr;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// Device code shared by every variant.
pub const COMMON_SOURCE: &str = include_str!("../../kernels/bfs_common.cuh");
/// The baseline kernels (compiled after [`COMMON_SOURCE`]).
pub const BASELINE_SOURCE: &str = include_str!("../../kernels/bfs_baselines.cu");
/// The grosr runtime tasks (appended to [`COMMON_SOURCE`]).
pub const TASK_SOURCE: &str = include_str!("../../kernels/bfs_tasks.cu");

/// Edges per frontier item (BFS_PIECE).
pub const PIECE: u64 = 256;
/// Items one block expands per round (BFS_ROUND).
pub const ROUND: u32 = 512;
/// Threads per BFS block (BFS_BLOCK).
pub const BLOCK: u32 = 256;
/// Control words (BFS_CTL_WORDS).
const CTL_WORDS: usize = 44;
/// Words of the device-side `BfsGraph` descriptor.
const DESC_WORDS: usize = 13;
/// Edges a vertex on average from which the grosr variant's crews take rounds of
/// BFS_CREW_ROUND_WIDE items (BFS_FLAG_WIDE_LISTS).
const WIDE_LISTS_AVG_DEGREE: u64 = 64;
/// The device code's BFS_AQ_OPT_MAX_DEG default: denser graphs may take the barrier mode.
const BAR_MIN_AVG_DEGREE: u64 = 4;
/// Longest one BFS may take before the runtime's job wait gives up.
const JOB_TIMEOUT: Duration = Duration::from_secs(30);

/// How the levels of a BFS are sequenced (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// BFS as grosr runtime tasks.
    Grosr,
    /// One kernel launch per level through the raw driver.
    LaunchPerLevel,
    /// A CUDA graph with a conditional WHILE node.
    GraphWhile,
    /// One cooperative persistent kernel with a grid barrier.
    Coop,
    /// The same with a warp per frontier item (the straightforward form).
    CoopWarp,
    /// The seed prototype's baseline shape.
    Seed,
}

impl Variant {
    /// Every variant, grosr first.
    pub const ALL: [Variant; 6] = [
        Variant::Grosr,
        Variant::LaunchPerLevel,
        Variant::GraphWhile,
        Variant::Coop,
        Variant::CoopWarp,
        Variant::Seed,
    ];

    /// The name used in records and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Grosr => "grosr",
            Variant::LaunchPerLevel => "launch_per_level",
            Variant::GraphWhile => "graph_while",
            Variant::Coop => "coop_barrier",
            Variant::CoopWarp => "coop_warp",
            Variant::Seed => "seed_baseline",
        }
    }

    /// Whether the host takes part in every level (these get slow on graphs with many levels).
    pub fn host_per_level(self) -> bool {
        matches!(self, Variant::LaunchPerLevel | Variant::Seed)
    }
}

impl std::str::FromStr for Variant {
    type Err = BenchError;

    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase().replace('-', "_");
        Variant::ALL
            .into_iter()
            .find(|v| {
                v.name() == t
                    || (t == "launch" && *v == Variant::LaunchPerLevel)
                    || (t == "graph" && *v == Variant::GraphWhile)
                    || (t == "coop" && *v == Variant::Coop)
                    || (t == "coopwarp" && *v == Variant::CoopWarp)
                    || (t == "seed" && *v == Variant::Seed)
            })
            .ok_or_else(|| BenchError::Invalid {
                what: "variant".into(),
                why: format!(
                    "{s:?}: expected one of {}",
                    Variant::ALL.map(|v| v.name()).join(", ")
                ),
            })
    }
}

/// Parses a comma-separated list of variants (`all` for every one).
pub fn parse_variants(s: &str) -> Result<Vec<Variant>> {
    if s.trim() == "all" {
        return Ok(Variant::ALL.to_vec());
    }
    s.split(',').map(str::parse).collect()
}

/// The baseline program as NVRTC compiles it (common code + kernels).
pub fn baseline_program() -> String {
    format!("#include \"grosr_sync.cuh\"\n{COMMON_SOURCE}\n{BASELINE_SOURCE}")
}

/// Macro definitions as source lines.
fn define_lines(defines: &[(String, String)]) -> String {
    defines
        .iter()
        .map(|(k, v)| format!("#define {k} {v}\n"))
        .collect()
}

/// The task source given to the runtime (common code + tasks).
pub fn task_program() -> String {
    format!("{COMMON_SOURCE}\n{TASK_SOURCE}")
}

/// [`task_program`] with tuning macros defined first (`BFS_ONE_BLOCK`, `BFS_CREW_ROUND`,
/// `BFS_BLOCK_PRECHECK`, `BFS_DIST_L1`, `BFS_WARP_PATH`, `BFS_DIRECT`, `BFS_BU_DIV`, `BFS_PROF`: see
/// the kernels), as (name, value) pairs.
pub fn task_program_tuned(defines: &[(String, String)]) -> String {
    define_lines(defines) + &task_program()
}

/// Parses `NAME=VALUE[+NAME=VALUE...]` (macro names: letters, digits, `_`; values: digits).
pub fn parse_defines(spec: &str) -> Result<Vec<(String, String)>> {
    spec.split('+')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| BenchError::Other(format!("define {p:?}: expected NAME=VALUE")))?;
            let (k, v) = (k.trim(), v.trim());
            let name_ok = k.starts_with(|c: char| c.is_ascii_uppercase())
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !name_ok || v.is_empty() || !v.chars().all(|c| c.is_ascii_digit()) {
                return Err(BenchError::Other(format!(
                    "define {p:?}: expected an upper-case macro name and a decimal value"
                )));
            }
            Ok((k.to_string(), v.to_string()))
        })
        .collect()
}

/// Task names in registration order.
pub const TASKS: [&str; 5] = [
    "bfs_level",
    "bfs_helper",
    "bfs_reset",
    "bfs_async",
    "bfs_finish",
];

/// A stand-alone program with the tasks, a block-width dispatch and the scheduler, shaped like the
/// runtime's generated one with 32-byte descriptors, so the kernel check also catches a task that
/// makes the scheduler exceed its shared-memory limit.
pub fn task_check_program(defines: &[(String, String)]) -> String {
    let mut s = String::from(
        "#define GROSR_DESC_WORDS 4\n#define GROSR_NTYPES 5\n#include \"grosr.cuh\"\n\
         using grosr::lane_id;\nenum grosr_task_types : u32 {\n",
    );
    for (i, n) in TASKS.iter().enumerate() {
        s.push_str(&format!("    grosr_type_{n} = {i},\n"));
    }
    s.push_str("};\n");
    s.push_str(&task_program_tuned(defines));
    s.push_str(
        "\n__device__ __forceinline__ u32 grosr_type_width(u32) { return 2; }\n\
         __device__ void grosr_dispatch(u32 t, grosr::Ctx& ctx, const u64* args) {\n\
         switch (t) {\n\
         case 0: grosr_task_bfs_level(ctx, *reinterpret_cast<const BfsLevelArgs*>(args)); break;\n\
         case 1: grosr_task_bfs_helper(ctx, *reinterpret_cast<const BfsHelperArgs*>(args)); break;\n\
         case 2: grosr_task_bfs_reset(ctx, *reinterpret_cast<const BfsResetArgs*>(args)); break;\n\
         case 3: grosr_task_bfs_async(ctx, *reinterpret_cast<const BfsAsyncArgs*>(args)); break;\n\
         case 4: grosr_task_bfs_finish(ctx, *reinterpret_cast<const BfsFinishArgs*>(args)); break;\n\
         default: break;\n}\n}\n#include \"grosr_scheduler.cuh\"\n",
    );
    s
}

/// The CUDA programs of the BFS (for `grosr check-kernels`).
pub fn programs() -> Vec<(String, String)> {
    vec![
        ("bfs_baselines.cu".into(), baseline_program()),
        ("bfs_tasks_check.cu".into(), task_check_program(&[])),
        // The tuning toggles away from their defaults compile too.
        (
            "bfs_tasks_check_toggles.cu".into(),
            task_check_program(&[
                ("BFS_DIST_L1".into(), "0".into()),
                ("BFS_BLOCK_PRECHECK".into(), "1".into()),
                ("BFS_WARP_PATH".into(), "0".into()),
                ("BFS_DIRECT".into(), "0".into()),
                ("BFS_BU_DIV".into(), "0".into()),
                ("BFS_CREW_ROUND".into(), "512".into()),
                ("BFS_CREW_WARP".into(), "0".into()),
                ("BFS_ONE_BLOCK".into(), "1024".into()),
                ("BFS_PROF".into(), "1".into()),
                ("BFS_AQ_STATS".into(), "1".into()),
                ("BFS_TRACE".into(), "1".into()),
                ("BFS_FENCE_SC".into(), "1".into()),
                ("BFS_ASYNC_LEVEL".into(), "0".into()),
                ("BFS_AQ_PASS_OFFSETS".into(), "0".into()),
                ("BFS_AQ_UNROLL".into(), "8".into()),
                ("BFS_AQ_PER_LANE".into(), "2".into()),
                ("BFS_AQ_WARPS".into(), "4".into()),
                ("BFS_AQ_DIST_L1".into(), "1".into()),
                ("BFS_AQ_OPT".into(), "0".into()),
                ("BFS_AQ_E64".into(), "1".into()),
                ("BFS_BAR".into(), "0".into()),
            ]),
        ),
        // ...optimistic claims everywhere (with red.min from every lane), and the barrier mode's
        // warp per item, pre-check and nothing kept.
        (
            "bfs_tasks_check_opt.cu".into(),
            task_check_program(&[
                ("BFS_AQ_RED_ALL".into(), "1".into()),
                ("BFS_AQ_OPT".into(), "1".into()),
                ("BFS_BAR_LANES".into(), "32".into()),
                ("BFS_BAR_PRECHECK".into(), "1".into()),
                ("BFS_BAR_KEEP".into(), "0".into()),
            ]),
        ),
        // The baselines' earlier forms (rounds of BFS_ROUND, generation barrier, fence.sc).
        (
            "bfs_baselines_toggles.cu".into(),
            define_lines(&[
                ("BFS_BASE_SPREAD".into(), "0".into()),
                ("BFS_BAR_COUNTER".into(), "0".into()),
                ("BFS_FENCE_SC".into(), "1".into()),
                ("BFS_POLL_RELAXED".into(), "0".into()),
            ]) + &baseline_program(),
        ),
    ]
}

#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct LevelArgs {
    level: u32,
    count: u32,
    edges: u64,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct ResetArgs {
    source: u32,
    begin: u32,
    end: u32,
    /// Bit 0: free the asynchronous mode's ring too.
    flags: u32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct HelperArgs {
    level: u32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct AsyncArgs {
    level: u32,
    /// 0: an asynchronous worker; k > 0: the barrier mode's worker k - 1.
    bar: u32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct FinishArgs {
    begin: u32,
    end: u32,
    first: u32,
    parts: u32,
}

/// Frontier items of the source: one per started PIECE edges (none for an isolated source).
pub fn source_items(g: &Csr, source: u32) -> u32 {
    g.degree(source).div_ceil(PIECE) as u32
}

/// Queue capacity (items) that any level fits in: every vertex at most once, split into pieces.
pub fn queue_capacity(g: &Csr) -> usize {
    g.num_vertices() as usize + (g.num_edges() / PIECE) as usize + 1
}

/// Whether the grosr variant's barrier mode may run on `g` (more than BAR_MIN_AVG_DEGREE edges a
/// vertex): only then are its arrays allocated (`has_bq` on the device).
fn has_barrier_arrays(g: &Csr) -> bool {
    g.num_edges() > BAR_MIN_AVG_DEGREE * u64::from(g.num_vertices())
}

/// The descriptor's word of n (low half) and flags (high half): bit 0, the graph is symmetric (a
/// bottom-up step, which follows edges backwards, is exact only then); bit 1, its lists are wide
/// (the grosr variant's crews take smaller rounds, BFS_FLAG_WIDE_LISTS).
fn graph_word(g: &Csr) -> u64 {
    let n = g.num_vertices();
    let wide = g.num_edges() >= WIDE_LISTS_AVG_DEGREE * u64::from(n.max(1));
    u64::from(n) | (u64::from(g.is_symmetric()) << 32) | (u64::from(wide) << 33)
}

/// A graph on the device with the working arrays of a BFS.
pub struct GpuGraph {
    _offsets: DeviceBuffer<u64>,
    _targets: DeviceBuffer<u32>,
    dist: DeviceBuffer<u32>,
    parent: DeviceBuffer<u32>,
    _labels: DeviceBuffer<u64>,
    _ring: DeviceBuffer<u64>,
    /// Every slot of the ring is free (BFS_AQ_EMPTY): the last grosr BFS on it ended normally.
    ring_clean: std::cell::Cell<bool>,
    _queues: [DeviceBuffer<u64>; 2],
    _bar_offsets: [DeviceBuffer<u64>; 2],
    _ctl: DeviceBuffer<u32>,
    desc: DeviceBuffer<u64>,
    n: u32,
    offsets_host: Vec<u64>,
}

impl GpuGraph {
    /// Copies `g` to `device` and allocates the BFS arrays.
    pub fn upload(device: &Device, g: &Csr) -> Result<Self> {
        if g.num_edges() >= 1 << 40 {
            return Err(BenchError::Invalid {
                what: "graph".into(),
                why: "more than 2^40 edges (item encoding limit)".into(),
            });
        }
        let n = g.num_vertices();
        let offsets = DeviceBuffer::from_slice(device, g.offsets())?;
        let targets = DeviceBuffer::from_slice(device, nonempty(g.targets()))?;
        let dist = DeviceBuffer::<u32>::zeroed(device, n.max(1) as usize)?;
        let parent = DeviceBuffer::<u32>::zeroed(device, n.max(1) as usize)?;
        // The grosr variant's asynchronous labels (dist << 32 | parent), reset by its reset job.
        let labels = DeviceBuffer::<u64>::zeroed(device, n.max(1) as usize)?;
        // ...and its work ring (a power of two of slots, at least n; a slot is an item and its parent).
        let ring_slots = (n.max(32) as usize).next_power_of_two();
        let ring = DeviceBuffer::<u64>::zeroed(device, 2 * ring_slots)?;
        let cap = queue_capacity(g);
        let queues = [
            DeviceBuffer::<u64>::zeroed(device, cap)?,
            DeviceBuffer::<u64>::zeroed(device, cap)?,
        ];
        // The grosr variant's barrier mode: the edge offset of each queue slot's item. Only a graph
        // of more than BAR_MIN_AVG_DEGREE edges a vertex can take that mode; others get a dummy
        // word (and the device code a flag that keeps the mode off).
        let has_bar = has_barrier_arrays(g);
        let bar_cap = if has_bar { cap } else { 1 };
        let bar_offsets = [
            DeviceBuffer::<u64>::zeroed(device, bar_cap)?,
            DeviceBuffer::<u64>::zeroed(device, bar_cap)?,
        ];
        let ctl = DeviceBuffer::<u32>::zeroed(device, CTL_WORDS)?;
        let words: [u64; DESC_WORDS] = [
            offsets.device_ptr(),
            targets.device_ptr(),
            dist.device_ptr(),
            parent.device_ptr(),
            queues[0].device_ptr(),
            queues[1].device_ptr(),
            ctl.device_ptr(),
            graph_word(g),
            labels.device_ptr(),
            ring.device_ptr(),
            // aq_mask (low half) and has_bq (high half).
            (ring_slots - 1) as u64 | (u64::from(has_bar) << 32),
            bar_offsets[0].device_ptr(),
            bar_offsets[1].device_ptr(),
        ];
        let desc = DeviceBuffer::from_slice(device, &words)?;
        Ok(Self {
            _offsets: offsets,
            _targets: targets,
            dist,
            parent,
            _labels: labels,
            _ring: ring,
            ring_clean: std::cell::Cell::new(false),
            _queues: queues,
            _bar_offsets: bar_offsets,
            _ctl: ctl,
            desc,
            n,
            offsets_host: g.offsets().to_vec(),
        })
    }

    /// Vertices.
    pub fn num_vertices(&self) -> u32 {
        self.n
    }

    fn items_of(&self, source: u32) -> u32 {
        self.degree(source).div_ceil(PIECE) as u32
    }

    fn degree(&self, v: u32) -> u64 {
        let v = v as usize;
        self.offsets_host[v + 1] - self.offsets_host[v]
    }

    /// The distances and parents of the last BFS.
    pub fn results(&self) -> Result<(Vec<u32>, Vec<u32>)> {
        let mut d = self.dist.to_vec()?;
        let mut p = self.parent.to_vec()?;
        d.truncate(self.n as usize);
        p.truncate(self.n as usize);
        Ok((d, p))
    }
}

fn nonempty(t: &[u32]) -> &[u32] {
    if t.is_empty() {
        &[0]
    } else {
        t
    }
}

/// The runtime variant: a scheduler with the BFS task types.
struct RuntimeBfs {
    rt: Runtime,
    level: TaskType<LevelArgs>,
    reset: TaskType<ResetArgs>,
}

/// Vertices one reset task covers.
const RESET_SPAN: u32 = 1 << 16;

impl RuntimeBfs {
    /// One job of tasks of `ty` over vertices [0, n) in spans of `span` (`make(begin, end)` gives a
    /// task's args), waited for.
    fn over_ranges<A: bytemuck::Pod>(
        &self,
        ty: TaskType<A>,
        n: u32,
        span: u32,
        make: impl Fn(u32, u32) -> A + Sync,
    ) -> Result<()> {
        let job = self.rt.job()?;
        let tasks = n.div_ceil(span).max(1) as usize;
        job.submit_with(ty, tasks, 0, |i| {
            let begin = i as u32 * span;
            make(begin, n.min(begin.saturating_add(span)))
        })?;
        job.wait()?;
        Ok(())
    }

    /// Resets the arrays for a BFS from `source` with reset tasks (one job, waited for).
    /// `clear_ring`: also free every slot of the asynchronous mode's ring (needed unless the last
    /// BFS on this graph ended normally, which leaves them free).
    fn reset(&self, n: u32, source: u32, clear_ring: bool) -> Result<()> {
        self.over_ranges(self.reset, n, RESET_SPAN, |begin, end| ResetArgs {
            source,
            begin,
            end,
            flags: u32::from(clear_ring),
        })
    }

    /// One BFS: submits the first level's task and waits until no task is left. (A BFS that went
    /// asynchronous copies its labels into dist and parent in the same job: its last worker spawns
    /// `bfs_finish` tasks.)
    fn bfs(&self, items: u32, edges: u64) -> Result<()> {
        if items == 0 {
            return Ok(());
        }
        let job = self.rt.job()?;
        job.submit(
            self.level,
            &LevelArgs {
                level: 0,
                count: items,
                edges,
            },
        )?;
        job.wait()?;
        Ok(())
    }
}

/// Kernels, stream and (lazily) the runtime: everything needed to run any variant on any graph.
pub struct BfsEngine {
    device: Device,
    stream: Stream,
    _module: Module,
    k_init: Kernel,
    k_launch: Kernel,
    k_graph: Kernel,
    k_coop: Kernel,
    k_coop_warp: Kernel,
    coop_warp_blocks: u32,
    k_seed: Kernel,
    host_word: MappedBuffer,
    seed_flag: DeviceBuffer<u32>,
    coop_blocks: u32,
    graph_blocks: u32,
    max_blocks: u32,
    runtime: Option<RuntimeBfs>,
    runtime_blocks: Option<u32>,
    defines: Vec<(String, String)>,
    while_graph: Option<(u64, WhileGraph)>,
    runtime_graph: u64,
}

impl Drop for BfsEngine {
    fn drop(&mut self) {
        // The runtime's kernel must stop before `host_word` (pinned memory) is freed: freeing pinned
        // memory waits for the whole device, i.e. forever while the scheduler runs.
        self.runtime = None;
    }
}

impl BfsEngine {
    /// Compiles the baselines (cached on disk) for `device`. `coop_per_sm`: cooperative-kernel blocks
    /// per SM (0: as many as fit).
    pub fn new(device_index: usize, coop_per_sm: u32) -> Result<Self> {
        Self::new_tuned(device_index, coop_per_sm, Vec::new())
    }

    /// [`BfsEngine::new`] with tuning macros for every variant's device code (see
    /// [`task_program_tuned`]; the shared ones, like `BFS_DIRECT`, reach the baselines too).
    pub fn new_tuned(
        device_index: usize,
        coop_per_sm: u32,
        defines: Vec<(String, String)>,
    ) -> Result<Self> {
        let device = Device::open(device_index)?;
        let compiled = grosr::kernels::compiler().compile(
            "bfs_baselines.cu",
            &(define_lines(&defines) + &baseline_program()),
            &grosr::device::CompileOptions::new(device.arch()),
        )?;
        let module = Module::load(&device, &compiled.cubin)?;
        let k_coop = module.kernel("bfs_coop")?;
        let k_coop_warp = module.kernel("bfs_coop_warp")?;
        let k_graph = module.kernel("bfs_graph_level")?;
        let sms = device.sm_count();
        let per_sm = |k: &Kernel| -> Result<u32> {
            let fit = k.max_active_blocks_per_sm(BLOCK, 0)?.max(1);
            Ok(if coop_per_sm == 0 {
                fit
            } else {
                coop_per_sm.min(fit)
            })
        };
        let per = per_sm(&k_coop)?;
        let per_warp = per_sm(&k_coop_warp)?;
        let graph_fit = k_graph.max_active_blocks_per_sm(BLOCK, 0)?.max(1);
        Ok(Self {
            stream: Stream::new(&device)?,
            k_init: module.kernel("bfs_init")?,
            k_launch: module.kernel("bfs_launch_level")?,
            k_seed: module.kernel("bfs_seed_level")?,
            k_graph,
            k_coop,
            k_coop_warp,
            coop_warp_blocks: per_warp * sms,
            host_word: MappedBuffer::new(&device, 64, false)?,
            seed_flag: DeviceBuffer::zeroed(&device, 1)?,
            coop_blocks: per * sms,
            graph_blocks: graph_fit * sms,
            max_blocks: graph_fit * sms,
            _module: module,
            device,
            runtime: None,
            runtime_blocks: None,
            defines,
            while_graph: None,
            runtime_graph: 0,
        })
    }

    /// Scheduler blocks of the runtime variant (default: as many as fit).
    pub fn with_runtime_blocks(mut self, blocks: Option<u32>) -> Self {
        self.runtime_blocks = blocks;
        self
    }

    /// The device.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Blocks of the cooperative kernels: `[(variant name, blocks)]` for `coop_barrier` and `coop_warp`.
    pub fn coop_blocks(&self) -> [(&'static str, u32); 2] {
        [
            (Variant::Coop.name(), self.coop_blocks),
            (Variant::CoopWarp.name(), self.coop_warp_blocks),
        ]
    }

    fn runtime(&mut self) -> Result<&RuntimeBfs> {
        if self.runtime.is_none() {
            let src = task_program_tuned(&self.defines);
            let mut b = Runtime::builder()
                .device(self.device.info().index)
                .max_args_bytes(16)
                .job_timeout(JOB_TIMEOUT);
            if let Some(n) = self.runtime_blocks {
                b = b.blocks(n);
            }
            let level = b.task::<LevelArgs>(TASKS[0], &src, Width::Block);
            let _helper = b.task::<HelperArgs>(TASKS[1], &src, Width::Block);
            let reset = b.task::<ResetArgs>(TASKS[2], &src, Width::Block);
            let _async = b.task::<AsyncArgs>(TASKS[3], &src, Width::Block);
            // Spawned on the device only (by the asynchronous mode's last worker).
            let _finish = b.task::<FinishArgs>(TASKS[4], &src, Width::Block);
            let rt = b.build()?;
            self.runtime = Some(RuntimeBfs { rt, level, reset });
            self.runtime_graph = 0;
        }
        self.runtime
            .as_ref()
            .ok_or_else(|| BenchError::Other("runtime did not start".into()))
    }

    /// Starts the runtime now (so that its start-up is outside any timing).
    pub fn warm_runtime(&mut self) -> Result<()> {
        self.runtime().map(|_| ())
    }

    /// The runtime's counters (None before it started): per type, `executed[3]` counts `bfs_async`.
    pub fn runtime_stats(&self) -> Result<Option<grosr::runtime::Stats>> {
        match &self.runtime {
            None => Ok(None),
            Some(r) => Ok(Some(r.rt.stats()?)),
        }
    }

    /// Blocks of the runtime's scheduler (0 before it started).
    pub fn runtime_scheduler_blocks(&self) -> u32 {
        self.runtime.as_ref().map_or(0, |r| r.rt.blocks())
    }

    /// Resets the BFS arrays of `g` for a search from `source` (not timed).
    fn init(&self, g: &GpuGraph, source: u32) -> Result<()> {
        let blocks = g.n.div_ceil(BLOCK).clamp(1, 4 * self.device.sm_count());
        let args = KernelArgs::new().ptr(g.desc.device_ptr()).u32(source);
        self.k_init
            .launch(&self.stream, LaunchConfig::linear(blocks, BLOCK), &args)?;
        self.stream.synchronize()?;
        Ok(())
    }

    /// Runs one BFS of `variant` on `g` from `source` and returns its wall time (from the first
    /// launch or submit to the host knowing it finished). Results stay on the device
    /// ([`GpuGraph::results`]).
    pub fn run(&mut self, g: &GpuGraph, source: u32, variant: Variant) -> Result<Duration> {
        if source >= g.n {
            return Err(BenchError::Invalid {
                what: "source".into(),
                why: format!("{source} is not a vertex (n = {})", g.n),
            });
        }
        let items = g.items_of(source);
        if variant == Variant::Grosr {
            // Start the runtime, point it at this graph and reset the arrays before the clock starts.
            self.runtime()?;
            let desc = g.desc.device_ptr();
            let same = self.runtime_graph == desc;
            let r = self
                .runtime
                .as_ref()
                .ok_or_else(|| BenchError::Other("runtime did not start".into()))?;
            if !same {
                r.rt.set_global("bfs_graph", &desc)?;
            }
            r.reset(g.n, source, !g.ring_clean.get())?;
            self.runtime_graph = desc;
            // Clean again only once this BFS has ended normally.
            g.ring_clean.set(false);
            let t0 = Instant::now();
            r.bfs(items, g.degree(source))?;
            let t = t0.elapsed();
            g.ring_clean.set(true);
            return Ok(t);
        }
        // The runtime's persistent kernel holds every SM: no other kernel could start beside it.
        if self.runtime.take().is_some() {
            self.runtime_graph = 0;
        }
        if variant == Variant::GraphWhile
            && self.while_graph.as_ref().map(|w| w.0) != Some(g.desc.device_ptr())
        {
            let desc = g.desc.device_ptr();
            let wg = WhileGraph::new(
                &self.k_graph,
                LaunchConfig::linear(self.graph_blocks, BLOCK),
                |h| KernelArgs::new().ptr(desc).u64(h),
            )?;
            self.while_graph = Some((desc, wg));
        }
        self.init(g, source)?;
        let t0 = Instant::now();
        match variant {
            Variant::Grosr => {}
            Variant::LaunchPerLevel => self.run_launch(g, items)?,
            Variant::GraphWhile => {
                if items > 0 {
                    let wg = self
                        .while_graph
                        .as_ref()
                        .ok_or_else(|| BenchError::Other("no graph".into()))?;
                    wg.1.launch(&self.stream)?;
                    self.stream.synchronize()?;
                }
            }
            Variant::Coop | Variant::CoopWarp => {
                if items > 0 {
                    let (k, blocks) = if variant == Variant::Coop {
                        (&self.k_coop, self.coop_blocks)
                    } else {
                        (&self.k_coop_warp, self.coop_warp_blocks)
                    };
                    let args = KernelArgs::new().ptr(g.desc.device_ptr());
                    k.launch_cooperative(&self.stream, LaunchConfig::linear(blocks, BLOCK), &args)?;
                    self.stream.synchronize()?;
                }
            }
            Variant::Seed => self.run_seed(g)?,
        }
        Ok(t0.elapsed())
    }

    fn run_launch(&self, g: &GpuGraph, items: u32) -> Result<()> {
        let word = &self.host_word.words64()[0];
        let mut count = items;
        let mut level = 0u32;
        let mut args = KernelArgs::new()
            .ptr(g.desc.device_ptr())
            .u32(0)
            .ptr(self.host_word.device_ptr());
        while count > 0 {
            let blocks = count.div_ceil(ROUND).clamp(1, self.max_blocks);
            args.set_u32(1, level);
            self.k_launch
                .launch(&self.stream, LaunchConfig::linear(blocks, BLOCK), &args)?;
            self.stream.synchronize()?;
            // Acquire: pairs with the kernel's system-scope release of the word.
            let w = word.load(Ordering::Acquire);
            level += 1;
            if (w >> 32) as u32 != level {
                return Err(BenchError::Other(format!(
                    "launch_per_level: level {level} published {:#x}",
                    w
                )));
            }
            count = w as u32;
        }
        Ok(())
    }

    fn run_seed(&self, g: &GpuGraph) -> Result<()> {
        let blocks = g.n.div_ceil(BLOCK).max(1);
        let mut args = KernelArgs::new()
            .ptr(g.desc.device_ptr())
            .u32(0)
            .ptr(self.seed_flag.device_ptr());
        let mut flag = [0u32];
        for level in 0..g.n {
            self.seed_flag.fill_bytes(0)?;
            args.set_u32(1, level);
            self.k_seed
                .launch(&self.stream, LaunchConfig::linear(blocks, BLOCK), &args)?;
            self.stream.synchronize()?;
            self.seed_flag.copy_to_host(&mut flag)?;
            if flag[0] == 0 {
                break;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_flags_and_barrier_arrays_follow_the_average_degree() {
        // A chain (2 edges a vertex) and a grid (< 4): no barrier arrays, usual crew rounds.
        let chain = grosr_graph::chain(1000).expect("chain");
        assert!(!has_barrier_arrays(&chain));
        assert_eq!(graph_word(&chain), 1000 | 1 << 32);
        let grid = grosr_graph::grid2d(30, 30).expect("grid");
        assert!(!has_barrier_arrays(&grid));
        assert_eq!(graph_word(&grid) >> 33, 0);
        // rgg of 10 edges a vertex: barrier arrays, usual rounds.
        let rgg = grosr_graph::random_geometric(5000, 10.0, 1).expect("rgg");
        assert!(has_barrier_arrays(&rgg));
        assert_eq!(graph_word(&rgg) >> 33, 0);
        // G(2000, 0.1), ~200 edges a vertex: both, and the wide-lists bit.
        let gnp = grosr_graph::gnp(2000, 0.1, 3).expect("gnp");
        assert!(has_barrier_arrays(&gnp));
        assert_eq!(graph_word(&gnp) >> 32, 0b11);
        assert_eq!(graph_word(&gnp) as u32, 2000);
    }

    #[test]
    fn defines_parse_and_reject_garbage() {
        let d = parse_defines("BFS_ONE_BLOCK=512+BFS_DIST_L1=1").expect("parse");
        assert_eq!(d[0], ("BFS_ONE_BLOCK".into(), "512".into()));
        assert_eq!(d.len(), 2);
        assert!(parse_defines("BFS_X").is_err());
        assert!(parse_defines("bfs=1").is_err());
        assert!(parse_defines("BFS_X=1;rm").is_err());
        assert!(task_program_tuned(&d).starts_with("#define BFS_ONE_BLOCK 512\n"));
    }

    #[test]
    fn variants_parse_by_name_and_alias() {
        assert_eq!(
            parse_variants("grosr,coop").expect("parse"),
            vec![Variant::Grosr, Variant::Coop]
        );
        assert_eq!(parse_variants("all").expect("all").len(), 6);
        assert_eq!(
            parse_variants("coop-warp").expect("dash"),
            vec![Variant::CoopWarp]
        );
        for v in Variant::ALL {
            assert_eq!(v.name().parse::<Variant>().expect("name"), v);
        }
        assert!("nope".parse::<Variant>().is_err());
    }

    #[test]
    fn items_split_high_degree_vertices() {
        let g = grosr_graph::generators::gnp(600, 1.0, 1).expect("complete graph");
        // Degree 599 -> three pieces of at most 256 edges.
        assert_eq!(source_items(&g, 0), 3);
        let c = grosr_graph::chain(3).expect("chain");
        assert_eq!(source_items(&c, 1), 1);
        assert_eq!(queue_capacity(&c), 3 + 1);
    }

    #[test]
    fn check_program_declares_every_task() {
        let p = task_check_program(&[]);
        for t in TASKS {
            assert!(p.contains(&format!("grosr_type_{t}")), "{t}");
            assert!(p.contains(&format!("GROSR_TASK({t},")), "{t}");
        }
        assert!(baseline_program().contains("bfs_coop"));
    }
}
