//! Helpers shared by the GPU test binaries.

/// Runs test `name` of the current test binary in a child process with `GROSR_FAULT_CHILD=spec`:
/// a device fault poisons the CUDA context of the process it happens in (CUDA accepts no more
/// work from it), so each fault gets a process of its own. Returns whether the child's one test
/// passed, and its stdout and stderr.
pub fn run_child(name: &str, spec: &str) -> (bool, String) {
    let exe = std::env::current_exe().expect("test binary");
    let out = std::process::Command::new(exe)
        .args([name, "--exact", "--include-ignored", "--nocapture"])
        .env("GROSR_FAULT_CHILD", spec)
        .output()
        .expect("spawn child");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success() && text.contains("1 passed"), text)
}
