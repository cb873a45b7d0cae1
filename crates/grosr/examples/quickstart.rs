//! grosr in one minute: define a task type, submit from the host, spawn on the GPU, wait.
//!
//!     cargo run --release --example quickstart
//!
//! A `count_down` task with argument n adds n to a total and spawns `count_down(n - 1)` on the GPU,
//! so one host submission becomes n + 1 tasks; `job.wait()` returns when the last one finished.

use grosr::device::{Device, DeviceBuffer};
use grosr::runtime::{Runtime, Width};

/// The task's arguments: the same layout in Rust and in CUDA.
#[repr(C)]
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct CountDown {
    n: u32,
}

/// The task's device code. `ctx` spawns, `args` is the struct above.
const TASKS: &str = r#"
struct CountDown { u32 n; };
__device__ unsigned long long* total;

GROSR_TASK(count_down, CountDown) {
    atomicAdd(total, (unsigned long long)args.n);
    if (args.n > 0) ctx.spawn(GROSR_TYPE(count_down), CountDown{args.n - 1});
}
"#;

fn main() -> Result<(), grosr::Error> {
    // Memory the tasks use, allocated before the scheduler starts (and freed after it stopped).
    let total = DeviceBuffer::<u64>::zeroed(&Device::open(0)?, 1)?;

    let mut builder = Runtime::builder();
    let count_down = builder.task::<CountDown>("count_down", TASKS, Width::Thread);
    let rt = builder.build()?; // compiles (cached) and starts the scheduler on every SM
    rt.set_global("total", &total.device_ptr())?;

    let job = rt.job()?;
    for _ in 0..4 {
        job.submit(count_down, &CountDown { n: 1000 })?; // 4 × 1001 tasks
    }
    job.wait()?; // returns when every task and every task it spawned has run

    let sum = total.to_vec()?[0];
    println!("total = {sum} (expected {})", 4 * 1000 * 1001 / 2);
    let stats = rt.stats()?;
    println!(
        "executed {} tasks on {} blocks, {} spawned on the GPU",
        stats.executed.iter().sum::<u64>(),
        stats.blocks,
        stats.spawned.iter().sum::<u64>()
    );
    assert_eq!(sum, 4 * 1000 * 1001 / 2);
    Ok(())
}
