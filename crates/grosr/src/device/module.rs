//! Loaded modules and their kernels, with launches checked against each kernel's parameter list.

use super::{driver_err, Device, Stream};
use crate::error::{Error, Result};
use cudarc::driver::{result, sys};
use std::ffi::{c_void, CString};
use std::sync::Arc;

/// A loaded CUDA module (a CUBIN produced by [`super::Compiler`]).
#[derive(Clone)]
pub struct Module {
    inner: Arc<ModuleInner>,
}

struct ModuleInner {
    raw: sys::CUmodule,
    device: Device,
}

// SAFETY: module handles are context-wide and usable from any thread with the context bound.
unsafe impl Send for ModuleInner {}
// SAFETY: as above; the module is immutable once loaded.
unsafe impl Sync for ModuleInner {}

impl Module {
    /// Loads a CUBIN image.
    pub fn load(device: &Device, cubin: &[u8]) -> Result<Self> {
        device.bind()?;
        let mut raw: sys::CUmodule = std::ptr::null_mut();
        // SAFETY: `cubin` is a complete ELF image that outlives the call (the driver copies it).
        unsafe { sys::cuModuleLoadData(&mut raw, cubin.as_ptr().cast()) }
            .result()
            .map_err(|e| driver_err("cuModuleLoadData", e))?;
        Ok(Self {
            inner: Arc::new(ModuleInner {
                raw,
                device: device.clone(),
            }),
        })
    }

    /// Looks up a `extern "C" __global__` function by name.
    pub fn kernel(&self, name: &str) -> Result<Kernel> {
        self.inner.device.bind()?;
        let cname = CString::new(name).map_err(|_| Error::invalid("kernel name", name))?;
        // SAFETY: `raw` is a live module; `cname` is NUL-terminated.
        let func = unsafe { result::module::get_function(self.inner.raw, cname) }
            .map_err(|e| driver_err("cuModuleGetFunction", e))?;
        let params = param_sizes(func)?;
        Ok(Kernel {
            func,
            params,
            name: name.to_string(),
            module: self.clone(),
        })
    }

    /// The device address and size of a `__device__` global variable.
    pub fn global(&self, name: &str) -> Result<(u64, usize)> {
        self.inner.device.bind()?;
        let cname = CString::new(name).map_err(|_| Error::invalid("global name", name))?;
        let (mut ptr, mut bytes) = (0u64, 0usize);
        // SAFETY: `raw` is a live module; out-pointers are valid.
        unsafe { sys::cuModuleGetGlobal_v2(&mut ptr, &mut bytes, self.inner.raw, cname.as_ptr()) }
            .result()
            .map_err(|e| driver_err("cuModuleGetGlobal", e))?;
        Ok((ptr, bytes))
    }
}

impl Module {
    /// Copies `bytes` into the `__device__` global `name` (its size must match). Synchronous; safe
    /// while a kernel of this module runs on a non-blocking stream (the copy does not wait for it).
    pub fn write_global(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let (ptr, size) = self.global(name)?;
        if size != bytes.len() {
            return Err(Error::invalid(
                "global",
                format!("{name} is {size} bytes, got {}", bytes.len()),
            ));
        }
        // [ptr, ptr + size) is the global's storage in this module (size checked above); the copy
        // has landed when this returns, so a running kernel reads the new value from then on.
        self.inner.device.htod_complete(ptr, bytes)
    }
}

impl Drop for ModuleInner {
    fn drop(&mut self) {
        if self.device.bind().is_ok() {
            // SAFETY: `raw` is owned here and unloaded once, after every Kernel clone of it is gone.
            let _ = unsafe { result::module::unload(self.raw) };
        }
    }
}

