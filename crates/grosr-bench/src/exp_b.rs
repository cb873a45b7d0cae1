//! Experiment B: throughput of N tiny tasks (`results[i] = 2*i`), each its own descriptor.
//!
//! Variants (B runs the grosr ones; B+ runs them beside every baseline, for the same N):
//! - `grosr_host`: the host submits N descriptors (`submit_with`), then waits for the job;
//! - `grosr_device`: the host submits one root per block-sized range; each root unfolds on the GPU
//!   into a spawn tree whose leaves are N individual `b_write` tasks (tasks/s counts the N leaves;
//!   the tree's inner nodes are reported in `extra.tasks_executed`);
//! - `grosr_fan`: the host submits one block-wide `b_spread` task; it sends one block-wide `b_fan`
//!   task per `fan_chunk` items to the scheduler blocks (`spawn_on`), and each `b_fan` spawns its
//!   items' N individual `b_write` tasks with all its threads at once (tasks/s counts the N leaves;
//!   the 1 + N / fan_chunk inner tasks are in `extra.tasks_executed`);
//! - `grosr_range`: one descriptor per `range_chunk` items run by a warp, a separate variant, never
//!   in the per-task columns;
//! - baselines (B+ only): `launch_sync`, `launch_batched`, `cuda_graph` (replay; capture and
//!   instantiation reported apart as `cuda_graph_build`), `bulk`.
//!
//! Validation after every iteration, outside the timed region: a GPU-side mismatch counter over
//! `results[i] == 2*i` (the buffer is poisoned with 0xFF bytes before each iteration).
//!
//! Parameters (`--param`): `ns=1000,10000`, `fanout` (tree fan-out, default 4), `root_chunk`
//! (default: N / scheduler blocks, at least 32), `range_chunk` (default 1024), `max_launch_n`
//! (largest N for the per-launch baselines, default 50000), `dq_cap`, `blocks`, `job_timeout_s`,
//! `fan_chunk` (default N / scheduler blocks, at least 512), `tier_cap` (the runtime's spawn-stack tier; default: the runtime's),
//! `batch` (tasks per scheduler iteration of the default runtime, `Builder::batch_capacity`;
//! default 256), `wide_batch` (the same for the wide runtime; default 1024), `wide_sharing=keep|spill`
//! (the wide runtime's `Builder::sharing`; default keep), `variants` (a comma-separated subset of
//! the variants above; default all).
//!
//! The grosr variants run on two runtimes, one after the other (each fills the GPU): host-fed and
//! tree on the builder's defaults, fans and ranges on a wide one (1024-task batches,
//! `Sharing::Keep`, `min_blocks_per_sm(5)`); every grosr row records `batch` and `sharing_keep`.

use crate::baselines::{Mismatch, RawKernels};
use crate::measure::{repeat, Outcome};
use crate::params;
use crate::record::{BenchOpts, Progress, Record, Result};
use crate::tasks;
use bytemuck::{Pod, Zeroable};
use grosr::device::DeviceBuffer;
use grosr::runtime::{Runtime, Sharing, TaskType, Width};
use std::time::{Duration, Instant};

