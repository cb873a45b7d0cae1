//! Health probes behind `grosr doctor`: compile and launch a kernel, time the compile cache, and
//! measure the host ↔ running-kernel round trip through mapped pinned memory.

use crate::device::{
    CompileOptions, Device, DeviceBuffer, KernelArgs, LaunchConfig, MappedBuffer, Module, Stream,
};
use crate::error::{Error, Result};
use crate::kernels;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Compile timings: a compile with an empty cache, then the same program from the cache.
#[derive(Debug, Clone, Serialize)]
pub struct CompileProbe {
    /// Milliseconds for the first (cold) NVRTC compile.
    pub first_compile_ms: f64,
    /// Milliseconds to get the same CUBIN from the disk cache.
    pub cached_load_ms: f64,
    /// Whether the second request was a cache hit.
    pub cache_hit: bool,
}

/// Compiles the probe program into a fresh cache folder twice and loads it.
pub fn compile_probe(device: &Device) -> Result<(Module, CompileProbe)> {
    let dir =
        std::env::temp_dir().join(format!("grosr-doctor-{}-{}", std::process::id(), unique()));
    let compiler = kernels::compiler().with_cache(Some(dir.clone()));
    let opts = CompileOptions::new(device.arch());
    let first = compiler.compile(kernels::DOCTOR.name, kernels::DOCTOR.source, &opts)?;
    let second = compiler.compile(kernels::DOCTOR.name, kernels::DOCTOR.source, &opts)?;
    let _ = std::fs::remove_dir_all(&dir);
    let module = Module::load(device, &second.cubin)?;
    Ok((
        module,
        CompileProbe {
            first_compile_ms: first.elapsed.as_secs_f64() * 1e3,
            cached_load_ms: second.elapsed.as_secs_f64() * 1e3,
            cache_hit: second.from_cache && !first.from_cache,
        },
    ))
}

fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// Launches `grosr_probe_fill` over `n` elements and checks every one (`out[i] == 2*i + 1`).
pub fn fill_check(device: &Device, module: &Module, n: u64) -> Result<()> {
    let kernel = module.kernel("grosr_probe_fill")?;
    let stream = Stream::new(device)?;
    let out = DeviceBuffer::<u32>::zeroed(device, n as usize)?;
    kernel.launch(
        &stream,
        LaunchConfig::for_elements(n, 256),
        &KernelArgs::new().ptr(out.device_ptr()).u64(n),
    )?;
    stream.synchronize()?;
    let host = out.to_vec()?;
    match host
        .iter()
        .enumerate()
        .find(|(i, &v)| v != (2 * *i as u64 + 1) as u32)
    {
        None => Ok(()),
        Some((i, v)) => Err(Error::invalid(
            "probe result",
            format!("out[{i}] = {v}, expected {}", 2 * i + 1),
        )),
    }
}

/// Round-trip latency statistics, in microseconds.
#[derive(Debug, Clone, Serialize)]
pub struct LatencyStats {
    /// Samples taken.
    pub samples: usize,
    /// Median.
    pub p50_us: f64,
    /// 90th percentile.
    pub p90_us: f64,
    /// 99th percentile.
    pub p99_us: f64,
    /// Fastest.
    pub min_us: f64,
    /// Slowest.
    pub max_us: f64,
}

impl LatencyStats {
    /// Summarises samples (in any order).
    pub fn from_samples(mut us: Vec<f64>) -> Self {
        us.sort_by(f64::total_cmp);
        let pick = |q: f64| {
            us.get(((us.len() as f64 - 1.0) * q).round() as usize)
                .copied()
                .unwrap_or(f64::NAN)
        };
        Self {
            samples: us.len(),
            p50_us: pick(0.5),
            p90_us: pick(0.9),
            p99_us: pick(0.99),
            min_us: us.first().copied().unwrap_or(f64::NAN),
            max_us: us.last().copied().unwrap_or(f64::NAN),
        }
    }
}

/// Word offsets in the ping mailbox (request and reply on separate 64-byte lines).
const PING_REQ: usize = 0;
const PING_REPLY: usize = 8;
/// How long one exchange may take before the probe gives up.
const PING_DEADLINE: Duration = Duration::from_secs(2);
/// The kernels' watchdog: they exit after this long without a request (the host always stops them).
const PING_IDLE_LIMIT_NS: u64 = 5_000_000_000;

/// Starts the one-thread ping kernel and times `samples` host → kernel → host exchanges.
pub fn ping_latency(device: &Device, module: &Module, samples: usize) -> Result<LatencyStats> {
    ping_samples(device, module, 200, samples).map(LatencyStats::from_samples)
}

/// The raw samples (µs, one per exchange) behind [`ping_latency`], after `warmup` unrecorded
/// exchanges: the floor of any host-submitted task's round trip.
pub fn ping_samples(
    device: &Device,
    module: &Module,
    warmup: usize,
    samples: usize,
) -> Result<Vec<f64>> {
    let kernel = module.kernel("grosr_probe_ping")?;
    let stream = Stream::new(device)?;
    let mailbox = MappedBuffer::new(device, 128, false)?;
    let words = mailbox.words64();
    kernel.launch(
        &stream,
        LaunchConfig::linear(1, 32),
        &KernelArgs::new()
            .ptr(mailbox.device_ptr())
            .u64(PING_IDLE_LIMIT_NS),
    )?;
    let result = ping_loop(
        &[&words[PING_REQ]],
        &words[PING_REPLY],
        false,
        &stream,
        warmup,
        samples,
    );
    stop_ping(&[&words[PING_REQ]], &stream, result)
}

