//! Device buffers, pinned host buffers, and pinned buffers mapped into the device's address space.

use super::{driver_err, Device};
use crate::error::{Error, Result};
use bytemuck::Pod;
use cudarc::driver::{result, sys};
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU32, AtomicU64};

/// `len` elements of `T` in device memory (stream-ordered `cuMemAllocAsync` from the device's default
/// pool, never managed memory). Freed on drop without waiting for running kernels: drop a buffer a
/// kernel still uses only after that kernel stopped.
pub struct DeviceBuffer<T: Pod> {
    ptr: sys::CUdeviceptr,
    len: usize,
    device: Device,
    _t: PhantomData<T>,
}

impl<T: Pod> std::fmt::Debug for DeviceBuffer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DeviceBuffer<{}>[{}] @ {:#x}",
            std::any::type_name::<T>(),
            self.len,
            self.ptr
        )
    }
}

impl<T: Pod> DeviceBuffer<T> {
    /// Allocates `len` zeroed elements.
    pub fn zeroed(device: &Device, len: usize) -> Result<Self> {
        let buf = Self::uninit(device, len)?;
        buf.fill_bytes(0)?;
        Ok(buf)
    }

    /// Allocates `len` elements and copies `data` in.
    pub fn from_slice(device: &Device, data: &[T]) -> Result<Self> {
        let buf = Self::uninit(device, data.len())?;
        buf.copy_from_host(data)?;
        Ok(buf)
    }

    fn uninit(device: &Device, len: usize) -> Result<Self> {
        device.bind()?;
        let bytes = len.checked_mul(std::mem::size_of::<T>()).ok_or_else(|| {
            Error::invalid("buffer length", format!("{len} elements overflow usize"))
        })?;
        // Zero-sized requests still get a real (1-byte) allocation so that the pointer is valid.
        let stream = device.inner.alloc_stream.cu_stream();
        // Stream-ordered allocation (then a sync of that stream, so every stream may use it at once):
        // its free in Drop is stream-ordered too and does not wait for kernels on other streams,
        // whereas cuMemFree waits for the whole device, i.e. forever under a persistent kernel.
        // SAFETY: plain allocation on a live stream of this context; freed exactly once in Drop.
        let ptr = unsafe { result::malloc_async(stream, bytes.max(1)) }
            .and_then(|p| {
                device.inner.alloc_stream.synchronize()?;
                Ok(p)
            })
            .map_err(|e| {
                if e.0 == sys::CUresult::CUDA_ERROR_OUT_OF_MEMORY {
                    let free = result::mem_get_info().map(|(f, _)| f).unwrap_or(0);
                    Error::OutOfMemory {
                        requested: bytes,
                        free,
                    }
                } else {
                    driver_err("cuMemAlloc", e)
                }
            })?;
        Ok(Self {
            ptr,
            len,
            device: device.clone(),
            _t: PhantomData,
        })
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the buffer holds no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Size in bytes.
    pub fn num_bytes(&self) -> usize {
        self.len * std::mem::size_of::<T>()
    }

    /// The device address, to pass to kernels.
    pub fn device_ptr(&self) -> u64 {
        self.ptr
    }

    /// The device this buffer lives on.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Sets every byte to `value` (synchronous). Done with host-to-device copies (copy engines),
    /// not `cuMemset`, which runs a kernel: that kernel could never start while a persistent kernel
    /// such as the runtime's scheduler fills every SM.
    pub fn fill_bytes(&self, value: u8) -> Result<()> {
        self.device.bind()?;
        const CHUNK: usize = 16 << 20;
        let total = self.num_bytes();
        let pattern = vec![value; CHUNK.min(total)];
        let mut done = 0;
        while done < total {
            let n = CHUNK.min(total - done);
            self.htod(done, &pattern[..n])?;
            done += n;
        }
        Ok(())
    }

    /// Copies `data` to byte offset `at` (the caller keeps it inside the allocation).
    fn htod<U>(&self, at: usize, data: &[U]) -> Result<()> {
        debug_assert!(at + std::mem::size_of_val(data) <= self.num_bytes());
        self.device.htod_complete(self.ptr + at as u64, data)
    }

    /// Copies `data` to the start of the buffer (synchronous).
    pub fn copy_from_host(&self, data: &[T]) -> Result<()> {
        self.check_len(data.len())?;
        self.device.bind()?;
        // `data` fits in the allocation (checked above).
        self.htod(0, data)
    }

    /// Copies the start of the buffer into `out` (synchronous).
    pub fn copy_to_host(&self, out: &mut [T]) -> Result<()> {
        self.check_len(out.len())?;
        self.device.bind()?;
        // SAFETY: `out` is no longer than the allocation (checked above); the copy completes before return.
        unsafe { result::memcpy_dtoh_sync(out, self.ptr) }
            .map_err(|e| driver_err("cuMemcpyDtoH", e))
    }

    /// Copies the whole buffer to a new vector.
    pub fn to_vec(&self) -> Result<Vec<T>> {
        let mut v = vec![T::zeroed(); self.len];
        self.copy_to_host(&mut v)?;
        Ok(v)
    }

    fn check_len(&self, n: usize) -> Result<()> {
        if n > self.len {
            return Err(Error::invalid(
                "copy",
                format!("{n} elements into a buffer of {}", self.len),
            ));
        }
        Ok(())
    }
}

impl<T: Pod> Drop for DeviceBuffer<T> {
    fn drop(&mut self) {
        if self.device.bind().is_ok() {
            // SAFETY: `ptr` came from cuMemAllocAsync and is freed only here, stream-ordered on the
            // same stream. After a device fault the free may fail; the memory goes with the context.
            let _ =
                unsafe { result::free_async(self.ptr, self.device.inner.alloc_stream.cu_stream()) };
        }
    }
}

/// Page-locked host memory that the device can reach through the mapped address space, shared with
/// running kernels. Because the GPU may write it at any time, the host sees it only as atomic words.
///
/// Freeing page-locked memory waits until the whole device is idle (CUDA's rule for
/// `cuMemFreeHost`): drop a mapped buffer after any persistent kernel (a `Runtime`) has stopped.
pub struct MappedBuffer {
    host: *mut u64,
    words: usize,
    dev_ptr: sys::CUdeviceptr,
    device: Device,
}

// SAFETY: the buffer is plain page-locked memory accessed only through atomics; the raw pointer is
// owned by this value and freed once in Drop.
unsafe impl Send for MappedBuffer {}
// SAFETY: as above; all shared access goes through `&[AtomicU64]`/`&[AtomicU32]`.
unsafe impl Sync for MappedBuffer {}

impl MappedBuffer {
    /// Allocates `bytes` (rounded up to 8) of zeroed, mapped, portable pinned memory. With
    /// `write_combined` the host's writes bypass its caches (good for host→device rings that the host
    /// only writes; slow for anything the host reads).
    pub fn new(device: &Device, bytes: usize, write_combined: bool) -> Result<Self> {
        device.bind()?;
        let words = bytes.div_ceil(8).max(1);
        let mut flags = sys::CU_MEMHOSTALLOC_DEVICEMAP | sys::CU_MEMHOSTALLOC_PORTABLE;
        if write_combined {
            flags |= sys::CU_MEMHOSTALLOC_WRITECOMBINED;
        }
        // SAFETY: plain page-locked allocation, freed once in Drop.
        let host = unsafe { result::malloc_host(words * 8, flags) }
            .map_err(|e| driver_err("cuMemHostAlloc", e))? as *mut u64;
        // SAFETY: `host` points to `words` u64s we own exclusively until the device pointer is handed out.
        unsafe { std::ptr::write_bytes(host, 0, words) };
        let mut dev_ptr: sys::CUdeviceptr = 0;
        // SAFETY: `host` is a mapped allocation from cuMemHostAlloc(DEVICEMAP); `dev_ptr` is a valid out-pointer.
        let r = unsafe { sys::cuMemHostGetDevicePointer_v2(&mut dev_ptr, host.cast(), 0) }.result();
        if let Err(e) = r {
            // SAFETY: freeing the allocation made above, once, on the error path.
            let _ = unsafe { result::free_host(host.cast()) };
            return Err(driver_err("cuMemHostGetDevicePointer", e));
        }
        Ok(Self {
            host,
            words,
            dev_ptr,
            device: device.clone(),
        })
    }

