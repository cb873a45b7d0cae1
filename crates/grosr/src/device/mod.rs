//! The device layer: the only module of grosr with `unsafe` CUDA code.
//!
//! Shaped like `cudarc` in miniature: raw driver calls (through `cudarc::driver::{sys, result}`) are
//! wrapped here once, each with a `// SAFETY:` note, and everything above this module uses the small
//! safe RAII types it exports: [`Device`], [`Stream`], [`Event`], [`DeviceBuffer`], [`PinnedBuffer`],
//! [`MappedBuffer`], [`Module`], [`Kernel`] and [`Graph`].
//!
//! Every fallible call returns [`crate::Error`]; missing libraries are detected before `cudarc` would
//! panic on them, and device faults (trap, illegal address, ...) come back as [`Error::DeviceFault`].

mod compile;
mod cond_graph;
mod graph;
mod memory;
mod module;
mod stream;

pub use compile::{
    cache_dir, nvrtc_supported_archs, nvrtc_version, Arch, CompileOptions, Compiled, Compiler,
    Header,
};
pub use cond_graph::WhileGraph;
pub use graph::{Graph, GraphExec};
pub use memory::{DeviceBuffer, MappedBuffer, PinnedBuffer};
pub use module::{Dim3, Kernel, KernelArgs, LaunchConfig, Module};
pub use stream::{Event, Stream};

use crate::error::{Error, Result};
use cudarc::driver::{result, sys, CudaContext, DriverError};
use serde::Serialize;
use std::sync::Arc;

/// Oldest compute capability grosr runs on: Turing. CUDA 13 (and its NVRTC) dropped Volta (sm_70/72).
pub const MIN_COMPUTE_CAPABILITY: (i32, i32) = (7, 5);

/// What `grosr info` prints: the properties of one device.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceInfo {
    /// Device index.
    pub index: usize,
    /// Marketing name, e.g. "NVIDIA H100 80GB HBM3".
    pub name: String,
    /// Compute capability (major, minor).
    pub compute_capability: (i32, i32),
    /// Streaming multiprocessors.
    pub sm_count: u32,
    /// Total device memory in bytes.
    pub total_memory: usize,
    /// Free device memory in bytes when the device was opened.
    pub free_memory: usize,
    /// Peak SM clock in MHz.
    pub sm_clock_mhz: u32,
    /// Peak memory clock in MHz.
    pub memory_clock_mhz: u32,
    /// Memory bus width in bits.
    pub memory_bus_bits: u32,
    /// L2 cache in bytes.
    pub l2_bytes: u32,
    /// Resident threads per SM.
    pub max_threads_per_sm: u32,
    /// Shared memory per SM in bytes.
    pub shared_memory_per_sm: u32,
    /// Whether cooperative (grid-synchronous) launches are supported.
    pub cooperative_launch: bool,
    /// PCI bus id.
    pub pci_bus: u32,
    /// Driver version as the driver reports it, e.g. "580.159" is reported through CUDA as 13000.
    pub driver_cuda_version: String,
    /// NVRTC version, e.g. "13.0", if NVRTC is present.
    pub nvrtc_version: Option<String>,
}

/// An open CUDA device (its primary context). Cheap to clone; the context lives while any clone,
/// buffer, stream or module of it lives.
#[derive(Clone)]
pub struct Device {
    pub(crate) inner: Arc<DeviceInner>,
}

pub(crate) struct DeviceInner {
    pub(crate) ctx: Arc<CudaContext>,
    /// Non-blocking stream that device buffers are allocated and freed on (stream-ordered), so that
    /// freeing a buffer never waits for a persistent kernel running on another stream.
    pub(crate) alloc_stream: Arc<cudarc::driver::CudaStream>,
    pub(crate) info: DeviceInfo,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("index", &self.inner.info.index)
            .field("name", &self.inner.info.name)
            .finish()
    }
}

/// Loads `libcuda` or says clearly that it is missing. `cudarc` panics on a missing library, so every
/// entry point checks this first.
pub fn ensure_driver() -> Result<()> {
    // SAFETY: only tries to dlopen the library by its candidate names; no symbol is called.
    if unsafe { sys::is_culib_present() } {
        Ok(())
    } else {
        Err(Error::NoDriver)
    }
}

/// Loads `libnvrtc` or says clearly how to provide it.
pub fn ensure_nvrtc() -> Result<()> {
    // SAFETY: only tries to dlopen the library by its candidate names; no symbol is called.
    if unsafe { cudarc::nvrtc::sys::is_culib_present() } {
        Ok(())
    } else {
        Err(Error::NoNvrtc)
    }
}

