//! The CUDA C sources embedded in the library (`kernels/` in this crate).
//!
//! Headers are given to NVRTC from memory; programs are compiled on first use and cached on disk.
//! [`check_all`] compiles every program for a list of architectures without a GPU (CI's kernel check).

use crate::device::{Arch, CompileOptions, Compiler, Header};
use crate::error::{Error, Result};

/// Every header a grosr program may `#include`.
pub const HEADERS: &[Header] = &[
    Header {
        name: "grosr_sync.cuh",
        text: include_str!("../kernels/grosr_sync.cuh"),
    },
    Header {
        name: "grosr.cuh",
        text: include_str!("../kernels/grosr.cuh"),
    },
    Header {
        name: "grosr_alloc.cuh",
        text: include_str!("../kernels/grosr_alloc.cuh"),
    },
    Header {
        name: "grosr_scheduler.cuh",
        text: include_str!("../kernels/grosr_scheduler.cuh"),
    },
];

/// A complete CUDA program embedded in the library.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    /// File name, used in compiler diagnostics.
    pub name: &'static str,
    /// Source text.
    pub source: &'static str,
}

/// The probe kernels of `grosr doctor`.
pub const DOCTOR: Program = Program {
    name: "doctor.cu",
    source: include_str!("../kernels/doctor.cu"),
};

/// Every embedded program, plus the generated ones with sample inputs (see [`check_all`]).
pub fn programs() -> Vec<(String, String)> {
    let mut v = vec![(DOCTOR.name.to_string(), DOCTOR.source.to_string())];
    v.extend(crate::runtime::sample_programs());
    v.extend(crate::alloc::programs());
    v
}

/// A compiler with grosr's headers and the default cache.
pub fn compiler() -> Compiler {
    Compiler::new(HEADERS)
}

/// Compiles every program for every arch in `archs` (no cache, no GPU needed). Warnings count as
/// failures. Returns one line per (program, arch) for the log.
pub fn check_all(archs: &[Arch]) -> Result<Vec<String>> {
    check_programs(&programs(), archs)
}

/// Compiles `programs` (name, source) with grosr's headers for every arch in `archs`, as
/// [`check_all`] does for the library's own (other crates check theirs with it). With
/// `GROSR_DUMP_CUBIN=DIR` set, each cubin is also written to `DIR/<program>.<arch>.cubin`.
pub fn check_programs(programs: &[(String, String)], archs: &[Arch]) -> Result<Vec<String>> {
    let compiler = Compiler::new(HEADERS).with_cache(None);
    let dump = std::env::var_os("GROSR_DUMP_CUBIN").map(std::path::PathBuf::from);
    let mut lines = Vec::new();
    for (name, source) in programs {
        for &arch in archs {
            let out = compiler.compile(name, source, &CompileOptions::new(arch))?;
            if let Some(dir) = &dump {
                // Developer aid: keep the cubins for `nvdisasm` / `cuobjdump -sass`.
                let path = dir.join(format!("{name}.{arch}.cubin"));
                std::fs::write(&path, &out.cubin).map_err(|e| Error::Cache {
                    path: path.clone(),
                    source: e,
                })?;
            }
            if !out.log.is_empty() {
                return Err(Error::Compile {
                    name: format!("{name} ({arch}, warnings are errors)"),
                    log: out.log,
                });
            }
            lines.push(format!(
                "ok  {name:<28} {arch}  {:>8} bytes  {:>6.0} ms",
                out.cubin.len(),
                out.elapsed.as_secs_f64() * 1e3
            ));
        }
    }
    Ok(lines)
}
