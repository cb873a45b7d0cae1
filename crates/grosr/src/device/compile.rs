//! Run-time compilation of CUDA C with NVRTC, straight to CUBIN, with an on-disk cache.
//!
//! Headers are handed to NVRTC from memory (no files are needed at run time). The cache key is a
//! SHA-256 of the cache format, NVRTC version, target architecture, options, program name, source and
//! every header. An entry is `MAGIC | payload length | SHA-256(payload) | payload`; anything that does
//! not check out (truncated, corrupt, another format) is recompiled and rewritten, never loaded.

use super::ensure_nvrtc;
use crate::error::{Error, Result};
use cudarc::nvrtc::sys as nv;
use sha2::{Digest, Sha256};
use std::ffi::{c_char, CStr, CString};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CACHE_MAGIC: &[u8; 8] = b"GRSRCUB1";
const CACHE_HEADER: usize = 8 + 8 + 32;

/// A GPU architecture, e.g. `sm_90`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arch {
    /// Major compute capability.
    pub major: u32,
    /// Minor compute capability.
    pub minor: u32,
}

impl Arch {
    /// `sm_{major}{minor}`.
    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// Parses `sm_90`, `90` or `9.0`.
    pub fn parse(s: &str) -> Result<Self> {
        let t = s
            .trim()
            .trim_start_matches("sm_")
            .trim_start_matches("compute_");
        let bad = || Error::invalid("architecture", format!("{s:?} (expected e.g. sm_90)"));
        let (major, minor) = match t.split_once('.') {
            Some((a, b)) => (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?),
            None if t.len() >= 2 => {
                let n: u32 = t.parse().map_err(|_| bad())?;
                (n / 10, n % 10)
            }
            None => return Err(bad()),
        };
        Ok(Self { major, minor })
    }
}

impl std::fmt::Display for Arch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "sm_{}{}", self.major, self.minor)
    }
}

/// An in-memory header: the name `#include "..."` uses, and its text.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    /// Include name, e.g. `grosr.cuh`.
    pub name: &'static str,
    /// Contents.
    pub text: &'static str,
}

/// What to compile for, and how.
#[derive(Debug, Clone)]
pub struct CompileOptions {
    /// Target architecture.
    pub arch: Arch,
    /// `-D` macros, as `NAME` or `NAME=VALUE`.
    pub defines: Vec<String>,
    /// Emit line info (for compute-sanitizer and profilers); also on when `GROSR_LINEINFO=1`.
    pub line_info: bool,
}

impl CompileOptions {
    /// Options for `arch` with no macros, except those named in `GROSR_EXTRA_DEFINES` (space
    /// separated `NAME` or `NAME=VALUE`; a developer knob for trying kernel variants without a
    /// rebuild, part of the cache key like every option).
    pub fn new(arch: Arch) -> Self {
        Self {
            arch,
            defines: std::env::var("GROSR_EXTRA_DEFINES")
                .map(|v| v.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            line_info: std::env::var("GROSR_LINEINFO").is_ok_and(|v| v == "1"),
        }
    }

    fn to_args(&self) -> Vec<String> {
        let mut v = vec![
            format!("--gpu-architecture={}", self.arch),
            "--std=c++17".to_string(),
            "--device-as-default-execution-space".to_string(),
            "--extra-device-vectorization".to_string(),
        ];
        if self.line_info {
            v.push("--generate-line-info".to_string());
        }
        v.extend(self.defines.iter().map(|d| format!("-D{d}")));
        v
    }
}

/// A compiled program.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The CUBIN image.
    pub cubin: Vec<u8>,
    /// NVRTC's log (warnings), empty when clean or when loaded from the cache.
    pub log: String,
    /// Whether it came from the disk cache.
    pub from_cache: bool,
    /// Time spent compiling or loading.
    pub elapsed: Duration,
}

/// NVRTC with a set of in-memory headers and an optional disk cache.
#[derive(Debug, Clone)]
pub struct Compiler {
    headers: Vec<Header>,
    cache: Option<PathBuf>,
}

/// The cache folder: `GROSR_CACHE_DIR`, else the platform cache folder + `grosr`, else a temp folder.
pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("GROSR_CACHE_DIR") {
        return PathBuf::from(d);
    }
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("grosr")
}

/// NVRTC's (major, minor) version.
pub fn nvrtc_version() -> Result<(i32, i32)> {
    ensure_nvrtc()?;
    let (mut a, mut b) = (0, 0);
    // SAFETY: out-pointers are valid for the call.
    nv_check("nvrtcVersion", unsafe { nv::nvrtcVersion(&mut a, &mut b) })?;
    Ok((a, b))
}

