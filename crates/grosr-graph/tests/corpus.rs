//! Runs every file in `tests/corpus/` through every reader.
//!
//! No reader may panic on any file. In addition, with the format picked
//! automatically (extension, then content), files named `ok-*` must parse
//! and files named `bad-*` must fail with a `name:line:` style message.

use std::path::{Path, PathBuf};

use grosr_graph::{read_graph, BuildOptions, Format, GraphError};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() > 30, "corpus went missing");
    files
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_reader_survives_every_file() {
    let formats = [
        None,
        Some(Format::MatrixMarket),
        Some(Format::EdgeList),
        Some(Format::Dimacs),
    ];
    for path in corpus() {
        for opts in [BuildOptions::default(), BuildOptions::undirected()] {
            for fmt in formats {
                let r = std::panic::catch_unwind(|| read_graph(&path, fmt, &opts).map(|_| ()));
                assert!(r.is_ok(), "{} panicked with {fmt:?}", name(&path));
            }
        }
    }
}

#[test]
fn auto_detected_outcomes_match_file_names() {
    for path in corpus() {
        let n = name(&path);
        let result = read_graph(&path, None, &BuildOptions::default());
        if n.starts_with("ok-") {
            assert!(result.is_ok(), "{n}: {}", result.unwrap_err());
        } else {
            assert!(
                n.starts_with("bad-"),
                "corpus file {n} needs an ok-/bad- prefix"
            );
            match result {
                Ok(g) => panic!("{n} parsed: {g:?}"),
                Err(GraphError::Parse { line, .. }) => assert!(line >= 1),
                Err(GraphError::Io { .. }) => assert!(n.contains("gzip"), "{n}"),
                Err(e) => panic!("{n}: unexpected error kind {e}"),
            }
            if let Err(e) = read_graph(&path, None, &BuildOptions::default()) {
                assert!(
                    e.to_string().starts_with(&path.display().to_string()),
                    "{e}"
                );
            }
        }
    }
}

#[test]
fn corpus_spot_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let read = |f: &str| read_graph(&dir.join(f), None, &BuildOptions::default());
    let g = read("ok-symmetric-real.mtx").unwrap();
    assert_eq!(g.num_edges(), 5);
    let g = read("ok-gzip-without-gz-name.gr").unwrap();
    assert_eq!(g.neighbors(0), &[1]);
    let g = read("ok-isolated.gr").unwrap();
    assert_eq!((g.num_vertices(), g.neighbors(5)), (6, &[0u32][..]));
    let e = read("bad-count-short.mtx").unwrap_err().to_string();
    assert!(
        e.ends_with("bad-count-short.mtx:2: header declares 3 entries, but the file has only 1"),
        "{e}"
    );
    let e = read("bad-invalid-utf8.txt").unwrap_err().to_string();
    assert!(e.ends_with("bad-invalid-utf8.txt:2: expected source vertex id (non-negative integer), found \"\u{fffd}\u{fffd}\""), "{e}");
}