/// How many CUDA devices the driver reports.
pub fn device_count() -> Result<usize> {
    ensure_driver()?;
    result::init().map_err(|e| driver_err("cuInit", e))?;
    let n = result::device::get_count().map_err(|e| driver_err("cuDeviceGetCount", e))?;
    Ok(n.max(0) as usize)
}

/// The CUDA version the driver supports, as "major.minor".
pub fn driver_cuda_version() -> Result<String> {
    ensure_driver()?;
    let mut v: std::ffi::c_int = 0;
    // SAFETY: `v` is a valid out-pointer for the duration of the call.
    unsafe { sys::cuDriverGetVersion(&mut v) }
        .result()
        .map_err(|e| driver_err("cuDriverGetVersion", e))?;
    Ok(format!("{}.{}", v / 1000, (v % 1000) / 10))
}

impl Device {
    /// Opens device `index`: loads the driver, checks the index and the architecture, and retains
    /// the device's primary context.
    pub fn open(index: usize) -> Result<Device> {
        let count = device_count()?;
        if count == 0 {
            return Err(Error::NoDevice);
        }
        if index >= count {
            return Err(Error::BadDeviceIndex { index, count });
        }
        let open = || -> Result<(Arc<CudaContext>, DeviceInfo)> {
            let ctx = CudaContext::new(index).map_err(|e| driver_err("cuCtxCreate", e))?;
            let info = query_info(&ctx, index)?;
            Ok((ctx, info))
        };
        // A device fault (trap, illegal address) poisons the primary context for the rest of the
        // process: CUDA's rule for sticky errors is that the process must exit (a context reset
        // does not bring it back, and would pull the context from under live handles). Whoever saw
        // the fault got `Error::DeviceFault`; a later open says plainly what is needed.
        let (ctx, info) = open().map_err(|e| match e {
            Error::DeviceFault(first) => Error::DeviceFault(format!(
                "the CUDA context of this process was poisoned by an earlier device fault \
                 ({first}); CUDA accepts no further work from this process: restart it"
            )),
            e => e,
        })?;
        let (major, minor) = info.compute_capability;
        if (major, minor) < MIN_COMPUTE_CAPABILITY {
            return Err(Error::UnsupportedArch {
                name: info.name,
                major,
                minor,
            });
        }
        Ok(Device {
            inner: Arc::new(DeviceInner {
                alloc_stream: ctx
                    .new_stream()
                    .map_err(|e| driver_err("cuStreamCreate", e))?,
                ctx,
                info,
            }),
        })
    }

    /// The properties read when the device was opened.
    pub fn info(&self) -> &DeviceInfo {
        &self.inner.info
    }

    /// The architecture NVRTC should compile for.
    pub fn arch(&self) -> Arch {
        let (major, minor) = self.inner.info.compute_capability;
        Arch::new(major as u32, minor as u32)
    }

    /// Number of SMs.
    pub fn sm_count(&self) -> u32 {
        self.inner.info.sm_count
    }

    /// (free, total) device memory in bytes, now. Waits for pending buffer frees first and gives
    /// the memory pool's unused reserve back to the device, so memory just released shows as free.
    pub fn mem_info(&self) -> Result<(usize, usize)> {
        self.bind()?;
        self.inner
            .alloc_stream
            .synchronize()
            .map_err(|e| driver_err("cuStreamSynchronize", e))?;
        let mut pool: sys::CUmemoryPool = std::ptr::null_mut();
        // SAFETY: `pool` is a valid out-pointer; the device handle comes from the live context.
        unsafe { sys::cuDeviceGetDefaultMemPool(&mut pool, self.inner.ctx.cu_device()) }
            .result()
            .map_err(|e| driver_err("cuDeviceGetDefaultMemPool", e))?;
        // SAFETY: trimming releases only memory no allocation uses (stream-ordered frees above
        // have completed); it never invalidates a live buffer.
        unsafe { sys::cuMemPoolTrimTo(pool, 0) }
            .result()
            .map_err(|e| driver_err("cuMemPoolTrimTo", e))?;
        result::mem_get_info().map_err(|e| driver_err("cuMemGetInfo", e))
    }

    /// Copies `data` to device address `dst` and returns once it is in device memory.
    ///
    /// Not `cuMemcpyHtoD`: from pageable memory it returns once the data is staged, before the DMA
    /// has landed, so a kernel on a non-blocking stream (every grosr stream) may run before the copy
    /// and have its results overwritten (Exp B+ caught 115,808 such elements after a fill). An
    /// async copy on the allocation stream followed by a sync of that stream is complete.
    pub(crate) fn htod_complete<U>(&self, dst: u64, data: &[U]) -> Result<()> {
        self.bind()?;
        let stream = &self.inner.alloc_stream;
        // SAFETY: the caller guarantees [dst, dst + size_of_val(data)) is device memory it owns;
        // `data` outlives the copy, which is complete when the synchronize below returns.
        unsafe { result::memcpy_htod_async(dst, data, stream.cu_stream()) }
            .map_err(|e| driver_err("cuMemcpyHtoDAsync", e))?;
        stream
            .synchronize()
            .map_err(|e| driver_err("cuStreamSynchronize", e))
    }

