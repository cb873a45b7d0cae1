//! `grosr doctor`: end-to-end health check of driver, NVRTC, compile cache, launch and round trip.

use grosr::device::{ensure_driver, ensure_nvrtc, nvrtc_version, Device};
use grosr::probe::{self, CompileProbe, LatencyStats};
use serde::Serialize;

#[derive(Serialize)]
struct Report {
    device: grosr::device::DeviceInfo,
    compile: CompileProbe,
    launch_verified_elements: u64,
    round_trip: LatencyStats,
}

pub fn run(index: usize, json: bool, samples: usize) -> Result<(), grosr::Error> {
    ensure_driver()?;
    ensure_nvrtc()?;
    let device = Device::open(index)?;
    let say = |s: String| {
        if !json {
            println!("{s}");
        }
    };
    let info = device.info().clone();
    say(format!(
        "ok  driver      CUDA {} on {} (sm_{}{}, {} SMs)",
        info.driver_cuda_version,
        info.name,
        info.compute_capability.0,
        info.compute_capability.1,
        info.sm_count
    ));
    let (major, minor) = nvrtc_version()?;
    say(format!("ok  nvrtc       {major}.{minor}"));
    let (module, compile) = probe::compile_probe(&device)?;
    say(format!(
        "ok  compile     first {:.1} ms, from cache {:.2} ms (hit: {})",
        compile.first_compile_ms, compile.cached_load_ms, compile.cache_hit
    ));
    if !compile.cache_hit {
        return Err(grosr::Error::invalid(
            "compile cache",
            "second compile of the same program was not a cache hit",
        ));
    }
    let n = 1 << 20;
    probe::fill_check(&device, &module, n)?;
    say(format!("ok  launch      {n} elements written and verified"));
    let rt = probe::ping_latency(&device, &module, samples)?;
    say(format!(
        "ok  round trip  host -> running kernel -> host over mapped pinned memory: p50 {:.2} us, p99 {:.2} us, min {:.2} us, max {:.2} us ({} samples)",
        rt.p50_us, rt.p99_us, rt.min_us, rt.max_us, rt.samples
    ));
    if json {
        let report = Report {
            device: info,
            compile,
            launch_verified_elements: n,
            round_trip: rt,
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    }
    Ok(())
}
