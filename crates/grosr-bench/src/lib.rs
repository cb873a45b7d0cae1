//! grosr's experiments (A: ping-pong dispatch, B/B+: throughput against fair baselines, C: BFS,
//! D: allocator), with their baselines, validation, statistics and report writers.
//!
//! The library knows nothing of the terminal: the `grosr` binary drives it and prints its results.
