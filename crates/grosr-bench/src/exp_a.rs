//! Experiment A: ping-pong dispatch of dependent task pairs.
//!
//! (1) The seed's shape: N dependent pairs; stage 1 of pair i is submitted by the host, stage 2 is
//! spawned on the GPU by stage 1; reported in µs per pair. Baselines: the seed's launch, sync,
//! launch, sync per pair, and the best raw form (two stream-ordered launches per pair, one sync).
//! (2) True latency, one at a time: host → task → host and host → stage 1 → stage 2 → host, with
//! p50/p90/p99/max, beside launch+sync, a CUDA graph of the two kernels, and the bare pinned-memory
//! ping to a running kernel (the floor).
//!
//! Validation (outside the timed region, on the GPU): `data[i] == 2*i + 1` for every pair.

use crate::baselines::{pinned_ping, pinned_ping_shape, Mismatch, RawKernels};
use crate::measure::{repeat, Outcome};
use crate::params;
use crate::record::{BenchOpts, Progress, Record, Result, Summary};
use crate::tasks;
use bytemuck::{Pod, Zeroable};
use grosr::device::DeviceBuffer;
use grosr::probe::PingShape;
use grosr::runtime::{Runtime, TaskType, Width};
use std::time::Instant;

/// The task sources (one program; stage 1 spawns stage 2).
pub const TASK_SOURCE: &str = r#"
struct APair { u32 i; };
__device__ u32* a_data;
// Stage 1 of pair i (host-submitted): data[i] = 2*i, then stage 2 is spawned on the GPU.
GROSR_TASK(a_stage1, APair) {
    a_data[args.i] = 2u * args.i;
    ctx.spawn(GROSR_TYPE(a_stage2), args);
}
// Stage 2 of pair i: data[i] += 1 (sees stage 1's write: spawn publication orders it).
GROSR_TASK(a_stage2, APair) { a_data[args.i] += 1u; }
// The whole pair as one task, for the single-task round trip.
GROSR_TASK(a_single, APair) { a_data[args.i] = 2u * args.i + 1u; }
"#;
const TASK_NAMES: [&str; 3] = ["a_stage1", "a_stage2", "a_single"];

/// Args of every Exp A task: the pair index.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
struct APair {
    i: u32,
}

/// Experiment A's CUDA programs (for `grosr check-kernels`).
pub fn programs() -> Vec<(String, String)> {
    vec![
        (
            crate::baselines::PROGRAM.0.into(),
            crate::baselines::PROGRAM.1.into(),
        ),
        (
            "exp_a_tasks.cu".into(),
            tasks::check_program(&TASK_NAMES, TASK_SOURCE),
        ),
    ]
}

/// Runs experiment A (see the module docs). The contract's entry point.
pub fn run(opts: &BenchOpts, progress: &dyn Progress) -> Result<Vec<Record>> {
    run_collect(opts, progress)?.into_result()
}

struct GrosrA {
    rt: Runtime,
    stage1: TaskType<APair>,
    single: TaskType<APair>,
}

fn start_runtime(opts: &BenchOpts, data: &DeviceBuffer<u32>) -> Result<GrosrA> {
    let (rt, (stage1, single)) = tasks::build(opts, |b| {
        let stage1 = b.task::<APair>("a_stage1", TASK_SOURCE, Width::Thread);
        let _stage2 = b.task::<APair>("a_stage2", TASK_SOURCE, Width::Thread);
        let single = b.task::<APair>("a_single", TASK_SOURCE, Width::Thread);
        (stage1, single)
    })?;
    rt.set_global("a_data", &data.device_ptr())?;
    Ok(GrosrA { rt, stage1, single })
}

