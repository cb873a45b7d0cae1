//! Matrix Market `coordinate` reader.
//!
//! Entry `i j` (row, column) becomes the edge `i-1 -> j-1`; a `symmetric`
//! matrix stores one triangle, so every off-diagonal entry is mirrored.

use std::io::BufRead;

use super::lines::{
    field_count_msg, fields, first_byte, parse_id_1based, parse_u64, parse_weight, quote, Lines,
    MAX_VERTICES,
};
use super::{RawGraph, RESERVE_CAP};
use crate::error::GraphError;

const BANNER: &str = "%%MatrixMarket matrix coordinate <pattern|integer|real> <general|symmetric>";

struct Header {
    weighted: bool,
    symmetric: bool,
}

struct Size {
    rows: u64,
    cols: u64,
    nnz: u64,
    line: u64,
}

pub(crate) fn parse<R: BufRead>(lines: &mut Lines<R>) -> Result<RawGraph, GraphError> {
    let header = parse_banner(lines)?;
    let size = parse_size(lines)?;
    let per_entry = if header.symmetric { 2 } else { 1 };
    let reserve = size.nnz.saturating_mul(per_entry).min(RESERVE_CAP) as usize;
    let mut g = RawGraph::with_capacity(size.rows.max(size.cols) as u32, reserve, header.weighted);
    let mut count = 0u64;
    while let Some(line) = lines.next_line()? {
        if matches!(first_byte(line), None | Some(b'%')) {
            continue;
        }
        count += 1;
        if count > size.nnz {
            let msg = format!(
                "more entries than the {} declared on line {}",
                size.nnz, size.line
            );
            return Err(lines.err(msg));
        }
        let entry = parse_entry(line, &header, &size).map_err(|m| lines.err(m))?;
        push_entry(&mut g, entry, header.symmetric);
    }
    if count < size.nnz {
        let msg = format!(
            "header declares {} entries, but the file has only {count}",
            size.nnz
        );
        return Err(lines.err_at(size.line, msg));
    }
    Ok(g)
}

fn parse_banner<R: BufRead>(lines: &mut Lines<R>) -> Result<Header, GraphError> {
    let Some(line) = lines.next_line()? else {
        return Err(lines.err(format!(
            "expected \"{BANNER}\", found end of file (empty file)"
        )));
    };
    let f = fields(line);
    let lower: Vec<String> = f
        .tok
        .iter()
        .map(|t| String::from_utf8_lossy(t).to_ascii_lowercase())
        .collect();
    if lower[0] != "%%matrixmarket" {
        let msg = format!("expected \"{BANNER}\" header, found {}", quote(line));
        return Err(lines.err(msg));
    }
    if f.count != 5 || lower[1] != "matrix" || lower[2] != "coordinate" {
        let msg = format!(
            "expected \"{BANNER}\", found {} (only sparse coordinate matrices are graphs)",
            quote(line)
        );
        return Err(lines.err(msg));
    }
    let weighted = match lower[3].as_str() {
        "pattern" => false,
        "integer" | "real" => true,
        other => {
            return Err(lines.err(format!(
                "expected field pattern, integer or real, found {other:?}"
            )))
        }
    };
    let symmetric = match lower[4].as_str() {
        "general" => false,
        "symmetric" => true,
        other => {
            return Err(lines.err(format!(
                "expected symmetry general or symmetric, found {other:?}"
            )))
        }
    };
    Ok(Header {
        weighted,
        symmetric,
    })
}

fn parse_size<R: BufRead>(lines: &mut Lines<R>) -> Result<Size, GraphError> {
    loop {
        let Some(line) = lines.next_line()? else {
            return Err(
                lines.err("expected size line \"rows cols entries\", found end of file".into())
            );
        };
        if matches!(first_byte(line), None | Some(b'%')) {
            continue;
        }
        let size = size_fields(line).map_err(|m| lines.err(m))?;
        return Ok(Size {
            line: lines.line(),
            ..size
        });
    }
}

fn size_fields(line: &[u8]) -> Result<Size, String> {
    let f = fields(line);
    if f.count != 3 {
        return Err(field_count_msg(3, "rows cols entries", f.count));
    }
    let rows = parse_u64(f.tok[0], "row count")?;
    let cols = parse_u64(f.tok[1], "column count")?;
    let nnz = parse_u64(f.tok[2], "entry count")?;
    if rows.max(cols) > MAX_VERTICES {
        return Err(format!(
            "matrix dimension {} exceeds the supported {MAX_VERTICES} vertices",
            rows.max(cols)
        ));
    }
    Ok(Size {
        rows,
        cols,
        nnz,
        line: 0,
    })
}

fn parse_entry(line: &[u8], h: &Header, s: &Size) -> Result<(u32, u32, f32), String> {
    let f = fields(line);
    let (want, names) = if h.weighted {
        (3, "row col value")
    } else {
        (2, "row col")
    };
    if f.count != want {
        return Err(field_count_msg(want, names, f.count));
    }
    let i = parse_id_1based(f.tok[0], "row", s.rows)?;
    let j = parse_id_1based(f.tok[1], "column", s.cols)?;
    let w = if h.weighted {
        parse_weight(f.tok[2])?
    } else {
        0.0
    };
    Ok((i, j, w))
}

