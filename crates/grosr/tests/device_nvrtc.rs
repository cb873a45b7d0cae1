//! NVRTC-only tests of the compile path (no GPU needed; CI runs them with the NVRTC wheel).

use grosr::device::{Arch, CompileOptions};
use grosr::kernels;
use grosr::Error;

fn temp_cache(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("grosr-test-{tag}-{}", std::process::id()))
}

#[test]
fn compile_error_reports_file_and_line() {
    let src = "#include \"grosr_sync.cuh\"\nextern \"C\" __global__ void k(u32* p) {\n  p[0] = undefined_name;\n}\n";
    let err = kernels::compiler()
        .with_cache(None)
        .compile("broken_task.cu", src, &CompileOptions::new(Arch::new(9, 0)))
        .expect_err("must not compile");
    match err {
        Error::Compile { name, log } => {
            assert_eq!(name, "broken_task.cu");
            assert!(
                log.contains("broken_task.cu(3)"),
                "log lacks file(line): {log}"
            );
            assert!(
                log.contains("undefined_name"),
                "log lacks the identifier: {log}"
            );
        }
        other => panic!("expected a compile error, got {other}"),
    }
}

#[test]
fn second_compile_is_a_cache_hit_and_corrupt_entries_are_recompiled() {
    let dir = temp_cache("hit");
    let _ = std::fs::remove_dir_all(&dir);
    let opts = CompileOptions::new(Arch::new(8, 0));
    let c = kernels::compiler().with_cache(Some(dir.clone()));
    let first = c
        .compile(kernels::DOCTOR.name, kernels::DOCTOR.source, &opts)
        .expect("compile");
    assert!(!first.from_cache);
    // A fresh compiler (a second program start) finds the entry.
    let c2 = kernels::compiler().with_cache(Some(dir.clone()));
    let second = c2
        .compile(kernels::DOCTOR.name, kernels::DOCTOR.source, &opts)
        .expect("cached");
    assert!(second.from_cache);
    assert_eq!(first.cubin, second.cubin);
    // Truncate every entry: the next request must recompile, not load garbage.
    for e in std::fs::read_dir(&dir).expect("dir").flatten() {
        let data = std::fs::read(e.path()).expect("read");
        std::fs::write(e.path(), &data[..data.len() / 2]).expect("truncate");
    }
    let third = c2
        .compile(kernels::DOCTOR.name, kernels::DOCTOR.source, &opts)
        .expect("recompile");
    assert!(!third.from_cache);
    assert_eq!(third.cubin, first.cubin);
    // Different options are a different key.
    let mut other = opts.clone();
    other.defines.push("GROSR_TEST_DEFINE=1".into());
    assert!(
        !c2.compile(kernels::DOCTOR.name, kernels::DOCTOR.source, &other)
            .expect("compile")
            .from_cache
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_embedded_program_compiles_cleanly() {
    let lines = kernels::check_all(&[Arch::new(9, 0)]).expect("kernel check");
    assert!(!lines.is_empty());
}
