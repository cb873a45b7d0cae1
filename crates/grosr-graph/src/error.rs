//! The crate-wide error type.

use std::path::PathBuf;

/// Everything that can go wrong while reading, building, caching or
/// generating a graph.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// The operating system refused an operation on a file.
    #[error("{}: {source}", path.display())]
    Io {
        /// File being accessed.
        path: PathBuf,
        /// Underlying OS error.
        source: std::io::Error,
    },
    /// Malformed input; `line` is 1-based.
    #[error("{}:{line}: {msg}", path.display())]
    Parse {
        /// File (or stream name) being parsed.
        path: PathBuf,
        /// 1-based line number the problem was found on.
        line: u64,
        /// What was expected and what was found.
        msg: String,
    },
    /// A binary cache file is missing pieces, corrupt or from another version.
    #[error("cache {}: {msg}", path.display())]
    Cache {
        /// Cache file.
        path: PathBuf,
        /// What is wrong with it.
        msg: String,
    },
    /// Edge list or CSR arrays that do not describe a valid graph.
    #[error("invalid graph: {0}")]
    InvalidGraph(String),
    /// A BFS source outside the graph.
    #[error("source vertex {vertex} out of range (graph has {n} vertices)")]
    SourceOutOfRange {
        /// Requested source.
        vertex: u32,
        /// Number of vertices.
        n: u32,
    },
    /// A generator spec string or generator parameter that makes no sense.
    #[error("invalid generator spec {spec:?}: {msg}")]
    Spec {
        /// The spec (or parameter summary) given.
        spec: String,
        /// Why it was rejected.
        msg: String,
    },
}

/// Result alias defaulting to [`GraphError`].
pub type Result<T, E = GraphError> = std::result::Result<T, E>;
