//! Graph formats, CSR, generators and the CPU BFS reference for grosr.
//!
//! This crate is the host-side graph toolkit of the grosr project:
//!
//! * [`csr`]: the compressed sparse row graph ([`Csr`]) every other part uses,
//!   built from edge lists with a memory-lean counting sort.
//! * [`io`]: streaming readers (optionally gzip-compressed) for Matrix Market,
//!   SNAP / plain edge lists and DIMACS `.gr`, with precise `file:line` errors,
//!   plus matching writers.
//! * [`cache`]: a checksummed binary CSR cache so huge inputs are parsed once.
//! * [`generators`]: deterministic synthetic graphs (chain, G(n,p), grid,
//!   R-MAT, random geometric) and the [`GenSpec`] string syntax naming them.
//! * [`bfs`]: serial and parallel CPU BFS used as the reference that GPU
//!   results are validated against, and the Graph500 TEPS edge count.
//!
//! The GPU BFS on the grosr runtime lives here too later.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bfs;
pub mod cache;
pub mod csr;
pub mod error;
pub mod generators;
pub mod io;
mod rng;

pub use bfs::{
    bfs_parallel, bfs_serial, traversed_edges_graph500, validate_bfs, BfsResult, ValidationError,
    ValidationReport, NO_PARENT, UNREACHED,
};
pub use cache::{load_cache, read_graph_cached, read_graph_cached_report, save_cache, CacheReport};
pub use csr::{BuildOptions, Csr};
pub use error::{GraphError, Result};
pub use generators::{chain, gnp, grid2d, random_geometric, rmat, GenSpec};
pub use io::{read_graph, read_graph_from, write_graph, Format};
