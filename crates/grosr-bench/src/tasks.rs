//! Helpers for the grosr task sources of the experiments: starting a runtime with the benchmark
//! defaults, and a stand-alone program that lets NVRTC type-check task sources without a GPU.

use crate::record::{BenchOpts, Result};
use std::fmt::Write as _;
use std::time::Duration;

/// Default deadline of a job wait in the benchmarks: a hung runtime becomes an error, not a hang.
pub const DEFAULT_JOB_TIMEOUT_S: u64 = 30;

/// A runtime builder with the benchmark defaults: the chosen device, 16-byte descriptors (8 bytes of
/// args), a job deadline (`--param job_timeout_s=N`), and `--param blocks=N` / `ing_cap=N` /
/// `batch=N` if given.
pub fn builder(opts: &BenchOpts) -> Result<grosr::runtime::Builder> {
    let timeout = opts.param("job_timeout_s", DEFAULT_JOB_TIMEOUT_S)?;
    let mut b = builder_defaults()
        .device(opts.device)
        .job_timeout(Duration::from_secs(timeout));
    // `--param ingress_pipeline=1`: the runtime's experimental ingress path (Builder::ingress_pipeline).
    if opts.param::<u32>("ingress_pipeline", 0)? != 0 {
        b = b.ingress_pipeline(true);
    }
    let blocks: u32 = opts.param("blocks", 0)?;
    if blocks > 0 {
        b = b.blocks(blocks);
    }
    // `--param batch=N`: tasks per scheduler iteration (Builder::batch_capacity).
    let batch: u32 = opts.param("batch", 0)?;
    if batch > 0 {
        b = b.batch_capacity(batch);
    }
    // `--param ing_cap=N`: host ring slots per priority class (Builder::ingress_capacity).
    let ing_cap: u64 = opts.param("ing_cap", 0)?;
    if ing_cap > 0 {
        b = b.ingress_capacity(ing_cap);
    }
    Ok(b)
}

/// A runtime builder with the benchmarks' program-shaping defaults only (16-byte descriptors): what
/// `grosr check-kernels` compiles the experiments' runtime programs with.
pub fn builder_defaults() -> grosr::runtime::Builder {
    grosr::runtime::Runtime::builder().max_args_bytes(8)
}

/// Builds a runtime whose task types `register` adds, leaving `--param reserve_blocks_per_sm`
/// (default 1) scheduler blocks' worth of room on every SM. The persistent scheduler otherwise
/// fills every SM, and the benchmark's own kernels (poisoning, GPU-side validation) could never be
/// scheduled beside it. `--param blocks=N` sets the grid outright.
pub fn build<T>(
    opts: &BenchOpts,
    register: impl Fn(&mut grosr::runtime::Builder) -> T,
) -> Result<(grosr::runtime::Runtime, T)> {
    let mut b = builder(opts)?;
    if !opts.params.contains_key("blocks") {
        b = b.reserve_blocks_per_sm(opts.param("reserve_blocks_per_sm", 1)?);
    }
    let types = register(&mut b);
    Ok((b.build()?, types))
}

/// A program that type-checks `source` (task definitions) against grosr's device API: the
/// constants of a 16-byte-descriptor runtime, `grosr.cuh`, one `grosr_type_<name>` per task and
/// the source. The runtime's own generated program adds the dispatch and the scheduler, which
/// `grosr::kernels::programs()` already checks.
pub fn check_program(task_names: &[&str], source: &str) -> String {
    let mut s = String::from("#define GROSR_DESC_WORDS 2\n");
    let _ = writeln!(s, "#define GROSR_NTYPES {}", task_names.len());
    s.push_str("#include \"grosr.cuh\"\nenum grosr_task_types : u32 {\n");
    for (i, n) in task_names.iter().enumerate() {
        let _ = writeln!(s, "    grosr_type_{n} = {i},");
    }
    s.push_str("};\n");
    s.push_str(source);
    s
}

/// `--param ns=100,1000` as a list, else `default`.
pub fn sizes(opts: &BenchOpts, default: &[u32]) -> Result<Vec<u32>> {
    match opts.params.get("ns") {
        None => Ok(default.to_vec()),
        Some(v) => v
            .split(',')
            .map(|x| {
                x.trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| crate::BenchError::Invalid {
                        what: "ns".into(),
                        why: format!("{v:?}: expected positive integers separated by commas"),
                    })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_reject() {
        let mut o = BenchOpts::default();
        assert_eq!(sizes(&o, &[1, 2]).expect("default"), vec![1, 2]);
        o.params.insert("ns".into(), "10, 20".into());
        assert_eq!(sizes(&o, &[1]).expect("list"), vec![10, 20]);
        o.params.insert("ns".into(), "10,x".into());
        assert!(sizes(&o, &[1]).is_err());
        o.params.insert("ns".into(), "0".into());
        assert!(sizes(&o, &[1]).is_err());
    }

    #[test]
    fn check_program_declares_types() {
        let p = check_program(&["a", "b"], "// src");
        assert!(p.contains("grosr_type_b = 1,"));
        assert!(p.contains("#define GROSR_NTYPES 2"));
        assert!(p.ends_with("// src"));
    }
}
