//! Time-bounded mutation fuzzing of the graph readers, seeded by `tests/corpus/`.
//!
//! Each round takes a corpus file, applies a few random edits (flip, insert, delete, truncate,
//! duplicate a line, splice digits), and feeds the result to every reader, plain and gzip-compressed.
//! No input may panic; a rejected input must carry a `name:line`-style position. The budget is
//! `GROSR_FUZZ_SECS` seconds (default 5; CI uses the default), and the seed `GROSR_FUZZ_SEED`
//! (default fixed, so a failure reproduces).

use grosr_graph::{read_graph_from, BuildOptions, Format};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(data: &mut Vec<u8>, rng: &mut Rng) {
    const BYTES: &[u8] = b"0123456789 \t\n%#-.eEacpx";
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = at.min(data.len() - 1);
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.insert(at, BYTES[rng.below(BYTES.len())]),
            2 if at < data.len() => {
                data.remove(at);
            }
            3 => data.truncate(at),
            4 => {
                // Duplicate the line around `at`.
                let start = data[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1);
                let end = data[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(data.len(), |p| at + p + 1);
                let line = data[start..end].to_vec();
                data.splice(start..start, line);
            }
            _ => {
                // Short numbers only: a valid file naming vertex 10^9 would legitimately allocate
                // gigabytes, which is not what this test looks for.
                let digits = format!("{}", rng.next() % 10_000);
                data.splice(at..at, digits.into_bytes());
            }
        }
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

#[test]
fn mutated_corpus_files_never_panic_and_errors_have_positions() {
    let secs: u64 = std::env::var("GROSR_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let seed: u64 = std::env::var("GROSR_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut corpus: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter(|d| d.len() < 64 * 1024)
        .collect();
    corpus.sort();
    assert!(corpus.len() > 30, "corpus went missing");
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let (mut rounds, mut rejected) = (0u64, 0u64);
    let formats = [
        None,
        Some(Format::MatrixMarket),
        Some(Format::EdgeList),
        Some(Format::Dimacs),
    ];
    while Instant::now() < deadline {
        let mut data = corpus[rng.below(corpus.len())].clone();
        mutate(&mut data, &mut rng);
        // A valid file naming vertex 10^8 legitimately allocates gigabytes: keep ids below 10^6.
        if data.split(|b| !b.is_ascii_digit()).any(|run| run.len() > 6) {
            continue;
        }
        let fmt = formats[rng.below(formats.len())];
        let opts = if rng.below(2) == 0 {
            BuildOptions::default()
        } else {
            BuildOptions::undirected()
        };
        for input in [data.clone(), gzip(&data)] {
            let t0 = Instant::now();
            let r = std::panic::catch_unwind(|| {
                read_graph_from(&input[..], Path::new("fuzz.in"), fmt, &opts)
            });
            let Ok(r) = r else {
                panic!(
                    "reader panicked (seed {seed}, round {rounds}, format {fmt:?}) on {:?}",
                    String::from_utf8_lossy(&data)
                );
            };
            assert!(
                t0.elapsed() < Duration::from_secs(5),
                "one small input took {:?}: {:?}",
                t0.elapsed(),
                String::from_utf8_lossy(&data)
            );
            if let Err(e) = r {
                rejected += 1;
                let msg = e.to_string();
                assert!(
                    msg.contains("fuzz.in"),
                    "error without the file name: {msg}"
                );
            }
        }
        rounds += 1;
    }
    eprintln!("mutation fuzz: {rounds} inputs in {secs} s, {rejected} rejected (seed {seed})");
    assert!(rounds > 100, "fuzzing made no progress");
}
