//! The GPU half of the reliability suite (issue 9): soak, lifecycle churn and fault injection.
//! Run by `scripts/reliability` (see there); each test prints `RELIABILITY {json}` lines that the
//! script collects into `results/reliability.md`. Sizes come from the environment:
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `GROSR_SOAK_SECS` | 300 | soak for at least this long ... |
//! | `GROSR_SOAK_TASKS` | 1e9 | ... and at least this many tasks |
//! | `GROSR_CHURN_CYCLES` | 100 | lifecycle cycles |
//!
//! A hang cannot report itself: the script runs every test under `timeout` and counts a timeout as
//! a hang.

mod common;

use grosr::alloc::{AllocConfig, SlabAllocator};
use grosr::device::{Device, DeviceBuffer, MappedBuffer};
use grosr::runtime::{Runtime, ShutdownMode, TaskType, Width};
use grosr::Error;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(120);

#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
struct Item {
    i: u32,
    n: u32,
}

const SRC: &str = r#"
struct Item { u32 i; u32 n; };
__device__ unsigned long long* sums;   // 1024 shards of the checksum
__device__ unsigned long long* counts; // [0] allocations that returned null, [1] successes
__device__ volatile u32* gate;         // mapped host flag

__device__ __forceinline__ u32 child_value(u32 i, u32 c) { return i * 2u + 1u + c; }

// Adds i to the checksum and spawns n children (device-spawned work in the same job).
GROSR_TASK(soak, Item) {
    atomicAdd(&sums[(threadIdx.x + 32u * blockIdx.x) & 1023u], (unsigned long long)args.i);
    for (u32 c = 0; c < args.n; ++c) ctx.spawn(GROSR_TYPE(soak), Item{child_value(args.i, c), 0}, c & 1u);
}
GROSR_TASK(trap, Item) { if (args.i == 1) __trap(); *(volatile u32*)(0x10ull) = args.n; }
GROSR_TASK(fails, Item) { ctx.fail(args.i); }
GROSR_TASK(gated, Item) { while (*gate == 0) __nanosleep(1000); }
GROSR_TASK(slow, Item) {
    u64 t0 = globaltimer_ns();
    while (globaltimer_ns() - t0 < args.n) {}
    atomicAdd(&sums[(threadIdx.x + 32u * blockIdx.x) & 1023u], (unsigned long long)args.i);
}
// Allocates args.n bytes and keeps them (an exhaustion storm); counts nulls and successes.
GROSR_TASK(hog, Item) {
    void* p = grosr_malloc(ctx.allocator(), args.n);
    atomicAdd(&counts[p ? 1 : 0], 1ull);
    if (p) *(volatile u32*)p = args.i;
}
"#;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map_or(default, |v| v as u64)
}

fn report(section: &str, fields: serde_json::Value) {
    let mut v = fields;
    v["section"] = serde_json::json!(section);
    println!("RELIABILITY {v}");
}

struct Types {
    soak: TaskType<Item>,
    trap: TaskType<Item>,
    fails: TaskType<Item>,
    gated: TaskType<Item>,
    slow: TaskType<Item>,
    hog: TaskType<Item>,
}

/// Buffers the tasks use; allocated before the runtime starts, dropped after it stopped.
struct Bufs {
    sums: DeviceBuffer<u64>,
    counts: DeviceBuffer<u64>,
    gate: MappedBuffer,
}

impl Bufs {
    fn new(dev: &Device) -> Self {
        Self {
            sums: DeviceBuffer::zeroed(dev, 1024).expect("sums"),
            counts: DeviceBuffer::zeroed(dev, 2).expect("counts"),
            gate: MappedBuffer::new(dev, 64, false).expect("gate"),
        }
    }
    fn sum(&self) -> u64 {
        self.sums
            .to_vec()
            .expect("sums")
            .iter()
            .fold(0u64, |a, &b| a.wrapping_add(b))
    }
    fn open_gate(&self) {
        self.gate.words32()[0].store(1, Ordering::Release);
    }
}

fn build(
    bufs: &Bufs,
    configure: impl FnOnce(grosr::runtime::Builder) -> grosr::runtime::Builder,
) -> grosr::Result<(Types, Runtime)> {
    let mut b = Runtime::builder();
    let t = Types {
        soak: b.task("soak", SRC, Width::Thread),
        trap: b.task("trap", SRC, Width::Thread),
        fails: b.task("fails", SRC, Width::Thread),
        gated: b.task("gated", SRC, Width::Thread),
        slow: b.task("slow", SRC, Width::Thread),
        hog: b.task("hog", SRC, Width::Thread),
    };
    let rt = configure(b.max_args_bytes(8)).build()?;
    rt.set_global("sums", &bufs.sums.device_ptr())?;
    rt.set_global("counts", &bufs.counts.device_ptr())?;
    rt.set_global("gate", &bufs.gate.device_ptr())?;
    Ok((t, rt))
}

