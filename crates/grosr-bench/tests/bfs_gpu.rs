//! GPU tests of Exp C's BFS: every variant against the CPU reference, on graphs that take each of
//! the grosr variant's paths (one warp, one block, crew, bottom-up, and the asynchronous mode of
//! high-diameter graphs), on directed and undirected graphs, from several sources, run after run.
//! Marked ignored so CI (no GPU) lists them; scripts/gpu-test runs them on a GPU machine.

use grosr_bench::bfs::{BfsEngine, GpuGraph, Variant};
use grosr_graph::{bfs_serial, validate_bfs, BuildOptions, Csr};

/// Runs `variants` on `g` from `source` and checks each result against the serial CPU BFS.
fn check(engine: &mut BfsEngine, label: &str, g: &Csr, sources: &[u32], variants: &[Variant]) {
    let gpu = GpuGraph::upload(engine.device(), g).expect("upload");
    for &source in sources {
        let reference = bfs_serial(g, source).expect("reference");
        for &v in variants {
            // Twice: the second run finds every array and ring as the first one left them.
            for run in 0..2 {
                engine.run(&gpu, source, v).unwrap_or_else(|e| {
                    panic!("{label} from {source}, {} run {run}: {e}", v.name())
                });
                let (dist, parent) = gpu.results().expect("results");
                if let Err(e) = validate_bfs(g, source, &dist, Some(&parent), &reference) {
                    panic!("{label} from {source}, {} run {run}: {e}", v.name());
                }
            }
        }
    }
}

/// The edges of an undirected `g` as pairs (v, u) with v < u: each edge once.
fn pairs_of(g: &Csr) -> Vec<(u32, u32)> {
    let (off, tgt) = (g.offsets(), g.targets());
    (0..g.num_vertices())
        .flat_map(|v| {
            tgt[off[v as usize] as usize..off[v as usize + 1] as usize]
                .iter()
                .filter(move |&&u| u > v)
                .map(move |&u| (v, u))
        })
        .collect()
}

/// The generator's w x h grid as pairs (v, u) with v < u: each edge once, pointing right or down.
fn grid_pairs(w: u32, h: u32) -> Vec<(u32, u32)> {
    pairs_of(&grosr_graph::grid2d(w, h).expect("grid"))
}

fn undirected(n: u32, pairs: &[(u32, u32)]) -> Csr {
    Csr::from_edges(n, pairs, &BuildOptions::undirected()).expect("graph")
}

/// A directed grid: only the edges to higher-numbered vertices (to the right and downwards; every
/// vertex stays reachable from 0).
fn directed_grid(w: u32, h: u32) -> Csr {
    Csr::from_edges(w * h, &grid_pairs(w, h), &BuildOptions::default()).expect("directed grid")
}

/// Baselines first: the grosr runtime holds every SM while it lives (the engine drops it for them).
const ALL: [Variant; 5] = [
    Variant::LaunchPerLevel,
    Variant::GraphWhile,
    Variant::Coop,
    Variant::CoopWarp,
    Variant::Grosr,
];