/// The task sources; `B_FANOUT` is defined in front of them at run time (`--param fanout`).
pub const TASK_SOURCE: &str = r#"
#ifndef B_FANOUT
#define B_FANOUT 4u
#endif
struct BItem { u32 i; };
struct BRange { u32 lo; u32 n; };
__device__ u32* b_results;
// One tiny task: results[i] = 2*i.
GROSR_TASK(b_write, BItem) { b_results[args.i] = 2u * args.i; }
// Thread level: a node of the spawn tree over [lo, lo + n). At most B_FANOUT items: one b_write
// task per item; else B_FANOUT child nodes (a small fan-out keeps each block's live set small).
GROSR_TASK(b_node, BRange) {
    u32 end = args.lo + args.n;
    if (args.n <= B_FANOUT) {
        for (u32 i = args.lo; i < end; ++i) ctx.spawn(GROSR_TYPE(b_write), BItem{i});
    } else {
        u32 step = (args.n + B_FANOUT - 1u) / B_FANOUT;
        for (u32 lo = args.lo; lo < end; lo += step) {
            ctx.spawn(GROSR_TYPE(b_node), BRange{lo, min(step, end - lo)});
        }
    }
}
// Block level: one b_fan of `chunk` items per scheduler block over [0, n), sent with spawn_on.
struct BSpread { u32 n; u32 chunk; };
GROSR_TASK(b_spread, BSpread) {
    u32 fans = (args.n + args.chunk - 1u) / args.chunk;
    for (u32 r = threadIdx.x; r < fans; r += blockDim.x) {
        u32 lo = r * args.chunk;
        ctx.spawn_on(r, GROSR_TYPE(b_fan), BRange{lo, min(args.chunk, args.n - lo)});
    }
}
// Block level: one b_write task per item of [lo, lo + n), spawned by all the block's threads.
GROSR_TASK(b_fan, BRange) {
    for (u32 i = threadIdx.x; i < args.n; i += blockDim.x) ctx.spawn(GROSR_TYPE(b_write), BItem{args.lo + i});
}
// Warp level: one descriptor covering [lo, lo + n) (the separate "range" variant).
GROSR_TASK(b_range, BRange) {
    for (u32 i = args.lo + grosr::lane_id(); i < args.lo + args.n; i += 32u) b_results[i] = 2u * i;
}
"#;
const TASK_NAMES: [&str; 5] = ["b_write", "b_node", "b_range", "b_spread", "b_fan"];

/// Every variant B+ runs (B runs the grosr ones), in the order the rows come.
const VARIANTS: [&str; 8] = [
    "bulk",
    "launch_sync",
    "launch_batched",
    "cuda_graph",
    "grosr_host",
    "grosr_device",
    "grosr_fan",
    "grosr_range",
];

/// The variants `--param variants=a,b` names (all when absent); an unknown name is an error.
fn chosen_variants(opts: &BenchOpts) -> Result<Vec<&'static str>> {
    let Some(list) = opts.params.get("variants") else {
        return Ok(VARIANTS.to_vec());
    };
    list.split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| {
            VARIANTS
                .iter()
                .copied()
                .find(|k| *k == v)
                .ok_or_else(|| crate::BenchError::Invalid {
                    what: "variants".into(),
                    why: format!(
                        "unknown variant `{v}`; expected some of {}",
                        VARIANTS.join(",")
                    ),
                })
        })
        .collect()
}

