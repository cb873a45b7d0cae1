//! GPU tests of the runtime (issue 4's acceptance list). Marked ignored so CI (no GPU) lists them;
//! scripts/gpu-test runs them on a GPU machine with `--include-ignored --test-threads=1`.
//!
//! Every wait has a deadline: a broken scheduler fails a test, it never hangs it.

use grosr::device::{Device, DeviceBuffer, MappedBuffer};
use grosr::runtime::{JobStatus, Runtime, Sharing, ShutdownMode, TaskType, Width};
use grosr::Error;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(60);

#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
struct Item {
    i: u32,
    n: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
struct Node {
    seed: u32,
    depth: u32,
}

/// Task sources used by the tests. Globals are set from the host with `Runtime::set_global`.
const SRC: &str = r#"
struct Item { u32 i; u32 n; };
struct Node { u32 seed; u32 depth; };
__device__ unsigned long long* sums;      // 1024 shards of a checksum
__device__ u32* marks;                    // per-task marks
__device__ unsigned long long* counter;   // [0] executed, [1] sequence, [2] fib result
__device__ u32* order;                    // start sequence numbers
__device__ volatile u32* gate;            // mapped host flag: tasks spin until it is non-zero

// Host task: adds i to a sharded checksum and, for i < n, marks slot i.
GROSR_TASK(add, Item) {
    atomicAdd(&sums[(threadIdx.x + 32u * blockIdx.x) & 1023u], (unsigned long long)args.i);
    if (args.i < args.n) atomicAdd(&marks[args.i], 1u);
}

// fib(n) as a spawn tree: leaves add their value; every task counts itself.
GROSR_TASK(fib, Item) {
    atomicAdd(&counter[0], 1ull);
    if (args.i < 2) {
        atomicAdd(&counter[2], (unsigned long long)args.i);
    } else {
        ctx.spawn(GROSR_TYPE(fib), Item{args.i - 1, 0});
        ctx.spawn(GROSR_TYPE(fib), Item{args.i - 2, 0}, 1);
    }
}

__device__ __forceinline__ u32 mix(u32 x) {
    x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
    return x;
}
// Random DAG-shaped tree: a node at depth < 9 has mix(seed) % 4 children (0..3).
GROSR_TASK(dag, Node) {
    atomicAdd(&counter[0], 1ull);
    if (args.depth >= 9) return;
    u32 k = mix(args.seed) % 4u;
    for (u32 c = 0; c < k; ++c) ctx.spawn(GROSR_TYPE(dag), Node{mix(args.seed * 4u + c + 1u), args.depth + 1}, c & 1u);
}

// Warp-width: the 32 lanes add their lane ids (sum 496) to slot i.
GROSR_TASK(warp_sum, Item) {
    atomicAdd(&marks[args.i], threadIdx.x & 31u);
}

// Block-width: the block reduces its thread ids in shared memory (sum 0..blockDim-1) into slot i.
GROSR_TASK(block_sum, Item) {
    __shared__ u32 acc;
    if (threadIdx.x == 0) acc = 0;
    __syncthreads();
    atomicAdd(&acc, threadIdx.x);
    __syncthreads();
    if (threadIdx.x == 0) marks[args.i] = acc;
}

// Records the order in which tasks start; spins ~n ns first (priority test).
GROSR_TASK(ordered, Item) {
    u32 seq = (u32)atomicAdd(&counter[1], 1ull);
    order[args.i] = seq;
    u64 t0 = globaltimer_ns();
    while (globaltimer_ns() - t0 < args.n) {}
}

// Waits for the host's gate (backpressure, timeout and drain tests).
GROSR_TASK(gated, Item) {
    while (*gate == 0) __nanosleep(1000);
    atomicAdd(&counter[0], 1ull);
}

// Fails when i == n, else counts.
GROSR_TASK(maybe_fail, Item) {
    if (args.i == args.n) { ctx.fail(77); return; }
    atomicAdd(&counter[0], 1ull);
}

// Fan-out: the root (n > 0) pushes n leaves straight into the queues of blocks 0..n (spawn_on); a
// leaf spins ~20 us (so a job reported done before its leaves ran would show), then marks slot i.
GROSR_TASK(fan, Item) {
    if (args.n > 0) {
        for (u32 k = 0; k < args.n; ++k) ctx.spawn_on(k, GROSR_TYPE(fan), Item{k, 0});
        return;
    }
    u64 t0 = globaltimer_ns();
    while (globaltimer_ns() - t0 < 20000ull) {}
    atomicAdd(&marks[args.i], 1u);
    atomicAdd(&counter[3], 1ull);
}

// Block-width fan: the block's threads spawn n `add` tasks at once, for slots i .. i + n (more than
// a block's spawn stack holds when n > 2304: the rest goes through the device queues).
GROSR_TASK(block_fan, Item) {
    for (u32 k = threadIdx.x; k < args.n; k += blockDim.x) ctx.spawn(GROSR_TYPE(add), Item{args.i + k, 0xFFFFFFFFu});
}

// Yields n times by re-enqueueing itself, then counts.
GROSR_TASK(yielder, Item) {
    if (args.n > 0) { ctx.requeue(Item{args.i, args.n - 1}, ctx.priority()); return; }
    atomicAdd(&counter[0], 1ull);
}
"#;

struct Types {
    add: TaskType<Item>,
    fib: TaskType<Item>,
    dag: TaskType<Node>,
    warp_sum: TaskType<Item>,
    block_sum: TaskType<Item>,
    ordered: TaskType<Item>,
    gated: TaskType<Item>,
    maybe_fail: TaskType<Item>,
    yielder: TaskType<Item>,
    fan: TaskType<Item>,
    block_fan: TaskType<Item>,
}

/// Device buffers the tasks write, bound to the task globals.
struct Bufs {
    sums: DeviceBuffer<u64>,
    marks: DeviceBuffer<u32>,
    counter: DeviceBuffer<u64>,
    order: DeviceBuffer<u32>,
    gate: MappedBuffer,
}

impl Bufs {
    fn counter(&self) -> Vec<u64> {
        self.counter.to_vec().expect("counter")
    }
    fn open_gate(&self) {
        // Release: the tasks read it with a volatile load; nothing else is published with it.
        self.gate.words32()[0].store(1, Ordering::Release);
    }
}

fn setup(
    configure: impl FnOnce(grosr::runtime::Builder) -> grosr::runtime::Builder,
    marks: usize,
) -> (Bufs, Types, Runtime) {
    // Returned so that callers bind `(bufs, t, rt)`: locals drop in reverse order, so the runtime
    // stops before the buffers are freed (freeing pinned memory waits for the device to be idle).
    let mut b = Runtime::builder();
    let t = Types {
        add: b.task("add", SRC, Width::Thread),
        fib: b.task("fib", SRC, Width::Thread),
        dag: b.task("dag", SRC, Width::Thread),
        warp_sum: b.task("warp_sum", SRC, Width::Warp),
        block_sum: b.task("block_sum", SRC, Width::Block),
        ordered: b.task("ordered", SRC, Width::Thread),
        gated: b.task("gated", SRC, Width::Thread),
        maybe_fail: b.task("maybe_fail", SRC, Width::Thread),
        yielder: b.task("yielder", SRC, Width::Thread),
        fan: b.task("fan", SRC, Width::Thread),
        block_fan: b.task("block_fan", SRC, Width::Block),
    };
    // The buffers exist before the scheduler starts: compute-sanitizer's memcheck only knows the
    // allocations that existed when a kernel was launched, and this one runs until the end.
    let dev = Device::open(0).expect("device");
    let bufs = Bufs {
        sums: DeviceBuffer::zeroed(&dev, 1024).expect("sums"),
        marks: DeviceBuffer::zeroed(&dev, marks.max(1)).expect("marks"),
        counter: DeviceBuffer::zeroed(&dev, 4).expect("counter"),
        order: DeviceBuffer::zeroed(&dev, marks.max(1)).expect("order"),
        gate: MappedBuffer::new(&dev, 64, false).expect("gate"),
    };
    let rt = configure(b.max_args_bytes(8)).build().expect("runtime");
    rt.set_global("sums", &bufs.sums.device_ptr())
        .expect("sums");
    rt.set_global("marks", &bufs.marks.device_ptr())
        .expect("marks");
    rt.set_global("counter", &bufs.counter.device_ptr())
        .expect("counter");
    rt.set_global("order", &bufs.order.device_ptr())
        .expect("order");
    rt.set_global("gate", &bufs.gate.device_ptr())
        .expect("gate");
    (bufs, t, rt)
}

fn fib(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a + b);
    }
    a
}

