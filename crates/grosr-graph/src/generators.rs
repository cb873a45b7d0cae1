//! Deterministic synthetic graph generators.
//!
//! Every generator is a pure function of its arguments: the same parameters
//! and seed give a bit-identical [`Csr`] on every run, machine and thread
//! count. Randomness comes from the crate's own xoshiro256++ (not `rand`), and
//! parallel work is split into fixed-size chunks each with its own seeded
//! stream, so neither dependency upgrades nor scheduling change the output.
//! All generated graphs are undirected (symmetrized), without self loops or
//! parallel edges.

use std::fmt;
use std::str::FromStr;

use rayon::prelude::*;

use crate::csr::{BuildOptions, Csr};
use crate::error::{GraphError, Result};
use crate::rng::Rng;

/// Seed used by [`GenSpec`] strings that do not name one.
pub const DEFAULT_SEED: u64 = 1;

/// Graph500 R-MAT quadrant probabilities (D = 1 - A - B - C = 0.05).
const RMAT_A: f64 = 0.57;
const RMAT_B: f64 = 0.19;
const RMAT_C: f64 = 0.19;

/// R-MAT edges generated per independently seeded chunk.
const RMAT_CHUNK: u64 = 1 << 16;

/// Default average degree of `rgg:N` specs.
const RGG_DEFAULT_DEGREE: f64 = 10.0;

/// Default edge factor of `rmat:S` specs (Graph500's value).
const RMAT_DEFAULT_EDGE_FACTOR: u32 = 16;

/// Distinct RNG stream ids so the permutation and the edges of one seed
/// never share random numbers.
const STREAM_PERMUTATION: u64 = u64::MAX;

fn spec_err(spec: impl Into<String>, msg: impl Into<String>) -> GraphError {
    GraphError::Spec {
        spec: spec.into(),
        msg: msg.into(),
    }
}

fn build(n: u64, edges: &[(u32, u32)]) -> Result<Csr> {
    let n = u32::try_from(n).map_err(|_| GraphError::InvalidGraph(format!("{n} vertices")))?;
    Csr::from_edges(n, edges, &BuildOptions::undirected())
}

fn check_n(what: &str, n: u64) -> Result<()> {
    if n >= u64::from(u32::MAX) {
        return Err(spec_err(
            what,
            format!("{n} vertices exceed the u32 id range"),
        ));
    }
    Ok(())
}

/// Path `0 - 1 - ... - (n-1)`; BFS from 0 gives `dist[i] = i`.
pub fn chain(n: u32) -> Result<Csr> {
    check_n("chain", u64::from(n))?;
    let edges: Vec<(u32, u32)> = (1..n).map(|i| (i - 1, i)).collect();
    build(u64::from(n), &edges)
}

/// `w x h` 4-neighbour grid, vertex `y * w + x`; diameter `w + h - 2`.
pub fn grid2d(w: u32, h: u32) -> Result<Csr> {
    let n = u64::from(w) * u64::from(h);
    check_n("grid", n)?;
    let mut edges = Vec::with_capacity((2 * n) as usize);
    for y in 0..h {
        for x in 0..w {
            let v = y * w + x;
            if x + 1 < w {
                edges.push((v, v + 1));
            }
            if y + 1 < h {
                edges.push((v, v + w));
            }
        }
    }
    build(n, &edges)
}

/// Erdős–Rényi G(n, p): each unordered pair is an edge with probability `p`.
///
/// Uses Batagelj–Brandes geometric skipping, so the cost is O(n + m) rather
/// than O(n²).
pub fn gnp(n: u32, p: f64, seed: u64) -> Result<Csr> {
    check_n("gnp", u64::from(n))?;
    if !(0.0..=1.0).contains(&p) {
        return Err(spec_err(
            "gnp",
            format!("edge probability {p} is not in [0, 1]"),
        ));
    }
    let edges = if p == 0.0 {
        Vec::new()
    } else {
        gnp_edges(u64::from(n), p, seed)
    };
    build(u64::from(n), &edges)
}

