//! Experiment D: the allocator benchmark.
//!
//! Kernels run `alloc + touch + free` loops (modes 0–4, see `kernels/exp_d.cu`) with three
//! allocators side by side: grosr's slab allocator (`grosr`), CUDA's device `malloc/free`
//! (`cuda_malloc`, heap limit set large before any launch and stated in every record), and a compact
//! re-implementation of the seed's design (`seed_static`: 4 KB slabs, per-slab bitmaps, the arena
//! statically partitioned per size class).
//!
//! Metric: successful allocations per second (each followed by its free in the same kernel, so for
//! churn this is alloc+free pairs per second), timed on the host around launch + synchronise (launch
//! overhead included, as in the seed). Extras: success rate, the allocator's peak arena use (grosr).
//!
//! Validation, after the timed runs: one more run with owner-tag checks before every free; any
//! mismatch (or, for grosr, statistics that do not return to zero live blocks) fails the row.
//!
//! Parameters (`--param key=value`): threads, iters, size, size_max, mode, outstanding, touch_bytes,
//! arena_mb, slots_per_sm (grosr), variants (comma list), preset (seed1, seed2, touch, modes, targets, published, all).
//! With none of threads/iters/size/mode given, the presets run (all of them by default).

use crate::params;
use crate::record::{BenchError, BenchOpts, Progress, Record, Result};
use grosr::alloc::{AllocConfig, SlabAllocator};
use grosr::device::{
    CompileOptions, Device, DeviceBuffer, KernelArgs, LaunchConfig, Module, Stream,
};
use std::time::{Duration, Instant};

/// The benchmark program.
pub const PROGRAM: (&str, &str) = ("exp_d.cu", include_str!("../kernels/exp_d.cu"));

/// Device malloc heap for the `cuda_malloc` variant: large enough that it is never starved.
const CUDA_HEAP_BYTES: usize = 8 << 30;
/// Longest a single run may take before the benchmark gives up on it.
const RUN_DEADLINE: Duration = Duration::from_secs(120);
/// Seed allocator: slab size, bitmap words per slab, classes.
const SEED_SLAB: u64 = 4096;
const SEED_WORDS: usize = 4;
const SEED_CLASSES: u64 = 8;

/// Experiment D's CUDA programs (for `grosr check-kernels`).
pub fn programs() -> Vec<(String, String)> {
    vec![(PROGRAM.0.to_string(), PROGRAM.1.to_string())]
}

/// One benchmark row's shape.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Threads.
    pub threads: u32,
    /// Iterations per thread.
    pub iters: u32,
    /// Block size (or the low end of a uniform range).
    pub size: u32,
    /// High end of a uniform size range (0: fixed size).
    pub size_max: u32,
    /// Mode 0–4.
    pub mode: u32,
    /// Live blocks per thread (modes 1–3).
    pub outstanding: u32,
    /// Bytes touched per block.
    pub touch: u32,
    /// Arena of grosr and the seed re-implementation, MB.
    pub arena_mb: u64,
    /// grosr's allocation slots per SM (`AllocConfig::slots_per_sm`).
    pub slots_per_sm: u32,
}

impl Shape {
    fn new(threads: u32, iters: u32, size: u32, mode: u32) -> Self {
        Self {
            threads,
            iters,
            size,
            size_max: 0,
            mode,
            outstanding: 16,
            touch: 4,
            arena_mb: 4096,
            slots_per_sm: grosr::alloc::DEFAULT_SLOTS_PER_SM,
        }
    }

    fn params(&self, preset: &str) -> std::collections::BTreeMap<String, serde_json::Value> {
        let mut p = params! {
            "preset" => preset,
            "threads" => self.threads,
            "iters" => self.iters,
            "mode" => self.mode,
            "size" => self.size,
            "touch_bytes" => self.touch,
            "arena_mb" => self.arena_mb,
            "slots_per_sm" => self.slots_per_sm,
        };
        if self.size_max > self.size {
            p.insert("size_max".into(), serde_json::json!(self.size_max));
        }
        if matches!(self.mode, 1..=3) {
            p.insert("outstanding".into(), serde_json::json!(self.outstanding));
        }
        p
    }

    fn total_allocs(&self) -> u64 {
        self.threads as u64 * self.iters as u64
    }
}

/// The allocators compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// grosr's slab allocator.
    Grosr,
    /// CUDA device malloc/free.
    CudaMalloc,
    /// The seed's static-partition design.
    SeedStatic,
}

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Grosr => "grosr",
            Variant::CudaMalloc => "cuda_malloc",
            Variant::SeedStatic => "seed_static",
        }
    }

    fn parse(s: &str) -> Result<Self> {
        match s.trim() {
            "grosr" => Ok(Variant::Grosr),
            "cuda_malloc" | "cuda" => Ok(Variant::CudaMalloc),
            "seed_static" | "seed" => Ok(Variant::SeedStatic),
            other => Err(BenchError::Invalid {
                what: "variants".into(),
                why: format!("{other:?}: expected grosr, cuda_malloc or seed_static"),
            }),
        }
    }
}