/// How the multi-responder ping polls: `warps` responders, `sectors` 32-byte request sectors (each
/// responder polls sector `warp % sectors`; two share a 64-byte line), warp `w` starting
/// `w * gap_cycles` SM cycles after warp 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PingShape {
    /// Responder warps (1..=32).
    pub warps: u32,
    /// Request sectors the host writes (1..=warps).
    pub sectors: u32,
    /// Stagger between the responders' first polls, in SM cycles.
    pub gap_cycles: u32,
    /// Request sectors in write-combined pinned memory (the host's stores bypass its caches, so the
    /// GPU's reads need no snoop; the host flushes its write-combining buffers after each request).
    pub write_combined: bool,
}

/// Like [`ping_samples`] with several responders reading the host's request staggered in time
/// (`grosr_probe_ping_multi`): how much of a pinned-memory round trip is the wait for the next
/// poll to reach the host.
pub fn ping_samples_shape(
    device: &Device,
    module: &Module,
    shape: PingShape,
    warmup: usize,
    samples: usize,
) -> Result<Vec<f64>> {
    if shape.warps == 0 || shape.warps > 32 || shape.sectors == 0 || shape.sectors > shape.warps {
        return Err(Error::invalid(
            "ping shape",
            format!(
                "1..=32 warps and 1..=warps sectors expected, got {} warps and {} sectors",
                shape.warps, shape.sectors
            ),
        ));
    }
    let kernel = module.kernel("grosr_probe_ping_multi")?;
    let stream = Stream::new(device)?;
    let sectors = shape.sectors as usize;
    let reply_box = MappedBuffer::new(device, 64, false)?;
    let req_box = MappedBuffer::new(
        device,
        32 * sectors.next_multiple_of(2),
        shape.write_combined,
    )?;
    let reply = &reply_box.words64()[0];
    let req: Vec<&AtomicU64> = (0..sectors).map(|k| &req_box.words64()[4 * k]).collect();
    kernel.launch(
        &stream,
        LaunchConfig::linear(1, 32 * shape.warps),
        &KernelArgs::new()
            .ptr(reply_box.device_ptr())
            .ptr(req_box.device_ptr())
            .u64(PING_IDLE_LIMIT_NS)
            .u32(shape.sectors)
            .u32(shape.gap_cycles),
    )?;
    let result = ping_loop(&req, reply, shape.write_combined, &stream, warmup, samples);
    stop_ping(&req, &stream, result)
}

/// Always stops the kernel, then waits for it, whatever the loop returned. Release: the stop word
/// is the last thing the kernel reads.
fn stop_ping(req: &[&AtomicU64], stream: &Stream, result: Result<Vec<f64>>) -> Result<Vec<f64>> {
    for r in req {
        // SeqCst: also drains write-combining buffers.
        r.store(u64::MAX, Ordering::SeqCst);
    }
    let stopped = stream.synchronize();
    let us = result?;
    stopped?;
    Ok(us)
}

/// Writes request `seq` to every word of `req` (then drains the write-combining buffers if `flush`),
/// and waits until the reply word reaches it.
fn ping_loop(
    req: &[&AtomicU64],
    reply: &AtomicU64,
    flush: bool,
    stream: &Stream,
    warmup: usize,
    samples: usize,
) -> Result<Vec<f64>> {
    let mut us = Vec::with_capacity(samples);
    for seq in 1..=(warmup + samples) as u64 {
        let t0 = Instant::now();
        // Release pairs with the kernel's system-scope load of the request word.
        for r in req {
            r.store(seq, Ordering::Release);
        }
        if flush {
            // A full fence drains the write-combining buffers, so the request leaves the core now.
            std::sync::atomic::fence(Ordering::SeqCst);
        }
        let mut spins = 0u32;
        // Acquire pairs with the kernel's st.release.sys of the reply.
        while reply.load(Ordering::Acquire) < seq {
            spins = spins.wrapping_add(1);
            if spins.is_multiple_of(4096) {
                if t0.elapsed() > PING_DEADLINE {
                    return Err(Error::Timeout(PING_DEADLINE));
                }
                if stream.is_idle()? {
                    return Err(Error::invalid("ping kernel", "exited before replying"));
                }
            }
            std::hint::spin_loop();
        }
        if seq as usize > warmup {
            us.push(t0.elapsed().as_secs_f64() * 1e6);
        }
    }
    Ok(us)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latency_percentiles() {
        let s = LatencyStats::from_samples((1..=100).map(f64::from).collect());
        assert_eq!(s.samples, 100);
        assert_eq!(s.min_us, 1.0);
        assert_eq!(s.max_us, 100.0);
        assert!((s.p50_us - 50.0).abs() <= 1.0);
        assert!((s.p99_us - 99.0).abs() <= 1.0);
    }
}