#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
struct BItem {
    i: u32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
struct BSpread {
    n: u32,
    chunk: u32,
}

#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
struct BRange {
    lo: u32,
    n: u32,
}

/// Experiment B's CUDA programs (for `grosr check-kernels`).
pub fn programs() -> Vec<(String, String)> {
    let mut v = vec![(
        "exp_b_tasks.cu".into(),
        tasks::check_program(&TASK_NAMES, TASK_SOURCE),
    )];
    // The whole runtime program of B's wide profile (default fan-out and queue capacity), as `build`
    // generates it (the default profile's differs from it in the batch and the spill policy only).
    let defaults = tasks::builder_defaults().device_queue_capacity(DEFAULT_DQ_CAP);
    let mut b = match profiles(&BenchOpts::default()) {
        Ok([_, wide]) => wide.apply(defaults),
        Err(e) => {
            v.push(("exp_b_runtime.cu".into(), format!("#error {e:?}\n")));
            return v;
        }
    };
    let source = format!("#define B_FANOUT 4u\n{TASK_SOURCE}");
    b.task::<BItem>("b_write", &source, Width::Thread);
    b.task::<BRange>("b_node", &source, Width::Thread);
    b.task::<BRange>("b_range", &source, Width::Warp);
    b.task::<BSpread>("b_spread", &source, Width::Block);
    b.task::<BRange>("b_fan", &source, Width::Block);
    match b.program_source() {
        Ok(src) => v.push(("exp_b_runtime.cu".into(), src)),
        // A registration the builder rejects shows up as a program that does not compile.
        Err(e) => v.push(("exp_b_runtime.cu".into(), format!("#error {e:?}\n"))),
    }
    v
}

/// Items per `b_fan` unless `--param fan_chunk` says otherwise: one fan per scheduler block (N /
/// blocks items), but at least this many. One fan a block gave 47.5 against 50.3 µs for fans of 1024
/// items at 1M on an H100 once thieves left a queue's lone task to its owner (the rule's first form,
/// results/2026-11-26-session17/run1; `GROSR_STEAL_LONE_NS` now); before that, stolen fans made
/// several fans a block the better choice (results/2026-11-26-session13/run9).
const MIN_FAN_CHUNK: u32 = 512;

/// Items per `b_fan` for `n` items on `blocks` scheduler blocks (see [`MIN_FAN_CHUNK`]).
fn fan_chunk_for(n: u32, blocks: u32) -> u32 {
    n.div_ceil(blocks.max(1)).max(MIN_FAN_CHUNK)
}

/// Tasks per scheduler iteration of the wide runtime (fans and ranges) unless `--param wide_batch`
/// says otherwise: 16.3 against 12.1 G/s for the fan at 1M with 256 on an H100 (session 16 run1).
const WIDE_BATCH: u32 = 1024;

/// Device queue capacity of B's runtime unless `--param dq_cap` says otherwise.
const DEFAULT_DQ_CAP: u64 = 1 << 13;

/// Runs experiment B (the grosr variants). The contract's entry point.
pub fn run(opts: &BenchOpts, progress: &dyn Progress) -> Result<Vec<Record>> {
    run_collect(opts, progress)?.into_result()
}

/// Runs experiment B and keeps every row it could measure.
pub fn run_collect(opts: &BenchOpts, progress: &dyn Progress) -> Result<Outcome> {
    run_variants("b", opts, progress, false)
}

/// Default sizes of B and B+.
pub(crate) fn default_sizes(quick: bool) -> &'static [u32] {
    if quick {
        &[1000, 10_000]
    } else {
        &[1000, 10_000, 50_000, 1_000_000]
    }
}

struct GrosrB {
    rt: Runtime,
    write: TaskType<BItem>,
    node: TaskType<BRange>,
    range: TaskType<BRange>,
    spread: TaskType<BSpread>,
    /// The configuration it runs (its batch and sharing are reported with every grosr row).
    profile: Profile,
}

/// A runtime configuration of B's grosr variants: the `default` one (the builder's defaults: host
/// streams and spawn trees) and the `wide` one for block-wide fans and ranges (1024-task batches,
/// spawns kept where `spawn_on` put them: `Sharing::Keep`). A runtime fills the GPU, so they run one
/// after the other.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Profile {
    name: &'static str,
    variants: [&'static str; 2],
    batch: u32,
    sharing: Sharing,
    /// Builder::min_blocks_per_sm (0: none).
    min_blocks_per_sm: u32,
}

impl Profile {
    /// `b` configured with this profile's batch, sharing and launch bound.
    fn apply(&self, b: grosr::runtime::Builder) -> grosr::runtime::Builder {
        b.batch_capacity(self.batch)
            .sharing(self.sharing)
            .min_blocks_per_sm(self.min_blocks_per_sm)
    }
}