const ALL: [Variant; 3] = [Variant::Grosr, Variant::CudaMalloc, Variant::SeedStatic];

/// The preset tables: (preset name, shape, variants). `quick` divides threads by 8 and iterations by 4.
pub fn presets(which: &str, quick: bool) -> Result<Vec<(&'static str, Shape, Vec<Variant>)>> {
    let mut rows: Vec<(&'static str, Shape, Vec<Variant>)> = Vec::new();
    let want = |p: &str| which == "all" || which == p;
    if want("seed1") {
        for size in [32, 64, 256, 1024] {
            rows.push(("seed1", Shape::new(65_536, 50, size, 0), ALL.to_vec()));
        }
    }
    if want("seed2") {
        for mode in [0, 1, 2] {
            let mut s = Shape::new(16_384, 200, 64, mode);
            // The arena where the seed's static partition runs short in mode 2 (as it did there).
            s.arena_mb = 256;
            rows.push(("seed2", s, ALL.to_vec()));
        }
    }
    if want("touch") {
        for touch in [4, 64, 256] {
            let mut s = Shape::new(2048, 200, 256, 1);
            s.touch = touch;
            rows.push(("touch", s, ALL.to_vec()));
        }
    }
    if want("modes") {
        rows.push(("modes", Shape::new(16_384, 200, 16, 3), ALL.to_vec()));
        rows.push(("modes", Shape::new(16_384, 200, 64, 4), ALL.to_vec()));
    }
    if want("targets") {
        for size in [32, 64] {
            rows.push(("targets", Shape::new(65_536, 256, size, 0), ALL.to_vec()));
        }
        let mut uni = Shape::new(65_536, 256, 16, 0);
        uni.size_max = 4096;
        rows.push(("targets", uni, ALL.to_vec()));
        rows.push(("targets", Shape::new(65_536, 64, 8192, 0), ALL.to_vec()));
        let mut out = Shape::new(65_536, 256, 64, 1);
        out.outstanding = 16;
        rows.push(("targets", out, ALL.to_vec()));
        let mut mix = Shape::new(65_536, 256, 64, 2);
        mix.outstanding = 16;
        rows.push(("targets", mix, ALL.to_vec()));
    }
    if want("published") {
        let mut uni = Shape::new(1 << 20, 1, 16, 0);
        uni.size_max = 4096;
        rows.push(("published", uni, ALL.to_vec()));
        rows.push(("published", Shape::new(1 << 20, 1, 16, 0), ALL.to_vec()));
    }
    if rows.is_empty() {
        return Err(BenchError::Invalid {
            what: "preset".into(),
            why: format!(
                "{which:?}: expected seed1, seed2, touch, modes, targets, published or all"
            ),
        });
    }
    if quick {
        for (_, s, _) in &mut rows {
            s.threads = (s.threads / 8).max(256);
            s.iters = (s.iters / 4).max(1);
            s.arena_mb = s.arena_mb.min(1024);
        }
    }
    Ok(rows)
}

/// Runs experiment D (see the module docs). The contract's entry point.
pub fn run(opts: &BenchOpts, progress: &dyn Progress) -> Result<Vec<Record>> {
    let custom = [
        "threads",
        "iters",
        "size",
        "mode",
        "size_max",
        "outstanding",
        "touch_bytes",
    ]
    .iter()
    .any(|k| opts.params.contains_key(*k));
    let mut rows = if custom {
        let mut s = Shape::new(65_536, 50, 32, 0);
        s.threads = opts.param("threads", s.threads)?;
        s.iters = opts.param("iters", s.iters)?;
        s.size = opts.param("size", s.size)?;
        s.size_max = opts.param("size_max", 0)?;
        s.mode = opts.param("mode", 0)?;
        s.outstanding = opts.param("outstanding", 16)?;
        s.touch = opts.param("touch_bytes", 4)?;
        if s.mode > 4 || s.threads == 0 || s.iters == 0 || s.size == 0 {
            return Err(BenchError::Invalid {
                what: "exp d shape".into(),
                why: format!("{s:?}: mode 0..=4, threads, iters and size > 0"),
            });
        }
        vec![("custom", s, ALL.to_vec())]
    } else {
        let preset: String = opts.param("preset", "all".to_string())?;
        presets(&preset, opts.quick)?
    };
    if let Some(v) = opts.params.get("variants") {
        let keep = v
            .split(',')
            .map(Variant::parse)
            .collect::<Result<Vec<_>>>()?;
        for (_, _, vs) in &mut rows {
            vs.retain(|x| keep.contains(x));
        }
    }
    // Arena options apply to every row, the custom one and the presets alike.
    for (_, s, _) in &mut rows {
        s.arena_mb = opts.param("arena_mb", s.arena_mb)?;
        s.slots_per_sm = opts.param("slots_per_sm", s.slots_per_sm)?;
    }

    let dev = Device::open(opts.device)?;
    // Before any kernel of this program runs: the heap cannot grow once device malloc was used.
    dev.set_malloc_heap_size(CUDA_HEAP_BYTES)?;
    let out = grosr::kernels::compiler().compile(
        PROGRAM.0,
        PROGRAM.1,
        &CompileOptions::new(dev.arch()),
    )?;
    let module = Module::load(&dev, &out.cubin)?;
    let bench = Bench {
        stream: Stream::new(&dev)?,
        counters: DeviceBuffer::zeroed(&dev, 4)?,
        dev,
        module,
    };
    let reps = opts.iters_or(2, 5);
    let total: u64 = rows.iter().map(|(_, _, v)| v.len() as u64).sum();
    progress.start("exp d", total);
    let mut records = Vec::new();
    let mut failures = Vec::new();
    for (preset, shape, variants) in &rows {
        for &v in variants {
            let r = bench.row(preset, shape, v, reps)?;
            if !r.validated {
                failures.push(format!(
                    "{preset} {} (measured {:.4e} {} before validation): {:?}",
                    v.name(),
                    r.value,
                    r.metric,
                    r.extra
                ));
            }
            records.push(r);
            progress.advance(1);
        }
    }
    progress.finish();
    if let Some(f) = failures.first() {
        return Err(BenchError::Validation {
            experiment: "d".into(),
            variant: f.clone(),
            detail: format!(
                "{} row(s) with corrupted owner tags or inexact statistics",
                failures.len()
            ),
        });
    }
    Ok(records)
}

struct Bench {
    dev: Device,
    module: Module,
    stream: Stream,
    counters: DeviceBuffer<u64>,
}

/// What one kernel run reported.
struct RunResult {
    seconds: f64,
    ok: u64,
    failed: u64,
    bad: u64,
}

/// The allocator state of one row.
enum Arena {
    Grosr(SlabAllocator),
    Cuda,
    Seed {
        arena: DeviceBuffer<u8>,
        bitmap: DeviceBuffer<u32>,
        slabs_per_class: u32,
    },
}

impl Arena {
    fn new(dev: &Device, v: Variant, arena_mb: u64, slots_per_sm: u32) -> Result<Self> {
        let bytes = arena_mb << 20;
        Ok(match v {
            Variant::Grosr => {
                let config = AllocConfig {
                    slots_per_sm,
                    ..AllocConfig::bytes(bytes)
                };
                Arena::Grosr(SlabAllocator::new(dev, config)?)
            }
            Variant::CudaMalloc => Arena::Cuda,
            Variant::SeedStatic => {
                let slabs_per_class = (bytes / SEED_SLAB / SEED_CLASSES).max(1);
                let nslabs = (slabs_per_class * SEED_CLASSES) as usize;
                Arena::Seed {
                    arena: DeviceBuffer::zeroed(dev, nslabs * SEED_SLAB as usize)?,
                    bitmap: DeviceBuffer::zeroed(dev, nslabs * SEED_WORDS)?,
                    slabs_per_class: slabs_per_class as u32,
                }
            }
        })
    }

    /// Back to empty between runs (outside the timed region).
    fn reset(&self) -> Result<()> {
        match self {
            Arena::Grosr(a) => Ok(a.reset()?),
            Arena::Cuda => Ok(()),
            Arena::Seed { bitmap, .. } => Ok(bitmap.fill_bytes(0)?),
        }
    }
}

impl Bench {
    fn launch(&self, arena: &Arena, s: &Shape, verify: bool) -> Result<RunResult> {
        self.counters.fill_bytes(0)?;
        let tail = |a: KernelArgs| {
            a.u32(s.threads)
                .u32(s.iters)
                .u32(s.size)
                .u32(s.size_max)
                .u32(s.mode)
                .u32(s.outstanding)
                .u32(s.touch)
                .u32(verify as u32)
                .ptr(self.counters.device_ptr())
        };
        let (name, args) = match arena {
            Arena::Grosr(a) => ("exp_d_grosr", tail(KernelArgs::new().u64(a.handle()))),
            Arena::Cuda => ("exp_d_cuda", tail(KernelArgs::new())),
            Arena::Seed {
                arena,
                bitmap,
                slabs_per_class,
            } => (
                "exp_d_seed",
                tail(
                    KernelArgs::new()
                        .u64(arena.device_ptr())
                        .ptr(bitmap.device_ptr())
                        .u32(*slabs_per_class),
                ),
            ),
        };
        let kernel = self.module.kernel(name)?;
        let cfg = LaunchConfig::for_elements(s.threads as u64, 256);
        let start = Instant::now();
        kernel.launch(&self.stream, cfg, &args)?;
        while !self.stream.is_idle()? {
            if start.elapsed() > RUN_DEADLINE {
                return Err(BenchError::Other(format!(
                    "exp d: {name} still running after {RUN_DEADLINE:?} ({s:?})"
                )));
            }
            std::hint::spin_loop();
        }
        let seconds = start.elapsed().as_secs_f64();
        let c = self.counters.to_vec()?;
        Ok(RunResult {
            seconds,
            ok: c[0],
            failed: c[1],
            bad: c[2],
        })
    }

    fn row(&self, preset: &str, s: &Shape, v: Variant, reps: usize) -> Result<Record> {
        let arena = Arena::new(&self.dev, v, s.arena_mb, s.slots_per_sm)?;
        // device malloc is ~1000x slower: one warm-up of a small shape, then one timed run.
        let reps = if v == Variant::CudaMalloc { 1 } else { reps };
        let warm = if v == Variant::CudaMalloc {
            Shape {
                threads: s.threads.min(4096),
                iters: s.iters.min(4),
                ..*s
            }
        } else {
            *s
        };
        arena.reset()?;
        self.launch(&arena, &warm, false)?;
        let mut samples = Vec::with_capacity(reps);
        let mut success = Vec::with_capacity(reps);
        let mut peak = 0u64;
        for _ in 0..reps {
            arena.reset()?;
            let r = self.launch(&arena, s, false)?;
            samples.push(r.ok as f64 / r.seconds);
            success.push(r.ok as f64 / (r.ok + r.failed).max(1) as f64);
            if let Arena::Grosr(a) = &arena {
                peak = peak.max(a.stats()?.high_water_bytes);
            }
        }
        // Validation run: owner tags checked before every free; grosr's statistics must be exact.
        arena.reset()?;
        let check = self.launch(&arena, s, true)?;
        let mut valid = check.bad == 0 && check.ok + check.failed == s.total_allocs();
        let mut stats_ok = 1.0;
        if let Arena::Grosr(a) = &arena {
            let st = a.stats()?;
            let exact = st.live_blocks == 0
                && st.bytes_in_use == 0
                && st.allocations == check.ok
                && st.failures == check.failed;
            if !exact {
                stats_ok = 0.0;
                valid = false;
            }
        }
        let mean_success = success.iter().sum::<f64>() / success.len().max(1) as f64;
        let mut r = Record::from_samples(
            "d",
            v.name(),
            s.params(preset),
            "allocs_per_s",
            "1/s",
            &samples,
            valid,
        )?
        .with_extra("success_rate", mean_success)
        .with_extra("validation_tag_errors", check.bad as f64)
        .with_extra(
            "validation_success_rate",
            check.ok as f64 / s.total_allocs().max(1) as f64,
        );
        match v {
            Variant::Grosr => {
                r = r
                    .with_extra("peak_arena_bytes", peak as f64)
                    .with_extra("stats_exact", stats_ok)
            }
            Variant::CudaMalloc => r = r.with_extra("cuda_heap_bytes", CUDA_HEAP_BYTES as f64),
            Variant::SeedStatic => {}
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_cover_the_issue_tables() {
        let rows = presets("all", false).expect("presets");
        let seed1: Vec<_> = rows.iter().filter(|r| r.0 == "seed1").collect();
        assert_eq!(seed1.len(), 4);
        assert!(seed1
            .iter()
            .all(|r| r.1.threads == 65_536 && r.1.iters == 50));
        assert_eq!(rows.iter().filter(|r| r.0 == "seed2").count(), 3);
        assert_eq!(rows.iter().filter(|r| r.0 == "touch").count(), 3);
        assert!(rows.iter().any(|r| r.1.mode == 3) && rows.iter().any(|r| r.1.mode == 4));
        assert!(rows
            .iter()
            .any(|r| r.0 == "targets" && r.1.iters >= 256 && r.1.size == 32));
        assert!(rows
            .iter()
            .any(|r| r.1.threads == 1 << 20 && r.1.size_max == 4096));
        let quick = presets("all", true).expect("quick");
        assert!(quick.iter().all(|r| r.1.threads <= 131_072));
        assert!(presets("nope", false).is_err());
    }

    #[test]
    fn variants_parse() {
        assert_eq!(Variant::parse("cuda").ok(), Some(Variant::CudaMalloc));
        assert!(Variant::parse("x").is_err());
    }
}
