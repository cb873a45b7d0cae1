//! grosr's experiments (A: ping-pong dispatch, B/B+: throughput against fair baselines, C: BFS,
//! D: allocator), with their baselines, validation, statistics and report writers.
//!
//! The library knows nothing of the terminal: the `grosr` binary drives it and prints its results.
//!
//! Every experiment module exposes the same two functions:
//! - `run(opts: &BenchOpts, progress: &dyn Progress) -> Result<Vec<Record>>`: measures, validates
//!   outside the timed region, and returns one [`Record`] per measured row. A validation failure is
//!   recorded (`validated: false`) and also returned as [`BenchError::Validation`] by the caller.
//! - `programs() -> Vec<(String, String)>`: the CUDA programs it compiles (name, source), so that
//!   `grosr check-kernels` (and CI) compiles them with NVRTC without a GPU.

pub mod baselines;
pub mod bfs;
pub mod exp_a;
pub mod exp_b;
pub mod exp_bplus;
pub mod exp_c;
pub mod exp_d;
pub mod measure;
pub mod plot;
pub mod record;
pub mod report;
pub mod tasks;

pub use measure::Outcome;
pub use record::{BenchError, BenchOpts, Progress, Record, Result, Summary};

/// The experiments `grosr bench` knows, in the order `all` runs them.
pub const EXPERIMENTS: &[&str] = &["a", "b", "bplus", "c", "d"];

/// Every CUDA program of every experiment, for the kernel check.
pub fn programs() -> Vec<(String, String)> {
    let mut v = Vec::new();
    v.extend(exp_a::programs());
    v.extend(exp_b::programs());
    v.extend(exp_bplus::programs());
    v.extend(exp_c::programs());
    v.extend(exp_d::programs());
    v
}

/// Runs experiment `name`, keeping the rows of the variants that worked beside the errors of those
/// that did not (A, B and B+ do this per variant; other experiments are all or nothing).
pub fn run_experiment(name: &str, opts: &BenchOpts, progress: &dyn Progress) -> Result<Outcome> {
    let whole = |r: Result<Vec<Record>>| -> Result<Outcome> {
        let records = r?;
        let mut o = Outcome::default();
        o.add(records);
        Ok(o)
    };
    match name {
        "a" => exp_a::run_collect(opts, progress),
        "b" => exp_b::run_collect(opts, progress),
        "bplus" => exp_bplus::run_collect(opts, progress),
        "c" => exp_c::run_collect(opts, progress),
        "d" => whole(exp_d::run(opts, progress)),
        other => Err(BenchError::Invalid {
            what: "experiment".into(),
            why: format!("{other:?}: expected one of {}", EXPERIMENTS.join(", ")),
        }),
    }
}

/// Compiles every benchmark program with NVRTC for each of `archs` (no GPU needed); warnings
/// count as failures. One line per (program, arch), like `grosr::kernels::check_all`.
pub fn check_programs(archs: &[grosr::device::Arch]) -> grosr::Result<Vec<String>> {
    grosr::kernels::check_programs(&programs(), archs)
}
