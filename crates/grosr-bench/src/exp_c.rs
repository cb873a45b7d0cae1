//! Experiment C: breadth-first search resident on the GPU, against fair baselines.
//!
//! For every graph (generated from a [`GenSpec`] or read from a file) and every [`Variant`], the BFS
//! runs once to warm up and then `iters` times; each run is timed from its first launch (or submit)
//! to the host knowing it finished. The last run's distances and parents are checked against the CPU
//! reference outside the timed region (identical distances, every parent one level closer and
//! joined by an edge). Rows: `time_ms` with `mteps`/`gteps` (Graph500 edges: undirected edges of the
//! reached component), `levels`, and on the grosr row the speedup over every baseline.
//!
//! Parameters (`--param key=value`): `graphs=SPEC[,SPEC...]` (generator specs like `chain:20000`,
//! `grid:1000x1000`, `rmat:20`, or graph files), `graph=FILE` (adds a file), `source=N` (default: the
//! first vertex with an edge), `variants=grosr,coop,coop_warp,...`, `coop_per_sm=N` (blocks per SM of
//! both cooperative kernels, default 2),
//! `host_levels_max=N` (skip host-per-level variants beyond this many levels, default 100000),
//! `blocks=N` (scheduler blocks of the grosr variant), `one_block=N` (largest frontier, in items, that
//! the grosr variant expands in one block task; default 512), `defines=NAME=V[+NAME=V...]` (tuning
//! macros of the BFS device code, e.g. `BFS_DIRECT=0`; see `kernels/bfs_*.cu*`).

use crate::bfs::{parse_defines, parse_variants, BfsEngine, GpuGraph, Variant};
use crate::measure::Outcome;
use crate::params;
use crate::record::{BenchError, BenchOpts, Progress, Record, Result};
use grosr_graph::{
    bfs_parallel, traversed_edges_graph500, validate_bfs, BuildOptions, Csr, GenSpec,
};
use std::path::Path;

/// The seed prototype on our H100 (SEED.md): (graph, original grosr ms, original baseline ms).
const SEED_NUMBERS: &[(&str, f64, f64)] = &[
    ("chain:5000", 143.3, 163.5),
    ("chain:10000", 163.2, 222.4),
    ("chain:20000", 226.1, 525.7),
    ("gnp:10000:0.01:1", 436.0, 2.26),
];

/// Default graphs (the list).
fn default_graphs(quick: bool) -> Vec<String> {
    let v: &[&str] = if quick {
        &[
            "chain:20000",
            "gnp:10000:0.01",
            "grid:1000x1000",
            "rmat:18",
            "rgg:100000",
        ]
    } else {
        &[
            "chain:5000",
            "chain:10000",
            "chain:20000",
            "chain:1000000",
            "gnp:10000:0.01",
            "grid:1000x1000",
            "grid:4000x4000",
            "rmat:18",
            "rmat:20",
            "rmat:22",
            "rgg:1000000",
        ]
    };
    v.iter().map(|s| s.to_string()).collect()
}

/// The CUDA programs of Exp C.
pub fn programs() -> Vec<(String, String)> {
    crate::bfs::programs()
}

/// Loads a graph named by a generator spec or a file path; returns (label, graph).
pub fn load_graph(name: &str) -> Result<(String, Csr)> {
    let gerr = |e: grosr_graph::GraphError| BenchError::Other(format!("graph {name}: {e}"));
    if Path::new(name).exists() {
        let cache = grosr::device::cache_dir().join("graphs");
        let g =
            grosr_graph::read_graph_cached(Path::new(name), &BuildOptions::undirected(), &cache)
                .map_err(gerr)?;
        let label = Path::new(name)
            .file_name()
            .map_or_else(|| name.to_string(), |f| f.to_string_lossy().into_owned());
        return Ok((label, g));
    }
    let spec: GenSpec = name.parse().map_err(gerr)?;
    let g = spec.generate().map_err(gerr)?;
    Ok((spec.to_string(), g))
}

/// The default source: the first vertex with at least one edge (0 for an edgeless graph).
pub fn default_source(g: &Csr) -> u32 {
    (0..g.num_vertices())
        .find(|&v| g.degree(v) > 0)
        .unwrap_or(0)
}

/// Runs experiment C. The contract's entry point.
pub fn run(opts: &BenchOpts, progress: &dyn Progress) -> Result<Vec<Record>> {
    run_collect(opts, progress)?.into_result()
}