/// Runs experiment A and keeps every row it could measure, with the errors of those it could not.
pub fn run_collect(opts: &BenchOpts, progress: &dyn Progress) -> Result<Outcome> {
    let quick = opts.quick;
    let ns = tasks::sizes(
        opts,
        if quick {
            &[100, 1000]
        } else {
            &[100, 1000, 10_000, 50_000]
        },
    )?;
    let iters = opts.iters_or(2, 5);
    let samples: usize = opts.param("samples", if quick { 1000 } else { 10_000 })?;
    let warmup: usize = opts.param("warmup", 200)?;
    let raw = RawKernels::load(opts.device)?;
    let len = ns.iter().copied().max().unwrap_or(1).max(samples as u32) as usize;
    let data = DeviceBuffer::<u32>::zeroed(&raw.device, len)?;
    let mut out = Outcome::default();

    // (1) N dependent pairs.
    for &n in &ns {
        out.attempt(&format!("a/launch_sync_pair n={n}"), progress, || {
            progress.start(
                &format!("A pairs launch,sync,launch,sync n={n}"),
                iters as u64,
            );
            let r = pairs_row(&raw, &data, n, iters, progress, "launch_sync_pair", |i| {
                raw_pair(&raw, &data, i, true)
            });
            progress.finish();
            r
        });
        out.attempt(&format!("a/launch_pair n={n}"), progress, || {
            progress.start(&format!("A pairs stream-ordered n={n}"), iters as u64);
            let r = pairs_row(&raw, &data, n, iters, progress, "launch_pair", |i| {
                raw_pair(&raw, &data, i, false)
            });
            progress.finish();
            r
        });
    }

    // (2) Latency baselines.
    let lat = Latency {
        raw: &raw,
        data: &data,
        samples,
        warmup,
        progress,
    };
    out.attempt("a/launch_sync latency", progress, || {
        lat.row("launch_sync", "task", |i| {
            raw.single.launch(&raw.stream, one(), &idx_args(&data, i))?;
            raw.stream.synchronize()?;
            Ok(())
        })
    });
    out.attempt("a/launch_sync_pair latency", progress, || {
        lat.row("launch_sync_pair", "pair", |i| {
            raw_pair(&raw, &data, i, true)
        })
    });
    out.attempt("a/launch_pair_sync latency", progress, || {
        lat.row("launch_pair_sync", "pair", |i| {
            raw_pair(&raw, &data, i, false)
        })
    });
    out.attempt("a/cuda_graph_pair latency", progress, || {
        graph_latency(&lat)
    });
    out.attempt("a/pinned_ping latency", progress, || {
        progress.start("A pinned ping (floor)", 1);
        let us = pinned_ping(&raw.device, warmup, samples)?;
        progress.finish();
        Ok(vec![latency_record(
            "pinned_ping",
            "floor",
            &us,
            Mismatch::default(),
        )?])
    });
    for shape in ping_shapes(opts)? {
        let name = format!(
            "pinned_ping_w{}_s{}_g{}{}",
            shape.warps,
            shape.sectors,
            shape.gap_cycles,
            if shape.write_combined { "_wc" } else { "" }
        );
        out.attempt(&format!("a/{name} latency"), progress, || {
            progress.start(&format!("A pinned ping {name}"), 1);
            let us = pinned_ping_shape(&raw.device, shape, warmup, samples)?;
            progress.finish();
            Ok(vec![latency_record(
                &name,
                "floor",
                &us,
                Mismatch::default(),
            )?])
        });
    }

    // grosr rows last: a runtime failure cannot cost the baselines' rows.
    progress.note("A: starting the grosr runtime");
    match start_runtime(opts, &data) {
        Err(e) => {
            let line = format!("a/grosr runtime start: {e}");
            progress.note(&format!("error: {line}"));
            out.errors.push(line);
        }
        Ok(g) => {
            progress.note(&format!(
                "A: grosr runtime running on {} blocks",
                g.rt.blocks()
            ));
            for &n in &ns {
                out.attempt(&format!("a/grosr_pair n={n}"), progress, || {
                    progress.start(&format!("A pairs grosr n={n}"), iters as u64);
                    let r = grosr_pairs_row(&raw, &g, &data, n, iters, progress);
                    progress.finish();
                    r
                });
            }
            // `submit` of a lone task takes the express slot (the default); the `_ring` rows turn
            // it off, so the same task goes through an ingress ring and a batch.
            for (express, suffix) in [(true, ""), (false, "_ring")] {
                out.attempt(&format!("a/grosr_task{suffix} latency"), progress, || {
                    g.rt.set_express(express)?;
                    // The host's share: how long `submit` itself took (the rest is the device,
                    // PCIe both ways and the wait loop).
                    let mut submit_us = Vec::with_capacity(samples + warmup);
                    let rows = lat.row(&format!("grosr_task{suffix}"), "task", |i| {
                        let t0 = Instant::now();
                        let ticket = g.rt.submit(g.single, &APair { i })?;
                        submit_us.push(t0.elapsed().as_secs_f64() * 1e6);
                        ticket.wait()?;
                        Ok(())
                    })?;
                    let p50 = Summary::quantile(&submit_us, 0.5).unwrap_or(f64::NAN);
                    Ok(rows
                        .into_iter()
                        .map(|r| r.with_extra("submit_us_p50", p50))
                        .collect())
                });
                out.attempt(&format!("a/grosr_pair{suffix} latency"), progress, || {
                    g.rt.set_express(express)?;
                    lat.row(&format!("grosr_pair{suffix}"), "pair", |i| {
                        g.rt.submit(g.stage1, &APair { i })?.wait()?;
                        Ok(())
                    })
                });
            }
            g.rt.set_express(true)?;
        }
    }
    Ok(out)
}

