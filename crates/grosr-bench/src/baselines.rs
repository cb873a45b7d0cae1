//! Fair baselines of experiments A, B and B+ through the raw driver launch (`cuLaunchKernel` via
//! [`Kernel::launch`], no event bookkeeping) on a non-blocking stream, and the GPU-side validator.
//!
//! Each baseline is the best variant of its kind: one-thread kernels for per-task launches, a
//! 256-thread grid for the bulk kernel, CUDA graphs captured once and replayed.

use crate::record::Result;
use grosr::device::{
    CompileOptions, Device, DeviceBuffer, GraphExec, Kernel, KernelArgs, LaunchConfig, Module,
    Stream,
};
use std::time::{Duration, Instant};

/// The CUDA program of the baselines and validators.
pub const PROGRAM: (&str, &str) = ("exp_ab.cu", include_str!("../kernels/exp_ab.cu"));

/// Threads per block of grid-level kernels.
const GRID_BLOCK: u32 = 256;

/// The baseline kernels, loaded on one device, with the stream they launch on.
pub struct RawKernels {
    /// The device.
    pub device: Device,
    /// A non-blocking stream (never the legacy NULL stream).
    pub stream: Stream,
    /// `ab_stage1_one(data, i)`: `data[i] = 2*i`.
    pub stage1: Kernel,
    /// `ab_stage2_one(data, i)`: `data[i] += 1`.
    pub stage2: Kernel,
    /// `ab_single_one(data, i)`: `data[i] = 2*i + 1`.
    pub single: Kernel,
    /// `ab_write_one(results, i)`: `results[i] = 2*i`.
    pub write_one: Kernel,
    /// `ab_write_all(results, n)`.
    pub write_all: Kernel,
    check: Kernel,
    counters: DeviceBuffer<u64>,
    _module: Module,
}

/// What the GPU-side validator found (`Mismatch::default()`: nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mismatch {
    /// Elements that did not match.
    pub count: u64,
    /// The first one, if any.
    pub first: Option<u64>,
}

impl Mismatch {
    /// No mismatch.
    pub fn ok(&self) -> bool {
        self.count == 0
    }

    /// One line for an error message.
    pub fn describe(&self, expected: &str) -> String {
        match self.first {
            Some(i) => format!(
                "{} element(s) differ from {expected}, the first at index {i}",
                self.count
            ),
            None => "all elements match".into(),
        }
    }