/// Runs experiment C and keeps every row it could measure.
pub fn run_collect(opts: &BenchOpts, progress: &dyn Progress) -> Result<Outcome> {
    let mut graphs = match opts.params.get("graphs") {
        Some(list) => list.split(',').map(|s| s.trim().to_string()).collect(),
        None => default_graphs(opts.quick),
    };
    if let Some(f) = opts.params.get("graph") {
        graphs.push(f.clone());
    }
    let variants = parse_variants(opts.params.get("variants").map_or("all", String::as_str))?;
    let iters = opts.iters_or(5, 10).max(1);
    let coop_per_sm: u32 = opts.param("coop_per_sm", 2)?;
    let host_levels_max: u32 = opts.param("host_levels_max", 100_000)?;
    let source_param: Option<u32> = match opts.params.get("source") {
        None => None,
        Some(_) => Some(opts.param("source", 0)?),
    };
    let blocks: u32 = opts.param("blocks", 0)?;
    let mut defines = parse_defines(opts.params.get("defines").map_or("", String::as_str))?;
    let one_block: u32 = opts.param("one_block", 0)?;
    if one_block > 0 {
        defines.push(("BFS_ONE_BLOCK".into(), format!("{one_block}u")));
    }
    let mut engine = BfsEngine::new_tuned(opts.device, coop_per_sm, defines)?
        .with_runtime_blocks((blocks > 0).then_some(blocks));
    let mut out = Outcome::default();
    let mut cases = Vec::new();
    for name in &graphs {
        match load_graph(name) {
            Ok((label, g)) => {
                let source = source_param.unwrap_or_else(|| default_source(&g));
                cases.push(GraphCase::prepare(&label, g, source)?);
            }
            Err(e) => out.errors.push(format!("c/{name}: {e}")),
        }
    }
    // Two passes: every baseline of every graph, then grosr. The runtime's persistent kernel holds
    // every SM while it lives, so no baseline kernel could run after it started (and see the README:
    // a stopped runtime does not always release them yet).
    // Uploaded once, before the runtime starts: allocations and copies never wait for its kernel.
    let gpus = cases
        .iter()
        .map(|c| GpuGraph::upload(engine.device(), &c.g))
        .collect::<Result<Vec<_>>>()?;
    let mut rows: Vec<Vec<Record>> = vec![Vec::new(); cases.len()];
    for pass_grosr in [false, true] {
        for (ci, case) in cases.iter().enumerate() {
            let label = &case.label;
            let todo: Vec<Variant> = variants
                .iter()
                .copied()
                .filter(|&v| (v == Variant::Grosr) == pass_grosr)
                .collect();
            if todo.is_empty() {
                continue;
            }
            progress.start(&format!("c {label}"), (todo.len() * iters) as u64);
            let gpu = &gpus[ci];
            for v in todo {
                if v.host_per_level() && case.reference.levels > host_levels_max {
                    progress.note(&format!(
                        "c {label}: {} skipped ({} levels > host_levels_max {host_levels_max})",
                        v.name(),
                        case.reference.levels
                    ));
                    continue;
                }
                match measure(&mut engine, gpu, case, v, iters, progress) {
                    Ok(r) => {
                        progress.note(&format!(
                            "c {label}/{}: median {:.3} ms (min {:.3}) {:.2} GTEPS valid={}",
                            v.name(),
                            r.value,
                            r.stats.min,
                            r.extra.get("gteps").copied().unwrap_or(0.0),
                            r.validated
                        ));
                        rows[ci].push(r)
                    }
                    Err(e) => {
                        out.errors.push(format!("c/{label}/{}: {e}", v.name()));
                        // A runtime that failed may still hold the SMs: nothing could run after it.
                        if v == Variant::Grosr
                            || matches!(&e, BenchError::Grosr(grosr::Error::DeviceFault(_)))
                        {
                            progress.finish();
                            return Ok(finish(out, rows, coop_per_sm, &engine.coop_blocks()));
                        }
                    }
                }
            }
            progress.finish();
        }
    }
    Ok(finish(out, rows, coop_per_sm, &engine.coop_blocks()))
}

fn finish(
    mut out: Outcome,
    rows: Vec<Vec<Record>>,
    coop_per_sm: u32,
    coop_blocks: &[(&str, u32)],
) -> Outcome {
    for mut r in rows {
        add_speedups(&mut r, coop_per_sm, coop_blocks);
        out.add(r);
    }
    out
}

/// A graph with its source and CPU reference.
struct GraphCase {
    label: String,
    g: Csr,
    source: u32,
    reference: grosr_graph::BfsResult,
    edges: u64,
}

impl GraphCase {
    fn prepare(label: &str, g: Csr, source: u32) -> Result<Self> {
        let reference = bfs_parallel(&g, source)
            .map_err(|e| BenchError::Other(format!("graph {label}: {e}")))?;
        let edges = traversed_edges_graph500(&g, &reference.dist);
        Ok(Self {
            label: label.to_string(),
            g,
            source,
            reference,
            edges,
        })
    }
}

