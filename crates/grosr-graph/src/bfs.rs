//! CPU reference BFS, validation of BFS results from other engines (the GPU),
//! and the Graph500 traversed-edge count used for TEPS.

use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

use crate::csr::Csr;
use crate::error::{GraphError, Result};

/// Distance of a vertex the BFS never reached.
pub const UNREACHED: u32 = u32::MAX;

/// Parent of a vertex the BFS never reached.
pub const NO_PARENT: u32 = u32::MAX;

/// Output of a BFS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BfsResult {
    /// Hop distance from the source, [`UNREACHED`] if unreachable.
    pub dist: Vec<u32>,
    /// BFS-tree parent, [`NO_PARENT`] if unreached; `parent[source] == source`.
    pub parent: Vec<u32>,
    /// Number of non-empty frontiers, i.e. the largest finite distance + 1.
    pub levels: u32,
}

fn check_source(g: &Csr, source: u32) -> Result<()> {
    if source < g.num_vertices() {
        Ok(())
    } else {
        Err(GraphError::SourceOutOfRange {
            vertex: source,
            n: g.num_vertices(),
        })
    }
}

/// Plain queue-based BFS; the simplest possible code, hence the reference.
pub fn bfs_serial(g: &Csr, source: u32) -> Result<BfsResult> {
    check_source(g, source)?;
    let n = g.num_vertices() as usize;
    let mut dist = vec![UNREACHED; n];
    let mut parent = vec![NO_PARENT; n];
    dist[source as usize] = 0;
    parent[source as usize] = source;
    let mut frontier = vec![source];
    let mut next = Vec::new();
    let mut levels = 0;
    while !frontier.is_empty() {
        levels += 1;
        for &u in &frontier {
            for &v in g.neighbors(u) {
                if dist[v as usize] == UNREACHED {
                    dist[v as usize] = levels;
                    parent[v as usize] = u;
                    next.push(v);
                }
            }
        }
        std::mem::swap(&mut frontier, &mut next);
        next.clear();
    }
    Ok(BfsResult {
        dist,
        parent,
        levels,
    })
}

/// Level-synchronous parallel BFS (top-down). Distances equal
/// [`bfs_serial`]'s; parents may differ where several are valid, because
/// whichever thread claims a vertex first wins.
pub fn bfs_parallel(g: &Csr, source: u32) -> Result<BfsResult> {
    check_source(g, source)?;
    let n = g.num_vertices() as usize;
    let dist: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(UNREACHED)).collect();
    let parent: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(NO_PARENT)).collect();
    dist[source as usize].store(0, Ordering::Relaxed);
    parent[source as usize].store(source, Ordering::Relaxed);
    let mut frontier = vec![source];
    let mut levels = 0;
    while !frontier.is_empty() {
        levels += 1;
        let (d, p) = (&dist, &parent);
        frontier = frontier
            .par_iter()
            .flat_map_iter(|&u| {
                g.neighbors(u)
                    .iter()
                    .copied()
                    .filter(move |&v| claim(d, p, u, v, levels))
            })
            .collect();
    }
    // Relaxed is enough: rayon's joins order all writes before we read here.
    Ok(BfsResult {
        dist: dist.into_iter().map(AtomicU32::into_inner).collect(),
        parent: parent.into_iter().map(AtomicU32::into_inner).collect(),
        levels,
    })
}

/// Sets `v`'s distance if nobody has yet; the plain load first avoids a
/// contended compare-exchange on the (common) already-visited case.
fn claim(dist: &[AtomicU32], parent: &[AtomicU32], u: u32, v: u32, level: u32) -> bool {
    let slot = &dist[v as usize];
    let won = slot.load(Ordering::Relaxed) == UNREACHED
        && slot
            .compare_exchange(UNREACHED, level, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok();
    if won {
        parent[v as usize].store(u, Ordering::Relaxed);
    }
    won
}

/// Summary of a successful [`validate_bfs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationReport {
    /// Vertices with a finite distance (including the source).
    pub reached: u64,
    /// Number of BFS levels (largest distance + 1).
    pub levels: u32,
    /// Whether a parent array was supplied and checked.
    pub parents_checked: bool,
}

fn show(d: u32) -> String {
    if d == UNREACHED {
        "unreached".into()
    } else {
        d.to_string()
    }
}