    /// Merges two validations of the same row.
    pub fn merge(self, other: Mismatch) -> Mismatch {
        Mismatch {
            count: self.count + other.count,
            first: match (self.first, other.first) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

impl RawKernels {
    /// Compiles (or loads from the disk cache) the baseline program and opens a stream.
    pub fn load(device_index: usize) -> Result<Self> {
        let device = Device::open(device_index)?;
        let compiled = grosr::kernels::compiler().compile(
            PROGRAM.0,
            PROGRAM.1,
            &CompileOptions::new(device.arch()),
        )?;
        let module = Module::load(&device, &compiled.cubin)?;
        Ok(Self {
            stream: Stream::new(&device)?,
            stage1: module.kernel("ab_stage1_one")?,
            stage2: module.kernel("ab_stage2_one")?,
            single: module.kernel("ab_single_one")?,
            write_one: module.kernel("ab_write_one")?,
            write_all: module.kernel("ab_write_all")?,
            check: module.kernel("ab_check_affine")?,
            counters: DeviceBuffer::zeroed(&device, 2)?,
            _module: module,
            device,
        })
    }

    /// Counts on the GPU the i < n with `out[i] != mul*i + add` (outside any timed region).
    pub fn check_affine(
        &self,
        out: &DeviceBuffer<u32>,
        n: u32,
        mul: u32,
        add: u32,
    ) -> Result<Mismatch> {
        self.counters.copy_from_host(&[0, u64::MAX])?;
        let args = KernelArgs::new()
            .ptr(out.device_ptr())
            .u32(n)
            .u32(mul)
            .u32(add)
            .ptr(self.counters.device_ptr());
        self.check.launch(
            &self.stream,
            LaunchConfig::for_elements(n as u64, GRID_BLOCK),
            &args,
        )?;
        self.stream.synchronize()?;
        let c = self.counters.to_vec()?;
        Ok(Mismatch {
            count: c[0],
            first: (c[0] > 0).then_some(c[1]),
        })
    }

    /// Sync: one launch of `k(buf, i)` and a stream sync per task, for i in 0..n.
    pub fn launch_sync_each(
        &self,
        k: &Kernel,
        buf: &DeviceBuffer<u32>,
        n: u32,
    ) -> Result<Duration> {
        let mut args = KernelArgs::new().ptr(buf.device_ptr()).u32(0);
        let t0 = Instant::now();
        for i in 0..n {
            args.set_u32(1, i);
            k.launch(&self.stream, one_thread(), &args)?;
            self.stream.synchronize()?;
        }
        Ok(t0.elapsed())
    }

    /// Batched: one launch per task, a single sync at the end.
    pub fn launch_batched(&self, k: &Kernel, buf: &DeviceBuffer<u32>, n: u32) -> Result<Duration> {
        let mut args = KernelArgs::new().ptr(buf.device_ptr()).u32(0);
        let t0 = Instant::now();
        for i in 0..n {
            args.set_u32(1, i);
            k.launch(&self.stream, one_thread(), &args)?;
        }
        self.stream.synchronize()?;
        Ok(t0.elapsed())
    }

    /// Bulk: one kernel over all n tasks, then a sync.
    pub fn bulk(&self, buf: &DeviceBuffer<u32>, n: u32) -> Result<Duration> {
        let args = KernelArgs::new().ptr(buf.device_ptr()).u32(n);
        let t0 = Instant::now();
        self.write_all.launch(
            &self.stream,
            LaunchConfig::for_elements(n as u64, GRID_BLOCK),
            &args,
        )?;
        self.stream.synchronize()?;
        Ok(t0.elapsed())
    }

    /// Captures `launches` (each a kernel and its index argument) into a CUDA graph and instantiates
    /// it. Returns the executable graph, the capture time and the instantiation time.
    pub fn build_graph<'k>(
        &self,
        buf: &DeviceBuffer<u32>,
        launches: impl IntoIterator<Item = (&'k Kernel, u32)>,
    ) -> Result<(GraphExec, Duration, Duration)> {
        let t0 = Instant::now();
        self.stream.begin_capture()?;
        let mut captured = Ok(());
        for (k, i) in launches {
            let args = KernelArgs::new().ptr(buf.device_ptr()).u32(i);
            captured = k.launch(&self.stream, one_thread(), &args);
            if captured.is_err() {
                break;
            }
        }
        // Always end the capture, so that the stream is usable again whatever happened.
        let graph = self.stream.end_capture();
        captured?;
        let graph = graph?;
        let capture = t0.elapsed();
        let t1 = Instant::now();
        let exec = graph.instantiate()?;
        Ok((exec, capture, t1.elapsed()))
    }

    /// Replays an instantiated graph once and waits for it.
    pub fn replay(&self, exec: &GraphExec) -> Result<Duration> {
        let t0 = Instant::now();
        exec.launch(&self.stream)?;
        self.stream.synchronize()?;
        Ok(t0.elapsed())
    }
}

fn one_thread() -> LaunchConfig {
    LaunchConfig::linear(1, 1)
}

/// The floor of any host-submitted task's round trip: a one-word exchange host → running one-thread
/// kernel → host through mapped pinned memory (the `grosr doctor` ping kernel). Returns one sample
/// in microseconds per exchange, after `warmup` unrecorded ones.
pub fn pinned_ping(device: &Device, warmup: usize, samples: usize) -> Result<Vec<f64>> {
    let module = doctor_module(device)?;
    Ok(grosr::probe::ping_samples(
        device, &module, warmup, samples,
    )?)
}

/// [`pinned_ping`] with several responder warps polling staggered (`grosr::probe::PingShape`).
pub fn pinned_ping_shape(
    device: &Device,
    shape: grosr::probe::PingShape,
    warmup: usize,
    samples: usize,
) -> Result<Vec<f64>> {
    let module = doctor_module(device)?;
    Ok(grosr::probe::ping_samples_shape(
        device, &module, shape, warmup, samples,
    )?)
}

fn doctor_module(device: &Device) -> Result<Module> {
    let doctor = grosr::kernels::DOCTOR;
    let compiled = grosr::kernels::compiler().compile(
        doctor.name,
        doctor.source,
        &CompileOptions::new(device.arch()),
    )?;
    Ok(Module::load(device, &compiled.cubin)?)
}