fn gnp_edges(n: u64, p: f64, seed: u64) -> Vec<(u32, u32)> {
    let mut rng = Rng::new(seed, 0);
    let log_q = (1.0 - p).ln();
    let expected = (p * (n * n.saturating_sub(1) / 2) as f64) as usize;
    let mut edges = Vec::with_capacity(expected + expected / 8 + 16);
    // Walk the lower triangle (w < v) row by row, jumping over non-edges.
    let (mut v, mut w): (u64, u64) = (1, 0);
    let mut first = true;
    while v < n {
        let skip = if p >= 1.0 {
            0
        } else {
            ((1.0 - rng.next_f64()).ln() / log_q).floor() as u64
        };
        w = w.saturating_add(skip).saturating_add(u64::from(!first));
        first = false;
        while w >= v && v < n {
            w -= v;
            v += 1;
        }
        if v < n {
            edges.push((v as u32, w as u32));
        }
    }
    edges
}

/// Graph500-style R-MAT (Kronecker) graph with `2^scale` vertices and
/// `edge_factor * 2^scale` generated edges (A=0.57, B=0.19, C=0.19, D=0.05,
/// no per-level noise), vertex ids randomly permuted so degree does not
/// correlate with id, then symmetrized with self loops and duplicates removed.
pub fn rmat(scale: u32, edge_factor: u32, seed: u64) -> Result<Csr> {
    if scale > 31 {
        return Err(spec_err(
            "rmat",
            format!("scale {scale} exceeds 31 (u32 vertex ids)"),
        ));
    }
    let n = 1u64 << scale;
    let m = n * u64::from(edge_factor);
    let perm = permutation(n, seed);
    let chunks = m.div_ceil(RMAT_CHUNK);
    let edges: Vec<(u32, u32)> = (0..chunks)
        .into_par_iter()
        .flat_map_iter(|c| {
            let mut rng = Rng::new(seed, c);
            let len = RMAT_CHUNK.min(m - c * RMAT_CHUNK);
            let perm = &perm;
            (0..len).map(move |_| {
                let (u, v) = rmat_edge(&mut rng, scale);
                (perm[u as usize], perm[v as usize])
            })
        })
        .collect();
    build(n, &edges)
}

/// Picks one quadrant per bit level; thresholds are precomputed as u32 so
/// each level costs one 32-bit draw (two levels per 64-bit RNG call).
fn rmat_edge(rng: &mut Rng, scale: u32) -> (u32, u32) {
    const SCALE32: f64 = 4_294_967_296.0;
    let ta = (RMAT_A * SCALE32) as u32;
    let tb = ((RMAT_A + RMAT_B) * SCALE32) as u32;
    let tc = ((RMAT_A + RMAT_B + RMAT_C) * SCALE32) as u32;
    let (mut u, mut v) = (0u32, 0u32);
    let mut bits = 0u64;
    for level in 0..scale {
        if level % 2 == 0 {
            bits = rng.next_u64();
        }
        let r = (bits >> (32 * (level % 2))) as u32;
        let (du, dv) = if r < ta {
            (0, 0)
        } else if r < tb {
            (0, 1)
        } else if r < tc {
            (1, 0)
        } else {
            (1, 1)
        };
        u = (u << 1) | du;
        v = (v << 1) | dv;
    }
    (u, v)
}

/// Fisher–Yates shuffle of `0..n`.
fn permutation(n: u64, seed: u64) -> Vec<u32> {
    let mut rng = Rng::new(seed, STREAM_PERMUTATION);
    let mut perm: Vec<u32> = (0..n).map(|i| i as u32).collect();
    for i in (1..perm.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        perm.swap(i, j);
    }
    perm
}

/// Random geometric graph: `n` uniform points in the unit square, an edge
/// between points closer than `r`, where `r` is chosen so the expected
/// degree (ignoring boundary effects) is `avg_degree`:
/// `avg_degree = (n - 1) * pi * r^2`.
///
/// Points are binned into a grid of cells of side >= r so each point only
/// compares against its 3x3 cell neighbourhood: O(n + m) expected work.
pub fn random_geometric(n: u32, avg_degree: f64, seed: u64) -> Result<Csr> {
    check_n("rgg", u64::from(n))?;
    if !(avg_degree.is_finite() && avg_degree >= 0.0) {
        return Err(spec_err(
            "rgg",
            format!("average degree {avg_degree} must be finite and >= 0"),
        ));
    }
    let radius = if n < 2 {
        0.0
    } else {
        (avg_degree / (std::f64::consts::PI * f64::from(n - 1))).sqrt()
    };
    random_geometric_radius(n, radius, seed)
}

