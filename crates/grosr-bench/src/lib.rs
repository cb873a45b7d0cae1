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

pub mod record;

pub use record::{BenchError, BenchOpts, Progress, Record, Result, Summary};

/// Every CUDA program of every experiment, for the kernel check.
pub fn programs() -> Vec<(String, String)> {
    Vec::new()
}