/// Why a BFS result disagrees with the reference or the graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    /// The source is not a vertex.
    #[error("source vertex {vertex} out of range (graph has {n} vertices)")]
    SourceOutOfRange {
        /// Requested source.
        vertex: u32,
        /// Number of vertices.
        n: u32,
    },
    /// An array has the wrong length.
    #[error("{what} has {found} entries, expected {expected}")]
    Length {
        /// Which array.
        what: &'static str,
        /// Number of vertices.
        expected: u64,
        /// Actual length.
        found: u64,
    },
    /// A distance differs from the reference.
    #[error("vertex {vertex}: distance {}, expected {}", show(*found), show(*expected))]
    Distance {
        /// Offending vertex.
        vertex: u32,
        /// Reference distance.
        expected: u32,
        /// Distance under test.
        found: u32,
    },
    /// The source's parent is not the source itself.
    #[error("source {vertex}: parent {found}, expected the source itself")]
    SourceParent {
        /// The source.
        vertex: u32,
        /// Its parent under test.
        found: u32,
    },
    /// An unreached vertex has a parent, or a reached one lacks it.
    #[error("vertex {vertex} (distance {}): parent {}, inconsistent with reachability", show(*dist), show(*parent))]
    ParentReachability {
        /// Offending vertex.
        vertex: u32,
        /// Its distance.
        dist: u32,
        /// Its parent (`u32::MAX` = none).
        parent: u32,
    },
    /// A parent is not a vertex.
    #[error("vertex {vertex}: parent {parent} out of range (graph has {n} vertices)")]
    ParentOutOfRange {
        /// Offending vertex.
        vertex: u32,
        /// Its parent.
        parent: u32,
        /// Number of vertices.
        n: u32,
    },
    /// A parent is not exactly one level closer to the source.
    #[error("vertex {vertex} (distance {dist}): parent {parent} has distance {}, expected {}", show(*parent_dist), dist.wrapping_sub(1))]
    ParentLevel {
        /// Offending vertex.
        vertex: u32,
        /// Its distance.
        dist: u32,
        /// Its parent.
        parent: u32,
        /// The parent's distance.
        parent_dist: u32,
    },
    /// The tree edge parent -> vertex is not in the graph.
    #[error("vertex {vertex}: parent {parent}, but the graph has no edge {parent} -> {vertex}")]
    MissingEdge {
        /// Offending vertex.
        vertex: u32,
        /// Its parent.
        parent: u32,
    },
}

/// Checks a BFS result from another engine against `reference` (normally
/// [`bfs_serial`] on the same graph and source): distances must be
/// identical, and each given parent must be a graph in-neighbour exactly
/// one level closer. The error names the lowest-numbered offending vertex.
pub fn validate_bfs(
    g: &Csr,
    source: u32,
    dist: &[u32],
    parent: Option<&[u32]>,
    reference: &BfsResult,
) -> std::result::Result<ValidationReport, ValidationError> {
    let n = g.num_vertices();
    if source >= n {
        return Err(ValidationError::SourceOutOfRange { vertex: source, n });
    }
    check_len("distance array", dist.len(), n)?;
    check_len("reference distance array", reference.dist.len(), n)?;
    if let Some(p) = parent {
        check_len("parent array", p.len(), n)?;
    }
    let first_bad = (0..n)
        .into_par_iter()
        .find_map_first(|v| check_vertex(g, source, v, dist, parent, &reference.dist).err());
    if let Some(e) = first_bad {
        return Err(e);
    }
    Ok(ValidationReport {
        reached: dist.par_iter().filter(|&&d| d != UNREACHED).count() as u64,
        levels: reference.levels,
        parents_checked: parent.is_some(),
    })
}

fn check_len(what: &'static str, len: usize, n: u32) -> std::result::Result<(), ValidationError> {
    if len == n as usize {
        Ok(())
    } else {
        Err(ValidationError::Length {
            what,
            expected: u64::from(n),
            found: len as u64,
        })
    }
}

fn check_vertex(
    g: &Csr,
    source: u32,
    v: u32,
    dist: &[u32],
    parent: Option<&[u32]>,
    reference: &[u32],
) -> std::result::Result<(), ValidationError> {
    let (found, expected) = (dist[v as usize], reference[v as usize]);
    if found != expected {
        return Err(ValidationError::Distance {
            vertex: v,
            expected,
            found,
        });
    }
    match parent {
        Some(p) => check_parent(g, source, v, dist, p[v as usize]),
        None => Ok(()),
    }
}

