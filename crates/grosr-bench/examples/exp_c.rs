//! Experiment C on its own: `exp_c [--quick] [--iters N] [--check] [key=value ...]`.
//!
//! `--check` compiles the BFS programs with NVRTC (no GPU). Otherwise runs the experiment and prints
//! one line per row, then the rows as JSON on the last line (for scripts).

use grosr_bench::{exp_c, BenchOpts, Progress};
use std::process::ExitCode;

struct Stderr;

impl Progress for Stderr {
    fn start(&self, label: &str, total: u64) {
        eprintln!("[{label}] {total} runs");
    }
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
    fn note(&self, msg: &str) {
        eprintln!("note: {msg}");
    }
}

fn main() -> ExitCode {
    let mut opts = BenchOpts::default();
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => opts.quick = true,
            "--check" => check = true,
            "--iters" => opts.iters = args.next().and_then(|v| v.parse().ok()),
            kv => {
                if let Some((k, v)) = kv.split_once('=') {
                    opts.params.insert(k.to_string(), v.to_string());
                } else {
                    eprintln!("exp_c: unknown argument {kv:?}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    if check {
        let archs = [
            grosr::device::Arch::new(9, 0),
            grosr::device::Arch::new(8, 0),
        ];
        let mut ok = true;
        for (name, src) in exp_c::programs() {
            let compiler = grosr::device::Compiler::new(grosr::kernels::HEADERS).with_cache(None);
            for arch in archs {
                match compiler.compile(&name, &src, &grosr::device::CompileOptions::new(arch)) {
                    Ok(o) if o.log.trim().is_empty() => println!("ok  {name} {arch}"),
                    Ok(o) => {
                        ok = false;
                        println!("WARN {name} {arch}\n{}", o.log)
                    }
                    Err(e) => {
                        ok = false;
                        println!("FAIL {name} {arch}: {e}")
                    }
                }
            }
        }
        return if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    match exp_c::run_collect(&opts, &Stderr) {
        Ok(out) => {
            for r in &out.records {
                let ex: Vec<String> = r.extra.iter().map(|(k, v)| format!("{k}={v:.3}")).collect();
                println!(
                    "{:<22} {:<17} median {:>10.3} ms  min {:>10.3}  max {:>10.3}  valid={}  {}",
                    r.params
                        .get("graph")
                        .map_or(String::new(), |g| g.to_string()),
                    r.variant,
                    r.value,
                    r.stats.min,
                    r.stats.max,
                    r.validated,
                    ex.join(" ")
                );
            }
            for e in &out.errors {
                println!("ERROR {e}");
            }
            println!(
                "{}",
                serde_json::to_string(&out.records).unwrap_or_default()
            );
            if out.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("exp_c: {e}");
            ExitCode::FAILURE
        }
    }
}
