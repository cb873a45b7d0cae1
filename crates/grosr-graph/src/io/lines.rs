//! Byte-level line and field handling shared by all text readers.
//!
//! Everything works on `&[u8]` so invalid UTF-8 is just another malformed
//! token rather than a decoding failure, and no per-line allocation happens.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use crate::error::GraphError;

/// Longest accepted line; real graph lines are tens of bytes, and the cap
/// keeps a newline-free binary blob from being slurped into one buffer.
const MAX_LINE: u64 = 1 << 20;

/// Longest excerpt of offending input quoted in an error message.
const MAX_QUOTE: usize = 40;

/// Streams lines, tracking the 1-based number of the line last returned.
pub(crate) struct Lines<R> {
    inner: R,
    buf: Vec<u8>,
    line: u64,
    path: PathBuf,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(inner: R, path: &Path) -> Self {
        Self {
            inner,
            buf: Vec::with_capacity(256),
            line: 0,
            path: path.to_path_buf(),
        }
    }

    /// Next line without its `\n` / `\r\n`, or `None` at end of input.
    pub(crate) fn next_line(&mut self) -> Result<Option<&[u8]>, GraphError> {
        self.buf.clear();
        let read = (&mut self.inner)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| self.err_at(self.line + 1, format!("read error: {e}")))?;
        if read == 0 {
            return Ok(None);
        }
        self.line += 1;
        if read as u64 > MAX_LINE {
            return Err(self.err(format!("line longer than {MAX_LINE} bytes")));
        }
        let mut end = self.buf.len();
        while end > 0 && matches!(self.buf[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        Ok(Some(&self.buf[..end]))
    }

    /// Number of the line last returned (0 before the first).
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// A parse error on the current line.
    pub(crate) fn err(&self, msg: String) -> GraphError {
        self.err_at(self.line.max(1), msg)
    }

    /// A parse error attributed to an earlier line (e.g. a header whose
    /// promise the rest of the file broke).
    pub(crate) fn err_at(&self, line: u64, msg: String) -> GraphError {
        GraphError::Parse {
            path: self.path.clone(),
            line,
            msg,
        }
    }
}

/// Most fields any record has (the Matrix Market banner).
const KEPT_FIELDS: usize = 5;

/// Up to the first [`KEPT_FIELDS`] whitespace-separated fields of a line
/// (missing ones empty), plus the total count so "found 7 fields" is exact.
pub(crate) struct Fields<'a> {
    pub(crate) tok: [&'a [u8]; KEPT_FIELDS],
    pub(crate) count: usize,
}

pub(crate) fn fields(line: &[u8]) -> Fields<'_> {
    let mut f = Fields {
        tok: [&[]; KEPT_FIELDS],
        count: 0,
    };
    for t in line
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
    {
        if f.count < KEPT_FIELDS {
            f.tok[f.count] = t;
        }
        f.count += 1;
    }
    f
}

/// First non-whitespace byte, used to classify comment and record lines.
pub(crate) fn first_byte(line: &[u8]) -> Option<u8> {
    line.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// Renders a token for an error message: quoted, escaped, shortened.
pub(crate) fn quote(tok: &[u8]) -> String {
    let cut = &tok[..tok.len().min(MAX_QUOTE)];
    let mut s = format!("{:?}", String::from_utf8_lossy(cut));
    if tok.len() > MAX_QUOTE {
        s.push_str("...");
    }
    s
}

/// `expected N fields "<names>", found M`.
pub(crate) fn field_count_msg(expected: usize, names: &str, found: usize) -> String {
    format!("expected {expected} fields \"{names}\", found {found}")
}

/// Parses an unsigned decimal integer without going through `str`.
pub(crate) fn parse_u64(tok: &[u8], what: &str) -> Result<u64, String> {
    let bad = || {
        format!(
            "expected {what} (non-negative integer), found {}",
            quote(tok)
        )
    };
    if tok.is_empty() {
        return Err(bad());
    }
    let mut v: u64 = 0;
    for &b in tok {
        if !b.is_ascii_digit() {
            return Err(bad());
        }
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .ok_or_else(|| format!("{what} {} is too large", quote(tok)))?;
    }
    Ok(v)
}

/// A 1-based vertex id in `1..=declared`, returned 0-based.
pub(crate) fn parse_id_1based(tok: &[u8], what: &str, declared: u64) -> Result<u32, String> {
    let v = parse_u64(tok, what)?;
    if v == 0 {
        return Err(format!("expected {what} >= 1 (ids are 1-based), found 0"));
    }
    if v > declared {
        return Err(format!("{what} {v} exceeds the declared size {declared}"));
    }
    // declared <= u32::MAX - 1 is checked when the header is read.
    Ok((v - 1) as u32)
}

/// An edge weight / matrix value.
pub(crate) fn parse_weight(tok: &[u8]) -> Result<f32, String> {
    std::str::from_utf8(tok)
        .ok()
        .and_then(|s| s.parse::<f32>().ok())
        .ok_or_else(|| format!("expected numeric value, found {}", quote(tok)))
}

/// Largest vertex count representable with `u32::MAX` kept as a sentinel.
pub(crate) const MAX_VERTICES: u64 = u32::MAX as u64 - 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_and_counts() {
        let data: &[u8] = b"a b\r\n\nc\td  e f g\nlast";
        let mut l = Lines::new(data, Path::new("x"));
        assert_eq!(l.next_line().unwrap(), Some(&b"a b"[..]));
        assert_eq!(l.next_line().unwrap(), Some(&b""[..]));
        let f = fields(l.next_line().unwrap().unwrap());
        assert_eq!((f.count, f.tok[3]), (5, &b"f"[..]));
        assert_eq!(l.next_line().unwrap(), Some(&b"last"[..]));
        assert_eq!(l.line(), 4);
        assert_eq!(l.next_line().unwrap(), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_u64(b"0042", "id"), Ok(42));
        assert!(parse_u64(b"-1", "id").unwrap_err().contains("\"-1\""));
        assert!(parse_u64(b"99999999999999999999", "id")
            .unwrap_err()
            .contains("too large"));
        assert!(parse_u64(b"1x", "id").is_err());
        assert_eq!(parse_id_1based(b"3", "row", 3), Ok(2));
        assert!(parse_id_1based(b"0", "row", 3)
            .unwrap_err()
            .contains("1-based"));
        assert!(parse_id_1based(b"4", "row", 3)
            .unwrap_err()
            .contains("declared size 3"));
        assert_eq!(parse_weight(b"1.5e1"), Ok(15.0));
        assert!(parse_weight(b"\xff").is_err());
    }

    #[test]
    fn overlong_line_is_an_error() {
        let data = vec![b'1'; (MAX_LINE + 10) as usize];
        let mut l = Lines::new(&data[..], Path::new("big.txt"));
        let e = l.next_line().unwrap_err().to_string();
        assert!(e.starts_with("big.txt:1: line longer"), "{e}");
    }

    #[test]
    fn quote_truncates_and_escapes() {
        assert_eq!(quote(b"ab"), "\"ab\"");
        assert!(quote(&[b'x'; 100]).ends_with("..."));
        assert!(quote(b"\xff").contains('\u{fffd}'));
    }
}