/// The architectures this NVRTC can target.
pub fn nvrtc_supported_archs() -> Result<Vec<Arch>> {
    ensure_nvrtc()?;
    let mut n = 0;
    // SAFETY: out-pointer valid for the call.
    nv_check("nvrtcGetNumSupportedArchs", unsafe {
        nv::nvrtcGetNumSupportedArchs(&mut n)
    })?;
    let mut v = vec![0i32; n.max(0) as usize];
    // SAFETY: `v` has room for the `n` entries NVRTC reported.
    nv_check("nvrtcGetSupportedArchs", unsafe {
        nv::nvrtcGetSupportedArchs(v.as_mut_ptr())
    })?;
    Ok(v.into_iter()
        .map(|x| Arch::new(x as u32 / 10, x as u32 % 10))
        .collect())
}

fn nv_check(op: &'static str, r: nv::nvrtcResult) -> Result<()> {
    if r == nv::nvrtcResult::NVRTC_SUCCESS {
        Ok(())
    } else {
        Err(Error::Nvrtc {
            op,
            code: format!("{r:?}"),
        })
    }
}

impl Compiler {
    /// A compiler that supplies `headers` and caches in [`cache_dir`].
    pub fn new(headers: &[Header]) -> Self {
        Self {
            headers: headers.to_vec(),
            cache: Some(cache_dir()),
        }
    }

    /// Uses `dir` as the cache, or no cache with `None`.
    pub fn with_cache(mut self, dir: Option<PathBuf>) -> Self {
        self.cache = dir;
        self
    }

    /// Compiles `source` (named `name` in diagnostics) to CUBIN, through the cache.
    pub fn compile(&self, name: &str, source: &str, opts: &CompileOptions) -> Result<Compiled> {
        let start = Instant::now();
        let (major, minor) = nvrtc_version()?;
        let key = self.key(name, source, opts, (major, minor));
        let path = self.cache.as_ref().map(|d| d.join(format!("{key}.cubin")));
        if let Some(cubin) = path.as_deref().and_then(read_entry) {
            return Ok(Compiled {
                cubin,
                log: String::new(),
                from_cache: true,
                elapsed: start.elapsed(),
            });
        }
        let (cubin, log) = self.nvrtc(name, source, opts)?;
        if let Some(p) = &path {
            // A cache that cannot be written only costs the next start a compile.
            let _ = write_entry(p, &cubin);
        }
        Ok(Compiled {
            cubin,
            log,
            from_cache: false,
            elapsed: start.elapsed(),
        })
    }

    fn key(&self, name: &str, source: &str, opts: &CompileOptions, ver: (i32, i32)) -> String {
        let mut h = Sha256::new();
        let mut field = |b: &[u8]| {
            h.update((b.len() as u64).to_le_bytes());
            h.update(b);
        };
        field(CACHE_MAGIC);
        field(format!("nvrtc {}.{}", ver.0, ver.1).as_bytes());
        field(opts.to_args().join(" ").as_bytes());
        field(name.as_bytes());
        field(source.as_bytes());
        for hd in &self.headers {
            field(hd.name.as_bytes());
            field(hd.text.as_bytes());
        }
        hex(&h.finalize())
    }

    fn nvrtc(&self, name: &str, source: &str, opts: &CompileOptions) -> Result<(Vec<u8>, String)> {
        let cstr = |s: &str, what: &'static str| {
            CString::new(s).map_err(|_| Error::invalid(what, "contains a NUL byte"))
        };
        let src = cstr(source, "CUDA source")?;
        let cname = cstr(name, "program name")?;
        let hdr_texts = self
            .headers
            .iter()
            .map(|h| cstr(h.text, "header"))
            .collect::<Result<Vec<_>>>()?;
        let hdr_names = self
            .headers
            .iter()
            .map(|h| cstr(h.name, "header name"))
            .collect::<Result<Vec<_>>>()?;
        let texts: Vec<*const c_char> = hdr_texts.iter().map(|c| c.as_ptr()).collect();
        let names: Vec<*const c_char> = hdr_names.iter().map(|c| c.as_ptr()).collect();
        let args = opts
            .to_args()
            .into_iter()
            .map(|a| cstr(&a, "option"))
            .collect::<Result<Vec<_>>>()?;
        let arg_ptrs: Vec<*const c_char> = args.iter().map(|c| c.as_ptr()).collect();

