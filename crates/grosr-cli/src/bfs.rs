//! `grosr bfs`: load or generate a graph, run GPU BFS variants, validate against the CPU, print times.

use clap::Args;
use grosr_bench::bfs::{parse_variants, BfsEngine, GpuGraph};
use grosr_bench::exp_c::{default_source, load_graph};
use grosr_graph::{bfs_parallel, traversed_edges_graph500, validate_bfs};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `grosr bfs`.
#[derive(Args, Debug)]
pub struct BfsArgs {
    /// Graph file (Matrix Market, SNAP/edge list, DIMACS .gr; optionally gzip-compressed).
    #[arg(conflicts_with = "gen", required_unless_present = "gen")]
    graph: Option<String>,
    /// Generate a graph instead: chain:N, gnp:N:P[:SEED], grid:WxH, rmat:SCALE[:EF[:SEED]], rgg:N[:DEG[:SEED]].
    #[arg(long)]
    gen: Option<String>,
    /// Source vertex (default: the first vertex with an edge).
    #[arg(long)]
    source: Option<u32>,
    /// Variants, comma-separated: grosr, launch_per_level, graph_while, coop_barrier, coop_warp, seed_baseline, or all.
    #[arg(long, default_value = "grosr")]
    variant: String,
    /// Timed runs per variant (after one warm-up run).
    #[arg(long, default_value_t = 5)]
    iters: usize,
    /// Check every result against the CPU reference (the default; accepted for scripts that say it).
    #[arg(long, conflicts_with = "no_validate")]
    validate: bool,
    /// Skip the check against the CPU reference.
    #[arg(long)]
    no_validate: bool,
    /// Device index.
    #[arg(long, default_value_t = 0)]
    device: usize,
    /// Cooperative-kernel blocks per SM (0: as many as fit).
    #[arg(long, default_value_t = 2)]
    coop_per_sm: u32,
}

/// Runs the command; prints errors itself.
pub fn main(a: BfsArgs) -> ExitCode {
    match run(&a) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("grosr: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(a: &BfsArgs) -> Result<bool, grosr_bench::BenchError> {
    let name = a.gen.as_deref().or(a.graph.as_deref()).unwrap_or_default();
    let t = Instant::now();
    let (label, g) = load_graph(name)?;
    println!(
        "graph {label}: {} vertices, {} directed edges (loaded in {:.2} s)",
        g.num_vertices(),
        g.num_edges(),
        t.elapsed().as_secs_f64()
    );
    let source = a.source.unwrap_or_else(|| default_source(&g));
    let variants = parse_variants(&a.variant)?;
    let reference = (!a.no_validate)
        .then(|| bfs_parallel(&g, source))
        .transpose()
        .map_err(|e| grosr_bench::BenchError::Other(e.to_string()))?;
    let mut engine = BfsEngine::new(a.device, a.coop_per_sm)?;
    let gpu = GpuGraph::upload(engine.device(), &g)?;
    let mut all_ok = true;
    for v in variants {
        engine.run(&gpu, source, v)?;
        let mut ms = Vec::new();
        for _ in 0..a.iters.max(1) {
            ms.push(engine.run(&gpu, source, v)?.as_secs_f64() * 1e3);
        }
        let (dist, parent) = gpu.results()?;
        let reached = dist
            .iter()
            .filter(|&&d| d != grosr_graph::UNREACHED)
            .count();
        let levels = dist
            .iter()
            .filter(|&&d| d != grosr_graph::UNREACHED)
            .max()
            .map_or(0, |d| d + 1);
        let edges = traversed_edges_graph500(&g, &dist);
        ms.sort_by(f64::total_cmp);
        let med = ms[ms.len() / 2];
        let check = match &reference {
            None => "not validated".to_string(),
            Some(r) => match validate_bfs(&g, source, &dist, Some(&parent), r) {
                Ok(_) => "valid".to_string(),
                Err(e) => {
                    all_ok = false;
                    format!("INVALID: {e}")
                }
            },
        };
        println!(
            "{:<17} source {source}: median {med:.3} ms (min {:.3}, max {:.3}, {} runs), {levels} levels, {reached} reached, {:.2} GTEPS, {check}",
            v.name(),
            ms[0],
            ms[ms.len() - 1],
            ms.len(),
            edges as f64 / (med / 1e3) / 1e9
        );
    }
    Ok(all_ok)
}
