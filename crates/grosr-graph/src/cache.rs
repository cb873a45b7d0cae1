//! Binary CSR cache, so a large text graph is parsed once.
//!
//! Layout (all little-endian):
//!
//! | bytes | field |
//! |-------|-------|
//! | 8 | magic `GRSRCSR1` |
//! | 4 | version (1) |
//! | 4 | flags (bit 0: weights present) |
//! | 8 | n (vertices) |
//! | 8 | m (edges) |
//! | 8(n+1) | offsets, u64 |
//! | 4m | targets, u32 |
//! | 4m | weights, f32 (only if flag bit 0) |
//! | 4 | CRC-32 of everything above |
//!
//! The expected file size is known from the header, so truncation is
//! reported before any large allocation, and the CRC catches bit rot.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

use crate::csr::{BuildOptions, Csr};
use crate::error::{GraphError, Result};
use crate::io::read_graph;

const MAGIC: &[u8; 8] = b"GRSRCSR1";
const VERSION: u32 = 1;
const FLAG_WEIGHTS: u32 = 1;
const HEADER_LEN: u64 = 32;
const TRAILER_LEN: u64 = 4;
const IO_BUF: usize = 1 << 20;

/// Elements converted per block on big-endian hosts.
#[cfg(target_endian = "big")]
const SWAP_BLOCK: usize = 1 << 14;

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> GraphError + '_ {
    move |source| GraphError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn cache_err(path: &Path, msg: impl Into<String>) -> GraphError {
    GraphError::Cache {
        path: path.to_path_buf(),
        msg: msg.into(),
    }
}

/// Feeds every byte written through a CRC.
struct CrcWriter<W> {
    inner: W,
    crc: crc32fast::Hasher,
}

impl<W: Write> Write for CrcWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Feeds every byte read through a CRC.
struct CrcReader<R> {
    inner: R,
    crc: crc32fast::Hasher,
}

impl<R: Read> Read for CrcReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }
}