    /// The address kernels use.
    pub fn device_ptr(&self) -> u64 {
        self.dev_ptr
    }

    /// Size in bytes.
    pub fn num_bytes(&self) -> usize {
        self.words * 8
    }

    /// The buffer as 64-bit atomic words.
    pub fn words64(&self) -> &[AtomicU64] {
        // SAFETY: the allocation is `words` u64s, 8-byte aligned (page aligned), alive as long as `self`;
        // AtomicU64 has the layout of u64, and all host access goes through atomics.
        unsafe { std::slice::from_raw_parts(self.host as *const AtomicU64, self.words) }
    }

    /// The buffer as 32-bit atomic words.
    pub fn words32(&self) -> &[AtomicU32] {
        // SAFETY: as in `words64`, viewed as twice as many u32s.
        unsafe { std::slice::from_raw_parts(self.host as *const AtomicU32, self.words * 2) }
    }
}

impl Drop for MappedBuffer {
    fn drop(&mut self) {
        let _ = self.device.bind();
        // SAFETY: `host` came from cuMemHostAlloc and is freed only here.
        let _ = unsafe { result::free_host(self.host.cast()) };
    }
}

/// Page-locked host memory, not mapped: a fast staging area for copies.
pub struct PinnedBuffer<T: Pod> {
    host: *mut T,
    len: usize,
    device: Device,
}

// SAFETY: owned page-locked memory, accessed through `&`/`&mut` borrows of self only.
unsafe impl<T: Pod + Send> Send for PinnedBuffer<T> {}
// SAFETY: as above.
unsafe impl<T: Pod + Sync> Sync for PinnedBuffer<T> {}

impl<T: Pod> PinnedBuffer<T> {
    /// Allocates `len` zeroed elements.
    pub fn zeroed(device: &Device, len: usize) -> Result<Self> {
        device.bind()?;
        let bytes = (len * std::mem::size_of::<T>()).max(1);
        // SAFETY: plain page-locked allocation, freed once in Drop.
        let host = unsafe { result::malloc_host(bytes, sys::CU_MEMHOSTALLOC_PORTABLE) }
            .map_err(|e| driver_err("cuMemHostAlloc", e))? as *mut T;
        // SAFETY: `host` points to `bytes` bytes we own exclusively.
        unsafe { std::ptr::write_bytes(host.cast::<u8>(), 0, bytes) };
        Ok(Self {
            host,
            len,
            device: device.clone(),
        })
    }

    /// The contents.
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: `len` initialised (zeroed, Pod) elements owned by self.
        unsafe { std::slice::from_raw_parts(self.host, self.len) }
    }

    /// The contents, mutable.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as above, with exclusive access through `&mut self`.
        unsafe { std::slice::from_raw_parts_mut(self.host, self.len) }
    }
}

impl<T: Pod> Drop for PinnedBuffer<T> {
    fn drop(&mut self) {
        let _ = self.device.bind();
        // SAFETY: `host` came from cuMemHostAlloc and is freed only here.
        let _ = unsafe { result::free_host(self.host.cast()) };
    }
}
