//! Reading and writing graph files.
//!
//! All readers stream line by line through a [`BufRead`], so memory is
//! dominated by the edge list itself, and accept gzip-compressed input
//! (recognised by its `1f 8b` magic, never by file name).

mod dimacs;
mod edgelist;
mod lines;
mod mm;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Write};
use std::path::Path;
use std::str::FromStr;

use flate2::read::MultiGzDecoder;

use crate::csr::{BuildOptions, Csr};
use crate::error::{GraphError, Result};
use lines::Lines;

/// Upper bound on pre-reserved edges taken from a header count, so a lying
/// header cannot trigger a giant allocation up front.
const RESERVE_CAP: u64 = 1 << 24;

/// Read buffer size: big sequential reads keep 100M-line files I/O-cheap.
const BUF_SIZE: usize = 1 << 20;

/// How many bytes of the first line content sniffing looks at.
const SNIFF_LEN: u64 = 4096;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A supported text graph format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Matrix Market `coordinate` (`pattern`/`integer`/`real`,
    /// `general`/`symmetric`), 1-based.
    MatrixMarket,
    /// SNAP edge list or headerless whitespace edge list, 0-based,
    /// `#`/`%` comments, optional third weight column.
    EdgeList,
    /// DIMACS shortest-path `.gr` (`p sp N M`, `a u v w`), 1-based.
    Dimacs,
}

impl Format {
    /// Guesses the format from a file name (`.mtx`, `.gr`, `.txt`, `.el`,
    /// `.edges`, `.snap`, each optionally followed by `.gz`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let ext = name.rsplit_once('.')?.1;
        match ext {
            "mtx" => Some(Format::MatrixMarket),
            "gr" => Some(Format::Dimacs),
            "txt" | "el" | "edges" | "snap" => Some(Format::EdgeList),
            _ => None,
        }
    }

    /// Guesses the format from the first line of (decompressed) content.
    pub fn sniff(first_line: &[u8]) -> Format {
        let f = lines::fields(first_line);
        let first = f.tok[0].to_ascii_lowercase();
        if first.starts_with(b"%%matrixmarket") {
            Format::MatrixMarket
        } else if first == b"p" || first.first() == Some(&b'c') {
            Format::Dimacs
        } else {
            Format::EdgeList
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::MatrixMarket => "mtx",
            Format::EdgeList => "edgelist",
            Format::Dimacs => "dimacs",
        })
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "mtx" | "mm" | "matrixmarket" => Ok(Format::MatrixMarket),
            "snap" | "el" | "edgelist" | "edges" | "txt" => Ok(Format::EdgeList),
            "gr" | "dimacs" => Ok(Format::Dimacs),
            _ => Err(format!(
                "unknown graph format {s:?} (expected mtx, snap/edgelist or dimacs/gr)"
            )),
        }
    }
}

/// Edges as parsed, before CSR construction.
pub(crate) struct RawGraph {
    n: u32,
    edges: Vec<(u32, u32)>,
    weights: Option<Vec<f32>>,
}

impl RawGraph {
    fn with_capacity(n: u32, edges: usize, weighted: bool) -> Self {
        Self {
            n,
            edges: Vec::with_capacity(edges),
            weights: weighted.then(|| Vec::with_capacity(edges)),
        }
    }

    fn push(&mut self, u: u32, v: u32, w: f32) {
        self.edges.push((u, v));
        if let Some(ws) = self.weights.as_mut() {
            ws.push(w);
        }
    }

    fn build(self, opts: &BuildOptions) -> Result<Csr> {
        Csr::from_weighted_edges(self.n, &self.edges, self.weights.as_deref(), opts)
    }
}