fn one() -> grosr::device::LaunchConfig {
    grosr::device::LaunchConfig::linear(1, 1)
}

fn idx_args(data: &DeviceBuffer<u32>, i: u32) -> grosr::device::KernelArgs {
    grosr::device::KernelArgs::new()
        .ptr(data.device_ptr())
        .u32(i)
}

/// One dependent pair through raw launches: with `sync_between`, the seed's launch, sync, launch,
/// sync; without, two stream-ordered launches (the stream orders stage 2 after stage 1). The
/// caller syncs at the end when `sync_between` is false and it times many pairs.
fn raw_pair(raw: &RawKernels, data: &DeviceBuffer<u32>, i: u32, sync_between: bool) -> Result<()> {
    let args = idx_args(data, i);
    raw.stage1.launch(&raw.stream, one(), &args)?;
    if sync_between {
        raw.stream.synchronize()?;
    }
    raw.stage2.launch(&raw.stream, one(), &args)?;
    if sync_between {
        raw.stream.synchronize()?;
    }
    Ok(())
}

/// A row of (1) for a raw baseline: µs per pair over n pairs, validated after every iteration.
fn pairs_row(
    raw: &RawKernels,
    data: &DeviceBuffer<u32>,
    n: u32,
    iters: usize,
    progress: &dyn Progress,
    variant: &str,
    pair: impl Fn(u32) -> Result<()>,
) -> Result<Vec<Record>> {
    let mut bad = Mismatch::default();
    let us = repeat(1, iters, progress, || {
        data.fill_bytes(0xFF)?;
        let t0 = Instant::now();
        for i in 0..n {
            pair(i)?;
        }
        raw.stream.synchronize()?;
        let t = t0.elapsed();
        bad = bad.merge(raw.check_affine(data, n, 2, 1)?);
        Ok(t.as_secs_f64() * 1e6 / n as f64)
    })?;
    Ok(vec![pairs_record(variant, n, &us, bad)?])
}

fn grosr_pairs_row(
    raw: &RawKernels,
    g: &GrosrA,
    data: &DeviceBuffer<u32>,
    n: u32,
    iters: usize,
    progress: &dyn Progress,
) -> Result<Vec<Record>> {
    let mut bad = Mismatch::default();
    let us = repeat(1, iters, progress, || {
        data.fill_bytes(0xFF)?;
        let t0 = Instant::now();
        let job = g.rt.job()?;
        job.submit_with(g.stage1, n as usize, 0, |i| APair { i: i as u32 })?;
        job.wait()?;
        let t = t0.elapsed();
        drop(job);
        bad = bad.merge(raw.check_affine(data, n, 2, 1)?);
        Ok(t.as_secs_f64() * 1e6 / n as f64)
    })?;
    Ok(vec![pairs_record("grosr_pair", n, &us, bad)?])
}

fn pairs_record(variant: &str, n: u32, us: &[f64], bad: Mismatch) -> Result<Record> {
    Ok(Record::from_samples(
        "a",
        variant,
        params! {"n" => n},
        "us_per_pair",
        "us",
        us,
        bad.ok(),
    )?
    .with_extra("mismatches", bad.count as f64))
}

/// The shared setup of the latency rows of (2).
struct Latency<'a> {
    raw: &'a RawKernels,
    data: &'a DeviceBuffer<u32>,
    samples: usize,
    warmup: usize,
    progress: &'a dyn Progress,
}

impl Latency<'_> {
    /// Times `op(i)` (one complete round trip) for `samples` indices after `warmup` unrecorded
    /// ones, then checks `data[i] == 2*i + 1` for every recorded index.
    fn row(
        &self,
        variant: &str,
        path: &str,
        mut op: impl FnMut(u32) -> Result<()>,
    ) -> Result<Vec<Record>> {
        self.progress
            .start(&format!("A latency {variant}"), self.samples as u64);
        for i in 0..self.warmup.min(self.samples) {
            op(i as u32)?;
        }
        self.data.fill_bytes(0xFF)?;
        let mut us = Vec::with_capacity(self.samples);
        for i in 0..self.samples {
            let t0 = Instant::now();
            op(i as u32)?;
            us.push(t0.elapsed().as_secs_f64() * 1e6);
            if i % 256 == 255 {
                self.progress.advance(256);
            }
        }
        self.progress.finish();
        let bad = self
            .raw
            .check_affine(self.data, self.samples as u32, 2, 1)?;
        Ok(vec![latency_record(variant, path, &us, bad)?])
    }
}

