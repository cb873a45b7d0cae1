//! Tests of the device slab allocator. The NVRTC test runs anywhere; the GPU tests are ignored
//! without a GPU (run them with --include-ignored on a GPU machine).

use grosr::alloc::{size_class, AllocConfig, AllocStats, SlabAllocator, SIZE_CLASSES};
use grosr::device::{
    Arch, CompileOptions, Device, DeviceBuffer, KernelArgs, LaunchConfig, Module, Stream,
};
use std::time::{Duration, Instant};

#[test]
fn allocator_programs_compile_without_warnings() {
    let c = grosr::kernels::compiler().with_cache(None);
    for (name, src) in grosr::alloc::programs() {
        for arch in [Arch::new(9, 0), Arch::new(8, 0), Arch::new(7, 5)] {
            let out = c
                .compile(&name, &src, &CompileOptions::new(arch))
                .unwrap_or_else(|e| panic!("{name} {arch}: {e}"));
            assert!(out.log.is_empty(), "{name} {arch}: {}", out.log);
        }
    }
}

/// Every kernel must finish within this; a hang fails the test instead of hanging it.
const DEADLINE: Duration = Duration::from_secs(60);

struct Fixture {
    dev: Device,
    module: Module,
    stream: Stream,
}

impl Fixture {
    fn new(debug: bool) -> Self {
        let dev = Device::open(0).expect("device 0");
        let mut opts = CompileOptions::new(dev.arch());
        if debug {
            opts.defines.push(grosr::alloc::DEBUG_DEFINE.to_string());
        }
        let t = grosr::alloc::TEST_PROGRAM;
        let out = grosr::kernels::compiler()
            .compile(t.name, t.source, &opts)
            .expect("compile");
        let module = Module::load(&dev, &out.cubin).expect("load");
        let stream = Stream::new(&dev).expect("stream");
        Self {
            dev,
            module,
            stream,
        }
    }

    fn launch(&self, name: &str, threads: u32, args: &KernelArgs) {
        let k = self.module.kernel(name).expect("kernel");
        k.launch(
            &self.stream,
            LaunchConfig::for_elements(threads as u64, 256),
            args,
        )
        .expect("launch");
        let start = Instant::now();
        while !self
            .stream
            .is_idle()
            .expect("kernel ran without a device fault")
        {
            assert!(
                start.elapsed() < DEADLINE,
                "{name} still running after {DEADLINE:?}"
            );
            std::thread::sleep(Duration::from_micros(200));
        }
    }
}

/// Per-thread slots of live blocks, mirrored on the host.
struct Slots {
    ptrs: DeviceBuffer<u64>,
    sizes: DeviceBuffer<u32>,
    counters: DeviceBuffer<u64>, // [0] nulls, [1] tag errors
    threads: u32,
    per_thread: u32,
}

impl Slots {
    fn new(dev: &Device, threads: u32, per_thread: u32) -> Self {
        let n = threads as usize * per_thread as usize;
        Self {
            ptrs: DeviceBuffer::zeroed(dev, n).expect("ptrs"),
            sizes: DeviceBuffer::zeroed(dev, n).expect("sizes"),
            counters: DeviceBuffer::zeroed(dev, 2).expect("counters"),
            threads,
            per_thread,
        }
    }

    fn alloc(&self, f: &Fixture, a: &SlabAllocator, size_mode: u32, param: u32, seed: u32) {
        let args = KernelArgs::new()
            .u64(a.handle())
            .ptr(self.ptrs.device_ptr())
            .ptr(self.sizes.device_ptr())
            .u32(self.per_thread)
            .u32(self.threads)
            .u32(size_mode)
            .u32(param)
            .u32(seed)
            .ptr(self.counters.device_ptr());
        f.launch("alloc_test_alloc", self.threads, &args);
    }

    fn free(&self, f: &Fixture, a: &SlabAllocator, keep_pct: u32, seed: u32) {
        let args = KernelArgs::new()
            .u64(a.handle())
            .ptr(self.ptrs.device_ptr())
            .u32(self.per_thread)
            .u32(self.threads)
            .u32(keep_pct)
            .u32(seed);
        f.launch("alloc_test_free", self.threads, &args);
    }