/// Reads a graph file; `format: None` picks it from the extension, falling
/// back to the content. Gzip is detected from the content.
pub fn read_graph(path: &Path, format: Option<Format>, opts: &BuildOptions) -> Result<Csr> {
    let file = File::open(path).map_err(|source| GraphError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let format = format.or_else(|| Format::from_path(path));
    read_graph_from(file, path, format, opts)
}

/// Reads a graph from any byte stream; `name` only labels error messages.
pub fn read_graph_from<R: Read>(
    reader: R,
    name: &Path,
    format: Option<Format>,
    opts: &BuildOptions,
) -> Result<Csr> {
    parse_raw(reader, name, format)?.build(opts)
}

fn parse_raw<R: Read>(reader: R, name: &Path, format: Option<Format>) -> Result<RawGraph> {
    let io_err = |source| GraphError::Io {
        path: name.to_path_buf(),
        source,
    };
    let mut input = decompressing(reader).map_err(io_err)?;
    let format = match format {
        Some(f) => f,
        None => {
            let (f, rest) = sniff_stream(input).map_err(io_err)?;
            input = rest;
            f
        }
    };
    let mut lines = Lines::new(input, name);
    match format {
        Format::MatrixMarket => mm::parse(&mut lines),
        Format::EdgeList => edgelist::parse(&mut lines),
        Format::Dimacs => dimacs::parse(&mut lines),
    }
}

type Input<'a> = Box<dyn BufRead + 'a>;

/// Peeks at the first two bytes and inserts a gunzip stage if they are the
/// gzip magic; the peeked bytes are chained back in front of the stream.
fn decompressing<'a, R: Read + 'a>(mut reader: R) -> std::io::Result<Input<'a>> {
    let mut magic = Vec::with_capacity(2);
    (&mut reader).take(2).read_to_end(&mut magic)?;
    let is_gzip = magic == GZIP_MAGIC;
    let whole = Cursor::new(magic).chain(reader);
    Ok(if is_gzip {
        Box::new(BufReader::with_capacity(
            BUF_SIZE,
            MultiGzDecoder::new(whole),
        ))
    } else {
        Box::new(BufReader::with_capacity(BUF_SIZE, whole))
    })
}

fn sniff_stream(mut input: Input<'_>) -> std::io::Result<(Format, Input<'_>)> {
    let mut head = Vec::new();
    (&mut input).take(SNIFF_LEN).read_until(b'\n', &mut head)?;
    let format = Format::sniff(&head);
    Ok((format, Box::new(Cursor::new(head).chain(input))))
}

/// Writes `csr` in `format` (weights included when present; unweighted
/// DIMACS arcs get weight 1). An edge list cannot express trailing isolated
/// vertices, so reading it back may yield fewer vertices.
pub fn write_graph<W: Write>(writer: W, csr: &Csr, format: Format) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(writer);
    let n = csr.num_vertices();
    let weighted = csr.weights().is_some();
    match format {
        Format::MatrixMarket => {
            let field = if weighted { "real" } else { "pattern" };
            writeln!(w, "%%MatrixMarket matrix coordinate {field} general")?;
            writeln!(w, "{n} {n} {}", csr.num_edges())?;
        }
        Format::Dimacs => writeln!(w, "p sp {n} {}", csr.num_edges())?,
        Format::EdgeList => writeln!(w, "# Nodes: {n} Edges: {}", csr.num_edges())?,
    }
    for u in 0..n {
        write_list(&mut w, csr, u, format)?;
    }
    w.flush()
}

