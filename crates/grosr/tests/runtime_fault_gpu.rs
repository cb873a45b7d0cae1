//! Device faults inside tasks: a trap or an illegal address must surface as `Error::DeviceFault`
//! on every pending and later call, promptly, and dropping the runtime must not hang.
//! (A device fault poisons the CUDA context, as in CUDA itself: this file has its own process.)

mod common;

use grosr::runtime::{Runtime, Width};
use grosr::Error;
use std::time::{Duration, Instant};

#[repr(C)]
#[derive(Clone, Copy, Debug, bytemuck::Pod, bytemuck::Zeroable)]
struct Arg {
    kind: u32,
    pad: u32,
}

const SRC: &str = r#"
struct Arg { u32 kind; u32 pad; };
GROSR_TASK(faulty, Arg) {
    if (args.kind == 1) __trap();
    if (args.kind == 2) *(volatile u32*)(0x10ull) = 1;  // illegal address
    if (args.kind == 0) { u64 t0 = globaltimer_ns(); while (globaltimer_ns() - t0 < 100000) {} }
}
"#;

fn fault_surfaces(kind: u32) {
    let mut b = Runtime::builder();
    let faulty = b.task::<Arg>("faulty", SRC, Width::Thread);
    let rt = b.max_args_bytes(8).build().expect("runtime");
    // Work in flight on other jobs when the fault happens.
    let busy = rt.job().expect("job");
    busy.submit_with(faulty, 100_000, 0, |_| Arg { kind: 0, pad: 0 })
        .expect("submit");
    let job = rt.job().expect("job");
    job.submit(faulty, &Arg { kind, pad: 0 }).expect("submit");
    let t0 = Instant::now();
    let r = job.wait_timeout(Duration::from_secs(10));
    let took = t0.elapsed();
    assert!(matches!(r, Err(Error::DeviceFault(_))), "{r:?}");
    assert!(
        took < Duration::from_secs(1),
        "fault noticed after {took:?}"
    );
    eprintln!(
        "kind {kind}: {} after {took:?}",
        r.err().map(|e| e.to_string()).unwrap_or_default()
    );
    // Every pending and later call says so too.
    assert!(matches!(
        busy.wait_timeout(Duration::from_secs(5)),
        Err(Error::DeviceFault(_))
    ));
    assert!(matches!(
        job.submit(faulty, &Arg { kind: 0, pad: 0 }),
        Err(Error::DeviceFault(_))
    ));
    assert!(rt.is_faulted());
    let t0 = Instant::now();
    drop((busy, job));
    drop(rt);
    assert!(
        t0.elapsed() < Duration::from_secs(2),
        "drop took {:?}",
        t0.elapsed()
    );
}

/// Runs test `name` of this binary in a child process (see `common::run_child`).
fn in_child(name: &str) {
    let (ok, text) = common::run_child(name, "1");
    eprintln!("{text}");
    assert!(ok, "child {name} failed or did not run");
}

fn is_child() -> bool {
    std::env::var_os("GROSR_FAULT_CHILD").is_some()
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn trapping_task_is_a_device_fault() {
    in_child("child_trap");
}

#[test]
#[ignore = "needs a CUDA GPU"]
fn illegal_address_is_a_device_fault() {
    in_child("child_illegal_address");
}

#[test]
#[ignore = "needs a CUDA GPU (run by trapping_task_is_a_device_fault)"]
fn child_trap() {
    if is_child() {
        fault_surfaces(1);
    }
}

#[test]
#[ignore = "needs a CUDA GPU (run by illegal_address_is_a_device_fault)"]
fn child_illegal_address() {
    if is_child() {
        fault_surfaces(2);
    }
}

/// CPU (CI): the faulting task source compiles.
#[test]
fn fault_task_source_compiles_without_a_gpu() {
    let mut b = Runtime::builder();
    let _ = b.task::<Arg>("faulty", SRC, Width::Thread);
    let arch = grosr::device::Arch::parse("sm_90").expect("arch");
    b.max_args_bytes(8).check(arch).expect("compiles");
}
