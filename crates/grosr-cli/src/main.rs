//! The `grosr` command: a thin layer over the grosr libraries that parses arguments, prints
//! results, and turns every error into one line on stderr and a non-zero exit code.

mod bench;
mod bfs;
mod doctor;
mod info;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// grosr: a GPU-resident runtime (persistent scheduler, GPU task queues, device slab allocator).
#[derive(Parser)]
#[command(name = "grosr", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the CUDA devices and their properties.
    Info {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Check driver and NVRTC, compile and launch a kernel, time the cache and a pinned-memory round trip.
    Doctor {
        /// Device index.
        #[arg(long, default_value_t = 0)]
        device: usize,
        /// Print JSON instead of a report.
        #[arg(long)]
        json: bool,
        /// Round trips to time.
        #[arg(long, default_value_t = 10_000)]
        samples: usize,
    },
    /// Run benchmark experiments (A, B, B+, C, D), print a table, write results with --out.
    Bench(bench::BenchArgs),
    /// Rewrite DIR/report.md and the SVG plots from the result JSON files in DIR (no GPU needed).
    Report {
        /// A folder written by `grosr bench --out`.
        dir: PathBuf,
    },
    /// Breadth-first search on the GPU: load or generate a graph, run variants, validate, time.
    Bfs(bfs::BfsArgs),
    /// Compile every embedded CUDA program with NVRTC (no GPU needed); warnings fail.
    CheckKernels {
        /// Target architectures (repeatable), e.g. --arch sm_90 --arch sm_80.
        #[arg(long = "arch", default_values_t = ["sm_90".to_string(), "sm_80".to_string()])]
        archs: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result: Result<(), Box<dyn std::error::Error>> = match cli.command {
        Command::Bench(args) => return bench::main(args),
        Command::Bfs(args) => return bfs::main(args),
        Command::Info { json } => info::run(json).map_err(Into::into),
        Command::Doctor {
            device,
            json,
            samples,
        } => doctor::run(device, json, samples).map_err(Into::into),
        Command::CheckKernels { archs } => check_kernels(&archs).map_err(Into::into),
        Command::Report { dir } => bench::report(&dir).map_err(Into::into),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("grosr: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn check_kernels(archs: &[String]) -> Result<(), grosr::Error> {
    let archs = archs
        .iter()
        .map(|a| grosr::device::Arch::parse(a))
        .collect::<Result<Vec<_>, _>>()?;
    let (major, minor) = grosr::device::nvrtc_version()?;
    println!(
        "kernel check: NVRTC {major}.{minor}, archs {}",
        archs
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut lines = grosr::kernels::check_all(&archs)?;
    lines.extend(grosr_bench::check_programs(&archs)?);
    for l in &lines {
        println!("  {l}");
    }
    println!("kernel check: {} compiled, 0 failed", lines.len());
    Ok(())
}