fn write_list<W: Write>(w: &mut W, csr: &Csr, u: u32, format: Format) -> std::io::Result<()> {
    let weights = csr.neighbor_weights(u);
    for (i, &v) in csr.neighbors(u).iter().enumerate() {
        let wt = weights.map(|ws| ws[i]);
        match (format, wt) {
            (Format::MatrixMarket, Some(x)) => writeln!(w, "{} {} {x}", u + 1, v + 1)?,
            (Format::MatrixMarket, None) => writeln!(w, "{} {}", u + 1, v + 1)?,
            (Format::Dimacs, x) => writeln!(w, "a {} {} {}", u + 1, v + 1, x.unwrap_or(1.0))?,
            (Format::EdgeList, Some(x)) => writeln!(w, "{u} {v} {x}")?,
            (Format::EdgeList, None) => writeln!(w, "{u} {v}")?,
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn raw_opts() -> BuildOptions {
        BuildOptions::default()
    }

    /// Parses `text` as if it were the file `name`.
    pub(crate) fn parse(text: &[u8], name: &str, format: Option<Format>) -> Result<Csr> {
        let format = format.or_else(|| Format::from_path(Path::new(name)));
        read_graph_from(text, Path::new(name), format, &raw_opts())
    }

    /// The error message for `text`, which must fail to parse.
    pub(crate) fn parse_err(text: &str, name: &str) -> String {
        match parse(text.as_bytes(), name, None) {
            Ok(g) => panic!("{name}: expected an error, got {g:?}"),
            Err(e) => e.to_string(),
        }
    }

    pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn format_from_path() {
        let f = |p: &str| Format::from_path(Path::new(p));
        assert_eq!(f("a/b.mtx"), Some(Format::MatrixMarket));
        assert_eq!(f("B.MTX.GZ"), Some(Format::MatrixMarket));
        assert_eq!(f("x.gr.gz"), Some(Format::Dimacs));
        for e in ["txt", "el", "edges", "snap", "snap.gz"] {
            assert_eq!(f(&format!("g.{e}")), Some(Format::EdgeList));
        }
        assert_eq!(f("graph"), None);
        assert_eq!(f("graph.gz"), None);
        assert_eq!(f("graph.bin"), None);
    }

    #[test]
    fn format_names_round_trip() {
        for fmt in [Format::MatrixMarket, Format::EdgeList, Format::Dimacs] {
            assert_eq!(fmt.to_string().parse::<Format>(), Ok(fmt));
        }
        assert!("xyz".parse::<Format>().unwrap_err().contains("xyz"));
    }

    #[test]
    fn content_sniffing() {
        let mm = b"%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 2\n";
        let gr = b"c hi\np sp 2 1\na 1 2 5\n";
        let el = b"# c\n0 1\n";
        for (text, want) in [(&mm[..], 1), (&gr[..], 1), (&el[..], 1)] {
            let g = parse(text, "noext", None).unwrap();
            assert_eq!(g.num_edges(), want);
            let gz = parse(&gzip(text), "noext.gz", None).unwrap();
            assert_eq!(g, gz);
        }
        assert_eq!(Format::sniff(b"p sp 1 1"), Format::Dimacs);
        assert_eq!(Format::sniff(b"0 1"), Format::EdgeList);
        assert_eq!(Format::sniff(b""), Format::EdgeList);
    }

    #[test]
    fn gzip_detected_by_magic_not_name() {
        let text = b"0 1\n1 2\n";
        let plain = parse(text, "g.txt", None).unwrap();
        assert_eq!(parse(&gzip(text), "g.txt", None).unwrap(), plain);
        assert_eq!(parse(text, "g.txt.gz", None).unwrap(), plain);
        // Concatenated gzip members (bgzip, `cat a.gz b.gz`) are one stream.
        let mut two = gzip(b"0 1\n");
        two.extend(gzip(b"1 2\n"));
        assert_eq!(parse(&two, "g.el", None).unwrap(), plain);
    }

    #[test]
    fn corrupt_gzip_is_an_error() {
        let mut gz = gzip(b"0 1\n1 2\n2 3\n");
        gz.truncate(gz.len() / 2);
        assert!(parse(&gz, "g.txt", None).is_err());
        assert!(parse(&[0x1f, 0x8b, 0, 0], "g.txt", None).is_err());
    }

    #[test]
    fn read_graph_from_disk() {
        let dir = std::env::temp_dir().join(format!("grosr-graph-io-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("g.mtx.gz");
        std::fs::write(
            &p,
            gzip(b"%%MatrixMarket matrix coordinate pattern symmetric\n3 3 2\n2 1\n3 2\n"),
        )
        .unwrap();
        let g = read_graph(&p, None, &raw_opts()).unwrap();
        assert_eq!(g.neighbors(1), &[0, 2]);
        let missing = read_graph(&dir.join("nope.mtx"), None, &raw_opts()).unwrap_err();
        assert!(missing.to_string().contains("nope.mtx"), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writers_round_trip() {
        let edges = [(0, 1), (1, 2), (2, 0), (2, 2), (3, 1)];
        let w = [1.0, 2.5, -3.0, 4.0, 1e-3];
        for weights in [None, Some(&w[..])] {
            let g = Csr::from_weighted_edges(4, &edges, weights, &raw_opts()).unwrap();
            for fmt in [Format::MatrixMarket, Format::EdgeList, Format::Dimacs] {
                let mut out = Vec::new();
                write_graph(&mut out, &g, fmt).unwrap();
                let back = parse(&out, "w", Some(fmt)).unwrap();
                if fmt == Format::Dimacs && weights.is_none() {
                    assert_eq!(back.targets(), g.targets());
                    assert_eq!(back.offsets(), g.offsets());
                } else {
                    assert_eq!(back, g, "{fmt}");
                }
            }
        }
    }

    /// Renders `edges` (0-based) as text in `format`.
    fn render(n: u32, edges: &[(u32, u32)], format: Format) -> String {
        let mut s = String::new();
        match format {
            Format::MatrixMarket => {
                s += "%%MatrixMarket matrix coordinate pattern general\n% made by proptest\n";
                s += &format!("{n} {n} {}\n", edges.len());
                for (u, v) in edges {
                    s += &format!("{}\t{}\r\n", u + 1, v + 1);
                }
            }
            Format::Dimacs => {
                s += &format!("c x\np sp {n} {}\n", edges.len());
                for (u, v) in edges {
                    s += &format!("a {} {}  7\n", u + 1, v + 1);
                }
            }
            Format::EdgeList => {
                s += "# SNAP\n";
                for (u, v) in edges {
                    s += &format!("  {u} \t {v}\n");
                }
            }
        }
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            for fmt in [None, Some(Format::MatrixMarket), Some(Format::EdgeList), Some(Format::Dimacs)] {
                let _ = parse(&data, "fuzz", fmt);
            }
        }

        #[test]
        fn arbitrary_text_lines_never_panic(
            // Short numbers only: a valid file naming vertex 10^9 would
            // legitimately allocate gigabytes.
            lines in proptest::collection::vec("[%#acp ]?( ?(-?[0-9]{1,3}|[a-z.%]{1,3})){0,5}", 0..8),
            header in 0usize..4,
        ) {
            let heads = [
                "%%MatrixMarket matrix coordinate real symmetric\n",
                "p sp 5 3\n",
                "%%MatrixMarket matrix coordinate pattern general\n3 3 2\n",
                "",
            ];
            let text = format!("{}{}", heads[header], lines.join("\n"));
            for fmt in [None, Some(Format::MatrixMarket), Some(Format::EdgeList), Some(Format::Dimacs)] {
                let _ = parse(text.as_bytes(), "fuzz", fmt);
                let _ = parse(&gzip(text.as_bytes()), "fuzz", fmt);
            }
        }

        #[test]
        fn edge_lists_round_trip_in_every_format(
            n in 1u32..40,
            raw in proptest::collection::vec((0u32..40, 0u32..40), 1..60),
        ) {
            let edges: Vec<(u32, u32)> = raw.iter().map(|&(u, v)| (u % n, v % n)).collect();
            for fmt in [Format::MatrixMarket, Format::EdgeList, Format::Dimacs] {
                // Edge lists only know n as max id + 1.
                let n_fmt = if fmt == Format::EdgeList {
                    edges.iter().map(|&(u, v)| u.max(v)).max().unwrap_or(0) + 1
                } else {
                    n
                };
                let want = Csr::from_edges(n_fmt, &edges, &raw_opts()).unwrap();
                let text = render(n, &edges, fmt);
                let got = parse(text.as_bytes(), "rt", Some(fmt)).unwrap();
                prop_assert_eq!(got.offsets(), want.offsets());
                prop_assert_eq!(got.targets(), want.targets());
                let auto = parse(&gzip(text.as_bytes()), "rt", None).unwrap();
                prop_assert_eq!(auto.targets(), want.targets());
            }
        }
    }
}