    /// Verifies every live block's tag on the device and, on the host, that live blocks are inside
    /// the arena, aligned, and pairwise disjoint. Returns (live blocks, their class bytes).
    fn verify(&self, f: &Fixture, a: &SlabAllocator) -> (u64, u64) {
        let args = KernelArgs::new()
            .ptr(self.ptrs.device_ptr())
            .ptr(self.sizes.device_ptr())
            .u32(self.per_thread)
            .u32(self.threads)
            .ptr(self.counters.device_ptr() + 8);
        f.launch("alloc_test_verify", self.threads, &args);
        let c = self.counters.to_vec().expect("counters");
        assert_eq!(c[1], 0, "owner tags overwritten: {} bad bytes", c[1]);
        let ptrs = self.ptrs.to_vec().expect("ptrs");
        let sizes = self.sizes.to_vec().expect("sizes");
        let mut live: Vec<(u64, u64)> = ptrs
            .iter()
            .zip(&sizes)
            .filter(|(&p, _)| p != 0)
            .map(|(&p, &s)| (p, s as u64))
            .collect();
        live.sort_unstable();
        let (base, end) = (a.arena_base(), a.arena_base() + a.arena_bytes());
        let mut class_bytes = 0;
        for (i, &(p, s)) in live.iter().enumerate() {
            assert!(
                p >= base && p + s <= end,
                "block {p:#x}+{s} outside the arena"
            );
            assert_eq!(p % 16, 0, "block {p:#x} not 16-byte aligned");
            if s.is_power_of_two() && s <= 256 {
                assert_eq!(p % s, 0, "block {p:#x} of {s} B not naturally aligned");
            }
            if let Some(&(q, _)) = live.get(i + 1) {
                assert!(p + s <= q, "blocks {p:#x}+{s} and {q:#x} overlap");
            }
            class_bytes += match size_class(s) {
                Some(c) => SIZE_CLASSES[c] as u64,
                None => s.div_ceil(grosr::alloc::SLAB_BYTES) * grosr::alloc::SLAB_BYTES,
            };
        }
        (live.len() as u64, class_bytes)
    }

    fn nulls(&self) -> u64 {
        self.counters.to_vec().expect("counters")[0]
    }
}

