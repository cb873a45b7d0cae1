//! Non-blocking streams and events.

use super::{driver_err, Device};
use crate::error::Result;
use cudarc::driver::{result, sys};

/// A non-blocking CUDA stream: it never synchronises with the legacy NULL stream, so a persistent
/// kernel on one stream does not block copies or launches on others.
pub struct Stream {
    raw: sys::CUstream,
    device: Device,
}

// SAFETY: a CUstream handle may be used from any thread once the owning context is current; every
// method binds the context first.
unsafe impl Send for Stream {}
// SAFETY: as above; the driver serialises operations on one stream.
unsafe impl Sync for Stream {}

impl Stream {
    /// Creates a non-blocking stream on `device`.
    pub fn new(device: &Device) -> Result<Self> {
        device.bind()?;
        let raw = result::stream::create(result::stream::StreamKind::NonBlocking)
            .map_err(|e| driver_err("cuStreamCreate", e))?;
        Ok(Self {
            raw,
            device: device.clone(),
        })
    }

    /// The raw handle (for launches inside the device layer).
    pub(crate) fn raw(&self) -> sys::CUstream {
        self.raw
    }

    /// The device of this stream.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// Waits for all work queued on the stream.
    pub fn synchronize(&self) -> Result<()> {
        self.device.bind()?;
        // SAFETY: `raw` is a live stream of this context.
        unsafe { result::stream::synchronize(self.raw) }
            .map_err(|e| driver_err("cuStreamSynchronize", e))
    }

    /// `Ok(true)` when all queued work has finished, `Ok(false)` while some runs; a device fault
    /// comes back as [`crate::Error::DeviceFault`]. Never blocks.
    pub fn is_idle(&self) -> Result<bool> {
        self.device.bind()?;
        // SAFETY: `raw` is a live stream of this context.
        match unsafe { sys::cuStreamQuery(self.raw) } {
            sys::CUresult::CUDA_SUCCESS => Ok(true),
            sys::CUresult::CUDA_ERROR_NOT_READY => Ok(false),
            code => Err(driver_err(
                "cuStreamQuery",
                cudarc::driver::DriverError(code),
            )),
        }
    }

    /// Begins capturing the work queued on this stream into a graph (see [`Stream::end_capture`]).
    pub fn begin_capture(&self) -> Result<()> {
        self.device.bind()?;
        // SAFETY: `raw` is a live stream; thread-local capture mode keeps other threads unaffected.
        unsafe {
            result::stream::begin_capture(
                self.raw,
                sys::CUstreamCaptureMode::CU_STREAM_CAPTURE_MODE_THREAD_LOCAL,
            )
        }
        .map_err(|e| driver_err("cuStreamBeginCapture", e))
    }

    /// Ends a capture started by [`Stream::begin_capture`] and returns the captured graph.
    pub fn end_capture(&self) -> Result<super::Graph> {
        self.device.bind()?;
        // SAFETY: `raw` is a live stream in capture mode.
        let g = unsafe { result::stream::end_capture(self.raw) }
            .map_err(|e| driver_err("cuStreamEndCapture", e))?;
        Ok(super::Graph::from_raw(g, &self.device))
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.device.bind().is_ok() {
            // SAFETY: `raw` was created in `new` and is destroyed only here; the driver lets queued work finish.
            let _ = unsafe { result::stream::destroy(self.raw) };
        }
    }
}

/// A CUDA event, for timing device work and for waiting on a point in a stream.
pub struct Event {
    raw: sys::CUevent,
    device: Device,
}

// SAFETY: event handles are usable from any thread with the context bound; each method binds it.
unsafe impl Send for Event {}
// SAFETY: as above.
unsafe impl Sync for Event {}

impl Event {
    /// Creates an event that records timestamps.
    pub fn new(device: &Device) -> Result<Self> {
        device.bind()?;
        let raw = result::event::create(sys::CUevent_flags::CU_EVENT_DEFAULT)
            .map_err(|e| driver_err("cuEventCreate", e))?;
        Ok(Self {
            raw,
            device: device.clone(),
        })
    }

    /// Records the event at the current end of `stream`.
    pub fn record(&self, stream: &Stream) -> Result<()> {
        self.device.bind()?;
        // SAFETY: both handles are live and belong to this context.
        unsafe { result::event::record(self.raw, stream.raw()) }
            .map_err(|e| driver_err("cuEventRecord", e))
    }

    /// Waits until the event has happened.
    pub fn synchronize(&self) -> Result<()> {
        self.device.bind()?;
        // SAFETY: `raw` is a live event.
        unsafe { result::event::synchronize(self.raw) }
            .map_err(|e| driver_err("cuEventSynchronize", e))
    }

    /// Milliseconds from `self` to `end` (both recorded and completed).
    pub fn elapsed_ms(&self, end: &Event) -> Result<f32> {
        self.device.bind()?;
        // SAFETY: both events are live and were recorded.
        unsafe { result::event::elapsed(self.raw, end.raw) }
            .map_err(|e| driver_err("cuEventElapsedTime", e))
    }
}

impl Drop for Event {
    fn drop(&mut self) {
        if self.device.bind().is_ok() {
            // SAFETY: `raw` was created in `new` and is destroyed only here.
            let _ = unsafe { result::event::destroy(self.raw) };
        }
    }
}