fn push_entry(g: &mut RawGraph, (i, j, w): (u32, u32, f32), symmetric: bool) {
    g.push(i, j, w);
    if symmetric && i != j {
        g.push(j, i, w);
    }
}

#[cfg(test)]
mod tests {
    use crate::io::tests::{parse, parse_err};

    const HEAD: &str = "%%MatrixMarket matrix coordinate pattern general\n";

    #[test]
    fn general_pattern() {
        let text = format!("{HEAD}% comment\n\n3 4 3\n1 2\n3 4\n% late comment\n2 2\n");
        let g = parse(text.as_bytes(), "g.mtx", None).unwrap();
        assert_eq!(g.num_vertices(), 4);
        assert_eq!(g.neighbors(0), &[1]);
        assert_eq!(g.neighbors(2), &[3]);
        assert_eq!(g.neighbors(1), &[1]);
        assert!(g.weights().is_none());
    }

    #[test]
    fn symmetric_is_mirrored_but_diagonal_is_not() {
        let text =
            "%%MatrixMarket MATRIX Coordinate real Symmetric\n3 3 3\n2 1 0.5\n3 1 -2\n2 2 7\n";
        let g = parse(text.as_bytes(), "s.mtx", None).unwrap();
        assert_eq!(g.num_edges(), 5);
        assert_eq!(g.neighbors(0), &[1, 2]);
        assert_eq!(g.neighbor_weights(0).unwrap(), &[0.5, -2.0]);
        assert_eq!(g.neighbors(1), &[0, 1]);
        assert_eq!(g.neighbor_weights(1).unwrap(), &[0.5, 7.0]);
        assert_eq!(g.neighbors(2), &[0]);
    }

    #[test]
    fn integer_field_and_crlf() {
        let text = "%%MatrixMarket matrix coordinate integer general\r\n2 2 1\r\n1 2 42\r\n";
        let g = parse(text.as_bytes(), "i.mtx", None).unwrap();
        assert_eq!(g.weights().unwrap(), &[42.0]);
    }

    #[test]
    fn errors_name_file_line_and_problem() {
        let real = "%%MatrixMarket matrix coordinate real general\n";
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "g.mtx:1: expected \"%%MatrixMarket"),
            ("1 2\n".into(), "g.mtx:1: expected \"%%MatrixMarket"),
            (
                "%%MatrixMarket matrix array real general\n".into(),
                "g.mtx:1: expected \"%%MatrixMarket matrix coordinate",
            ),
            (
                "%%MatrixMarket matrix coordinate complex general\n".into(),
                "g.mtx:1: expected field pattern, integer or real, found \"complex\"",
            ),
            (
                "%%MatrixMarket matrix coordinate real hermitian\n".into(),
                "g.mtx:1: expected symmetry general or symmetric, found \"hermitian\"",
            ),
            (HEAD.into(), "g.mtx:1: expected size line"),
            (
                format!("{HEAD}3 3\n"),
                "g.mtx:2: expected 3 fields \"rows cols entries\", found 2",
            ),
            (
                format!("{HEAD}3 x 1\n"),
                "g.mtx:2: expected column count (non-negative integer), found \"x\"",
            ),
            (
                format!("{HEAD}9999999999 1 1\n"),
                "g.mtx:2: matrix dimension 9999999999 exceeds",
            ),
            (
                format!("{real}3 3 2\n1 2 1.0\n1 3\n"),
                "g.mtx:4: expected 3 fields \"row col value\", found 2",
            ),
            (
                format!("{HEAD}3 3 1\n1 2 3\n"),
                "g.mtx:3: expected 2 fields \"row col\", found 3",
            ),
            (
                format!("{HEAD}3 3 1\n0 2\n"),
                "g.mtx:3: expected row >= 1 (ids are 1-based), found 0",
            ),
            (
                format!("{HEAD}3 3 1\n1 4\n"),
                "g.mtx:3: column 4 exceeds the declared size 3",
            ),
            (
                format!("{HEAD}3 3 1\n-1 2\n"),
                "g.mtx:3: expected row (non-negative integer), found \"-1\"",
            ),
            (
                format!("{real}3 3 1\n1 2 abc\n"),
                "g.mtx:3: expected numeric value, found \"abc\"",
            ),
            (
                format!("{HEAD}3 3 2\n1 2\n"),
                "g.mtx:2: header declares 2 entries, but the file has only 1",
            ),
            (
                format!("{HEAD}3 3 1\n1 2\n2 3\n"),
                "g.mtx:4: more entries than the 1 declared on line 2",
            ),
            (
                format!("{HEAD}3 3 1\n1 \u{fffd}\n"),
                "g.mtx:3: expected column",
            ),
        ];
        for (text, want) in cases {
            let e = parse_err(&text, "g.mtx");
            assert!(e.starts_with(want), "got {e:?}, want prefix {want:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_panic() {
        let mut text = HEAD.as_bytes().to_vec();
        text.extend_from_slice(b"2 2 1\n1 \xff\xfe\n");
        let e = parse(&text, "b.mtx", None).unwrap_err().to_string();
        assert!(e.starts_with("b.mtx:3: expected column"), "{e}");
    }
}