fn check_parent(
    g: &Csr,
    source: u32,
    v: u32,
    dist: &[u32],
    p: u32,
) -> std::result::Result<(), ValidationError> {
    let d = dist[v as usize];
    if v == source {
        return if p == source {
            Ok(())
        } else {
            Err(ValidationError::SourceParent {
                vertex: v,
                found: p,
            })
        };
    }
    if (d == UNREACHED) != (p == NO_PARENT) {
        return Err(ValidationError::ParentReachability {
            vertex: v,
            dist: d,
            parent: p,
        });
    }
    if d == UNREACHED {
        return Ok(());
    }
    check_tree_edge(g, v, d, p, dist)
}

fn check_tree_edge(
    g: &Csr,
    v: u32,
    d: u32,
    p: u32,
    dist: &[u32],
) -> std::result::Result<(), ValidationError> {
    let n = g.num_vertices();
    if p >= n {
        return Err(ValidationError::ParentOutOfRange {
            vertex: v,
            parent: p,
            n,
        });
    }
    let pd = dist[p as usize];
    if pd == UNREACHED || pd + 1 != d {
        return Err(ValidationError::ParentLevel {
            vertex: v,
            dist: d,
            parent: p,
            parent_dist: pd,
        });
    }
    if !g.has_edge(p, v) {
        return Err(ValidationError::MissingEdge {
            vertex: v,
            parent: p,
        });
    }
    Ok(())
}

/// Graph500 TEPS numerator: undirected input edges inside the component
/// reached by the BFS (`dist[v] != UNREACHED`).
///
/// `g` must be symmetrized: every undirected edge `{u, v}` with `u != v` is
/// then stored twice, so it counts as (sum of reached degrees) / 2. A self
/// loop is stored once by [`Csr::from_edges`], so it is counted with weight
/// two here to make each self loop one whole edge (Graph500 counts every
/// input edge). Parallel edges are counted as often as they are stored.
/// Vertices past the end of `dist` count as unreached.
pub fn traversed_edges_graph500(g: &Csr, dist: &[u32]) -> u64 {
    let n = (g.num_vertices() as usize).min(dist.len());
    let doubled: u64 = (0..n)
        .into_par_iter()
        .filter(|&v| dist[v] != UNREACHED)
        .map(|v| {
            let v = v as u32;
            g.degree(v) + self_loops(g.neighbors(v), v)
        })
        .sum();
    doubled / 2
}