/// Random geometric graph with an explicit connection radius `r`.
pub fn random_geometric_radius(n: u32, radius: f64, seed: u64) -> Result<Csr> {
    check_n("rgg", u64::from(n))?;
    if !(radius.is_finite() && radius >= 0.0) {
        return Err(spec_err(
            "rgg",
            format!("radius {radius} must be finite and >= 0"),
        ));
    }
    let points = random_points(n, seed);
    let grid = CellGrid::new(&points, radius);
    let r2 = radius * radius;
    let edges: Vec<(u32, u32)> = (0..grid.side * grid.side)
        .into_par_iter()
        .flat_map_iter(|c| grid.cell_edges(&points, c, r2))
        .collect();
    build(u64::from(n), &edges)
}

fn random_points(n: u32, seed: u64) -> Vec<(f64, f64)> {
    let mut rng = Rng::new(seed, 0);
    (0..n).map(|_| (rng.next_f64(), rng.next_f64())).collect()
}

/// Points bucketed by cell (a counting sort, like the CSR build).
struct CellGrid {
    side: usize,
    start: Vec<usize>,
    members: Vec<u32>,
}

impl CellGrid {
    fn new(points: &[(f64, f64)], radius: f64) -> Self {
        // Cells no smaller than r, and no more cells than points, so memory
        // stays O(n) even for tiny radii.
        let by_radius = if radius > 0.0 {
            (1.0 / radius).floor()
        } else {
            f64::MAX
        };
        let by_count = (points.len() as f64).sqrt().ceil().max(1.0);
        let side = by_radius.min(by_count).max(1.0) as usize;
        let cell = |&(x, y): &(f64, f64)| {
            let cx = ((x * side as f64) as usize).min(side - 1);
            let cy = ((y * side as f64) as usize).min(side - 1);
            cy * side + cx
        };
        let mut start = vec![0usize; side * side + 1];
        points.iter().for_each(|p| start[cell(p) + 1] += 1);
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut cursor = start.clone();
        let mut members = vec![0u32; points.len()];
        for (i, p) in points.iter().enumerate() {
            let c = cell(p);
            members[cursor[c]] = i as u32;
            cursor[c] += 1;
        }
        Self {
            side,
            start,
            members,
        }
    }

    fn cell(&self, c: usize) -> &[u32] {
        &self.members[self.start[c]..self.start[c + 1]]
    }

    /// Edges `(i, j)` with `i < j`, `i` in cell `c`, `j` in its 3x3 block.
    fn cell_edges(&self, pts: &[(f64, f64)], c: usize, r2: f64) -> Vec<(u32, u32)> {
        let (cx, cy) = (c % self.side, c / self.side);
        let mut out = Vec::new();
        for ny in cy.saturating_sub(1)..=(cy + 1).min(self.side - 1) {
            for nx in cx.saturating_sub(1)..=(cx + 1).min(self.side - 1) {
                let other = self.cell(ny * self.side + nx);
                for &i in self.cell(c) {
                    let (xi, yi) = pts[i as usize];
                    for &j in other.iter().filter(|&&j| j > i) {
                        let (xj, yj) = pts[j as usize];
                        if (xi - xj).powi(2) + (yi - yj).powi(2) <= r2 {
                            out.push((i, j));
                        }
                    }
                }
            }
        }
        out
    }
}

/// A generator and its parameters, parsed from strings such as
/// `chain:20000`, `gnp:10000:0.01[:seed]`, `grid:1000x1000`,
/// `rmat:20[:16[:seed]]` or `rgg:1000000[:avgdeg[:seed]]`.
#[derive(Debug, Clone, PartialEq)]
pub enum GenSpec {
    /// [`chain`]`(n)`.
    Chain {
        /// Vertices.
        n: u32,
    },
    /// [`gnp`]`(n, p, seed)`.
    Gnp {
        /// Vertices.
        n: u32,
        /// Edge probability.
        p: f64,
        /// RNG seed.
        seed: u64,
    },
    /// [`grid2d`]`(w, h)`.
    Grid {
        /// Width.
        w: u32,
        /// Height.
        h: u32,
    },
    /// [`rmat`]`(scale, edge_factor, seed)`.
    Rmat {
        /// log2 of the vertex count.
        scale: u32,
        /// Generated edges per vertex.
        edge_factor: u32,
        /// RNG seed.
        seed: u64,
    },
    /// [`random_geometric`]`(n, avg_degree, seed)`.
    Rgg {
        /// Vertices.
        n: u32,
        /// Expected average degree.
        avg_degree: f64,
        /// RNG seed.
        seed: u64,
    },
}

