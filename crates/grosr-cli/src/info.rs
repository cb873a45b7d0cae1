//! `grosr info`: the device table.

use grosr::device::{device_count, Device, DeviceInfo};

pub fn run(json: bool) -> Result<(), grosr::Error> {
    let n = device_count()?;
    if n == 0 {
        return Err(grosr::Error::NoDevice);
    }
    let infos = (0..n)
        .map(|i| Device::open(i).map(|d| d.info().clone()))
        .collect::<Result<Vec<_>, _>>()?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&infos).unwrap_or_default()
        );
    } else {
        for info in &infos {
            print_table(info);
        }
    }
    Ok(())
}

fn print_table(d: &DeviceInfo) {
    let gib = |b: usize| b as f64 / (1u64 << 30) as f64;
    let rows = [
        ("device", format!("{} ({})", d.index, d.name)),
        (
            "compute capability",
            format!("{}.{}", d.compute_capability.0, d.compute_capability.1),
        ),
        ("SMs", d.sm_count.to_string()),
        (
            "memory",
            format!(
                "{:.1} GiB total, {:.1} GiB free",
                gib(d.total_memory),
                gib(d.free_memory)
            ),
        ),
        ("SM clock", format!("{} MHz", d.sm_clock_mhz)),
        (
            "memory clock",
            format!("{} MHz, {}-bit bus", d.memory_clock_mhz, d.memory_bus_bits),
        ),
        ("L2", format!("{} MiB", d.l2_bytes >> 20)),
        ("threads / SM", d.max_threads_per_sm.to_string()),
        (
            "shared mem / SM",
            format!("{} KiB", d.shared_memory_per_sm >> 10),
        ),
        ("cooperative launch", d.cooperative_launch.to_string()),
        ("driver (CUDA)", d.driver_cuda_version.clone()),
        (
            "NVRTC",
            d.nvrtc_version
                .clone()
                .unwrap_or_else(|| "not found".into()),
        ),
    ];
    for (k, v) in rows {
        println!("{k:<20} {v}");
    }
    println!();
}