/// B's profiles, with `--param batch=N` (default runtime), `wide_batch=N` and
/// `wide_sharing=keep|spill` (wide runtime) applied.
fn profiles(opts: &BenchOpts) -> Result<[Profile; 2]> {
    let sharing = match opts.params.get("wide_sharing").map(|s| s.trim()) {
        None | Some("keep") => Sharing::Keep,
        Some("spill") => Sharing::Spill,
        Some(other) => {
            return Err(crate::BenchError::Invalid {
                what: "wide_sharing".into(),
                why: format!("{other:?}: expected keep or spill"),
            })
        }
    };
    Ok([
        Profile {
            name: "default",
            variants: ["grosr_host", "grosr_device"],
            batch: opts.param("batch", grosr::runtime::BLOCK_THREADS)?,
            sharing: Sharing::Spill,
            min_blocks_per_sm: 0,
        },
        Profile {
            name: "wide",
            variants: ["grosr_fan", "grosr_range"],
            batch: opts.param("wide_batch", WIDE_BATCH)?,
            sharing,
            // Five fit at 48 registers: four an SM beside the benchmark's reserved one. Without
            // the bound one register too many costs a block an SM (session 16 run5).
            min_blocks_per_sm: 5,
        },
    ])
}

fn start_runtime(
    opts: &BenchOpts,
    results: &DeviceBuffer<u32>,
    fanout: u32,
    profile: &Profile,
) -> Result<GrosrB> {
    let source = format!("#define B_FANOUT {fanout}u\n{TASK_SOURCE}");
    let dq_cap: u64 = opts.param("dq_cap", DEFAULT_DQ_CAP)?;
    // The runtime's own default unless `--param tier_cap` names one.
    let tier_cap: Option<u64> = if opts.params.contains_key("tier_cap") {
        Some(opts.param("tier_cap", 0)?)
    } else {
        None
    };
    let (rt, (write, node, range, spread)) = tasks::build(opts, |b| {
        *b = profile.apply(std::mem::take(b).device_queue_capacity(dq_cap));
        if let Some(n) = tier_cap {
            *b = std::mem::take(b).spawn_tier_capacity(n);
        }
        let t = (
            b.task::<BItem>("b_write", &source, Width::Thread),
            b.task::<BRange>("b_node", &source, Width::Thread),
            b.task::<BRange>("b_range", &source, Width::Warp),
            b.task::<BSpread>("b_spread", &source, Width::Block),
        );
        b.task::<BRange>("b_fan", &source, Width::Block);
        t
    })?;
    rt.set_global("b_results", &results.device_ptr())?;
    Ok(GrosrB {
        rt,
        write,
        node,
        range,
        spread,
        profile: *profile,
    })
}

/// Inner nodes of the spawn tree over n items with fan-out k (mirrors `b_node`).
pub(crate) fn tree_nodes(n: u64, k: u64) -> u64 {
    if n <= k {
        1
    } else {
        let step = n.div_ceil(k);
        let mut total = 1;
        let mut lo = 0;
        while lo < n {
            total += tree_nodes(step.min(n - lo), k);
            lo += step;
        }
        total
    }
}

/// One job of `count` tasks of type `ty` (args from `f`), submitted and waited for: its wall time
/// and the time until the submission returned (where the host-side cost shows).
fn timed_job<A: Pod>(
    rt: &Runtime,
    ty: TaskType<A>,
    count: usize,
    f: impl Fn(usize) -> A + Sync,
) -> Result<(Duration, Duration)> {
    let t0 = Instant::now();
    let job = rt.job()?;
    job.submit_with(ty, count, 0, f)?;
    let submitted = t0.elapsed();
    job.wait()?;
    Ok((t0.elapsed(), submitted))
}

/// The median of `secs`, in ms (NaN when empty).
fn median_ms(mut secs: Vec<f64>) -> f64 {
    secs.sort_by(f64::total_cmp);
    secs.get(secs.len() / 2).copied().unwrap_or(f64::NAN) * 1e3
}

/// Splits 0..n into ranges of `chunk` items.
fn ranges(n: u32, chunk: u32) -> impl Fn(usize) -> BRange {
    move |r| {
        let lo = r as u32 * chunk;
        BRange {
            lo,
            n: chunk.min(n - lo),
        }
    }
}