/// Submits `n` tiny tasks with `submit_with`, checks the checksum and (for the first `marked`)
/// that each ran exactly once, and prints the end-to-end rate.
fn host_tasks(
    label: &str,
    n: u64,
    marked: u32,
    configure: impl FnOnce(grosr::runtime::Builder) -> grosr::runtime::Builder,
) {
    let (bufs, t, rt) = setup(configure, marked as usize);
    let job = rt.job().expect("job");
    let start = Instant::now();
    job.submit_with(t.add, n as usize, 0, |i| Item {
        i: i as u32,
        n: marked,
    })
    .expect("submit");
    job.wait_timeout(DEADLINE).expect("wait");
    let secs = start.elapsed().as_secs_f64();
    let sum: u64 = bufs.sums.to_vec().expect("sums").iter().sum();
    assert_eq!(sum, n * (n - 1) / 2, "checksum");
    let marks = bufs.marks.to_vec().expect("marks");
    let bad: Vec<_> = marks
        .iter()
        .enumerate()
        .filter(|(_, &m)| m != 1)
        .take(5)
        .collect();
    assert!(bad.is_empty(), "tasks lost or run twice: {bad:?}");
    let s = rt.stats().expect("stats");
    assert_eq!(s.executed[t.add.id() as usize], n);
    assert_eq!(s.submitted[t.add.id() as usize], n);
    eprintln!(
        "{label}: {n} host tasks in {:.3} s, {:.1} M tasks/s end to end ({} blocks)",
        secs,
        n as f64 / secs / 1e6,
        rt.blocks()
    );
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn host_tasks_1e8_checksum_and_1e7_marks() {
    host_tasks("default ingress", 100_000_000, 10_000_000, |b| b);
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn host_tasks_with_the_ingress_pipeline() {
    // The experimental ingress path: same checks, and its rate beside the default's.
    host_tasks("pipelined ingress", 100_000_000, 10_000_000, |b| {
        b.ingress_pipeline(true)
    });
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn fib_spawn_tree_wait_is_exact() {
    fib_trees(|b| b);
}

fn fib_trees(configure: impl FnOnce(grosr::runtime::Builder) -> grosr::runtime::Builder) {
    let (bufs, t, rt) = setup(configure, 1);
    for n in [1u32, 2, 10, 25] {
        bufs.counter.fill_bytes(0).expect("zero");
        let job = rt.job().expect("job");
        job.submit(t.fib, &Item { i: n, n: 0 }).expect("submit");
        job.wait_timeout(DEADLINE).expect("wait");
        let c = bufs.counter();
        // A wait that returned early would see a partial count.
        assert_eq!(c[2], fib(n as u64), "fib({n})");
        assert_eq!(c[0], 2 * fib(n as u64 + 1) - 1, "tasks of fib({n})");
        assert_eq!(job.status().expect("status"), JobStatus::Done);
    }
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn random_dags_and_concurrent_jobs() {
    random_dags(|b| b);
}

fn random_dags(configure: impl FnOnce(grosr::runtime::Builder) -> grosr::runtime::Builder) {
    let (bufs, t, rt) = setup(configure, 1);
    fn mix(mut x: u32) -> u32 {
        x ^= x >> 16;
        x = x.wrapping_mul(0x7feb352d);
        x ^= x >> 15;
        x = x.wrapping_mul(0x846ca68b);
        x ^= x >> 16;
        x
    }
    fn count(seed: u32, depth: u32) -> u64 {
        if depth >= 9 {
            return 1;
        }
        let k = mix(seed) % 4;
        1 + (0..k)
            .map(|c| count(mix(seed.wrapping_mul(4).wrapping_add(c + 1)), depth + 1))
            .sum::<u64>()
    }
    let roots: Vec<Node> = (0..64)
        .map(|s| Node {
            seed: s * 7919 + 1,
            depth: 0,
        })
        .collect();
    let expected: u64 = roots.iter().map(|r| count(r.seed, 0)).sum();
    // Many jobs at once: each waits for its own tree only.
    let jobs: Vec<_> = roots
        .iter()
        .map(|r| {
            let j = rt.job().expect("job");
            j.submit(t.dag, r).expect("submit");
            j
        })
        .collect();
    for j in &jobs {
        j.wait_timeout(DEADLINE).expect("wait");
    }
    let s = rt.stats().expect("stats");
    let marks = bufs.counter()[0];
    eprintln!(
        "random DAGs: expected {expected}, counted by tasks {marks}, executed {}, spawned {}, steals {}",
        s.executed[t.dag.id() as usize],
        s.spawned[t.dag.id() as usize],
        s.steals
    );
    assert_eq!(marks, expected);
    assert_eq!(s.executed[t.dag.id() as usize], expected);
    assert_eq!(
        s.spawned[t.dag.id() as usize],
        expected - roots.len() as u64
    );
    eprintln!("random DAGs: {expected} tasks, {} steals", s.steals);
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn block_tasks_spawning_thousands_count_exactly_across_jobs() {
    block_fans(|b| b);
}

fn block_fans(configure: impl FnOnce(grosr::runtime::Builder) -> grosr::runtime::Builder) {
    // 8 jobs at once, 4 block-wide fans each: their spawns fill the spawn stacks (shared memory,
    // then the device-memory tier) and overflow into the queues; batches mix jobs (one job's
    // accounting path) or hold one (the one-atomic path).
    const JOBS: u32 = 8;
    const FANS: u32 = 4;
    const PER: u32 = 3000;
    let total = (JOBS * FANS * PER) as usize;
    let (bufs, t, rt) = setup(configure, total);
    for round in 0..3 {
        bufs.marks.fill_bytes(0).expect("clear");
        let before = rt.stats().expect("stats");
        let jobs: Vec<_> = (0..JOBS)
            .map(|j| {
                let job = rt.job().expect("job");
                job.submit_with(t.block_fan, FANS as usize, 0, |f| Item {
                    i: (j * FANS + f as u32) * PER,
                    n: PER,
                })
                .expect("submit");
                job
            })
            .collect();
        for j in &jobs {
            j.wait_timeout(DEADLINE).expect("wait");
        }
        let m = bufs.marks.to_vec().expect("marks");
        let bad = m.iter().filter(|&&v| v != 1).count();
        assert_eq!(
            bad, 0,
            "round {round}: {bad} of {total} slots not marked exactly once"
        );
        let s = rt.stats().expect("stats");
        let add = t.add.id() as usize;
        assert_eq!(
            s.executed[add] - before.executed[add],
            total as u64,
            "round {round}"
        );
        assert_eq!(
            s.spawned[add] - before.spawned[add],
            total as u64,
            "round {round}"
        );
        eprintln!(
            "round {round}: {total} spawns by {} block tasks, overflow {} so far",
            JOBS * FANS,
            s.spawn_overflow
        );
    }
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn warp_and_block_width_tasks() {
    widths(|b| b);
}

fn widths(configure: impl FnOnce(grosr::runtime::Builder) -> grosr::runtime::Builder) {
    let (bufs, t, rt) = setup(configure, 4096);
    let job = rt.job().expect("job");
    job.submit_with(t.warp_sum, 2048, 0, |i| Item { i: i as u32, n: 0 })
        .expect("warp");
    job.submit_with(t.block_sum, 2048, 1, |i| Item {
        i: 2048 + i as u32,
        n: 0,
    })
    .expect("block");
    job.wait_timeout(DEADLINE).expect("wait");
    let m = bufs.marks.to_vec().expect("marks");
    assert!(m[..2048].iter().all(|&v| v == 496), "warp tasks");
    assert!(m[2048..].iter().all(|&v| v == 255 * 256 / 2), "block tasks");
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn larger_batches_run_every_kind_of_task_exactly_once() {
    // Batches of 2 and 4 entries a thread (Builder::batch_capacity), spilling or keeping spawns
    // (Builder::sharing): host streams (whole-batch takes), spawn trees, DAGs over concurrent jobs,
    // block fans that overflow the stacks, and mixed widths, each checked exactly as with the
    // default batch.
    for (batch, sharing) in [
        (512u32, Sharing::Spill),
        (1024, Sharing::Spill),
        (1024, Sharing::Keep),
    ] {
        let with = move |b: grosr::runtime::Builder| b.batch_capacity(batch).sharing(sharing);
        let label = format!("batch {batch}, {sharing:?}");
        host_tasks(&label, 10_000_000, 1_000_000, with);
        fib_trees(with);
        random_dags(with);
        block_fans(with);
        widths(with);
        eprintln!("{label}: every check passed");
    }
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn high_priority_tasks_start_before_a_low_priority_flood() {
    const LOW: u32 = 50_000;
    const HIGH: u32 = 512;
    // One block (256 threads) and 2.5 ms tasks: the flood lasts about 50,000 / 256 × 2.5 ms ≈ 0.5 s.
    let (bufs, t, rt) = setup(|b| b.blocks(1), (LOW + HIGH) as usize);
    let job = rt.job().expect("job");
    job.submit_with(t.ordered, LOW as usize, 0, |i| Item {
        i: i as u32,
        n: 2_500_000,
    })
    .expect("low");
    // Submit the high-priority tasks once the flood is running.
    let t0 = Instant::now();
    while bufs.counter()[1] == 0 {
        assert!(t0.elapsed() < DEADLINE, "the flood never started");
        std::thread::sleep(Duration::from_micros(100));
    }
    let before = bufs.counter()[1];
    job.submit_with(t.ordered, HIGH as usize, 1, |i| Item {
        i: LOW + i as u32,
        n: 0,
    })
    .expect("high");
    job.wait_timeout(DEADLINE).expect("wait");
    eprintln!(
        "priorities: {before} tasks had started when the high ones were submitted; flood done after {:?}",
        t0.elapsed()
    );
    let order = bufs.order.to_vec().expect("order");
    let high = &order[LOW as usize..];
    let high_max = high.iter().max().copied().unwrap_or(0);
    let early = high.iter().filter(|&&s| s < LOW / 2).count();
    let mut sorted = high.to_vec();
    sorted.sort_unstable();
    eprintln!(
        "priorities: high-priority start positions: median #{}, last #{high_max}; {early} of {HIGH} started before half of the {LOW}-task flood",
        sorted[sorted.len() / 2]
    );
    // At least 90% of the high tasks started while half of the flood was still waiting.
    assert!(
        early as u32 >= HIGH * 9 / 10,
        "high priority did not overtake: {early} of {HIGH} started early"
    );
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn backpressure_full_then_timeout_then_recovers() {
    let (bufs, t, rt) = setup(|b| b.blocks(1).ingress_capacity(512), 1);
    let job = rt.job().expect("job");
    // The block takes up to 256 gated tasks and blocks on them; the ring then fills.
    let mut accepted = 0u64;
    let full_at = loop {
        match job.try_submit(t.gated, &Item { i: 0, n: 0 }) {
            Ok(()) => accepted += 1,
            Err(Error::Full) => break accepted,
            Err(e) => {
                bufs.open_gate();
                panic!("unexpected {e}");
            }
        }
        if accepted > 10_000 {
            bufs.open_gate();
            panic!("the ring never filled");
        }
    };
    let t0 = Instant::now();
    let r = job.submit_timeout(t.gated, &Item { i: 0, n: 0 }, Duration::from_millis(50));
    let waited = t0.elapsed();
    bufs.open_gate();
    assert!(matches!(r, Err(Error::Timeout(_))), "{r:?}");
    assert!(waited < Duration::from_secs(1), "timeout took {waited:?}");
    // Not counted in the job: the job still completes exactly.
    job.wait_timeout(DEADLINE).expect("drains");
    assert_eq!(bufs.counter()[0], full_at);
    // And the runtime takes work again.
    job.submit_with(t.gated, 10_000, 0, |_| Item { i: 0, n: 0 })
        .expect("submit after recovery");
    job.wait_timeout(DEADLINE).expect("wait");
    assert_eq!(bufs.counter()[0], full_at + 10_000);
    eprintln!("backpressure: ring full after {full_at} tasks; submit timed out in {waited:?}");
}

fn free_mem(dev: &Device) -> usize {
    dev.mem_info().expect("mem").0
}

/// Free device memory once it is back at `base`, or (after a second) whatever it is then, with a
/// note of how long the driver took: frees the driver completes late are not leaks.
fn free_mem_settled(dev: &Device, base: usize, what: &str) -> usize {
    let t0 = Instant::now();
    loop {
        let now = free_mem(dev);
        if now == base || t0.elapsed() > Duration::from_secs(1) {
            eprintln!(
                "{what}: free {now} (start {base}, {:+} bytes) after {:?}",
                now as i64 - base as i64,
                t0.elapsed()
            );
            if now != base {
                // Diagnostics: does a whole-context synchronize give it back?
                dev.synchronize().expect("synchronize");
                let after = free_mem(dev);
                eprintln!(
                    "{what}: after a context synchronize {:+} bytes",
                    after as i64 - base as i64
                );
            }
            return now;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn shutdown_drain_cancel_and_drop_return_memory() {
    const N: usize = 1_000_000;
    // Hold the context so its own memory is not part of the measurement.
    let dev = Device::open(0).expect("device");
    // Drop mid-flight, without shutdown (the kernel stops with tasks running and queued).
    let drop_mid_flight = |what: &str| {
        let (bufs, t, rt) = setup(|b| b, 1);
        let job = rt.job().expect("job");
        job.submit_with(t.ordered, N, 0, |_| Item { i: 0, n: 5_000_000 })
            .expect("submit");
        let t0 = Instant::now();
        drop(job);
        drop(rt);
        eprintln!("{what}: stopped the kernel in {:?}", t0.elapsed());
        drop(bufs);
    };
    // Warm-up runtimes: the compile cache and the context's lazy allocations. On an H100 the
    // context kept 2 MiB more at the first runtime of a process and again at about the fourth or
    // fifth (the fourth with session 8's scheduler, the fifth with session 10's smaller one: it
    // follows the number of modules loaded, so it looks like the driver's code heap), whichever
    // way that runtime ended, and nothing more after it (results/2026-11-26-session8/run19-run23,
    // results/2026-11-26-session10): driver memory, not the runtime's. So at least eight runtimes
    // are created and dropped, until free memory stops moving, and every runtime after that must
    // give back exactly what it took.
    let mut base = free_mem(&dev);
    for k in 1..=12 {
        let (bufs, _t, rt) = setup(|b| b, 1);
        drop(rt);
        drop(bufs);
        let now = free_mem(&dev);
        eprintln!(
            "warm-up runtime {k}: free {now} ({:+} bytes)",
            now as i64 - base as i64
        );
        let stable = now == base && k >= 8;
        base = now;
        if stable {
            break;
        }
    }

    // Drain: everything runs.
    let (bufs, t, rt) = setup(|b| b, 1);
    {
        let job = rt.job().expect("job");
        job.submit_with(t.yielder, N, 0, |i| Item { i: i as u32, n: 2 })
            .expect("submit");
        let report = rt.shutdown(ShutdownMode::Drain, DEADLINE).expect("drain");
        assert_eq!(bufs.counter()[0], N as u64);
        assert_eq!(report.cancelled, 0);
        assert_eq!(
            report.executed,
            3 * N as u64,
            "each task ran 3 times (2 yields)"
        );
        job.wait().expect("a drained job is done");
    }
    drop(bufs);
    assert_eq!(
        free_mem_settled(&dev, base, "memory after drain"),
        base,
        "memory after drain"
    );

    // Cancel: 10^6 tasks of 50 ms each take several waves of the whole grid, so most are still
    // queued when the cancel arrives; those never run and are reported.
    let (bufs, t, rt) = setup(|b| b, 1);
    {
        let job = rt.job().expect("job");
        job.submit_with(t.ordered, N, 0, |i| Item {
            i: 0,
            n: 50_000_000 + (i as u32 & 1),
        })
        .expect("submit");
        let report = rt.shutdown(ShutdownMode::Cancel, DEADLINE).expect("cancel");
        eprintln!("cancel: {report:?}");
        assert!(report.cancelled > 0, "{report:?}");
        assert_eq!(report.executed + report.cancelled, N as u64, "{report:?}");
        assert_eq!(job.status().expect("status"), JobStatus::Cancelled);
    }
    drop(bufs);
    assert_eq!(
        free_mem_settled(&dev, base, "memory after cancel"),
        base,
        "memory after cancel"
    );

    // Drop mid-flight, twice.
    for what in ["memory after drop", "memory after a second drop"] {
        drop_mid_flight(what);
        assert_eq!(free_mem_settled(&dev, base, what), base, "{what}");
    }

    // The device still works.
    let (bufs, t, rt) = setup(|b| b, 1);
    let job = rt.job().expect("job");
    job.submit(t.fib, &Item { i: 15, n: 0 }).expect("submit");
    job.wait_timeout(DEADLINE).expect("wait");
    assert_eq!(bufs.counter()[2], fib(15));
}

/// Lone submissions take the express slot (invariant 7): thread- and warp-wide tasks, tasks that
/// spawn trees, tasks that fail, block-wide tasks (never express), with express on and off, and a
/// submission while another job is pending (ring). Every result and every statistic is checked.
#[test]
#[ignore = "needs a CUDA GPU"]
fn express_submissions_run_every_kind_of_task_exactly_once() {
    let (bufs, t, rt) = setup(|b| b, 4096);
    let (mut fibs, mut adds, mut fails) = (0u64, 0u64, 0u64);
    for k in 0..2000u32 {
        if k % 250 == 0 {
            eprintln!(
                "express test: {k} submissions done, express {}",
                k / 250 % 2 == 0
            );
        }
        rt.set_express(k / 250 % 2 == 0).expect("express");
        match k % 5 {
            0 => {
                rt.submit(t.fib, &Item { i: 10, n: 0 })
                    .expect("submit")
                    .wait_timeout(DEADLINE)
                    .expect("fib");
                fibs += 1;
                let c = bufs.counter();
                // Exact when the wait returns: every task of the tree has run.
                assert_eq!(c[2], fibs * fib(10), "fib leaves after {fibs} trees");
                assert_eq!(
                    c[0],
                    fibs * (2 * fib(11) - 1),
                    "fib tasks after {fibs} trees"
                );
            }
            1 => rt
                .submit(t.warp_sum, &Item { i: k, n: 0 })
                .expect("submit")
                .wait_timeout(DEADLINE)
                .expect("warp_sum"),
            2 => {
                let r = rt
                    .submit(t.maybe_fail, &Item { i: 9, n: 9 })
                    .expect("submit")
                    .wait_timeout(DEADLINE);
                assert!(
                    matches!(r, Err(Error::TaskFailed { code: 77, .. })),
                    "{r:?}"
                );
                fails += 1;
            }
            3 => {
                rt.submit(t.add, &Item { i: k, n: 0 })
                    .expect("submit")
                    .wait_timeout(DEADLINE)
                    .expect("add");
                adds += k as u64;
            }
            _ => rt
                .submit(t.block_sum, &Item { i: k, n: 0 })
                .expect("submit")
                .wait_timeout(DEADLINE)
                .expect("block_sum"),
        }
    }
    rt.set_express(true).expect("express");
    eprintln!("express test: a lone submission while a gated job waits");
    // With a job pending, a lone submission goes through the ring and still completes.
    let held = rt.submit(t.gated, &Item { i: 0, n: 0 }).expect("gated");
    rt.submit(t.add, &Item { i: 7, n: 0 })
        .expect("submit")
        .wait_timeout(DEADLINE)
        .expect("add while another job waits");
    adds += 7;
    bufs.open_gate();
    held.wait_timeout(DEADLINE).expect("gated");
    let marks = bufs.marks.to_vec().expect("marks");
    for (k, &m) in marks.iter().enumerate().take(2000) {
        match k % 5 {
            1 => assert_eq!(m, 496, "warp task {k}"),
            4 => assert_eq!(m, (0..256u32).sum::<u32>(), "block task {k}"),
            _ => {}
        }
    }
    let sum: u64 = bufs.sums.to_vec().expect("sums").iter().sum();
    assert_eq!(sum, adds, "checksum of the add tasks");
    let c = bufs.counter();
    assert_eq!(
        c[0],
        fibs * (2 * fib(11) - 1) + 1,
        "fib tasks and the gated one"
    );
    let s = rt.stats().expect("stats");
    for (ty, n) in [
        (t.warp_sum.id(), 400u64),
        (t.maybe_fail.id(), fails),
        (t.block_sum.id(), 400),
    ] {
        assert_eq!(
            (s.submitted[ty as usize], s.executed[ty as usize]),
            (n, n),
            "type {ty}"
        );
    }
    assert_eq!(s.executed[t.add.id() as usize], 401);
    assert_eq!(
        s.executed[t.fib.id() as usize],
        fibs * (2 * fib(11) - 1),
        "fib tasks executed"
    );
}

/// `spawn_on`: a root task pushes 3 leaves per scheduler block straight into the blocks' queues;
/// every leaf runs exactly once and the job's wait returns only after all of them, whether the root
/// came through the express slot (which must see that its task spawned) or through the ring.
#[test]
#[ignore = "needs a CUDA GPU"]
fn spawn_on_fans_out_to_every_block_and_the_wait_is_exact() {
    let (bufs, t, rt) = setup(|b| b, 4096);
    let n = (3 * rt.blocks()).min(4096);
    for round in 0..40u64 {
        rt.set_express(round % 2 == 0).expect("express");
        rt.submit(t.fan, &Item { i: 0, n })
            .expect("submit")
            .wait_timeout(DEADLINE)
            .expect("fan");
        // Exact when the wait returns: every leaf has run.
        assert_eq!(
            bufs.counter()[3],
            (round + 1) * n as u64,
            "leaves after round {round}"
        );
    }
    let marks = bufs.marks.to_vec().expect("marks");
    for (k, &m) in marks.iter().enumerate().take(n as usize) {
        assert_eq!(m, 40, "leaf {k}");
    }
    let s = rt.stats().expect("stats");
    let id = t.fan.id() as usize;
    assert_eq!(s.spawned[id], 40 * n as u64, "spawned");
    assert_eq!(s.executed[id], 40 * (n as u64 + 1), "executed");
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn failing_task_fails_its_ticket_only() {
    let (bufs, t, rt) = setup(|b| b, 1);
    let bad = rt
        .submit(t.maybe_fail, &Item { i: 3, n: 3 })
        .expect("submit");
    let good = rt
        .submit(t.maybe_fail, &Item { i: 1, n: 3 })
        .expect("submit");
    match bad.wait_timeout(DEADLINE) {
        Err(Error::TaskFailed { task_type, code }) => {
            assert_eq!((task_type, code), (t.maybe_fail.id(), 77))
        }
        other => panic!("expected TaskFailed, got {other:?}"),
    }
    good.wait_timeout(DEADLINE)
        .expect("the other ticket is fine");
    assert!(good.is_done().expect("done"));
    // A job of many tasks where one fails: the job fails, the rest still ran.
    let job = rt.job().expect("job");
    job.submit_with(t.maybe_fail, 1000, 0, |i| Item {
        i: i as u32,
        n: 500,
    })
    .expect("submit");
    assert!(matches!(
        job.wait_timeout(DEADLINE),
        Err(Error::TaskFailed { code: 77, .. })
    ));
    // The runtime is unaffected.
    let ok = rt.job().expect("job");
    ok.submit(t.fib, &Item { i: 12, n: 0 }).expect("submit");
    ok.wait_timeout(DEADLINE).expect("wait");
    let _ = bufs;
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn endless_task_times_out_and_runtime_stays_usable() {
    let (bufs, t, rt) = setup(|b| b.job_timeout(Duration::from_millis(200)), 1);
    eprintln!("endless: step 1 at {:?}", std::time::SystemTime::now());
    // Whatever happens below, the gate opens before the runtime stops (locals drop in reverse).
    struct OpenOnDrop<'a>(&'a Bufs);
    impl Drop for OpenOnDrop<'_> {
        fn drop(&mut self) {
            self.0.open_gate();
        }
    }
    let _gate = OpenOnDrop(&bufs);
    let job = rt.job().expect("job");
    eprintln!("endless: step 2 at {:?}", std::time::SystemTime::now());
    job.submit(t.gated, &Item { i: 0, n: 0 }).expect("submit");
    eprintln!("endless: step 3 at {:?}", std::time::SystemTime::now());
    let t0 = Instant::now();
    eprintln!("endless: step 4 at {:?}", std::time::SystemTime::now());
    let r = job.wait();
    eprintln!("endless: step 5 at {:?}", std::time::SystemTime::now());
    let took = t0.elapsed();
    eprintln!("endless: step 6 at {:?}", std::time::SystemTime::now());
    assert!(matches!(r, Err(Error::Timeout(_))), "{r:?}");
    eprintln!("endless: step 7 at {:?}", std::time::SystemTime::now());
    assert!(took < Duration::from_secs(1), "{took:?}");
    eprintln!("endless: step 8 at {:?}", std::time::SystemTime::now());
    assert_eq!(job.status().expect("status"), JobStatus::Pending);
    eprintln!("endless: step 9 at {:?}", std::time::SystemTime::now());
    // Other jobs still run while it spins.
    let other = rt.job().expect("job");
    eprintln!("endless: step 10 at {:?}", std::time::SystemTime::now());
    other.submit(t.fib, &Item { i: 10, n: 0 }).expect("submit");
    eprintln!("endless: step 11 at {:?}", std::time::SystemTime::now());
    other
        .wait_timeout(Duration::from_secs(10))
        .expect("another job runs while one task spins");
    // Release it: the job then finishes.
    bufs.open_gate();
    eprintln!("endless: step 12 at {:?}", std::time::SystemTime::now());
    job.wait_timeout(Duration::from_secs(10))
        .expect("finishes after the gate opens");
    eprintln!("endless: end");
}

/// A minimal executor: polls a future on this thread, parking between wake-ups.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut f = std::pin::pin!(f);
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        assert!(Instant::now() < deadline, "future never resolved");
        std::thread::park_timeout(Duration::from_millis(100));
    }
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn waits_work_as_futures() {
    let (bufs, t, rt) = setup(|b| b, 1);
    let job = rt.job().expect("job");
    job.submit(t.fib, &Item { i: 20, n: 0 }).expect("submit");
    block_on(job.wait_async()).expect("future");
    assert_eq!(bufs.counter()[2], fib(20));
    let ticket = rt
        .submit(t.maybe_fail, &Item { i: 1, n: 1 })
        .expect("submit");
    assert!(matches!(
        block_on(ticket.wait_async()),
        Err(Error::TaskFailed { code: 77, .. })
    ));
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn round_trip_latency_and_throughput_probe() {
    let (bufs, t, rt) = setup(|b| b, 1);
    // Round trip: one task at a time, host -> task -> host.
    let job = rt.job().expect("job");
    let mut lat = Vec::with_capacity(10_000);
    for _ in 0..10_000 {
        let t0 = Instant::now();
        job.submit(t.maybe_fail, &Item { i: 1, n: 0 })
            .expect("submit");
        job.wait_timeout(DEADLINE).expect("wait");
        lat.push(t0.elapsed().as_secs_f64() * 1e6);
    }
    lat.sort_by(f64::total_cmp);
    eprintln!(
        "round trip: p50 {:.2} us, p99 {:.2} us, min {:.2} us",
        lat[lat.len() / 2],
        lat[lat.len() * 99 / 100],
        lat[0]
    );
    assert_eq!(bufs.counter()[0], 10_000);
    // Device-spawned throughput: fib(32) is 7 M tasks.
    bufs.counter.fill_bytes(0).expect("zero");
    let t0 = Instant::now();
    let job = rt.job().expect("job");
    job.submit(t.fib, &Item { i: 32, n: 0 }).expect("submit");
    job.wait_timeout(DEADLINE).expect("wait");
    let secs = t0.elapsed().as_secs_f64();
    let tasks = bufs.counter()[0];
    assert_eq!(tasks, 2 * fib(33) - 1);
    eprintln!(
        "device-spawned: {tasks} tasks in {:.2} ms = {:.0} M tasks/s",
        secs * 1e3,
        tasks as f64 / secs / 1e6
    );
    let _ = t.add;
}

/// CPU (CI): the task sources above compile with the scheduler, so a GPU run never finds a typo.
#[test]
fn test_task_sources_compile_without_a_gpu() {
    let mut b = Runtime::builder();
    for (name, w) in [
        ("add", Width::Thread),
        ("fib", Width::Thread),
        ("dag", Width::Thread),
        ("warp_sum", Width::Warp),
        ("block_sum", Width::Block),
        ("ordered", Width::Thread),
        ("gated", Width::Thread),
        ("maybe_fail", Width::Thread),
        ("yielder", Width::Thread),
        ("fan", Width::Thread),
    ] {
        let _ = b.task::<Item>(name, SRC, w);
    }
    let arch = grosr::device::Arch::parse("sm_90").expect("arch");
    b.max_args_bytes(8).check(arch).expect("compiles");
}

/// CPU (CI): a task source that does not compile is an error at build time, with NVRTC's log.
#[test]
fn bad_task_source_is_a_compile_error_with_the_log() {
    let mut b = Runtime::builder();
    let _ = b.task::<Item>(
        "oops",
        "struct Item { u32 i; u32 n; };\nGROSR_TASK(oops, Item) {\n  undefined_fn();\n}\n",
        Width::Thread,
    );
    let arch = grosr::device::Arch::parse("sm_90").expect("arch");
    match b.max_args_bytes(8).check(arch) {
        Err(Error::Compile { log, .. }) => assert!(log.contains("oops.cu(3)"), "{log}"),
        other => panic!("expected a compile error, got {other:?}"),
    }
    // Args too large for the descriptor: a clear error before compiling.
    let mut b = Runtime::builder();
    let _ = b.task::<[u64; 4]>("big", "", Width::Thread);
    assert!(matches!(
        b.max_args_bytes(16).check(arch),
        Err(Error::Invalid { .. })
    ));
}

/// Block-width tasks that fill and read back the whole task shared area (`task_shared_bytes`).
const SMEM_SRC: &str = r#"
struct Round { u32 round; u32 pad; };
__device__ u32* smem_out;  // [0] words read back wrong, [1] threads that ran
__device__ __forceinline__ u32 smem_word(u32 i, u32 round) { return i * 2654435761u + round; }
// Every thread writes its words, then checks the mirror words another warp wrote.
GROSR_TASK(smem_mirror, Round) {
    u32* a = static_cast<u32*>(grosr::task_shared());
    const u32 words = GROSR_TASK_SHARED_BYTES / 4u;
    for (u32 i = threadIdx.x; i < words; i += GROSR_BLOCK) a[i] = smem_word(i, args.round);
    __syncthreads();
    u32 bad = 0;
    for (u32 i = threadIdx.x; i < words; i += GROSR_BLOCK) bad += a[words - 1 - i] != smem_word(words - 1 - i, args.round);
    __syncthreads();
    if (bad) atomicAdd(&smem_out[0], bad);
    atomicAdd(&smem_out[1], 1u);
}
"#;

#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
struct Round {
    round: u32,
    pad: u32,
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn block_tasks_own_the_task_shared_area() {
    let dev = Device::open(0).expect("device");
    // More than the 48 KiB a block gets without opting in: the build must opt in.
    let bytes = 96 * 1024;
    let out = DeviceBuffer::<u32>::zeroed(&dev, 2).expect("out");
    let mut b = Runtime::builder()
        .task_shared_bytes(bytes)
        .job_timeout(DEADLINE);
    let ty: TaskType<Round> = b.task("smem_mirror", SMEM_SRC, Width::Block);
    let rt = b
        .build()
        .expect("runtime with 96 KiB of task shared memory");
    assert!(rt.blocks() >= dev.sm_count(), "at least a block per SM");
    rt.set_global("smem_out", &out.device_ptr())
        .expect("global");
    let tasks = 4 * rt.blocks() as usize;
    let job = rt.job().expect("job");
    job.submit_with(ty, tasks, 0, |i| Round {
        round: i as u32,
        pad: 0,
    })
    .expect("submit");
    job.wait_timeout(DEADLINE).expect("wait");
    let got = out.to_vec().expect("out");
    assert_eq!(got[0], 0, "words read back wrong");
    assert_eq!(got[1], (tasks * 256) as u32, "threads that ran");
    drop(rt);
    // More than any block can have: a clear error, not a failed launch.
    let mut b = Runtime::builder().task_shared_bytes(1 << 30);
    let _: TaskType<Round> = b.task("smem_mirror", SMEM_SRC, Width::Block);
    match b.build() {
        Err(Error::Invalid { what, .. }) => assert_eq!(what, "task_shared_bytes"),
        other => panic!("expected an Invalid error, got {:?}", other.map(|_| ())),
    }
}