impl GenSpec {
    /// Runs the generator.
    pub fn generate(&self) -> Result<Csr> {
        match *self {
            GenSpec::Chain { n } => chain(n),
            GenSpec::Gnp { n, p, seed } => gnp(n, p, seed),
            GenSpec::Grid { w, h } => grid2d(w, h),
            GenSpec::Rmat {
                scale,
                edge_factor,
                seed,
            } => rmat(scale, edge_factor, seed),
            GenSpec::Rgg {
                n,
                avg_degree,
                seed,
            } => random_geometric(n, avg_degree, seed),
        }
    }
}

/// Canonical form with every parameter spelled out (stable cache/label key).
impl fmt::Display for GenSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenSpec::Chain { n } => write!(f, "chain:{n}"),
            GenSpec::Gnp { n, p, seed } => write!(f, "gnp:{n}:{p}:{seed}"),
            GenSpec::Grid { w, h } => write!(f, "grid:{w}x{h}"),
            GenSpec::Rmat {
                scale,
                edge_factor,
                seed,
            } => write!(f, "rmat:{scale}:{edge_factor}:{seed}"),
            GenSpec::Rgg {
                n,
                avg_degree,
                seed,
            } => write!(f, "rgg:{n}:{avg_degree}:{seed}"),
        }
    }
}

impl FromStr for GenSpec {
    type Err = GraphError;

    fn from_str(spec: &str) -> Result<Self> {
        let parts: Vec<&str> = spec.trim().split(':').collect();
        let p = SpecParts {
            spec,
            parts: &parts,
        };
        match parts[0].to_ascii_lowercase().as_str() {
            "chain" => p.arity(2, 2, "chain:N").and_then(|()| {
                Ok(GenSpec::Chain {
                    n: p.num(1, "vertex count")?,
                })
            }),
            "gnp" => p.arity(3, 4, "gnp:N:P[:SEED]").and_then(|()| {
                Ok(GenSpec::Gnp {
                    n: p.num(1, "vertex count")?,
                    p: p.num(2, "edge probability")?,
                    seed: p.num_or(3, "seed", DEFAULT_SEED)?,
                })
            }),
            "grid" => p.arity(2, 2, "grid:WxH").and_then(|()| p.grid()),
            "rmat" => p
                .arity(2, 4, "rmat:SCALE[:EDGE_FACTOR[:SEED]]")
                .and_then(|()| {
                    Ok(GenSpec::Rmat {
                        scale: p.num(1, "scale")?,
                        edge_factor: p.num_or(2, "edge factor", RMAT_DEFAULT_EDGE_FACTOR)?,
                        seed: p.num_or(3, "seed", DEFAULT_SEED)?,
                    })
                }),
            "rgg" => p.arity(2, 4, "rgg:N[:AVG_DEGREE[:SEED]]").and_then(|()| {
                Ok(GenSpec::Rgg {
                    n: p.num(1, "vertex count")?,
                    avg_degree: p.num_or(2, "average degree", RGG_DEFAULT_DEGREE)?,
                    seed: p.num_or(3, "seed", DEFAULT_SEED)?,
                })
            }),
            other => Err(spec_err(
                spec,
                format!("unknown generator {other:?} (expected chain, gnp, grid, rmat or rgg)"),
            )),
        }
        .and_then(validate_spec)
    }
}

/// Catches out-of-range parameters at parse time rather than mid-generation.
fn validate_spec(g: GenSpec) -> Result<GenSpec> {
    let bad = |msg: String| Err(spec_err(g.to_string(), msg));
    match g {
        GenSpec::Gnp { p, .. } if !(0.0..=1.0).contains(&p) => {
            bad(format!("edge probability {p} is not in [0, 1]"))
        }
        GenSpec::Rmat { scale, .. } if scale > 31 => bad(format!("scale {scale} exceeds 31")),
        GenSpec::Rgg { avg_degree, .. } if !(avg_degree.is_finite() && avg_degree >= 0.0) => bad(
            format!("average degree {avg_degree} must be finite and >= 0"),
        ),
        GenSpec::Grid { w, h } if u64::from(w) * u64::from(h) >= u64::from(u32::MAX) => {
            bad(format!("{w}x{h} vertices exceed the u32 id range"))
        }
        _ => Ok(g),
    }
}

struct SpecParts<'a> {
    spec: &'a str,
    parts: &'a [&'a str],
}