fn param_sizes(func: sys::CUfunction) -> Result<Vec<usize>> {
    let mut sizes = Vec::new();
    loop {
        let (mut offset, mut size) = (0usize, 0usize);
        // SAFETY: `func` is a live function; out-pointers are valid. Past the last parameter the call
        // returns CUDA_ERROR_INVALID_VALUE, which ends the loop (cuFuncGetParamCount is not in the
        // CUDA 13.0 API; compute-sanitizer lists this one expected error unless run with
        // `--report-api-errors no`).
        let r = unsafe { sys::cuFuncGetParamInfo(func, sizes.len(), &mut offset, &mut size) };
        if r != sys::CUresult::CUDA_SUCCESS {
            return Ok(sizes);
        }
        sizes.push(size);
    }
}

/// Grid, block and dynamic shared memory of a launch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaunchConfig {
    /// Blocks in the grid.
    pub grid: Dim3,
    /// Threads in a block.
    pub block: Dim3,
    /// Dynamic shared memory per block, in bytes.
    pub shared_bytes: u32,
}

/// A 3-D extent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dim3(pub u32, pub u32, pub u32);

impl LaunchConfig {
    /// A 1-D launch.
    pub fn linear(blocks: u32, threads: u32) -> Self {
        Self {
            grid: Dim3(blocks, 1, 1),
            block: Dim3(threads, 1, 1),
            shared_bytes: 0,
        }
    }

    /// A 1-D launch covering `n` threads in blocks of `threads`.
    pub fn for_elements(n: u64, threads: u32) -> Self {
        Self::linear(n.div_ceil(threads as u64).max(1) as u32, threads)
    }
}

/// Kernel arguments, each a scalar or a device address, built once and reused across launches.
#[derive(Debug, Clone, Default)]
pub struct KernelArgs {
    values: Vec<u64>,
    sizes: Vec<usize>,
}

impl KernelArgs {
    /// No arguments yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A device address (a buffer's `device_ptr()`).
    pub fn ptr(mut self, p: u64) -> Self {
        self.values.push(p);
        self.sizes.push(8);
        self
    }

    /// A 64-bit integer.
    pub fn u64(self, v: u64) -> Self {
        self.ptr(v)
    }

    /// A 32-bit integer.
    pub fn u32(mut self, v: u32) -> Self {
        self.values.push(v as u64);
        self.sizes.push(4);
        self
    }

    /// A 32-bit float.
    pub fn f32(self, v: f32) -> Self {
        self.u32(v.to_bits())
    }

    pub(crate) fn values(&self) -> &[u64] {
        &self.values
    }

    /// Replaces argument `i` (same size) for the next launch.
    pub fn set_u64(&mut self, i: usize, v: u64) {
        if let Some(slot) = self.values.get_mut(i) {
            *slot = v;
        }
    }

    /// Replaces 32-bit argument `i` for the next launch.
    pub fn set_u32(&mut self, i: usize, v: u32) {
        if let Some(slot) = self.values.get_mut(i) {
            *slot = v as u64;
        }
    }
}

/// Most parameters a grosr kernel takes; launches with more are refused.
const MAX_PARAMS: usize = 24;

/// A `__global__` function of a loaded [`Module`].
///
/// Launches are checked against the parameter count and sizes that the driver reports for the
/// function, so a mismatched argument list is an error instead of undefined behaviour. What a
/// correctly sized argument points to is the kernel author's contract: grosr's kernels are its own.
#[derive(Clone)]
pub struct Kernel {
    func: sys::CUfunction,
    params: Vec<usize>,
    name: String,
    module: Module,
}

// SAFETY: function handles are context-wide; every launch binds the context.
unsafe impl Send for Kernel {}
// SAFETY: as above.
unsafe impl Sync for Kernel {}

impl Kernel {
    /// The function's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The device of the kernel's module.
    pub fn device(&self) -> &Device {
        &self.module.inner.device
    }

    pub(crate) fn raw_function(&self) -> sys::CUfunction {
        self.func
    }

    pub(crate) fn check_args(&self, args: &KernelArgs) -> Result<()> {
        if args.sizes != self.params || args.sizes.len() > MAX_PARAMS {
            return Err(Error::invalid(
                "kernel arguments",
                format!(
                    "{} takes parameters of sizes {:?}, got {:?}",
                    self.name, self.params, args.sizes
                ),
            ));
        }
        Ok(())
    }