/// A CUDA graph of the two kernels of pair 0, captured once, replayed and synced per sample.
fn graph_latency(lat: &Latency<'_>) -> Result<Vec<Record>> {
    let raw = lat.raw;
    let (exec, capture, inst) = raw.build_graph(lat.data, [(&raw.stage1, 0), (&raw.stage2, 0)])?;
    lat.progress
        .start("A latency cuda_graph_pair", lat.samples as u64);
    for _ in 0..lat.warmup {
        raw.replay(&exec)?;
    }
    lat.data.fill_bytes(0xFF)?;
    let mut us = Vec::with_capacity(lat.samples);
    for i in 0..lat.samples {
        us.push(raw.replay(&exec)?.as_secs_f64() * 1e6);
        if i % 256 == 255 {
            lat.progress.advance(256);
        }
    }
    lat.progress.finish();
    let bad = raw.check_affine(lat.data, 1, 2, 1)?;
    Ok(vec![latency_record("cuda_graph_pair", "pair", &us, bad)?
        .with_extra("capture_us", capture.as_secs_f64() * 1e6)
        .with_extra("instantiate_us", inst.as_secs_f64() * 1e6)])
}

/// `--param ping_shapes=WxSxG[wc],...`: extra pinned-ping rows with W responder warps polling S
/// 32-byte request sectors, started G SM cycles apart, the requests in write-combined memory with
/// the `wc` suffix (`grosr::probe::PingShape`). Default: none.
fn ping_shapes(opts: &BenchOpts) -> Result<Vec<PingShape>> {
    let Some(list) = opts.params.get("ping_shapes") else {
        return Ok(Vec::new());
    };
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(|item| {
            let bad = || crate::record::BenchError::Invalid {
                what: "ping_shapes".into(),
                why: format!("{item:?} is not WARPSxSECTORSxGAP_CYCLES[wc] (e.g. 2x2x800wc)"),
            };
            let (shape, write_combined) = match item.strip_suffix("wc") {
                Some(s) => (s, true),
                None => (item, false),
            };
            let v: Vec<u32> = shape
                .split('x')
                .map(|x| x.parse().map_err(|_| bad()))
                .collect::<Result<_>>()?;
            match v[..] {
                [warps, sectors, gap_cycles] => Ok(PingShape {
                    warps,
                    sectors,
                    gap_cycles,
                    write_combined,
                }),
                _ => Err(bad()),
            }
        })
        .collect()
}

fn latency_record(variant: &str, path: &str, us: &[f64], bad: Mismatch) -> Result<Record> {
    let q = |p: f64| Summary::quantile(us, p).unwrap_or(f64::NAN);
    Ok(Record::from_samples(
        "a",
        variant,
        params! {"path" => path},
        "round_trip_us",
        "us",
        us,
        bad.ok(),
    )?
    .with_extra("p50", q(0.5))
    .with_extra("p90", q(0.9))
    .with_extra("p99", q(0.99))
    .with_extra("mismatches", bad.count as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(shapes: &str) -> BenchOpts {
        let mut o = BenchOpts::default();
        o.params.insert("ping_shapes".into(), shapes.into());
        o
    }

    #[test]
    fn ping_shapes_parse_and_reject_bad_items() {
        assert!(ping_shapes(&BenchOpts::default()).unwrap().is_empty());
        let s = ping_shapes(&opts("1x1x0,2x2x800wc")).unwrap();
        assert_eq!(
            s,
            vec![
                PingShape {
                    warps: 1,
                    sectors: 1,
                    gap_cycles: 0,
                    write_combined: false
                },
                PingShape {
                    warps: 2,
                    sectors: 2,
                    gap_cycles: 800,
                    write_combined: true
                },
            ]
        );
        for bad in ["2x2", "2x2x1x1", "ax1x0", "2x2x-1"] {
            let e = ping_shapes(&opts(bad)).unwrap_err().to_string();
            assert!(e.contains("ping_shapes") && e.contains(bad), "{bad}: {e}");
        }
    }
}