#[test]
#[ignore = "needs a CUDA GPU"]
fn every_variant_matches_the_cpu_reference() {
    let mut engine = BfsEngine::new(0, 1).expect("engine");
    let graphs: Vec<(&str, Csr)> = vec![
        ("chain 3000", grosr_graph::chain(3000).expect("chain")),
        ("gnp 4000", grosr_graph::gnp(4000, 0.005, 7).expect("gnp")),
        ("rmat 14", grosr_graph::rmat(14, 16, 3).expect("rmat")),
        ("grid 300x300", grosr_graph::grid2d(300, 300).expect("grid")),
        (
            "rgg 60000",
            grosr_graph::random_geometric(60_000, 10.0, 5).expect("rgg"),
        ),
        ("directed grid 150x150", directed_grid(150, 150)),
    ];
    for (label, g) in &graphs {
        check(&mut engine, label, g, &[0], &ALL);
    }
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn asynchronous_mode_from_many_sources() {
    // Sources in a corner, in the middle and on an edge of a grid (each reaches level 32 with a
    // frontier of more than 32 vertices, so the grosr variant goes asynchronous), and in a random
    // geometric graph; also a source whose BFS ends before level 32.
    let mut engine = BfsEngine::new(0, 1).expect("engine");
    let grid = grosr_graph::grid2d(257, 190).expect("grid");
    let (w, h) = (257u32, 190u32);
    check(
        &mut engine,
        "grid 257x190",
        &grid,
        &[0, (h / 2) * w + w / 2, w - 1, w * h - 1],
        &[Variant::Grosr],
    );
    let small = grosr_graph::grid2d(20, 20).expect("small grid");
    check(
        &mut engine,
        "grid 20x20",
        &small,
        &[0, 210],
        &[Variant::Grosr],
    );
    let rgg = grosr_graph::random_geometric(100_000, 8.0, 11).expect("rgg");
    check(
        &mut engine,
        "rgg 100000",
        &rgg,
        &[0, 54_321],
        &[Variant::Grosr],
    );
}

/// A grid with hubs far from the corner: hub `k` is joined both ways to every vertex of a
/// `patch` x `patch` square of the grid, so the asynchronous mode meets lists of hundreds of edges
/// (dealt out over a warp in several rounds a step) beside the grid's lists of four.
fn grid_with_hubs(w: u32, h: u32, patch: u32, corners: &[(u32, u32)]) -> Csr {
    let mut pairs = grid_pairs(w, h);
    for (k, &(x0, y0)) in corners.iter().enumerate() {
        let hub = w * h + k as u32;
        pairs
            .extend((y0..y0 + patch).flat_map(|y| (x0..x0 + patch).map(move |x| (hub, y * w + x))));
    }
    undirected(w * h + corners.len() as u32, &pairs)
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn asynchronous_mode_with_hubs() {
    let mut engine = BfsEngine::new(0, 1).expect("engine");
    let g = grid_with_hubs(
        300,
        300,
        30,
        &[(100, 100), (200, 40), (40, 220), (250, 250)],
    );
    check(&mut engine, "grid 300x300 with hubs", &g, &[0, 299], &ALL);
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn early_crews_that_no_level_needs() {
    // A source of 100 edges forms an early crew (its first level is one warp's, with more than 32
    // edges); a star then ends in one block, and a grid reached from 40 of its vertices goes
    // asynchronous: both must send the waiting members away, and the BFS must still be exact.
    let mut engine = BfsEngine::new(0, 1).expect("engine");
    let star = undirected(101, &(1..101).map(|v| (0, v)).collect::<Vec<_>>());
    check(&mut engine, "star 100", &star, &[0, 7], &ALL);
    let (w, h) = (300u32, 300u32);
    let mut pairs = grid_pairs(w, h);
    let source = w * h;
    pairs.extend((0..40).map(|x| (source, x * 7)));
    let g = undirected(w * h + 1, &pairs);
    check(&mut engine, "grid 300x300 from a hub", &g, &[source], &ALL);
    // ...and one that a level needs (G(3000, 0.04): sources of ~120 edges, a crew at level 1).
    let gnp = grosr_graph::gnp(3000, 0.04, 9).expect("gnp");
    check(&mut engine, "gnp 3000", &gnp, &[0, 1234], &ALL);
}

/// `g` (undirected) with `hubs` extra vertices, hub k joined both ways to the `span` vertices
/// nearest (in hops) to vertex k * stride: lists longer than one item (BFS_PIECE) in the middle of
/// a high-diameter BFS, whose diameter they barely change.
fn with_hubs(g: &Csr, hubs: u32, span: u32, stride: u32) -> Csr {
    let n = g.num_vertices();
    let mut pairs = pairs_of(g);
    for k in 0..hubs {
        let dist = bfs_serial(g, (k * stride) % n).expect("hub ball").dist;
        let mut near: Vec<u32> = (0..n).filter(|&v| dist[v as usize] != u32::MAX).collect();
        near.sort_by_key(|&v| dist[v as usize]);
        pairs.extend(near.iter().take(span as usize).map(|&v| (n + k, v)));
    }
    undirected(n + hubs, &pairs)
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn barrier_mode_keeps_spills_and_splits() {
    // The random geometric graphs go level by level with a barrier (more than 4 edges a vertex).
    // Keeping a single item a worker sends nearly every claim through the shared queue; hubs of
    // 600 edges make items of part of a list; both with the default settings and the tuned ones.
    let rgg = grosr_graph::random_geometric(100_000, 10.0, 13).expect("rgg");
    let hubs = with_hubs(&rgg, 6, 600, 15_000);
    for defines in [vec![], vec![("BFS_BAR_KEEP".to_string(), "1".to_string())]] {
        let mut engine = BfsEngine::new_tuned(0, 1, defines).expect("engine");
        check(
            &mut engine,
            "rgg 100000",
            &rgg,
            &[0, 77_777],
            &[Variant::Grosr],
        );
        check(
            &mut engine,
            "rgg 100000 with hubs",
            &hubs,
            &[5, 99_999],
            &[Variant::Grosr],
        );
    }
}
