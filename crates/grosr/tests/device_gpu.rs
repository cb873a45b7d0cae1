//! GPU tests of the device layer. Marked ignored so CI (no GPU) lists them; run on a GPU machine
//! with `--include-ignored` (scripts/gpu-test).

use grosr::device::{Device, DeviceBuffer, KernelArgs, LaunchConfig, Stream};
use grosr::{probe, Error};

#[test]
#[ignore = "needs a CUDA GPU"]
fn compile_launch_and_verify() {
    let dev = Device::open(0).expect("device 0");
    let (module, compile) = probe::compile_probe(&dev).expect("compile");
    assert!(compile.cache_hit);
    probe::fill_check(&dev, &module, 3_000_017).expect("verified");
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn mapped_memory_round_trip() {
    let dev = Device::open(0).expect("device 0");
    let (module, _) = probe::compile_probe(&dev).expect("compile");
    let stats = probe::ping_latency(&dev, &module, 2_000).expect("ping");
    assert_eq!(stats.samples, 2_000);
    assert!(stats.min_us > 0.0 && stats.min_us <= stats.p50_us && stats.p50_us <= stats.max_us);
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn launch_with_wrong_arguments_is_an_error() {
    let dev = Device::open(0).expect("device 0");
    let (module, _) = probe::compile_probe(&dev).expect("compile");
    let k = module.kernel("grosr_probe_fill").expect("kernel");
    let stream = Stream::new(&dev).expect("stream");
    let err = k
        .launch(
            &stream,
            LaunchConfig::linear(1, 32),
            &KernelArgs::new().u32(1),
        )
        .expect_err("bad args");
    assert!(matches!(err, Error::Invalid { .. }), "{err}");
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn bad_device_index_and_oom_are_clear_errors() {
    let n = grosr::device::device_count().expect("count");
    match Device::open(n + 3) {
        Err(Error::BadDeviceIndex { index, count }) => assert_eq!((index, count), (n + 3, n)),
        other => panic!("expected BadDeviceIndex, got {other:?}"),
    }
    let dev = Device::open(0).expect("device 0");
    match DeviceBuffer::<u8>::zeroed(&dev, 1 << 50) {
        Err(Error::OutOfMemory { requested, .. }) => assert_eq!(requested, 1 << 50),
        other => panic!("expected OutOfMemory, got {other:?}"),
    }
    // The device still works after a failed allocation.
    let b = DeviceBuffer::from_slice(&dev, &[1u32, 2, 3]).expect("alloc");
    assert_eq!(b.to_vec().expect("copy"), vec![1, 2, 3]);
}

/// Measurement (prints, asserts only that the words landed): how fast one host thread streams
/// 8-byte stores into 16 MB of mapped pinned memory (plain and write-combined) versus ordinary
/// memory. The submission path writes descriptors this way.
#[test]
#[ignore = "needs a CUDA GPU"]
fn mapped_memory_host_write_rate() {
    use std::sync::atomic::{AtomicU64, Ordering};
    let dev = Device::open(0).expect("device 0");
    const WORDS: usize = 2 << 20;
    let rate = |words: &[AtomicU64]| {
        let mut best = 0.0f64;
        for rep in 0..5u64 {
            let t0 = std::time::Instant::now();
            for (i, w) in words.iter().enumerate() {
                w.store(i as u64 ^ rep, Ordering::Relaxed);
            }
            best = best.max(words.len() as f64 / t0.elapsed().as_secs_f64() / 1e6);
        }
        assert_eq!(
            words[WORDS - 1].load(Ordering::Relaxed),
            (WORDS as u64 - 1) ^ 4
        );
        best
    };
    let plain = grosr::device::MappedBuffer::new(&dev, WORDS * 8, false).expect("mapped");
    let wc = grosr::device::MappedBuffer::new(&dev, WORDS * 8, true).expect("mapped wc");
    let heap: Vec<AtomicU64> = (0..WORDS).map(|_| AtomicU64::new(0)).collect();
    println!(
        "host write rate, M 8-byte stores/s: mapped {:.0}, mapped write-combined {:.0}, heap {:.0}",
        rate(plain.words64()),
        rate(wc.words64()),
        rate(&heap)
    );
}