fn measure(
    engine: &mut BfsEngine,
    gpu: &GpuGraph,
    case: &GraphCase,
    v: Variant,
    iters: usize,
    progress: &dyn Progress,
) -> Result<Record> {
    engine.run(gpu, case.source, v)?; // warm-up (compiles, first touches)
    let before = engine.runtime_stats()?;
    let mut samples = Vec::with_capacity(iters);
    for _ in 0..iters {
        samples.push(engine.run(gpu, case.source, v)?.as_secs_f64() * 1e3);
        progress.advance(1);
    }
    let after = engine.runtime_stats()?;
    let (dist, parent) = gpu.results()?;
    let check = validate_bfs(&case.g, case.source, &dist, Some(&parent), &case.reference);
    let mut params = params! {
        "graph" => case.label.clone(),
        "n" => case.g.num_vertices(),
        "m" => case.g.num_edges(),
        "source" => case.source,
    };
    if v == Variant::Grosr {
        params.insert(
            "scheduler_blocks".into(),
            serde_json::json!(engine.runtime_scheduler_blocks()),
        );
    }
    let mut r = Record::from_samples(
        "c",
        v.name(),
        params,
        "time_ms",
        "ms",
        &samples,
        check.is_ok(),
    )?;
    if let Err(e) = &check {
        progress.note(&format!("c {}/{}: {e}", case.label, v.name()));
        r = r.with_extra("mismatches", 1.0);
    }
    let secs = r.value / 1e3;
    let teps = if secs > 0.0 {
        case.edges as f64 / secs
    } else {
        0.0
    };
    r = r
        .with_extra("levels", case.reference.levels as f64)
        .with_extra("edges_traversed", case.edges as f64)
        .with_extra("mteps", teps / 1e6)
        .with_extra("gteps", teps / 1e9);
    if let (Some(b), Some(a)) = (&before, &after) {
        // Per BFS: scheduler iterations summed over blocks (how much the runtime itself worked).
        let per = |x: u64, y: u64| x.saturating_sub(y) as f64 / iters.max(1) as f64;
        r = r.with_extra("scheduler_iterations", per(a.iterations, b.iterations));
    }
    if let Some(&(_, seed_grosr, seed_base)) = SEED_NUMBERS.iter().find(|s| s.0 == case.label) {
        r = r
            .with_extra("seed_grosr_ms", seed_grosr)
            .with_extra("seed_baseline_ms", seed_base);
    }
    Ok(r)
}

/// Adds `speedup_vs_<baseline>` (baseline median / grosr median) to the grosr row of one graph, and
/// to each cooperative kernel's row its grid (`coop_blocks`: blocks by variant name).
fn add_speedups(rows: &mut [Record], coop_per_sm: u32, coop_blocks: &[(&str, u32)]) {
    let base: Vec<(String, f64)> = rows
        .iter()
        .filter(|r| r.variant != Variant::Grosr.name())
        .map(|r| (r.variant.clone(), r.value))
        .collect();
    for r in rows.iter_mut() {
        if let Some(&(_, blocks)) = coop_blocks.iter().find(|c| c.0 == r.variant) {
            r.extra.insert("coop_per_sm".into(), coop_per_sm as f64);
            r.extra.insert("coop_blocks".into(), blocks as f64);
        }
        if r.variant != Variant::Grosr.name() || r.value <= 0.0 {
            continue;
        }
        for (name, t) in &base {
            r.extra.insert(format!("speedup_vs_{name}"), t / r.value);
        }
        if let Some(best) = base.iter().map(|b| b.1).reduce(f64::min) {
            r.extra.insert("speedup_vs_best".into(), best / r.value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_graph_lists_parse() {
        for q in [true, false] {
            for s in default_graphs(q) {
                s.parse::<GenSpec>().expect(&s);
            }
        }
    }

    #[test]
    fn seed_labels_match_generated_labels() {
        for (name, _, _) in SEED_NUMBERS {
            let spec: GenSpec = name.parse().expect("spec");
            assert_eq!(spec.to_string(), *name);
        }
        let (label, _) = load_graph("gnp:1000:0.01").expect("gen");
        assert_eq!(label, "gnp:1000:0.01:1");
    }

    #[test]
    fn default_source_skips_isolated_vertices() {
        let g = Csr::from_edges(4, &[(2, 3)], &BuildOptions::undirected()).expect("csr");
        assert_eq!(default_source(&g), 2);
    }

    #[test]
    fn speedups_are_baseline_over_grosr() {
        let mk = |v: &str, ms: f64| {
            Record::from_samples("c", v, params! {}, "time_ms", "ms", &[ms], true).expect("row")
        };
        let mut rows = vec![
            mk("grosr", 2.0),
            mk("coop_barrier", 6.0),
            mk("graph_while", 4.0),
        ];
        add_speedups(&mut rows, 2, &[("coop_barrier", 264), ("coop_warp", 528)]);
        assert_eq!(rows[0].extra["speedup_vs_coop_barrier"], 3.0);
        assert_eq!(rows[0].extra["speedup_vs_best"], 2.0);
        assert_eq!(rows[1].extra["coop_blocks"], 264.0);
    }
}