fn self_loops(sorted: &[u32], v: u32) -> u64 {
    let lo = sorted.partition_point(|&x| x < v);
    let hi = sorted.partition_point(|&x| x <= v);
    (hi - lo) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::BuildOptions;
    use crate::generators::{chain, gnp, grid2d, rmat};

    fn undirected(n: u32, edges: &[(u32, u32)]) -> Csr {
        Csr::from_edges(n, edges, &BuildOptions::undirected()).unwrap()
    }

    #[test]
    fn chain_distances() {
        let g = chain(50).unwrap();
        let r = bfs_serial(&g, 0).unwrap();
        assert!(r.dist.iter().enumerate().all(|(i, &d)| d == i as u32));
        assert_eq!(r.levels, 50);
        assert_eq!(r.parent[0], 0);
        assert_eq!(r.parent[7], 6);
    }

    #[test]
    fn unreachable_and_directed() {
        let g = Csr::from_edges(4, &[(0, 1), (2, 1)], &BuildOptions::default()).unwrap();
        let r = bfs_serial(&g, 0).unwrap();
        assert_eq!(r.dist, vec![0, 1, UNREACHED, UNREACHED]);
        assert_eq!(r.parent, vec![0, 0, NO_PARENT, NO_PARENT]);
        assert_eq!(r.levels, 2);
        assert_eq!(bfs_parallel(&g, 0).unwrap(), r);
        assert!(bfs_serial(&g, 4).is_err());
        assert!(bfs_parallel(&g, 4).is_err());
    }

    #[test]
    fn serial_equals_parallel_on_generated_graphs() {
        let graphs = [
            chain(300).unwrap(),
            grid2d(30, 20).unwrap(),
            gnp(800, 0.01, 3).unwrap(),
            rmat(10, 8, 5).unwrap(),
        ];
        for g in &graphs {
            for src in [0, g.num_vertices() / 2] {
                let s = bfs_serial(g, src).unwrap();
                let p = bfs_parallel(g, src).unwrap();
                assert_eq!(s.dist, p.dist);
                assert_eq!(s.levels, p.levels);
                let rep = validate_bfs(g, src, &p.dist, Some(&p.parent), &s).unwrap();
                assert!(rep.parents_checked);
            }
        }
    }

    #[test]
    fn grid_diameter() {
        let (w, h) = (17, 9);
        let g = grid2d(w, h).unwrap();
        let r = bfs_serial(&g, 0).unwrap();
        assert_eq!(r.dist[(w * h - 1) as usize], w + h - 2);
        assert_eq!(r.levels, w + h - 1);
    }

    #[test]
    fn validation_accepts_reference_and_reports() {
        let g = undirected(5, &[(0, 1), (1, 2), (0, 3)]);
        let r = bfs_serial(&g, 0).unwrap();
        let rep = validate_bfs(&g, 0, &r.dist, Some(&r.parent), &r).unwrap();
        assert_eq!(
            rep,
            ValidationReport {
                reached: 4,
                levels: 3,
                parents_checked: true
            }
        );
        assert!(
            !validate_bfs(&g, 0, &r.dist, None, &r)
                .unwrap()
                .parents_checked
        );
    }

    #[test]
    fn validation_catches_wrong_distance() {
        let g = chain(6).unwrap();
        let r = bfs_serial(&g, 0).unwrap();
        let mut d = r.dist.clone();
        d[4] = 7;
        d[5] = 1;
        let e = validate_bfs(&g, 0, &d, None, &r).unwrap_err();
        assert_eq!(e.to_string(), "vertex 4: distance 7, expected 4");
        d[4] = UNREACHED;
        let e = validate_bfs(&g, 0, &d, None, &r).unwrap_err();
        assert_eq!(e.to_string(), "vertex 4: distance unreached, expected 4");
    }

    #[test]
    fn validation_catches_wrong_parents() {
        // 0-1, 0-2, 1-3, 2-3, 3-4 and an isolated 5.
        let g = undirected(6, &[(0, 1), (0, 2), (1, 3), (2, 3), (3, 4)]);
        let r = bfs_serial(&g, 0).unwrap();
        let check = |v: usize, p: u32| {
            let mut par = r.parent.clone();
            par[v] = p;
            validate_bfs(&g, 0, &r.dist, Some(&par), &r).unwrap_err()
        };
        assert!(matches!(check(0, 1), ValidationError::SourceParent { .. }));
        assert_eq!(
            check(4, 1).to_string(),
            "vertex 4 (distance 3): parent 1 has distance 1, expected 2"
        );
        assert_eq!(
            check(3, 9).to_string(),
            "vertex 3: parent 9 out of range (graph has 6 vertices)"
        );
        assert!(matches!(
            check(5, 0),
            ValidationError::ParentReachability { vertex: 5, .. }
        ));
        assert!(matches!(
            check(4, NO_PARENT),
            ValidationError::ParentReachability { vertex: 4, .. }
        ));
        // Directed: 2 is at the right level for 3, but 2 -> 3 is no edge.
        let g = Csr::from_edges(4, &[(0, 1), (0, 2), (1, 3)], &BuildOptions::default()).unwrap();
        let r = bfs_serial(&g, 0).unwrap();
        let mut par = r.parent.clone();
        par[3] = 2;
        let e = validate_bfs(&g, 0, &r.dist, Some(&par), &r).unwrap_err();
        assert_eq!(
            e.to_string(),
            "vertex 3: parent 2, but the graph has no edge 2 -> 3"
        );
    }

    #[test]
    fn validation_checks_lengths_and_source() {
        let g = chain(3).unwrap();
        let r = bfs_serial(&g, 0).unwrap();
        assert!(matches!(
            validate_bfs(&g, 0, &r.dist[..2], None, &r),
            Err(ValidationError::Length { found: 2, .. })
        ));
        assert!(validate_bfs(&g, 0, &r.dist, Some(&[0]), &r).is_err());
        assert!(validate_bfs(&g, 3, &r.dist, None, &r).is_err());
    }

    #[test]
    fn graph500_edge_count() {
        // Component {0,1,2} has edges 0-1, 1-2, self loop 2-2; {3,4} has 3-4.
        let opts = BuildOptions {
            symmetrize: true,
            ..BuildOptions::default()
        };
        let g = Csr::from_edges(5, &[(0, 1), (1, 2), (2, 2), (3, 4)], &opts).unwrap();
        let r = bfs_serial(&g, 0).unwrap();
        assert_eq!(traversed_edges_graph500(&g, &r.dist), 3);
        let r = bfs_serial(&g, 4).unwrap();
        assert_eq!(traversed_edges_graph500(&g, &r.dist), 1);
        let all = vec![0; 5];
        assert_eq!(traversed_edges_graph500(&g, &all), 4);
        assert_eq!(traversed_edges_graph500(&g, &[]), 0);
    }
}
