//! # grosr: a GPU-resident runtime
//!
//! grosr moves the control plane of fine-grained GPU work (launching, synchronising, allocating)
//! from the CPU onto the GPU. A persistent scheduler runs on every SM and executes small typed tasks
//! pulled from queues; tasks spawn tasks on the GPU; the host submits through ring buffers in pinned
//! memory; a device-side slab allocator serves small objects.
//!
//! The crate is layered (see `docs/` and the README):
//! - [`device`]: the only module with `unsafe` CUDA code: devices, streams, buffers, pinned and
//!   mapped memory, NVRTC compilation with a disk cache, module loading and checked launches.
//! - [`kernels`]: the CUDA C sources, embedded in the library and compiled at run time.
//! - [`runtime`]: the persistent scheduler: typed tasks, device-side spawn, jobs, tickets, priorities.
//!
//! ```no_run
//! let dev = grosr::device::Device::open(0)?;
//! println!("{} with {} SMs", dev.info().name, dev.sm_count());
//! # Ok::<(), grosr::Error>(())
//! ```
#![warn(missing_docs)]

pub mod alloc;
pub mod device;
mod error;
pub mod kernels;
pub mod probe;
pub mod runtime;

pub use error::{Error, Result};