    /// Queues a launch on `stream`. Uses the raw driver call (no event bookkeeping), so it costs what
    /// `cuLaunchKernel` costs.
    pub fn launch(&self, stream: &Stream, cfg: LaunchConfig, args: &KernelArgs) -> Result<()> {
        self.launch_inner(stream, cfg, args, false)
    }

    /// Queues a cooperative launch (all blocks co-resident; grid-wide sync allowed).
    pub fn launch_cooperative(
        &self,
        stream: &Stream,
        cfg: LaunchConfig,
        args: &KernelArgs,
    ) -> Result<()> {
        self.launch_inner(stream, cfg, args, true)
    }

    fn launch_inner(
        &self,
        stream: &Stream,
        cfg: LaunchConfig,
        args: &KernelArgs,
        coop: bool,
    ) -> Result<()> {
        self.check_args(args)?;
        let mut values = [0u64; MAX_PARAMS];
        values[..args.values.len()].copy_from_slice(&args.values);
        let mut ptrs = [std::ptr::null_mut::<c_void>(); MAX_PARAMS];
        for (p, v) in ptrs.iter_mut().zip(values.iter_mut()) {
            // Little-endian: a 4-byte parameter reads the low half of its u64 slot.
            *p = (v as *mut u64).cast();
        }
        let (g, b) = (cfg.grid, cfg.block);
        // SAFETY: argument count and sizes match the function's parameter list (checked above); every
        // pointer in `ptrs` points into `values`, which outlives the call; the stream is live.
        let r = unsafe {
            if coop {
                sys::cuLaunchCooperativeKernel(
                    self.func,
                    g.0,
                    g.1,
                    g.2,
                    b.0,
                    b.1,
                    b.2,
                    cfg.shared_bytes,
                    stream.raw(),
                    ptrs.as_mut_ptr(),
                )
            } else {
                sys::cuLaunchKernel(
                    self.func,
                    g.0,
                    g.1,
                    g.2,
                    b.0,
                    b.1,
                    b.2,
                    cfg.shared_bytes,
                    stream.raw(),
                    ptrs.as_mut_ptr(),
                    std::ptr::null_mut(),
                )
            }
        };
        r.result().map_err(|e| driver_err("cuLaunchKernel", e))
    }

    /// Lets launches of this function use up to `bytes` of dynamic shared memory (needed above
    /// 48 KiB); fails if the device cannot give a block that much beside its static shared memory.
    pub fn set_max_dynamic_shared_bytes(&self, bytes: u32) -> Result<()> {
        self.module.inner.device.bind()?;
        let v = i32::try_from(bytes)
            .map_err(|_| Error::invalid("dynamic shared bytes", bytes.to_string()))?;
        // SAFETY: `func` is a live function of the bound context.
        unsafe {
            result::function::set_function_attribute(
                self.func,
                sys::CUfunction_attribute::CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                v,
            )
        }
        .map_err(|e| driver_err("cuFuncSetAttribute", e))
    }

    /// How many blocks of `block_threads` threads fit on one SM at once.
    pub fn max_active_blocks_per_sm(&self, block_threads: u32, shared_bytes: usize) -> Result<u32> {
        self.module.inner.device.bind()?;
        // SAFETY: `func` is a live function of the bound context.
        let n = unsafe {
            result::occupancy::max_active_block_per_multiprocessor(
                self.func,
                block_threads as i32,
                shared_bytes,
            )
        }
        .map_err(|e| driver_err("cuOccupancyMaxActiveBlocksPerMultiprocessor", e))?;
        Ok(n.max(0) as u32)
    }

    /// Registers used per thread (from the compiled code).
    pub fn registers_per_thread(&self) -> Result<u32> {
        // SAFETY: `func` is a live function.
        let n = unsafe {
            result::function::get_function_attribute(
                self.func,
                sys::CUfunction_attribute::CU_FUNC_ATTRIBUTE_NUM_REGS,
            )
        }
        .map_err(|e| driver_err("cuFuncGetAttribute", e))?;
        Ok(n.max(0) as u32)
    }
}