impl SpecParts<'_> {
    fn arity(&self, min: usize, max: usize, usage: &str) -> Result<()> {
        let k = self.parts.len();
        if (min..=max).contains(&k) {
            Ok(())
        } else {
            Err(spec_err(
                self.spec,
                format!("expected {usage}, found {} parameter(s)", k - 1),
            ))
        }
    }

    fn num<T: FromStr>(&self, i: usize, what: &str) -> Result<T> {
        let s = self.parts.get(i).copied().unwrap_or("");
        s.trim()
            .parse()
            .map_err(|_| spec_err(self.spec, format!("invalid {what} {s:?}")))
    }

    fn num_or<T: FromStr>(&self, i: usize, what: &str, default: T) -> Result<T> {
        match self.parts.get(i) {
            Some(_) => self.num(i, what),
            None => Ok(default),
        }
    }

    fn grid(&self) -> Result<GenSpec> {
        let dims = self.parts[1].to_ascii_lowercase();
        let (w, h) = dims.split_once('x').unwrap_or((&dims, &dims));
        let parse = |s: &str, what: &str| {
            s.trim().parse::<u32>().map_err(|_| {
                spec_err(
                    self.spec,
                    format!("invalid grid {what} {s:?} (expected grid:WxH)"),
                )
            })
        };
        Ok(GenSpec::Grid {
            w: parse(w, "width")?,
            h: parse(h, "height")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bfs::bfs_serial;

    fn is_simple_undirected(g: &Csr) -> bool {
        (0..g.num_vertices()).all(|v| {
            let nb = g.neighbors(v);
            nb.windows(2).all(|p| p[0] < p[1])
                && nb.binary_search(&v).is_err()
                && nb.iter().all(|&u| g.has_edge(u, v))
        })
    }

    #[test]
    fn chain_and_grid_shapes() {
        let c = chain(5).unwrap();
        assert_eq!((c.num_vertices(), c.num_edges()), (5, 8));
        assert_eq!(chain(0).unwrap().num_vertices(), 0);
        assert_eq!(chain(1).unwrap().num_edges(), 0);
        let g = grid2d(4, 3).unwrap();
        assert_eq!(g.num_vertices(), 12);
        assert_eq!(g.num_edges(), 2 * (3 * 3 + 4 * 2));
        assert_eq!(g.neighbors(5), &[1, 4, 6, 9]);
        assert!(is_simple_undirected(&g));
        assert!(grid2d(70_000, 70_000).is_err());
    }

    #[test]
    fn gnp_edge_count_in_expected_range() {
        let (n, p) = (2000u32, 0.01);
        let g = gnp(n, p, 11).unwrap();
        let undirected = g.num_edges() as f64 / 2.0;
        let pairs = f64::from(n) * f64::from(n - 1) / 2.0;
        let (mean, sd) = (pairs * p, (pairs * p * (1.0 - p)).sqrt());
        assert!(
            (undirected - mean).abs() < 5.0 * sd,
            "{undirected} vs {mean}"
        );
        assert!(is_simple_undirected(&g));
    }

    #[test]
    fn gnp_extremes_and_errors() {
        assert_eq!(gnp(50, 0.0, 1).unwrap().num_edges(), 0);
        assert_eq!(gnp(50, 1.0, 1).unwrap().num_edges(), 50 * 49);
        assert_eq!(gnp(1, 0.5, 1).unwrap().num_edges(), 0);
        assert!(gnp(10, 1.5, 1).is_err());
        assert!(gnp(10, f64::NAN, 1).is_err());
    }

    #[test]
    fn generators_are_deterministic() {
        assert_eq!(gnp(500, 0.02, 9).unwrap(), gnp(500, 0.02, 9).unwrap());
        assert_ne!(gnp(500, 0.02, 9).unwrap(), gnp(500, 0.02, 10).unwrap());
        assert_eq!(rmat(9, 8, 3).unwrap(), rmat(9, 8, 3).unwrap());
        assert_ne!(rmat(9, 8, 3).unwrap(), rmat(9, 8, 4).unwrap());
        let a = random_geometric(2000, 8.0, 5).unwrap();
        assert_eq!(a, random_geometric(2000, 8.0, 5).unwrap());
    }

    #[test]
    fn rmat_properties() {
        let g = rmat(12, 16, 2).unwrap();
        assert_eq!(g.num_vertices(), 4096);
        assert!(is_simple_undirected(&g));
        // Duplicates are common in R-MAT; most of the 65536 survive.
        let und = g.num_edges() / 2;
        assert!(und > 20_000 && und <= 65_536, "{und}");
        // Skewed: the max degree is far above the average.
        let max = (0..4096).map(|v| g.degree(v)).max().unwrap();
        assert!(max > 10 * (g.num_edges() / 4096), "{max}");
        assert!(rmat(32, 1, 1).is_err());
    }

    #[test]
    fn rgg_degree_and_geometry() {
        let g = random_geometric(20_000, 12.0, 7).unwrap();
        let avg = g.num_edges() as f64 / 20_000.0;
        // Boundary effects lower the average slightly below the target.
        assert!(avg > 10.0 && avg < 12.5, "{avg}");
        assert!(is_simple_undirected(&g));
        // Brute-force check against the radius definition on a small instance.
        let (n, r) = (300u32, 0.08);
        let g = random_geometric_radius(n, r, 3).unwrap();
        let pts = random_points(n, 3);
        for i in 0..n {
            for j in 0..n {
                let (a, b) = (pts[i as usize], pts[j as usize]);
                let close = (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2) <= r * r;
                assert_eq!(g.has_edge(i, j), close && i != j, "{i} {j}");
            }
        }
        assert!(random_geometric(10, -1.0, 1).is_err());
        assert_eq!(random_geometric(1, 8.0, 1).unwrap().num_edges(), 0);
        assert_eq!(random_geometric(0, 8.0, 1).unwrap().num_vertices(), 0);
    }

    #[test]
    fn chain_bfs_distances() {
        let r = bfs_serial(&chain(1000).unwrap(), 0).unwrap();
        assert!(r.dist.iter().enumerate().all(|(i, &d)| d as usize == i));
    }

    #[test]
    fn spec_parsing() {
        let ok = |s: &str| s.parse::<GenSpec>().unwrap();
        assert_eq!(ok("chain:20000"), GenSpec::Chain { n: 20000 });
        assert_eq!(
            ok("gnp:10000:0.01"),
            GenSpec::Gnp {
                n: 10000,
                p: 0.01,
                seed: DEFAULT_SEED
            }
        );
        assert_eq!(
            ok("gnp:10:0.5:7"),
            GenSpec::Gnp {
                n: 10,
                p: 0.5,
                seed: 7
            }
        );
        assert_eq!(ok("grid:1000x20"), GenSpec::Grid { w: 1000, h: 20 });
        assert_eq!(ok("GRID:30"), GenSpec::Grid { w: 30, h: 30 });
        assert_eq!(
            ok("rmat:20"),
            GenSpec::Rmat {
                scale: 20,
                edge_factor: 16,
                seed: DEFAULT_SEED
            }
        );
        assert_eq!(
            ok("rmat:20:8:3"),
            GenSpec::Rmat {
                scale: 20,
                edge_factor: 8,
                seed: 3
            }
        );
        assert_eq!(
            ok("rgg:1000000"),
            GenSpec::Rgg {
                n: 1_000_000,
                avg_degree: 10.0,
                seed: DEFAULT_SEED
            }
        );
        assert_eq!(
            ok("rgg:100:12.5:4"),
            GenSpec::Rgg {
                n: 100,
                avg_degree: 12.5,
                seed: 4
            }
        );
        for s in [
            "chain:7",
            "gnp:10:0.5:7",
            "grid:3x4",
            "rmat:5:2:9",
            "rgg:100:12.5:4",
        ] {
            assert_eq!(ok(s).to_string().parse::<GenSpec>().unwrap(), ok(s));
        }
        assert_eq!(ok("chain:9").generate().unwrap().num_vertices(), 9);
    }

    #[test]
    fn spec_errors_are_clear() {
        let err = |s: &str| s.parse::<GenSpec>().unwrap_err().to_string();
        assert!(err("foo:1").contains("unknown generator \"foo\""));
        assert!(err("").contains("unknown generator"));
        assert!(err("chain").contains("expected chain:N, found 0 parameter(s)"));
        assert!(err("chain:x").contains("invalid vertex count \"x\""));
        assert!(err("chain:-5").contains("invalid vertex count \"-5\""));
        assert!(err("gnp:10").contains("expected gnp:N:P[:SEED]"));
        assert!(err("gnp:10:2").contains("edge probability 2 is not in [0, 1]"));
        assert!(err("grid:10xq").contains("invalid grid height \"q\""));
        assert!(err("grid:100000x100000").contains("exceed the u32 id range"));
        assert!(err("rmat:40").contains("scale 40 exceeds 31"));
        assert!(err("rmat:1:2:3:4").contains("found 4 parameter(s)"));
        assert!(err("rgg:10:-1").contains("average degree -1"));
        assert!(err("rgg:10:5:x").contains("invalid seed \"x\""));
    }
}
