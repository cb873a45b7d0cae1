//! The one error type of the crate.

use std::path::PathBuf;

/// Everything that can go wrong in grosr. Each variant renders as one line a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `libcuda` could not be loaded.
    #[error(
        "no NVIDIA driver found: libcuda.so could not be loaded (grosr needs an NVIDIA GPU, sm_75 or newer, with a driver for CUDA 13)"
    )]
    NoDriver,
    /// The driver loaded, but reports no GPU.
    #[error("the NVIDIA driver reports no CUDA device")]
    NoDevice,
    /// A device index past the number of devices.
    #[error("no CUDA device {index}: this machine has {count} (valid indices 0..{count})")]
    BadDeviceIndex {
        /// The index asked for.
        index: usize,
        /// How many devices the driver reports.
        count: usize,
    },
    /// `libnvrtc` could not be loaded.
    #[error(
        "NVRTC (libnvrtc.so.13) not found: install the CUDA 13 toolkit, or run `pip install --target DIR 'nvidia-cuda-nvrtc==13.0.*'` and add DIR/nvidia/cu13/lib to LD_LIBRARY_PATH"
    )]
    NoNvrtc,
    /// The GPU is older than grosr supports.
    #[error("device {name} has compute capability {major}.{minor}; grosr needs sm_75 (Turing) or newer, the oldest that CUDA 13 supports")]
    UnsupportedArch {
        /// Device name.
        name: String,
        /// Compute capability, major.
        major: i32,
        /// Compute capability, minor.
        minor: i32,
    },
    /// A device allocation failed for lack of memory.
    #[error("out of device memory: asked for {requested} bytes, {free} bytes free")]
    OutOfMemory {
        /// Bytes requested.
        requested: usize,
        /// Bytes the driver reported free at the time.
        free: usize,
    },
    /// A CUDA driver call failed.
    #[error("CUDA driver call {op} failed: {code}")]
    Driver {
        /// Which call.
        op: &'static str,
        /// The driver's error name.
        code: String,
    },
    /// NVRTC rejected a CUDA source; `log` has `file(line): error: ...` lines.
    #[error("CUDA compile of {name} failed:\n{log}")]
    Compile {
        /// The program (source file) name.
        name: String,
        /// NVRTC's log.
        log: String,
    },
    /// An NVRTC call other than the compile itself failed.
    #[error("NVRTC call {op} failed: {code}")]
    Nvrtc {
        /// Which call.
        op: &'static str,
        /// NVRTC's error name.
        code: String,
    },
    /// Reading or writing the compile cache failed in a way that cannot be worked around.
    #[error("compile cache at {path}: {source}")]
    Cache {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The device faulted (trap, illegal address, ...). The CUDA context is poisoned, as in CUDA itself.
    #[error("device fault: {0}")]
    DeviceFault(String),
    /// A wait or a blocking submit ran past its deadline.
    #[error("timed out after {0:?}")]
    Timeout(std::time::Duration),
    /// The queue is full (`try_submit`).
    #[error("queue full")]
    Full,
    /// The runtime was shut down; no more work is accepted.
    #[error("runtime is shut down")]
    ShutDown,
    /// A task reported failure with `ctx.fail(code)`.
    #[error("task failed with code {code} (task type {task_type})")]
    TaskFailed {
        /// Type id of the failing task.
        task_type: u32,
        /// The code it passed to `fail`.
        code: u32,
    },
    /// A task was cancelled by `shutdown(Cancel)`.
    #[error("task cancelled")]
    Cancelled,
    /// An argument or configuration value is invalid.
    #[error("invalid {what}: {why}")]
    Invalid {
        /// What was invalid.
        what: &'static str,
        /// Why.
        why: String,
    },
}

/// Result alias for grosr.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An [`Error::Invalid`] with `why` formatted by the caller.
    pub fn invalid(what: &'static str, why: impl Into<String>) -> Self {
        Error::Invalid {
            what,
            why: why.into(),
        }
    }
}
