//! Experiment B+: the tasks of experiment B through every fair baseline and every grosr mode, side
//! by side for the same N (see [`crate::exp_b`] for the variants, validation and parameters).

use crate::measure::Outcome;
use crate::record::{BenchOpts, Progress, Record, Result};

/// B+ compiles the programs of B (and the baselines of A).
pub fn programs() -> Vec<(String, String)> {
    Vec::new()
}

/// Runs experiment B+. The contract's entry point.
pub fn run(opts: &BenchOpts, progress: &dyn Progress) -> Result<Vec<Record>> {
    run_collect(opts, progress)?.into_result()
}

/// Runs experiment B+ and keeps every row it could measure.
pub fn run_collect(opts: &BenchOpts, progress: &dyn Progress) -> Result<Outcome> {
    crate::exp_b::run_variants("bplus", opts, progress, true)
}