/// Writes `csr` to `path` atomically: a reader sees either the old file or
/// the complete new one, never a partial write (temp file + rename).
pub fn save_cache(csr: &Csr, path: &Path) -> Result<()> {
    let tmp = temp_path(path);
    let result = write_file(csr, &tmp).and_then(|()| fs::rename(&tmp, path).map_err(io_err(path)));
    if result.is_err() {
        // Best effort: the temp file is garbage either way.
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Unique per process and call so concurrent writers never share a temp file.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let k = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp.{}.{k}", std::process::id()));
    path.with_file_name(name)
}

fn write_file(csr: &Csr, path: &Path) -> Result<()> {
    let file = File::create(path).map_err(io_err(path))?;
    let mut w = CrcWriter {
        inner: BufWriter::with_capacity(IO_BUF, file),
        crc: crc32fast::Hasher::new(),
    };
    write_body(&mut w, csr).map_err(io_err(path))?;
    let crc = w.crc.finalize();
    let mut inner = w.inner;
    inner.write_all(&crc.to_le_bytes()).map_err(io_err(path))?;
    let file = inner
        .into_inner()
        .map_err(|e| io_err(path)(e.into_error()))?;
    file.sync_all().map_err(io_err(path))
}

fn write_body<W: Write>(w: &mut W, csr: &Csr) -> std::io::Result<()> {
    let flags = if csr.weights().is_some() {
        FLAG_WEIGHTS
    } else {
        0
    };
    w.write_all(MAGIC)?;
    w.write_all(&VERSION.to_le_bytes())?;
    w.write_all(&flags.to_le_bytes())?;
    w.write_all(&u64::from(csr.num_vertices()).to_le_bytes())?;
    w.write_all(&csr.num_edges().to_le_bytes())?;
    write_le(w, csr.offsets(), u64::to_le)?;
    write_le(w, csr.targets(), u32::to_le)?;
    if let Some(ws) = csr.weights() {
        write_le(w, ws, |x: f32| f32::from_bits(x.to_bits().to_le()))?;
    }
    Ok(())
}

/// Writes a slice as little-endian; on little-endian hosts this is a
/// straight memory copy.
#[cfg(target_endian = "little")]
fn write_le<T: bytemuck::Pod, W: Write>(
    w: &mut W,
    data: &[T],
    _to_le: fn(T) -> T,
) -> std::io::Result<()> {
    w.write_all(bytemuck::cast_slice(data))
}

#[cfg(target_endian = "big")]
fn write_le<T: bytemuck::Pod, W: Write>(
    w: &mut W,
    data: &[T],
    to_le: fn(T) -> T,
) -> std::io::Result<()> {
    for block in data.chunks(SWAP_BLOCK) {
        let swapped: Vec<T> = block.iter().map(|&x| to_le(x)).collect();
        w.write_all(bytemuck::cast_slice(&swapped))?;
    }
    Ok(())
}

/// Reads little-endian elements into `out`, fixing byte order in place.
fn read_le<T: bytemuck::Pod, R: Read>(
    r: &mut R,
    out: &mut [T],
    from_le: fn(T) -> T,
) -> std::io::Result<()> {
    r.read_exact(bytemuck::cast_slice_mut(out))?;
    if cfg!(target_endian = "big") {
        out.iter_mut().for_each(|x| *x = from_le(*x));
    }
    Ok(())
}

struct Header {
    weighted: bool,
    n: u64,
    m: u64,
}

/// Loads a cache written by [`save_cache`]. Any inconsistency (wrong magic
/// or version, truncation, trailing bytes, checksum mismatch, invalid CSR)
/// is a [`GraphError::Cache`]; callers are expected to re-parse the source.
pub fn load_cache(path: &Path) -> Result<Csr> {
    let file = File::open(path).map_err(io_err(path))?;
    let len = file.metadata().map_err(io_err(path))?.len();
    let mut r = CrcReader {
        inner: BufReader::with_capacity(IO_BUF, file),
        crc: crc32fast::Hasher::new(),
    };
    let trunc = |e: std::io::Error| cache_err(path, format!("truncated or unreadable: {e}"));
    let h = read_header(&mut r, path)?;
    check_size(&h, len, path)?;
    let mut offsets = vec![0u64; h.n as usize + 1];
    read_le(&mut r, &mut offsets, u64::from_le).map_err(trunc)?;
    let mut targets = vec![0u32; h.m as usize];
    read_le(&mut r, &mut targets, u32::from_le).map_err(trunc)?;
    let weights = if h.weighted {
        let mut w = vec![0f32; h.m as usize];
        read_le(&mut r, &mut w, |x: f32| {
            f32::from_bits(u32::from_le(x.to_bits()))
        })
        .map_err(trunc)?;
        Some(w)
    } else {
        None
    };
    let computed = r.crc.finalize();
    let mut stored = [0u8; 4];
    r.inner.read_exact(&mut stored).map_err(trunc)?;
    if u32::from_le_bytes(stored) != computed {
        return Err(cache_err(path, "checksum mismatch (corrupt cache)"));
    }
    Csr::from_parts(offsets, targets, weights).map_err(|e| cache_err(path, e.to_string()))
}

fn read_header<R: Read>(r: &mut R, path: &Path) -> Result<Header> {
    let mut b = [0u8; HEADER_LEN as usize];
    r.read_exact(&mut b)
        .map_err(|_| cache_err(path, "truncated header"))?;
    if &b[..8] != MAGIC {
        return Err(cache_err(path, "not a grosr CSR cache (bad magic)"));
    }
    let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let u64_at = |i: usize| (u64::from(u32_at(i + 4)) << 32) | u64::from(u32_at(i));
    let (version, flags) = (u32_at(8), u32_at(12));
    if version != VERSION {
        return Err(cache_err(
            path,
            format!("unsupported version {version} (expected {VERSION})"),
        ));
    }
    if flags & !FLAG_WEIGHTS != 0 {
        return Err(cache_err(path, format!("unknown flags {flags:#x}")));
    }
    let (n, m) = (u64_at(16), u64_at(24));
    if n >= u64::from(u32::MAX) {
        return Err(cache_err(path, format!("vertex count {n} out of range")));
    }
    Ok(Header {
        weighted: flags & FLAG_WEIGHTS != 0,
        n,
        m,
    })
}

/// Compares the size implied by the header with the real one before
/// allocating, so a corrupt header cannot request terabytes.
fn check_size(h: &Header, len: u64, path: &Path) -> Result<()> {
    let per_edge = if h.weighted { 8 } else { 4 };
    let expected = (h.n + 1)
        .checked_mul(8)
        .and_then(|o| h.m.checked_mul(per_edge).and_then(|t| t.checked_add(o)))
        .and_then(|body| body.checked_add(HEADER_LEN + TRAILER_LEN));
    match expected {
        Some(e) if e == len => Ok(()),
        Some(e) if e > len => Err(cache_err(
            path,
            format!("truncated: {len} bytes, header implies {e}"),
        )),
        Some(e) => Err(cache_err(
            path,
            format!("{} unexpected trailing bytes", len - e),
        )),
        None => Err(cache_err(path, "header sizes overflow")),
    }
}

/// What [`read_graph_cached_report`] did.
#[derive(Debug)]
pub struct CacheReport {
    /// Cache file used (or that would have been used).
    pub cache_path: PathBuf,
    /// The graph came from the cache.
    pub hit: bool,
    /// Why an existing cache file was rejected, if one was.
    pub load_error: Option<GraphError>,
    /// Why writing the fresh cache failed, if it did (the graph is still
    /// returned: caching is an optimisation).
    pub save_error: Option<GraphError>,
}

/// Reads `path` (format auto-detected) through a cache in `cache_dir`.
/// See [`read_graph_cached_report`].
pub fn read_graph_cached(path: &Path, opts: &BuildOptions, cache_dir: &Path) -> Result<Csr> {
    read_graph_cached_report(path, opts, cache_dir).map(|(g, _)| g)
}

/// Like [`read_graph_cached`], also saying whether the cache was used.
///
/// The cache file name encodes the source's canonical path, size and mtime
/// and the build options, so editing or replacing the source, or asking for
/// a different build, misses the old entry. A missing, stale or corrupt
/// cache silently falls back to parsing and rewrites the cache.
pub fn read_graph_cached_report(
    path: &Path,
    opts: &BuildOptions,
    cache_dir: &Path,
) -> Result<(Csr, CacheReport)> {
    let cache_path = cache_dir.join(cache_file_name(path, opts)?);
    let load_error = match load_cache(&cache_path) {
        Ok(g) => {
            let report = CacheReport {
                cache_path,
                hit: true,
                load_error: None,
                save_error: None,
            };
            return Ok((g, report));
        }
        Err(GraphError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => Some(e),
    };
    let g = read_graph(path, None, opts)?;
    let save_error = fs::create_dir_all(cache_dir)
        .map_err(io_err(cache_dir))
        .and_then(|()| save_cache(&g, &cache_path))
        .err();
    let report = CacheReport {
        cache_path,
        hit: false,
        load_error,
        save_error,
    };
    Ok((g, report))
}

fn cache_file_name(path: &Path, opts: &BuildOptions) -> Result<String> {
    let meta = fs::metadata(path).map_err(io_err(path))?;
    let canonical = fs::canonicalize(path).map_err(io_err(path))?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let key = format!(
        "v{VERSION}|{}|{}|{mtime}|{}{}{}",
        canonical.display(),
        meta.len(),
        u8::from(opts.symmetrize),
        u8::from(opts.remove_self_loops),
        u8::from(opts.dedup)
    );
    let stem: String = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    Ok(format!("{stem}-{:016x}.grsrcsr", fnv1a64(key.as_bytes())))
}

/// FNV-1a: a few lines, stable forever, plenty for naming cache files.
fn fnv1a64(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::rmat;

    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> Self {
            static N: AtomicU64 = AtomicU64::new(0);
            let k = N.fetch_add(1, Ordering::Relaxed);
            let p =
                std::env::temp_dir().join(format!("grosr-cache-{tag}-{}-{k}", std::process::id()));
            fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn weighted() -> Csr {
        let edges = [(0, 1), (1, 2), (2, 0), (3, 3)];
        Csr::from_weighted_edges(
            5,
            &edges,
            Some(&[1.0, 2.5, -3.0, 0.0]),
            &BuildOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn round_trip_weighted_and_unweighted() {
        let d = TempDir::new("rt");
        for g in [
            weighted(),
            rmat(8, 4, 1).unwrap(),
            Csr::from_edges(0, &[], &BuildOptions::default()).unwrap(),
        ] {
            let p = d.0.join("g.grsrcsr");
            save_cache(&g, &p).unwrap();
            assert_eq!(load_cache(&p).unwrap(), g);
        }
        // No temp files left behind.
        assert_eq!(fs::read_dir(&d.0).unwrap().count(), 1);
    }

    #[test]
    fn truncation_and_corruption_are_detected() {
        let d = TempDir::new("bad");
        let p = d.0.join("g.grsrcsr");
        save_cache(&weighted(), &p).unwrap();
        let good = fs::read(&p).unwrap();
        let check = |bytes: &[u8], want: &str| {
            fs::write(&p, bytes).unwrap();
            let e = load_cache(&p).unwrap_err();
            assert!(matches!(e, GraphError::Cache { .. }), "{e}");
            assert!(e.to_string().contains(want), "{e} lacks {want:?}");
        };
        for cut in [0, 5, 31, 40, good.len() - 1] {
            check(&good[..cut], "truncated");
        }
        let mut extra = good.clone();
        extra.push(0);
        check(&extra, "trailing");
        for i in [HEADER_LEN as usize + 3, good.len() - 10, good.len() - 2] {
            let mut flipped = good.clone();
            flipped[i] ^= 0x40;
            check(&flipped, "checksum");
        }
        let mut magic = good.clone();
        magic[0] = b'X';
        check(&magic, "bad magic");
        let mut version = good.clone();
        version[8] = 9;
        check(&version, "unsupported version 9");
        let mut huge = good.clone();
        huge[31] = 0x7f;
        check(&huge, "overflow");
    }

    #[test]
    fn cached_read_hits_misses_and_recovers() {
        let d = TempDir::new("rgc");
        let src = d.0.join("g.txt");
        let cache_dir = d.0.join("cache");
        fs::write(&src, "0 1\n1 2\n").unwrap();
        let opts = BuildOptions::undirected();
        let (g1, r1) = read_graph_cached_report(&src, &opts, &cache_dir).unwrap();
        assert!(!r1.hit && r1.load_error.is_none() && r1.save_error.is_none());
        let (g2, r2) = read_graph_cached_report(&src, &opts, &cache_dir).unwrap();
        assert!(r2.hit);
        assert_eq!(g1, g2);
        // Other options: different cache entry.
        let (g3, r3) =
            read_graph_cached_report(&src, &BuildOptions::default(), &cache_dir).unwrap();
        assert!(!r3.hit);
        assert_eq!(g3.num_edges(), 2);
        // Corrupt the entry: detected, re-parsed, rewritten.
        fs::write(&r2.cache_path, b"GRSRCSR1 garbage").unwrap();
        let (g4, r4) = read_graph_cached_report(&src, &opts, &cache_dir).unwrap();
        assert!(!r4.hit && r4.load_error.is_some());
        assert_eq!(g4, g1);
        assert!(
            read_graph_cached_report(&src, &opts, &cache_dir)
                .unwrap()
                .1
                .hit
        );
        // Changed source (size differs): new key, fresh parse.
        fs::write(&src, "0 1\n1 2\n2 3\n").unwrap();
        let g5 = read_graph_cached(&src, &opts, &cache_dir).unwrap();
        assert_eq!(g5.num_vertices(), 4);
        assert!(read_graph_cached(&d.0.join("missing.txt"), &opts, &cache_dir).is_err());
    }

    #[test]
    fn fnv_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