/// One throughput row: per iteration, poison the buffer, time `f`, validate; tasks/s per iteration.
#[allow(clippy::too_many_arguments)]
fn row(
    exp: &str,
    variant: &str,
    n: u32,
    iters: usize,
    raw: &RawKernels,
    results: &DeviceBuffer<u32>,
    progress: &dyn Progress,
    mut f: impl FnMut() -> Result<Duration>,
) -> Result<Record> {
    progress.start(&format!("{exp} {variant} n={n}"), iters as u64);
    let mut bad = Mismatch::default();
    let mut secs = Vec::with_capacity(iters);
    let rates = repeat(1, iters, progress, || {
        results.fill_bytes(0xFF)?;
        let t = f()?.as_secs_f64();
        bad = bad.merge(raw.check_affine(results, n, 2, 0)?);
        secs.push(t);
        Ok(n as f64 / t)
    })?;
    progress.finish();
    if !bad.ok() {
        progress.note(&format!("{exp}/{variant} n={n}: {}", bad.describe("2*i")));
    }
    Ok(Record::from_samples(
        exp,
        variant,
        params! {"n" => n},
        "tasks_per_s",
        "1/s",
        &rates,
        bad.ok(),
    )?
    .with_extra("time_ms_median", median_ms(secs))
    .with_extra("mismatches", bad.count as f64))
}

/// A grosr row: `row` over one job of `count` tasks per iteration, plus the median submission time.
#[allow(clippy::too_many_arguments)]
fn grosr_row<A: Pod>(
    exp: &str,
    variant: &str,
    n: u32,
    iters: usize,
    raw: &RawKernels,
    results: &DeviceBuffer<u32>,
    progress: &dyn Progress,
    g: &GrosrB,
    ty: TaskType<A>,
    count: usize,
    f: impl Fn(usize) -> A + Sync,
) -> Result<Record> {
    let mut submit_s = Vec::with_capacity(iters);
    let mut stall_s = Vec::with_capacity(iters);
    let stall_ns = || g.rt.stats().map(|s| s.submit_stall_ns);
    let r = row(exp, variant, n, iters, raw, results, progress, || {
        // Outside the timed job: the backpressure wait inside it (statistics are host-side).
        let before = stall_ns()?;
        let (total, submitted) = timed_job(&g.rt, ty, count, &f)?;
        stall_s.push(stall_ns()?.saturating_sub(before) as f64 * 1e-9);
        submit_s.push(submitted.as_secs_f64());
        Ok(total)
    })?;
    Ok(r.with_extra("submit_ms_median", median_ms(submit_s))
        .with_extra("submit_stall_ms_median", median_ms(stall_s))
        .with_extra("batch", g.profile.batch as f64)
        .with_extra(
            "sharing_keep",
            f64::from(u8::from(g.profile.sharing == Sharing::Keep)),
        ))
}