/// The allocator's counters agree with the host's view of live blocks.
fn assert_exact(stats: &AllocStats, live: u64, bytes: u64, failures: u64) {
    assert_eq!(stats.allocations - stats.frees, live, "{stats:?}");
    assert_eq!(stats.live_blocks, live);
    assert_eq!(stats.bytes_in_use, bytes, "{stats:?}");
    assert_eq!(stats.failures, failures, "{stats:?}");
    assert!(stats.high_water_bytes <= stats.arena_bytes);
    let class_slabs: u64 = stats.classes.iter().map(|c| c.slabs).sum();
    assert_eq!(
        class_slabs + stats.run_slabs,
        stats.slabs_in_use,
        "{stats:?}"
    );
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn churn_65536_threads_tags_every_byte() {
    let f = Fixture::new(false);
    let a = SlabAllocator::new(&f.dev, AllocConfig::bytes(1 << 30)).expect("allocator");
    let counters = DeviceBuffer::<u64>::zeroed(&f.dev, 2).expect("counters");
    let threads = 65_536;
    for (mode, param, rounds) in [(0u32, 32u32, 256u32), (1, 1024, 64), (2, 0, 16)] {
        let args = KernelArgs::new()
            .u64(a.handle())
            .u32(threads)
            .u32(rounds)
            .u32(mode)
            .u32(param)
            .u32(mode * 7 + 1)
            .ptr(counters.device_ptr())
            .ptr(counters.device_ptr() + 8);
        f.launch("alloc_test_churn", threads, &args);
        let c = counters.to_vec().expect("counters");
        assert_eq!(c, vec![0, 0], "mode {mode}: [tag errors, nulls]");
        let s = a.stats().expect("stats");
        assert_exact(&s, 0, 0, 0);
        assert!(s.allocations >= threads as u64 * rounds as u64);
    }
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn live_blocks_never_overlap_and_stats_are_exact() {
    let f = Fixture::new(false);
    let a = SlabAllocator::new(&f.dev, AllocConfig::bytes(1 << 30)).expect("allocator");
    let slots = Slots::new(&f.dev, 65_536, 4);
    for round in 0..8u32 {
        slots.alloc(&f, &a, 1, 512, round);
        let (live, bytes) = slots.verify(&f, &a);
        assert_exact(&a.stats().expect("stats"), live, bytes, 0);
        slots.free(&f, &a, 50, round);
    }
    slots.free(&f, &a, 0, 0);
    let s = a.stats().expect("stats");
    assert_exact(&s, 0, 0, 0);
    assert_eq!(slots.nulls(), 0);
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn mixed_sizes_with_random_lifetimes_never_fail_while_memory_is_free() {
    let f = Fixture::new(false);
    let a = SlabAllocator::new(&f.dev, AllocConfig::bytes(1 << 30)).expect("allocator");
    // 8192 threads x 8 slots, sizes uniform over 1..8192 bytes: about 256 MB live at most.
    let slots = Slots::new(&f.dev, 8192, 8);
    for round in 0..12u32 {
        slots.alloc(&f, &a, 3, 8192, round * 31);
        let (live, bytes) = slots.verify(&f, &a);
        let s = a.stats().expect("stats");
        assert_exact(&s, live, bytes, 0);
        assert!(bytes < a.arena_bytes() / 2);
        slots.free(&f, &a, 40 + 5 * (round % 4), round);
    }
    assert_eq!(slots.nulls(), 0, "success rate must be 1.0");
    slots.free(&f, &a, 0, 0);
    assert_exact(&a.stats().expect("stats"), 0, 0, 0);
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn exhaustion_returns_null_and_the_whole_arena_comes_back() {
    let f = Fixture::new(false);
    let arena = 64u64 << 20;
    let a = SlabAllocator::new(&f.dev, AllocConfig::bytes(arena)).expect("allocator");
    let mut failures = 0;
    // Fill with one size, check, free everything; then fill with sizes of other classes.
    for (i, size) in [64u32, 1024, 8192, 96].into_iter().enumerate() {
        let slots = Slots::new(
            &f.dev,
            65_536,
            2 * (arena / (65_536 * size as u64)).max(1) as u32,
        );
        slots.alloc(&f, &a, 0, size, i as u32);
        let nulls = slots.nulls();
        failures += nulls;
        assert!(
            nulls > 0,
            "{size} B: asked for twice the arena, got no null"
        );
        let (live, bytes) = slots.verify(&f, &a);
        let s = a.stats().expect("stats");
        assert_exact(&s, live, bytes, failures);
        let usable = (grosr::alloc::SLAB_BYTES / size as u64) * size as u64;
        let ceiling = a.arena_bytes() / grosr::alloc::SLAB_BYTES * usable;
        assert!(
            bytes as f64 >= 0.97 * ceiling as f64,
            "{size} B: only {bytes} of {ceiling} bytes usable"
        );
        slots.free(&f, &a, 0, 0);
        assert_exact(&a.stats().expect("stats"), 0, 0, failures);
    }
    // After all that, one run of half the arena still fits (no slab stuck in a class).
    let slots = Slots::new(&f.dev, 1, 1);
    slots.alloc(&f, &a, 0, (arena / 2) as u32, 9);
    assert_eq!(slots.nulls(), 0, "a run of half the arena failed");
    let (live, bytes) = slots.verify(&f, &a);
    assert_exact(&a.stats().expect("stats"), live, bytes, failures);
    slots.free(&f, &a, 0, 0);
    let s = a.stats().expect("stats");
    assert_exact(&s, 0, 0, failures);
    assert_eq!(s.run_slabs, 0);
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn large_runs_up_to_several_megabytes() {
    let f = Fixture::new(false);
    let a = SlabAllocator::new(&f.dev, AllocConfig::bytes(1 << 30)).expect("allocator");
    for (threads, size) in [
        (2048u32, 40_000u32),
        (256, 1 << 20),
        (32, 5 << 20),
        (8, 9_000_000),
    ] {
        let slots = Slots::new(&f.dev, threads, 2);
        slots.alloc(&f, &a, 0, size, 3);
        assert_eq!(slots.nulls(), 0, "{threads} x 2 x {size} B");
        let (live, bytes) = slots.verify(&f, &a);
        let s = a.stats().expect("stats");
        assert_exact(&s, live, bytes, 0);
        assert_eq!(s.large_allocations - s.large_frees, live);
        slots.free(&f, &a, 0, 0);
        let s = a.stats().expect("stats");
        assert_exact(&s, 0, 0, 0);
        assert_eq!(s.run_slabs, 0);
    }
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn reset_frees_everything() {
    let f = Fixture::new(false);
    let a = SlabAllocator::new(&f.dev, AllocConfig::bytes(32 << 20)).expect("allocator");
    let slots = Slots::new(&f.dev, 4096, 4);
    slots.alloc(&f, &a, 2, 0, 1);
    assert!(a.stats().expect("stats").live_blocks > 0);
    a.reset().expect("reset");
    let s = a.stats().expect("stats");
    assert_eq!((s.allocations, s.slabs_in_use, s.bytes_in_use), (0, 0, 0));
    let slots = Slots::new(&f.dev, 4096, 4);
    slots.alloc(&f, &a, 2, 0, 2);
    let (live, bytes) = slots.verify(&f, &a);
    assert_exact(&a.stats().expect("stats"), live, bytes, slots.nulls());
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn debug_mode_counts_double_and_foreign_frees() {
    let f = Fixture::new(true);
    let a = SlabAllocator::new(&f.dev, AllocConfig::bytes(16 << 20)).expect("allocator");
    let out = DeviceBuffer::<u64>::zeroed(&f.dev, 2).expect("out");
    f.launch(
        "alloc_test_bad_frees",
        1,
        &KernelArgs::new().u64(a.handle()).ptr(out.device_ptr()),
    );
    let o = out.to_vec().expect("out");
    assert!(o[0] != 0 && o[1] != 0, "{o:?}");
    let s = a.stats().expect("stats");
    assert_eq!(s.double_frees, 1, "{s:?}");
    assert_eq!(s.foreign_frees, 2, "{s:?}");
    assert_exact(&s, 0, 0, 0);
    // The allocator is intact: a full round of tagged blocks still verifies.
    let slots = Slots::new(&f.dev, 4096, 2);
    slots.alloc(&f, &a, 1, 256, 5);
    let (live, bytes) = slots.verify(&f, &a);
    assert_exact(&a.stats().expect("stats"), live, bytes, 0);
}

#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
struct Obj {
    id: u32,
    depth: u32,
}

/// Runtime tasks allocate through `ctx.allocator()`: in a spawn tree every task allocates a block,
/// tags it, keeps it while it spawns its children, checks the tag, and frees it.
const TASK_SRC: &str = r#"
struct Obj { u32 id; u32 depth; };
__device__ unsigned long long* results;   // [0] tasks, [1] allocation failures, [2] tag errors
GROSR_TASK(obj, Obj) {
    u32 size = 16u + (args.id * 2654435761u) % 2000u;
    u32* p = (u32*)grosr_malloc(ctx.allocator(), size);
    atomicAdd(&results[0], 1ull);
    if (!p) { atomicAdd(&results[1], 1ull); return; }
    for (u32 i = 0; i < size / 4; ++i) p[i] = args.id ^ i;
    if (args.depth < 3) {
        for (u32 c = 0; c < 3; ++c) ctx.spawn(GROSR_TYPE(obj), Obj{args.id * 3u + c + 1u, args.depth + 1});
    }
    u32 bad = 0;
    for (u32 i = 0; i < size / 4; ++i) bad += p[i] != (args.id ^ i);
    if (bad) atomicAdd(&results[2], (unsigned long long)bad);
    grosr_free(ctx.allocator(), p);
}
"#;

#[test]
#[ignore = "needs a CUDA GPU"]
fn runtime_tasks_allocate_through_ctx() {
    use grosr::runtime::{Runtime, ShutdownMode, Width};
    let dev = Device::open(0).expect("device 0");
    let a = SlabAllocator::new(&dev, AllocConfig::bytes(256 << 20)).expect("allocator");
    let results = DeviceBuffer::<u64>::zeroed(&dev, 3).expect("results");
    let mut b = Runtime::builder()
        .allocator_handle(a.handle())
        .job_timeout(DEADLINE);
    let obj = b.task::<Obj>("obj", TASK_SRC, Width::Thread);
    let rt = b.build().expect("runtime");
    rt.set_global("results", &results.device_ptr())
        .expect("global");
    let job = rt.job().expect("job");
    let roots: Vec<Obj> = (0..64)
        .map(|i| Obj {
            id: i * 10_000,
            depth: 0,
        })
        .collect();
    job.submit_batch(obj, &roots, 0).expect("submit");
    job.wait_timeout(DEADLINE).expect("job");
    rt.shutdown(ShutdownMode::Drain, DEADLINE)
        .expect("shutdown");
    // 64 trees of depth 3 with 3 children each: 64 * (3^4 - 1) / 2 tasks. (Deeper trees overflow
    // the runtime's per-block spawn queue: GROSR_ERR_QUEUE_FULL, reported to the runtime's owner.)
    let r = results.to_vec().expect("results");
    assert_eq!(r, vec![64 * 40, 0, 0], "[tasks, failures, tag errors]");
    let s = a.stats().expect("stats");
    assert_exact(&s, 0, 0, 0);
    assert_eq!(s.allocations, 64 * 40);
}

/// A reduced run of every path (bump, slow path after exhaustion, runs, cross-thread frees) small
/// enough for compute-sanitizer (`small_` filter in the GPU run).
#[test]
#[ignore = "needs a CUDA GPU"]
fn small_every_path_for_sanitizers() {
    let f = Fixture::new(true);
    let a = SlabAllocator::new(&f.dev, AllocConfig::bytes(8 << 20)).expect("allocator");
    let counters = DeviceBuffer::<u64>::zeroed(&f.dev, 2).expect("counters");
    let args = KernelArgs::new()
        .u64(a.handle())
        .u32(2048)
        .u32(8)
        .u32(3)
        .u32(2048)
        .u32(5)
        .ptr(counters.device_ptr())
        .ptr(counters.device_ptr() + 8);
    f.launch("alloc_test_churn", 2048, &args);
    let c = counters.to_vec().expect("counters");
    assert_eq!(c[0], 0, "tag errors");
    // The arena is small: nulls are allowed here (the slow path runs), and counted exactly.
    let mut failures = c[1];
    for round in 0..3u32 {
        // 2048 x 8 slots of up to 8 KB ask for more than the 8 MB arena: the slow path runs too.
        let slots = Slots::new(&f.dev, 2048, 8);
        slots.alloc(&f, &a, 2, 0, round);
        failures += slots.nulls();
        let (live, bytes) = slots.verify(&f, &a);
        assert_exact(&a.stats().expect("stats"), live, bytes, failures);
        slots.free(&f, &a, 0, round);
        assert_exact(&a.stats().expect("stats"), 0, 0, failures);
    }
    assert!(failures > 0);
    let slots = Slots::new(&f.dev, 4, 1);
    slots.alloc(&f, &a, 0, 1 << 20, 1);
    let (live, bytes) = slots.verify(&f, &a);
    assert_exact(
        &a.stats().expect("stats"),
        live,
        bytes,
        failures + slots.nulls(),
    );
    slots.free(&f, &a, 0, 0);
    let s = a.stats().expect("stats");
    assert_eq!((s.double_frees, s.foreign_frees), (0, 0));
}