/// Host-side model of a soak batch: (tasks including children, checksum contribution).
fn soak_expect(base: u32, n: usize) -> (u64, u64) {
    let mut tasks = 0u64;
    let mut sum = 0u64;
    for k in 0..n as u32 {
        let i = base.wrapping_add(k);
        let kids = k % 3;
        tasks += 1 + kids as u64;
        sum = sum.wrapping_add(i as u64);
        for c in 0..kids {
            sum = sum.wrapping_add(i.wrapping_mul(2).wrapping_add(1).wrapping_add(c) as u64);
        }
    }
    (tasks, sum)
}

#[test]
#[ignore = "needs a CUDA GPU (scripts/reliability)"]
fn soak_host_fed_and_device_spawned() {
    let secs = env_u64("GROSR_SOAK_SECS", 300);
    let target = env_u64("GROSR_SOAK_TASKS", 1_000_000_000);
    let dev = Device::open(0).expect("device");
    let bufs = Bufs::new(&dev);
    let (t, rt) = build(&bufs, |b| b).expect("runtime");
    const BATCH: usize = 1 << 22;
    let start = Instant::now();
    let (mut tasks, mut sum, mut base, mut batches) = (0u64, 0u64, 0u32, 0u64);
    let mut mismatches = 0u64;
    while tasks < target || start.elapsed() < Duration::from_secs(secs) {
        let job = rt.job().expect("job");
        job.submit_with(t.soak, BATCH, (batches % 2) as usize, |k| Item {
            i: base.wrapping_add(k as u32),
            n: k as u32 % 3,
        })
        .expect("submit");
        job.wait_timeout(DEADLINE).expect("batch");
        let (n, s) = soak_expect(base, BATCH);
        tasks += n;
        sum = sum.wrapping_add(s);
        if bufs.sum() != sum {
            mismatches += 1;
        }
        base = base.wrapping_add(BATCH as u32);
        batches += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    let st = rt.stats().expect("stats");
    let executed: u64 = st.executed.iter().sum();
    let created: u64 = st.submitted.iter().sum::<u64>() + st.spawned.iter().sum::<u64>();
    let report_ = rt.shutdown(ShutdownMode::Drain, DEADLINE).expect("drain");
    drop(bufs);
    report(
        "soak",
        serde_json::json!({
            "tasks": tasks, "executed": executed, "created": created, "seconds": elapsed,
            "tasks_per_s": tasks as f64 / elapsed, "checksum_mismatches": mismatches,
            "lost_or_duplicated": (executed as i64 - tasks as i64).abs(),
            "cancelled_at_shutdown": report_.cancelled,
        }),
    );
    assert_eq!(mismatches, 0, "checksum mismatches");
    assert_eq!(executed, tasks, "tasks lost or run twice");
    assert_eq!(created, tasks);
}

/// Free device memory once it has settled: the driver frees an exited child process's memory
/// asynchronously, so a level that differs from `base` is read again for up to `patience`.
/// Returns the level and how long it took to settle.
fn settled_free_memory(dev: &Device, base: usize, patience: Duration) -> (usize, Duration) {
    let t0 = Instant::now();
    loop {
        let now = dev.mem_info().expect("mem info").0;
        if now == base || t0.elapsed() >= patience {
            return (now, t0.elapsed());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
#[ignore = "needs a CUDA GPU (scripts/reliability)"]
fn lifecycle_churn() {
    let cycles = env_u64("GROSR_CHURN_CYCLES", 100);
    // One context for the whole run (fault cycles run in child processes, so it is never
    // poisoned); the context's own memory is then not part of the measurement.
    let dev = Device::open(0).expect("device");
    let base = {
        // Warm the compile cache and the context's lazy allocations first; then the starting level.
        let bufs = Bufs::new(&dev);
        drop(build(&bufs, |b| b).expect("runtime"));
        drop(bufs);
        dev.mem_info().expect("mem info").0
    };
    let mut rng = 0x2545_F491u64;
    const N: usize = 100_000;
    let (mut leaked_cycles, mut max_leak, mut faults, mut tasks_total) = (0u64, 0i64, 0u64, 0u64);
    let mut actions = [0u64; 4];
    let mut leaks_by_action = [0u64; 4];
    let mut max_settle = Duration::ZERO;
    // The first WARMUP cycles are not measured: the driver grows some of its own allocations once
    // (2 MiB, first seen after cycle 8 on the H100, never again). The starting level is taken after
    // them; from then on every cycle must come back to it exactly.
    const WARMUP: u64 = 12;
    let first_base = base;
    let mut base = base;
    for cycle in 0..WARMUP + cycles {
        if cycle == WARMUP {
            base = dev.mem_info().expect("mem info").0;
            (leaked_cycles, max_leak, faults, tasks_total) = (0, 0, 0, 0);
            actions = [0; 4];
            leaks_by_action = [0; 4];
        }
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let action = (rng % 4) as usize;
        actions[action] += 1;
        let bufs = Bufs::new(&dev);
        let (t, rt) = build(&bufs, |b| b).expect("runtime");
        let job = rt.job().expect("job");
        job.submit_with(t.soak, N, 0, |k| Item {
            i: k as u32,
            n: k as u32 % 3,
        })
        .expect("submit");
        let (expect_tasks, expect_sum) = soak_expect(0, N);
        tasks_total += expect_tasks;
        match action {
            0 => {
                // Job handles keep the runtime's buffers alive: drop them first.
                drop(job);
                let r = rt.shutdown(ShutdownMode::Drain, DEADLINE).expect("drain");
                assert_eq!(
                    (r.executed, r.cancelled),
                    (expect_tasks, 0),
                    "cycle {cycle}"
                );
                assert_eq!(bufs.sum(), expect_sum, "cycle {cycle}: checksum");
            }
            1 => {
                drop(job);
                let r = rt.shutdown(ShutdownMode::Cancel, DEADLINE).expect("cancel");
                assert!(r.executed <= expect_tasks, "cycle {cycle}: {r:?}");
                assert!(r.executed + r.cancelled >= N as u64, "cycle {cycle}: {r:?}");
            }
            2 => {
                drop(job);
                drop(rt);
            }
            _ => {
                // A device fault poisons the CUDA context of its process (CUDA's rule), so this
                // cycle's runtime is built, loaded and faulted in a child process; the parent
                // checks that the device is back to its starting level once the child is gone.
                drop(job);
                drop(rt);
                let (ok, text) = in_child(1, 100_000, "lifecycle churn (fault cycle)");
                assert!(ok, "cycle {cycle}: fault cycle failed:\n{text}");
                faults += 1;
            }
        }
        drop(bufs);
        // In-process cycles free synchronously; only a child's memory needs time to come back.
        let patience = Duration::from_secs(if action == 3 { 2 } else { 0 });
        let (now, settle) = settled_free_memory(&dev, base, patience);
        max_settle = max_settle.max(settle);
        let leak = base as i64 - now as i64;
        if leak != 0 && cycle >= WARMUP {
            eprintln!("cycle {cycle} (action {action}): {leak} bytes not back");
            leaked_cycles += 1;
            leaks_by_action[action] += 1;
            max_leak = max_leak.max(leak);
        }
    }
    report(
        "lifecycle churn",
        serde_json::json!({
            "cycles": cycles, "warmup_cycles": WARMUP,
            "warmup_growth_bytes": first_base as i64 - base as i64, "drain": actions[0], "cancel": actions[1], "drop": actions[2],
            "fault": actions[3], "faults_injected": faults, "tasks": tasks_total,
            "cycles_with_leaked_memory": leaked_cycles, "max_leak_bytes": max_leak,
            "leaked_cycles_by_action": leaks_by_action, "max_settle_ms": max_settle.as_secs_f64() * 1e3,
        }),
    );
    assert_eq!(
        leaked_cycles, 0,
        "device memory not back to its starting level"
    );
    // The next runtime on the same device works.
    let dev = Device::open(0).expect("device");
    let bufs = Bufs::new(&dev);
    let (t, rt) = build(&bufs, |b| b).expect("runtime after churn");
    let job = rt.job().expect("job");
    job.submit_with(t.soak, 1000, 0, |k| Item { i: k as u32, n: 0 })
        .expect("submit");
    job.wait_timeout(DEADLINE).expect("works after churn");
}

/// One fault-injection case: time until the documented error, and whether it was that error.
fn case(name: &str, tasks: u64, t0: Instant, ok: bool, outcome: String) {
    report(
        "fault injection",
        serde_json::json!({
            "case": name, "tasks": tasks, "faults_injected": 1, "ms_to_error": t0.elapsed().as_secs_f64() * 1e3,
            "documented_error": ok, "outcome": outcome,
        }),
    );
    assert!(ok, "{name}: {outcome}");
}

/// Runs `child_fault` in a child process (a device fault poisons the CUDA context of the process
/// it happens in, and CUDA accepts no more work from that process). Returns whether the child
/// passed, and its output (with its `RELIABILITY` lines).
fn in_child(kind: u32, busy: u64, section: &str) -> (bool, String) {
    common::run_child("child_fault", &format!("{kind},{busy},{section}"))
}

/// The child half of a fault case: a runtime with `busy` slow tasks in flight, then one task that
/// traps (kind 1) or writes to an illegal address (kind 0). Both jobs must see `DeviceFault`
/// within a second, and dropping the runtime must not hang. Only runs under `in_child`.
#[test]
#[ignore = "needs a CUDA GPU (run as a child by fault_injection and lifecycle_churn)"]
fn child_fault() {
    let Ok(spec) = std::env::var("GROSR_FAULT_CHILD") else {
        return;
    };
    let mut parts = spec.splitn(3, ',');
    let kind: u32 = parts.next().and_then(|v| v.parse().ok()).expect("kind");
    let busy_n: usize = parts.next().and_then(|v| v.parse().ok()).expect("busy");
    let section = parts.next().unwrap_or("fault injection").to_string();
    let name = if kind == 1 {
        "trapping task"
    } else {
        "illegal address"
    };
    let dev = Device::open(0).expect("device");
    let bufs = Bufs::new(&dev);
    let (t, rt) = build(&bufs, |b| b).expect("runtime");
    let busy = rt.job().expect("job");
    busy.submit_with(t.slow, busy_n, 0, |_| Item { i: 1, n: 20_000 })
        .expect("submit");
    let job = rt.job().expect("job");
    let t0 = Instant::now();
    job.submit(t.trap, &Item { i: kind, n: 7 }).expect("submit");
    let r = job.wait_timeout(Duration::from_secs(10));
    let other = busy.wait_timeout(Duration::from_secs(10));
    let took = t0.elapsed();
    let later = job.submit(t.soak, &Item { i: 0, n: 0 });
    let ok = matches!(r, Err(Error::DeviceFault(_)))
        && matches!(other, Err(Error::DeviceFault(_)))
        && matches!(later, Err(Error::DeviceFault(_)))
        && took < Duration::from_secs(1);
    let outcome = format!("{r:?}; other job: {other:?}; later submit: {later:?}");
    let t_drop = Instant::now();
    drop((busy, job));
    drop(rt);
    drop(bufs);
    let dropped = t_drop.elapsed();
    drop(dev);
    let reopen = Device::open(0).err().map(|e| e.to_string());
    report(
        &section,
        serde_json::json!({
            "case": name, "tasks": busy_n as u64 + 1, "faults_injected": 1,
            "ms_to_error": took.as_secs_f64() * 1e3,
            "ms_to_drop": dropped.as_secs_f64() * 1e3,
            "documented_error": ok, "outcome": outcome,
            "reopen_in_same_process": reopen.clone().unwrap_or_else(|| "ok".into()),
        }),
    );
    assert!(ok, "{name}: {outcome}");
    assert!(dropped < Duration::from_secs(2), "drop took {dropped:?}");
}

#[test]
#[ignore = "needs a CUDA GPU (scripts/reliability)"]
fn fault_injection() {
    for kind in [1u32, 0] {
        let (ok, text) = in_child(kind, 100_000, "fault injection");
        // The child's RELIABILITY line goes to this test's output, where the script collects it.
        for line in text.lines().filter(|l| l.starts_with("RELIABILITY ")) {
            println!("{line}");
        }
        assert!(ok, "fault case {kind} failed:\n{text}");
        // The device is usable again from a fresh process: this one.
        let dev = Device::open(0).expect("device after a faulted child");
        drop(dev);
    }

    let dev = Device::open(0).expect("device");
    let bufs = Bufs::new(&dev);
    let alloc = SlabAllocator::new(&dev, AllocConfig::bytes(8 << 20)).expect("allocator");
    let (t, rt) = build(&bufs, |b| {
        b.allocator_handle(alloc.handle())
            .job_timeout(Duration::from_millis(300))
    })
    .expect("runtime");

    // Endless task under a job timeout.
    let job = rt.job().expect("job");
    job.submit(t.gated, &Item { i: 0, n: 0 }).expect("submit");
    let t0 = Instant::now();
    let r = job.wait();
    let ok = matches!(r, Err(Error::Timeout(_))) && t0.elapsed() < Duration::from_secs(1);
    bufs.open_gate();
    case(
        "endless task, 300 ms job timeout",
        1,
        t0,
        ok,
        format!("{r:?}"),
    );
    job.wait_timeout(DEADLINE).expect("finishes once released");

    // ctx.fail.
    let t0 = Instant::now();
    let ticket = rt.submit(t.fails, &Item { i: 42, n: 0 }).expect("submit");
    let r = ticket.wait_timeout(DEADLINE);
    let ok = matches!(r, Err(Error::TaskFailed { code: 42, .. }));
    case("ctx.fail(42)", 1, t0, ok, format!("{r:?}"));

    // Allocator exhaustion storm: 200k tasks asking for 4 KB each from an 8 MB arena.
    const HOGS: u64 = 200_000;
    let t0 = Instant::now();
    let job = rt.job().expect("job");
    job.submit_with(t.hog, HOGS as usize, 0, |k| Item {
        i: k as u32,
        n: 4096,
    })
    .expect("submit");
    let r = job.wait_timeout(DEADLINE);
    let c = bufs.counts.to_vec().expect("counts");
    let ok = r.is_ok() && c[0] + c[1] == HOGS && c[0] > 0;
    case(
        "allocator exhaustion storm (200k × 4 KB, 8 MB arena)",
        HOGS,
        t0,
        ok,
        format!("{r:?}; {} nulls, {} blocks", c[0], c[1]),
    );

    // The runtime is still fine after all of that.
    let job = rt.job().expect("job");
    job.submit_with(t.soak, 10_000, 0, |k| Item { i: k as u32, n: 1 })
        .expect("submit");
    job.wait_timeout(DEADLINE).expect("still works");
    drop(job);
    rt.shutdown(ShutdownMode::Drain, DEADLINE).expect("drain");
    let s = alloc.stats().expect("stats");
    let exact = s.failures == c[0] && s.allocations == c[1];
    report(
        "fault injection",
        serde_json::json!({"case": "allocator stats after the storm", "tasks": 0, "faults_injected": 0,
            "documented_error": exact, "outcome": format!("failures {} allocations {}", s.failures, s.allocations)}),
    );
    assert!(exact, "allocator stats not exact after the storm: {s:?}");
    drop(bufs);

    // Host producer far faster than the device: a 512-slot ring, one block, 10 µs tasks.
    let dev = Device::open(0).expect("device");
    let bufs = Bufs::new(&dev);
    let (t, rt) = build(&bufs, |b| b.blocks(1).ingress_capacity(512)).expect("runtime");
    const N: usize = 200_000;
    let t0 = Instant::now();
    let job = rt.job().expect("job");
    job.submit_with(t.slow, N, 0, |k| Item {
        i: k as u32,
        n: 10_000,
    })
    .expect("submit blocks under backpressure, never fails");
    job.wait_timeout(DEADLINE).expect("wait");
    let expect: u64 = (0..N as u64).sum();
    let ok = bufs.sum() == expect;
    case(
        "host producer far faster than the device (512-slot ring)",
        N as u64,
        t0,
        ok,
        format!("checksum {}", if ok { "exact" } else { "WRONG" }),
    );
    drop(job);
    drop(rt);
}

/// CPU (CI): the suite's task sources compile, so a GPU run never finds a typo.
#[test]
fn reliability_task_sources_compile_without_a_gpu() {
    let mut b = Runtime::builder();
    for name in ["soak", "trap", "fails", "gated", "slow", "hog"] {
        let _ = b.task::<Item>(name, SRC, Width::Thread);
    }
    let arch = grosr::device::Arch::parse("sm_90").expect("arch");
    b.max_args_bytes(8).check(arch).expect("compiles");
}

#[test]
fn soak_model_counts_children() {
    // k % 3 children: for k = 0, 1, 2 → 0, 1, 2 children; 3 + 3 = 6 tasks.
    let (tasks, sum) = soak_expect(10, 3);
    assert_eq!(tasks, 6);
    assert_eq!(sum, 10 + 11 + (23) + 12 + (25 + 26));
}