/// Runs the variants of B (`baselines == false`) or B+ (`true`) under experiment name `exp`.
pub(crate) fn run_variants(
    exp: &str,
    opts: &BenchOpts,
    progress: &dyn Progress,
    baselines: bool,
) -> Result<Outcome> {
    let ns = tasks::sizes(opts, default_sizes(opts.quick))?;
    let iters = opts.iters_or(2, 5);
    let max_launch_n: u32 = opts.param("max_launch_n", 50_000)?;
    let fanout: u32 = opts.param("fanout", 4)?;
    let range_chunk: u32 = opts.param("range_chunk", 1024)?;
    if fanout < 2 || range_chunk == 0 {
        return Err(crate::BenchError::Invalid {
            what: "fanout/range_chunk".into(),
            why: "fanout must be at least 2 and range_chunk at least 1".into(),
        });
    }
    let chosen = chosen_variants(opts)?;
    let want = |v: &str| chosen.contains(&v);
    let raw = RawKernels::load(opts.device)?;
    let len = ns.iter().copied().max().unwrap_or(1) as usize;
    let results = DeviceBuffer::<u32>::zeroed(&raw.device, len)?;
    let mut out = Outcome::default();

    if baselines {
        for &n in &ns {
            let what = |v: &str| format!("{exp}/{v} n={n}");
            // The baselines that are one timed call each: a row of their own, if chosen.
            let mut one_row = |v: &str, f: &dyn Fn() -> Result<Duration>| {
                if want(v) {
                    out.attempt(&what(v), progress, || {
                        Ok(vec![row(exp, v, n, iters, &raw, &results, progress, f)?])
                    });
                }
            };
            one_row("bulk", &|| raw.bulk(&results, n));
            if n > max_launch_n {
                progress.note(&format!(
                    "{exp}: n={n}: per-launch baselines skipped (above max_launch_n={max_launch_n})"
                ));
                continue;
            }
            one_row("launch_sync", &|| {
                raw.launch_sync_each(&raw.write_one, &results, n)
            });
            one_row("launch_batched", &|| {
                raw.launch_batched(&raw.write_one, &results, n)
            });
            if want("cuda_graph") {
                out.attempt(&what("cuda_graph"), progress, || {
                    progress.note(&format!("{exp}: capturing a CUDA graph of {n} launches"));
                    let (exec, capture, inst) =
                        raw.build_graph(&results, (0..n).map(|i| (&raw.write_one, i)))?;
                    let build_ms = (capture + inst).as_secs_f64() * 1e3;
                    let build = Record::from_samples(
                        exp,
                        "cuda_graph_build",
                        params! {"n" => n},
                        "build_ms",
                        "ms",
                        &[build_ms],
                        true,
                    )?
                    .with_extra("capture_ms", capture.as_secs_f64() * 1e3)
                    .with_extra("instantiate_ms", inst.as_secs_f64() * 1e3);
                    let replay = row(
                        exp,
                        "cuda_graph",
                        n,
                        iters,
                        &raw,
                        &results,
                        progress,
                        || raw.replay(&exec),
                    )?
                    .with_extra("build_ms", build_ms);
                    Ok(vec![replay, build])
                });
            }
        }
    }

    for profile in profiles(opts)? {
        let here = |v: &str| want(v) && profile.variants.contains(&v);
        if !profile.variants.iter().any(|v| want(v)) {
            continue;
        }
        progress.note(&format!(
            "{exp}: starting the grosr runtime ({} profile: batch {}, {:?})",
            profile.name, profile.batch, profile.sharing
        ));
        let g = match start_runtime(opts, &results, fanout, &profile) {
            Ok(g) => g,
            Err(e) => {
                let line = format!("{exp}/grosr runtime start ({}): {e}", profile.name);
                progress.note(&format!("error: {line}"));
                out.errors.push(line);
                continue;
            }
        };
        let blocks = g.rt.blocks().max(1);
        progress.note(&format!("{exp}: grosr runtime running on {blocks} blocks"));
        for &n in &ns {
            let what = |v: &str| format!("{exp}/{v} n={n}");
            if here("grosr_host") {
                out.attempt(&what("grosr_host"), progress, || {
                    let r = grosr_row(
                        exp,
                        "grosr_host",
                        n,
                        iters,
                        &raw,
                        &results,
                        progress,
                        &g,
                        g.write,
                        n as usize,
                        |i| BItem { i: i as u32 },
                    )?;
                    Ok(vec![r.with_extra("descriptors", n as f64)])
                });
            }
            let chunk: u32 = opts.param("root_chunk", n.div_ceil(blocks).max(32))?.max(1);
            let roots = n.div_ceil(chunk);
            if here("grosr_device") {
                out.attempt(&what("grosr_device"), progress, || {
                    let r = grosr_row(
                        exp,
                        "grosr_device",
                        n,
                        iters,
                        &raw,
                        &results,
                        progress,
                        &g,
                        g.node,
                        roots as usize,
                        ranges(n, chunk),
                    )?;
                    let inner = roots as u64 * tree_nodes(chunk as u64, fanout as u64);
                    Ok(vec![r
                        .with_extra("host_roots", roots as f64)
                        .with_extra("fanout", fanout as f64)
                        .with_extra("tasks_executed", (n as u64 + inner) as f64)])
                });
            }
            let fan_chunk: u32 = opts.param("fan_chunk", fan_chunk_for(n, blocks))?.max(1);
            if here("grosr_fan") {
                out.attempt(&what("grosr_fan"), progress, || {
                    let r = grosr_row(
                        exp,
                        "grosr_fan",
                        n,
                        iters,
                        &raw,
                        &results,
                        progress,
                        &g,
                        g.spread,
                        1,
                        |_| BSpread {
                            n,
                            chunk: fan_chunk,
                        },
                    )?;
                    let fans = n.div_ceil(fan_chunk);
                    Ok(vec![r
                        .with_extra("fan_chunk", fan_chunk as f64)
                        .with_extra(
                            "tasks_executed",
                            (n as u64 + fans as u64 + 1) as f64,
                        )])
                });
            }
            let ranges_n = n.div_ceil(range_chunk);
            if here("grosr_range") {
                out.attempt(&what("grosr_range"), progress, || {
                    let r = grosr_row(
                        exp,
                        "grosr_range",
                        n,
                        iters,
                        &raw,
                        &results,
                        progress,
                        &g,
                        g.range,
                        ranges_n as usize,
                        ranges(n, range_chunk),
                    )?;
                    Ok(vec![r
                        .with_extra("descriptors", ranges_n as f64)
                        .with_extra("range_chunk", range_chunk as f64)])
                });
            }
        }
        if let Ok(s) = g.rt.stats() {
            progress.note(&format!(
                "{exp}: runtime stats: executed {:?}, spawned {:?}, steals {}, spawn overflow {}, blocks {}",
                s.executed, s.spawned, s.steals, s.spawn_overflow, s.blocks
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_node_count() {
        assert_eq!(tree_nodes(4, 4), 1);
        assert_eq!(tree_nodes(16, 4), 5);
        assert_eq!(tree_nodes(5, 4), 4); // step 2: children of 2, 2 and 1 items, each a single node
    }

    #[test]
    fn one_fan_per_block_but_never_small_ones() {
        assert_eq!(fan_chunk_for(1_000_000, 528), 1894);
        assert_eq!(fan_chunk_for(10_000, 528), MIN_FAN_CHUNK);
        assert_eq!(fan_chunk_for(1_000_000, 0), 1_000_000);
    }

    fn opts_with_variants(v: Option<&str>) -> BenchOpts {
        let mut o = BenchOpts::default();
        if let Some(v) = v {
            o.params.insert("variants".into(), v.into());
        }
        o
    }

    #[test]
    fn variants_param_picks_a_subset_and_names_the_unknown_one() {
        assert_eq!(
            chosen_variants(&opts_with_variants(None)).expect("all"),
            VARIANTS.to_vec()
        );
        assert_eq!(
            chosen_variants(&opts_with_variants(Some("grosr_fan, bulk"))).expect("two"),
            vec!["grosr_fan", "bulk"]
        );
        let e = chosen_variants(&opts_with_variants(Some("grosr_fan,fast")))
            .expect_err("unknown")
            .to_string();
        assert!(e.contains("`fast`") && e.contains("grosr_device"), "{e}");
    }

    #[test]
    fn ranges_cover_everything_once() {
        let f = ranges(10, 4);
        let v: Vec<_> = (0..3).map(|r| (f(r).lo, f(r).n)).collect();
        assert_eq!(v, vec![(0, 4), (4, 4), (8, 2)]);
    }
}
