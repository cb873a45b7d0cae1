//! SNAP-style / headerless edge list reader: `src dst [weight]` per line,
//! 0-based ids, `#` or `%` comments, `n = max id + 1`.

use std::io::BufRead;

use super::lines::{
    field_count_msg, fields, first_byte, parse_u64, parse_weight, Lines, MAX_VERTICES,
};
use super::RawGraph;
use crate::error::GraphError;

pub(crate) fn parse<R: BufRead>(lines: &mut Lines<R>) -> Result<RawGraph, GraphError> {
    let mut g = RawGraph::with_capacity(0, 0, false);
    // Fixed by the first edge line so a file cannot silently mix the two.
    let mut weighted: Option<bool> = None;
    let mut max_id: Option<u32> = None;
    while let Some(line) = lines.next_line()? {
        if matches!(first_byte(line), None | Some(b'#') | Some(b'%')) {
            continue;
        }
        let (u, v, w) = parse_edge(line, &mut weighted).map_err(|m| lines.err(m))?;
        if weighted == Some(true) && g.weights.is_none() {
            g.weights = Some(Vec::new());
        }
        max_id = max_id.max(Some(u.max(v)));
        g.push(u, v, w);
    }
    match max_id {
        Some(m) => {
            g.n = m + 1;
            Ok(g)
        }
        None => Err(lines.err(
            "expected at least one edge line \"src dst\", found none (empty file or comments only)"
                .into(),
        )),
    }
}

fn parse_edge(line: &[u8], weighted: &mut Option<bool>) -> Result<(u32, u32, f32), String> {
    let f = fields(line);
    let want = match *weighted {
        Some(true) => 3,
        Some(false) => 2,
        None if f.count == 3 => 3,
        None => 2,
    };
    if f.count != want {
        let names = if want == 3 {
            "src dst weight"
        } else {
            "src dst"
        };
        return Err(field_count_msg(want, names, f.count));
    }
    *weighted = Some(want == 3);
    let u = parse_id0(f.tok[0], "source vertex id")?;
    let v = parse_id0(f.tok[1], "target vertex id")?;
    let w = if want == 3 {
        parse_weight(f.tok[2])?
    } else {
        0.0
    };
    Ok((u, v, w))
}

fn parse_id0(tok: &[u8], what: &str) -> Result<u32, String> {
    let v = parse_u64(tok, what)?;
    if v >= MAX_VERTICES {
        return Err(format!(
            "{what} {v} exceeds the maximum {}",
            MAX_VERTICES - 1
        ));
    }
    Ok(v as u32)
}

#[cfg(test)]
mod tests {
    use crate::io::tests::{parse, parse_err};

    #[test]
    fn snap_with_comments_and_mixed_whitespace() {
        let text =
            "# Directed graph\n# Nodes: 4 Edges: 3\n0\t1\n  1   3 \r\n\n% konect style\n3 0\n";
        let g = parse(text.as_bytes(), "g.txt", None).unwrap();
        assert_eq!(g.num_vertices(), 4);
        assert_eq!(g.neighbors(1), &[3]);
        assert_eq!(g.neighbors(3), &[0]);
        assert!(g.weights().is_none());
    }

    #[test]
    fn weighted_third_column() {
        let g = parse(b"0 1 2.5\n1 0 1\n", "w.el", None).unwrap();
        assert_eq!(g.weights().unwrap(), &[2.5, 1.0]);
    }

    #[test]
    fn errors_name_file_line_and_problem() {
        let cases = [
            ("", "g.txt:1: expected at least one edge line"),
            (
                "# only\n# comments\n",
                "g.txt:2: expected at least one edge line",
            ),
            (
                "0 1\n2\n",
                "g.txt:2: expected 2 fields \"src dst\", found 1",
            ),
            (
                "0 1\n2 3 4\n",
                "g.txt:2: expected 2 fields \"src dst\", found 3",
            ),
            (
                "0 1 1\n2 3\n",
                "g.txt:2: expected 3 fields \"src dst weight\", found 2",
            ),
            (
                "0 1 2 3\n",
                "g.txt:1: expected 2 fields \"src dst\", found 4",
            ),
            (
                "0 -1\n",
                "g.txt:1: expected target vertex id (non-negative integer), found \"-1\"",
            ),
            (
                "a b\n",
                "g.txt:1: expected source vertex id (non-negative integer), found \"a\"",
            ),
            (
                "0 4294967295\n",
                "g.txt:1: target vertex id 4294967295 exceeds the maximum 4294967293",
            ),
            ("0 1 x\n", "g.txt:1: expected numeric value, found \"x\""),
        ];
        for (text, want) in cases {
            let e = parse_err(text, "g.txt");
            assert!(e.starts_with(want), "got {e:?}, want prefix {want:?}");
        }
    }

    #[test]
    fn largest_id_is_accepted() {
        // Largest id whose n still leaves u32::MAX free as a sentinel; parse
        // only (building a 4G-vertex CSR is not a unit test).
        let raw =
            crate::io::parse_raw(&b"4294967293 0\n"[..], std::path::Path::new("x"), None).unwrap();
        assert_eq!(raw.n, u32::MAX - 1);
    }
}
