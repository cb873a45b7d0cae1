//! DIMACS shortest-path (`.gr`) reader: `c` comments, one `p sp N M` problem
//! line before any `a u v w` arc line, 1-based ids.

use std::io::BufRead;

use super::lines::{
    field_count_msg, fields, parse_id_1based, parse_u64, parse_weight, quote, Fields, Lines,
    MAX_VERTICES,
};
use super::{RawGraph, RESERVE_CAP};
use crate::error::GraphError;

struct Problem {
    n: u64,
    m: u64,
    line: u64,
}

pub(crate) fn parse<R: BufRead>(lines: &mut Lines<R>) -> Result<RawGraph, GraphError> {
    let mut problem: Option<Problem> = None;
    let mut g = RawGraph::with_capacity(0, 0, true);
    let mut arcs = 0u64;
    while let Some(line) = lines.next_line()? {
        let f = fields(line);
        if f.count == 0 || f.tok[0].first() == Some(&b'c') {
            continue;
        }
        match f.tok[0] {
            b"p" => {
                let p = parse_problem(&f, problem.as_ref()).map_err(|m| lines.err(m))?;
                g = RawGraph::with_capacity(p.n as u32, p.m.min(RESERVE_CAP) as usize, true);
                problem = Some(Problem {
                    line: lines.line(),
                    ..p
                });
            }
            b"a" => {
                let Some(p) = problem.as_ref() else {
                    return Err(lines.err(
                        "expected problem line \"p sp N M\" before the first arc, found an \"a\" line"
                            .into(),
                    ));
                };
                let (u, v, w) = parse_arc(&f, p.n).map_err(|m| lines.err(m))?;
                arcs += 1;
                if arcs > p.m {
                    let msg = format!("more arcs than the {} declared on line {}", p.m, p.line);
                    return Err(lines.err(msg));
                }
                g.push(u, v, w);
            }
            other => {
                let msg = format!(
                    "expected a line starting with 'c', 'p' or 'a', found {}",
                    quote(other)
                );
                return Err(lines.err(msg));
            }
        }
    }
    finish(lines, problem, arcs, g)
}

fn finish<R: BufRead>(
    lines: &Lines<R>,
    problem: Option<Problem>,
    arcs: u64,
    g: RawGraph,
) -> Result<RawGraph, GraphError> {
    let Some(p) = problem else {
        let what = if lines.line() == 0 {
            " (empty file)"
        } else {
            ""
        };
        return Err(lines.err(format!(
            "expected problem line \"p sp N M\", found end of file{what}"
        )));
    };
    if arcs < p.m {
        let msg = format!(
            "problem line declares {} arcs, but the file has only {arcs}",
            p.m
        );
        return Err(lines.err_at(p.line, msg));
    }
    Ok(g)
}

fn parse_problem(f: &Fields<'_>, seen: Option<&Problem>) -> Result<Problem, String> {
    if let Some(p) = seen {
        return Err(format!(
            "second problem line (the first is line {})",
            p.line
        ));
    }
    if f.count != 4 {
        return Err(field_count_msg(4, "p sp N M", f.count));
    }
    if f.tok[1] != b"sp" {
        return Err(format!(
            "expected problem type \"sp\", found {}",
            quote(f.tok[1])
        ));
    }
    let n = parse_u64(f.tok[2], "vertex count")?;
    let m = parse_u64(f.tok[3], "arc count")?;
    if n > MAX_VERTICES {
        return Err(format!(
            "vertex count {n} exceeds the supported {MAX_VERTICES}"
        ));
    }
    Ok(Problem { n, m, line: 0 })
}

fn parse_arc(f: &Fields<'_>, n: u64) -> Result<(u32, u32, f32), String> {
    if f.count != 4 {
        return Err(field_count_msg(4, "a u v w", f.count));
    }
    let u = parse_id_1based(f.tok[1], "source vertex id", n)?;
    let v = parse_id_1based(f.tok[2], "target vertex id", n)?;
    let w = parse_weight(f.tok[3])?;
    Ok((u, v, w))
}

#[cfg(test)]
mod tests {
    use crate::io::tests::{parse, parse_err};

    #[test]
    fn reads_arcs_with_weights() {
        let text = "c 9th DIMACS\nc\np sp 4 3\nc mid\na 1 2 10\na 2 3 20\n\na 4 1 5\n";
        let g = parse(text.as_bytes(), "g.gr", None).unwrap();
        assert_eq!(g.num_vertices(), 4);
        assert_eq!(g.neighbors(0), &[1]);
        assert_eq!(g.neighbors(3), &[0]);
        assert_eq!(g.neighbor_weights(1).unwrap(), &[20.0]);
    }

    #[test]
    fn isolated_vertices_from_header() {
        let g = parse(b"p sp 10 0\n", "g.gr", None).unwrap();
        assert_eq!((g.num_vertices(), g.num_edges()), (10, 0));
    }

    #[test]
    fn errors_name_file_line_and_problem() {
        let cases = [
            (
                "",
                "g.gr:1: expected problem line \"p sp N M\", found end of file (empty file)",
            ),
            (
                "c only\n",
                "g.gr:1: expected problem line \"p sp N M\", found end of file",
            ),
            (
                "a 1 2 3\n",
                "g.gr:1: expected problem line \"p sp N M\" before the first arc",
            ),
            (
                "p sp 3\n",
                "g.gr:1: expected 4 fields \"p sp N M\", found 3",
            ),
            (
                "p max 3 1\n",
                "g.gr:1: expected problem type \"sp\", found \"max\"",
            ),
            (
                "p sp 3 1\np sp 3 1\n",
                "g.gr:2: second problem line (the first is line 1)",
            ),
            (
                "p sp 3 1\na 1 2\n",
                "g.gr:2: expected 4 fields \"a u v w\", found 3",
            ),
            (
                "p sp 3 1\na 0 2 1\n",
                "g.gr:2: expected source vertex id >= 1 (ids are 1-based), found 0",
            ),
            (
                "p sp 3 1\na 1 4 1\n",
                "g.gr:2: target vertex id 4 exceeds the declared size 3",
            ),
            (
                "p sp 3 1\na 1 -2 1\n",
                "g.gr:2: expected target vertex id (non-negative integer), found \"-2\"",
            ),
            (
                "p sp 3 1\na 1 2 w\n",
                "g.gr:2: expected numeric value, found \"w\"",
            ),
            (
                "p sp 3 2\na 1 2 1\n",
                "g.gr:1: problem line declares 2 arcs, but the file has only 1",
            ),
            (
                "p sp 3 1\na 1 2 1\na 2 3 1\n",
                "g.gr:3: more arcs than the 1 declared on line 1",
            ),
            (
                "p sp 3 1\nx 1 2 1\n",
                "g.gr:2: expected a line starting with 'c', 'p' or 'a', found \"x\"",
            ),
            (
                "p sp 5000000000 1\n",
                "g.gr:1: vertex count 5000000000 exceeds",
            ),
        ];
        for (text, want) in cases {
            let e = parse_err(text, "g.gr");
            assert!(e.starts_with(want), "got {e:?}, want prefix {want:?}");
        }
    }
}