    /// Makes this device's context current on the calling thread (every public call does this).
    pub(crate) fn bind(&self) -> Result<()> {
        self.inner
            .ctx
            .bind_to_thread()
            .map_err(|e| driver_err("cuCtxSetCurrent", e))
    }

    /// Waits for all work on the device. Turns a device fault into [`Error::DeviceFault`].
    pub fn synchronize(&self) -> Result<()> {
        self.bind()?;
        result::ctx::synchronize().map_err(|e| driver_err("cuCtxSynchronize", e))
    }

    /// Sets the device-side `malloc` heap size (for baselines that use CUDA's device malloc).
    pub fn set_malloc_heap_size(&self, bytes: usize) -> Result<()> {
        self.bind()?;
        result::ctx::set_limit(sys::CUlimit::CU_LIMIT_MALLOC_HEAP_SIZE, bytes)
            .map_err(|e| driver_err("cuCtxSetLimit(MALLOC_HEAP_SIZE)", e))
    }
}

fn query_info(ctx: &Arc<CudaContext>, index: usize) -> Result<DeviceInfo> {
    use sys::CUdevice_attribute as A;
    let attr = |a: A| -> Result<i32> {
        ctx.attribute(a)
            .map_err(|e| driver_err("cuDeviceGetAttribute", e))
    };
    let (free, total) = {
        ctx.bind_to_thread()
            .map_err(|e| driver_err("cuCtxSetCurrent", e))?;
        result::mem_get_info().map_err(|e| driver_err("cuMemGetInfo", e))?
    };
    let nvrtc_version = nvrtc_version().ok().map(|(a, b)| format!("{a}.{b}"));
    Ok(DeviceInfo {
        index,
        name: ctx.name().map_err(|e| driver_err("cuDeviceGetName", e))?,
        compute_capability: ctx
            .compute_capability()
            .map_err(|e| driver_err("cuDeviceGetAttribute", e))?,
        sm_count: attr(A::CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT)? as u32,
        total_memory: total,
        free_memory: free,
        sm_clock_mhz: (attr(A::CU_DEVICE_ATTRIBUTE_CLOCK_RATE)? / 1000) as u32,
        memory_clock_mhz: (attr(A::CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE)? / 1000) as u32,
        memory_bus_bits: attr(A::CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH)? as u32,
        l2_bytes: attr(A::CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE)? as u32,
        max_threads_per_sm: attr(A::CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_MULTIPROCESSOR)? as u32,
        shared_memory_per_sm: attr(A::CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR)?
            as u32,
        cooperative_launch: attr(A::CU_DEVICE_ATTRIBUTE_COOPERATIVE_LAUNCH)? != 0,
        pci_bus: attr(A::CU_DEVICE_ATTRIBUTE_PCI_BUS_ID)? as u32,
        driver_cuda_version: driver_cuda_version()?,
        nvrtc_version,
    })
}

/// Driver errors that mean the context is poisoned by a fault in device code.
fn is_device_fault(code: sys::CUresult) -> bool {
    use sys::CUresult as R;
    matches!(
        code,
        R::CUDA_ERROR_ILLEGAL_ADDRESS
            | R::CUDA_ERROR_LAUNCH_FAILED
            | R::CUDA_ERROR_ILLEGAL_INSTRUCTION
            | R::CUDA_ERROR_MISALIGNED_ADDRESS
            | R::CUDA_ERROR_INVALID_ADDRESS_SPACE
            | R::CUDA_ERROR_INVALID_PC
            | R::CUDA_ERROR_HARDWARE_STACK_ERROR
            | R::CUDA_ERROR_ASSERT
            | R::CUDA_ERROR_LAUNCH_TIMEOUT
            | R::CUDA_ERROR_ECC_UNCORRECTABLE
    )
}

/// Turns a driver error into ours: faults become [`Error::DeviceFault`], the rest [`Error::Driver`].
pub(crate) fn driver_err(op: &'static str, e: DriverError) -> Error {
    let code = e
        .error_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|_| format!("{:?}", e.0));
    if is_device_fault(e.0) {
        let what = e
            .error_string()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Error::DeviceFault(format!("{code} ({what}) seen by {op}"))
    } else {
        Error::Driver { op, code }
    }
}