        let mut prog: nv::nvrtcProgram = std::ptr::null_mut();
        // SAFETY: every pointer is a NUL-terminated string alive for the call; the arrays hold
        // `texts.len()` entries each.
        nv_check("nvrtcCreateProgram", unsafe {
            nv::nvrtcCreateProgram(
                &mut prog,
                src.as_ptr(),
                cname.as_ptr(),
                texts.len() as i32,
                texts.as_ptr(),
                names.as_ptr(),
            )
        })?;
        let guard = ProgramGuard(prog);
        // SAFETY: `prog` is live; options are NUL-terminated strings alive for the call.
        let compiled =
            unsafe { nv::nvrtcCompileProgram(guard.0, arg_ptrs.len() as i32, arg_ptrs.as_ptr()) };
        let log = program_log(guard.0)?;
        if compiled != nv::nvrtcResult::NVRTC_SUCCESS {
            return Err(Error::Compile {
                name: name.to_string(),
                log,
            });
        }
        let mut size = 0usize;
        // SAFETY: `prog` compiled successfully; out-pointer valid.
        nv_check("nvrtcGetCUBINSize", unsafe {
            nv::nvrtcGetCUBINSize(guard.0, &mut size)
        })?;
        let mut cubin = vec![0u8; size];
        // SAFETY: `cubin` has the `size` bytes NVRTC asked for.
        nv_check("nvrtcGetCUBIN", unsafe {
            nv::nvrtcGetCUBIN(guard.0, cubin.as_mut_ptr().cast())
        })?;
        Ok((cubin, log))
    }
}

/// Destroys an NVRTC program on every path out of `nvrtc`.
struct ProgramGuard(nv::nvrtcProgram);

impl Drop for ProgramGuard {
    fn drop(&mut self) {
        // SAFETY: the program was created by nvrtcCreateProgram and is destroyed once.
        let _ = unsafe { nv::nvrtcDestroyProgram(&mut self.0) };
    }
}

fn program_log(prog: nv::nvrtcProgram) -> Result<String> {
    let mut size = 0usize;
    // SAFETY: `prog` is live; out-pointer valid.
    nv_check("nvrtcGetProgramLogSize", unsafe {
        nv::nvrtcGetProgramLogSize(prog, &mut size)
    })?;
    let mut buf = vec![0u8; size.max(1)];
    // SAFETY: `buf` has the `size` bytes NVRTC asked for.
    nv_check("nvrtcGetProgramLog", unsafe {
        nv::nvrtcGetProgramLog(prog, buf.as_mut_ptr().cast())
    })?;
    let log = CStr::from_bytes_until_nul(&buf)
        .map(|c| c.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(log.trim().to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads a cache entry; `None` for a missing, truncated or corrupt one.
fn read_entry(path: &Path) -> Option<Vec<u8>> {
    let data = std::fs::read(path).ok()?;
    if data.len() < CACHE_HEADER || &data[..8] != CACHE_MAGIC {
        return None;
    }
    let len = u64::from_le_bytes(data[8..16].try_into().ok()?) as usize;
    let payload = data.get(CACHE_HEADER..)?;
    if payload.len() != len || Sha256::digest(payload).as_slice() != &data[16..48] {
        return None;
    }
    Some(payload.to_vec())
}

/// Writes a cache entry atomically (temp file, then rename), so readers never see half an entry.
fn write_entry(path: &Path, payload: &[u8]) -> Result<()> {
    let io = |source| Error::Cache {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut data = Vec::with_capacity(CACHE_HEADER + payload.len());
    data.extend_from_slice(CACHE_MAGIC);
    data.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    data.extend_from_slice(&Sha256::digest(payload));
    data.extend_from_slice(payload);
    let tag = hex(&Sha256::digest(path.as_os_str().as_encoded_bytes()));
    let tmp = dir.join(format!(".{}.{}.tmp", std::process::id(), &tag[..8]));
    std::fs::write(&tmp, &data).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arch_parses_common_spellings() {
        assert_eq!(Arch::parse("sm_90").ok(), Some(Arch::new(9, 0)));
        assert_eq!(Arch::parse("86").ok(), Some(Arch::new(8, 6)));
        assert_eq!(Arch::parse("7.5").ok(), Some(Arch::new(7, 5)));
        assert!(Arch::parse("sm_x").is_err());
        assert!(Arch::parse("9").is_err());
        assert_eq!(Arch::new(9, 0).to_string(), "sm_90");
    }

    #[test]
    fn cache_entry_round_trip_and_corruption() {
        let dir = std::env::temp_dir().join(format!("grosr-cache-test-{}", std::process::id()));
        let p = dir.join("x.cubin");
        write_entry(&p, b"hello cubin").expect("write");
        assert_eq!(read_entry(&p).as_deref(), Some(&b"hello cubin"[..]));
        // Truncated entry.
        let full = std::fs::read(&p).expect("read");
        std::fs::write(&p, &full[..full.len() - 3]).expect("truncate");
        assert!(read_entry(&p).is_none());
        // One flipped payload byte.
        let mut bad = full.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x40;
        std::fs::write(&p, &bad).expect("corrupt");
        assert!(read_entry(&p).is_none());
        // Wrong magic.
        let mut bad = full;
        bad[0] = b'X';
        std::fs::write(&p, &bad).expect("corrupt");
        assert!(read_entry(&p).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
