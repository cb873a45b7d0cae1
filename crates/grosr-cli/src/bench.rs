//! `grosr bench a|b|bplus|c|d|all`: runs experiments, prints a table (or CSV/JSON), and with
//! `--out DIR` writes `<experiment>.json`/`.csv`, `report.md` and SVG plots. Exits non-zero when a
//! variant failed or a result did not validate, after writing what it measured.
//! `grosr report DIR` rewrites `report.md` and the plots from the JSON files in `DIR`.

use grosr_bench::report::{self, Meta, ResultFile};
use grosr_bench::{BenchOpts, Progress, Record};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Which experiment to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Experiment {
    /// Ping-pong dispatch of dependent pairs, and round-trip latency.
    A,
    /// Throughput of many tiny tasks (grosr host-fed, device-spawned, range).
    B,
    /// B beside every fair baseline (sync, batched, CUDA graphs, bulk).
    Bplus,
    /// BFS.
    C,
    /// Slab allocator.
    D,
    /// Every experiment, in order.
    All,
}

/// What goes to stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A human table.
    Table,
    /// CSV, one record per row.
    Csv,
    /// JSON result files.
    Json,
}

/// Arguments of `grosr bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// The experiment.
    #[arg(value_enum)]
    experiment: Experiment,
    /// Small sizes and few iterations: a check that everything runs, in seconds.
    #[arg(long)]
    quick: bool,
    /// Timed iterations (repetitions) per row, after warm-up. For `bench d` it is instead the
    /// seed's "iterations": the alloc/touch/free loop count per thread (a shape option, like
    /// --threads); give the repetitions there with --reps.
    #[arg(long)]
    iters: Option<usize>,
    /// Timed repetitions per row, for every experiment (the same as --iters outside `bench d`).
    #[arg(long)]
    reps: Option<usize>,
    /// Write `<experiment>.json`/`.csv`, `report.md` and SVG plots into this folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// What to print on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// CUDA device index.
    #[arg(long, default_value_t = 0)]
    device: usize,
    /// Experiment-specific option, `key=value` (repeatable), e.g. --param ns=1000,10000.
    #[arg(long = "param", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// Give up (keeping the rows measured so far) when nothing progresses for this many seconds;
    /// 0: never.
    #[arg(long, default_value_t = 60)]
    watchdog_s: u64,
    /// Exp D shape: threads (with any shape option, one custom row replaces the presets).
    #[arg(long, help_heading = "Exp D shape")]
    threads: Option<u32>,
    /// Exp D shape: alloc/touch/free loop iterations per thread (the same as `bench d --iters`).
    #[arg(long, help_heading = "Exp D shape")]
    thread_iters: Option<u32>,
    /// Exp D shape: allocation size in bytes (the lower bound with --param size_max=).
    #[arg(long, help_heading = "Exp D shape")]
    size: Option<u32>,
    /// Exp D shape: 0 churn, 1 outstanding, 2 the seed's 64-512 B mix, 3 wide mix 16 B-8 KB,
    /// 4 cross-warp frees.
    #[arg(long, help_heading = "Exp D shape")]
    mode: Option<u32>,
    /// Exp D shape: live blocks per thread (modes 1-3).
    #[arg(long, help_heading = "Exp D shape")]
    outstanding: Option<u32>,
    /// Exp D shape: bytes written (and checked) per block.
    #[arg(long, help_heading = "Exp D shape")]
    touch_bytes: Option<u32>,
}

impl BenchArgs {
    /// `bench d`: the per-thread loop count, from --iters or --thread-iters (not both).
    fn shape_iters(&self) -> Result<Option<u32>, grosr_bench::BenchError> {
        if self.experiment != Experiment::D {
            return Ok(self.thread_iters);
        }
        match (self.iters, self.thread_iters) {
            (Some(_), Some(_)) => Err(grosr_bench::BenchError::Invalid {
                what: "bench options".into(),
                why: "--iters and --thread-iters both set the per-thread loop count of `bench d`; give one".into(),
            }),
            (Some(n), None) => u32::try_from(n).map(Some).map_err(|_| grosr_bench::BenchError::Invalid {
                what: "--iters".into(),
                why: format!("{n}: at most {}", u32::MAX),
            }),
            (None, t) => Ok(t),
        }
    }

    /// Timed repetitions per row: --reps, or --iters outside `bench d` (not both).
    fn repetitions(&self) -> Result<Option<usize>, grosr_bench::BenchError> {
        let iters = if self.experiment == Experiment::D {
            None
        } else {
            self.iters
        };
        match (self.reps, iters) {
            (Some(_), Some(_)) => Err(grosr_bench::BenchError::Invalid {
                what: "bench options".into(),
                why: "--reps and --iters both set the timed repetitions; give one".into(),
            }),
            (r, i) => Ok(r.or(i)),
        }
    }

    /// The Exp D shape options as `--param` pairs; an error when given to another experiment or
    /// given twice (as an option and as a `--param`).
    fn shape_params(&self) -> Result<Vec<(String, String)>, grosr_bench::BenchError> {
        let shape = [
            ("threads", self.threads),
            ("iters", self.shape_iters()?),
            ("size", self.size),
            ("mode", self.mode),
            ("outstanding", self.outstanding),
            ("touch_bytes", self.touch_bytes),
        ];
        let given: Vec<(String, String)> = shape
            .iter()
            .filter_map(|(k, v)| v.map(|v| (k.to_string(), v.to_string())))
            .collect();
        let invalid = |why: String| grosr_bench::BenchError::Invalid {
            what: "bench options".into(),
            why,
        };
        if !given.is_empty() && self.experiment != Experiment::D {
            return Err(invalid(format!(
                "--threads, --thread-iters, --size, --mode, --outstanding and --touch-bytes are Exp D \
                 options; `bench {}` does not take them",
                names(self.experiment).join(",")
            )));
        }
        for (k, _) in &given {
            if self.params.iter().any(|(p, _)| p == k) {
                return Err(invalid(format!(
                    "{k} is given both as an option and as --param {k}=..."
                )));
            }
        }
        Ok(given)
    }
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(format!("{s:?} is not key=value")),
    }
}

/// What the progress reporter and the watchdog share.
struct Shared {
    bar: Option<(ProgressBar, Instant, bool)>,
    last_event: Instant,
    phase: String,
    experiment: String,
    rows: Vec<Record>,
}

/// A progress bar that appears only when a phase lasts longer than a second (and stderr is a
/// terminal; otherwise each phase is logged as a line). It also keeps the rows measured so far, so
/// that the watchdog can write them if the run stalls.
struct Bar {
    state: Arc<Mutex<Shared>>,
    log_phases: bool,
}

fn lock(m: &Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Bar {
    fn new() -> Self {
        Self {
            state: Arc::new(Mutex::new(Shared {
                bar: None,
                last_event: Instant::now(),
                phase: String::new(),
                experiment: String::new(),
                rows: Vec::new(),
            })),
            log_phases: !std::io::stderr().is_terminal(),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Shared) -> T) -> T {
        let mut g = lock(&self.state);
        g.last_event = Instant::now();
        f(&mut g)
    }

    fn begin_experiment(&self, name: &str) {
        self.with(|s| {
            s.experiment = name.to_string();
            s.phase = "setup".into();
            s.rows.clear();
        });
    }
}

impl Progress for Bar {
    fn start(&self, label: &str, total: u64) {
        if self.log_phases {
            eprintln!("-- {label}");
        }
        self.with(|s| {
            if let Some((old, _, _)) = s.bar.take() {
                old.finish_and_clear();
            }
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            if let Ok(style) =
                ProgressStyle::with_template("{msg:40} [{bar:30}] {pos}/{len} {elapsed}")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(label.to_string());
            s.phase = label.to_string();
            s.bar = Some((bar, Instant::now(), false));
        });
    }

    fn advance(&self, n: u64) {
        self.with(|s| {
            if let Some((bar, t0, shown)) = s.bar.as_mut() {
                bar.inc(n);
                if !*shown && t0.elapsed() > Duration::from_secs(1) {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    *shown = true;
                }
            }
        });
    }

    fn finish(&self) {
        self.with(|s| {
            if let Some((bar, _, _)) = s.bar.take() {
                bar.finish_and_clear();
            }
        });
    }

    fn note(&self, line: &str) {
        self.with(|s| {
            s.phase = line.to_string();
            match &s.bar {
                Some((bar, _, true)) => bar.suspend(|| eprintln!("{line}")),
                _ => eprintln!("{line}"),
            }
        });
    }

    fn record(&self, row: &Record) {
        self.with(|s| s.rows.push(row.clone()));
    }
}

/// Starts a thread that ends the process when nothing has progressed for `limit` (a hung kernel
/// or wait): it first writes the rows measured so far (with --out), so a stall costs only the
/// rows after it.
fn watchdog(state: Arc<Mutex<Shared>>, limit: Duration, meta: Meta, out: Option<PathBuf>) {
    let spawned = std::thread::Builder::new()
        .name("bench-watchdog".into())
        .spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let (file, phase) = {
                let s = lock(&state);
                if s.last_event.elapsed() < limit {
                    continue;
                }
                let error = format!(
                    "{}: watchdog: no progress for {} s during {:?}; the rows measured before it are kept",
                    s.experiment,
                    limit.as_secs(),
                    s.phase
                );
                (
                    ResultFile {
                        meta: meta.clone(),
                        experiment: s.experiment.clone(),
                        records: s.rows.clone(),
                        errors: vec![error],
                    },
                    s.phase.clone(),
                )
            };
            eprintln!("FAILED {}", file.errors[0]);
            print!("{}", report::table(&file.records));
            if let Some(dir) = &out {
                if let Err(e) = write_outputs(dir, &meta, &file) {
                    eprintln!("grosr: error: {e}");
                }
            }
            eprintln!("grosr bench: stalled in {phase:?}; exiting");
            std::process::exit(3);
        });
    if let Err(e) = spawned {
        eprintln!("grosr bench: no watchdog: {e}");
    }
}

/// Writes one experiment's JSON and CSV, then the report and plots over every result file in `dir`.
fn write_outputs(
    dir: &Path,
    meta: &Meta,
    file: &ResultFile,
) -> Result<usize, grosr_bench::BenchError> {
    let name = &file.experiment;
    report::write_file(dir, &format!("{name}.json"), &report::to_json(file)?)?;
    report::write_file(
        dir,
        &format!("{name}.csv"),
        &report::to_csv(meta, &file.records),
    )?;
    // The report covers every result file in the folder (earlier invocations included).
    let written = write_report(dir, Some(meta))?;
    Ok(written.plots.len())
}

/// What [`write_report`] read and wrote.
#[derive(Debug)]
pub struct Written {
    /// The experiments of the result files read, in report order.
    pub experiments: Vec<String>,
    /// `DIR/report.md`.
    pub report: PathBuf,
    /// The SVG plots.
    pub plots: Vec<PathBuf>,
}

/// Reads every result file in `dir`, sorts them in experiment order and rewrites `report.md` and
/// the SVG plots over all of them. `meta` heads the report; `None`: the first file's. An error
/// when `dir` holds no result file.
pub fn write_report(dir: &Path, meta: Option<&Meta>) -> Result<Written, grosr_bench::BenchError> {
    let mut all = report::read_dir(dir)?;
    all.sort_by_key(|f| {
        grosr_bench::EXPERIMENTS
            .iter()
            .position(|e| *e == f.experiment)
            .unwrap_or(usize::MAX)
    });
    let meta = match (meta, all.first()) {
        (Some(m), _) | (None, Some(ResultFile { meta: m, .. })) => m,
        (None, None) => {
            return Err(grosr_bench::BenchError::Other(format!(
                "{}: no result files (the <experiment>.json files `grosr bench --out DIR` writes)",
                dir.display()
            )))
        }
    };
    report::write_file(dir, "report.md", &report::report_md(meta, &all))?;
    let records: Vec<_> = all.iter().flat_map(|f| f.records.clone()).collect();
    let plots = grosr_bench::plot::write_plots(dir, &records)?;
    Ok(Written {
        experiments: all.into_iter().map(|f| f.experiment).collect(),
        report: dir.join("report.md"),
        plots,
    })
}

/// `grosr report DIR`: rewrites `DIR/report.md` and the plots from the result files in `DIR`
/// (no GPU needed).
pub fn report(dir: &Path) -> Result<(), grosr_bench::BenchError> {
    let written = write_report(dir, None)?;
    println!(
        "read {} result file(s) in {}: {}",
        written.experiments.len(),
        dir.display(),
        written.experiments.join(", ")
    );
    println!("wrote {}", written.report.display());
    for p in &written.plots {
        println!("wrote {}", p.display());
    }
    println!("{} plot(s)", written.plots.len());
    Ok(())
}

/// Runs `grosr bench`. Returns failure when anything failed or did not validate.
pub fn main(args: BenchArgs) -> ExitCode {
    match run(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("grosr: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn names(e: Experiment) -> Vec<&'static str> {
    match e {
        Experiment::A => vec!["a"],
        Experiment::B => vec!["b"],
        Experiment::Bplus => vec!["bplus"],
        Experiment::C => vec!["c"],
        Experiment::D => vec!["d"],
        Experiment::All => grosr_bench::EXPERIMENTS.to_vec(),
    }
}

fn run(args: BenchArgs) -> Result<bool, grosr_bench::BenchError> {
    let shape = args.shape_params()?;
    let opts = BenchOpts {
        device: args.device,
        quick: args.quick,
        iters: args.repetitions()?,
        params: args
            .params
            .into_iter()
            .chain(shape)
            .collect::<BTreeMap<_, _>>(),
    };
    if opts.iters == Some(0) {
        return Err(grosr_bench::BenchError::Invalid {
            what: "--reps/--iters".into(),
            why: "must be at least 1".into(),
        });
    }
    let command_line = std::env::args().collect::<Vec<_>>().join(" ");
    let meta = Meta::collect(opts.device, command_line, opts.quick)?;
    eprintln!(
        "grosr bench: {} ({} SMs), driver {}, CUDA {}, NVRTC {}, commit {}",
        meta.gpu, meta.sm_count, meta.driver, meta.cuda, meta.nvrtc, meta.git_commit
    );
    let bar = Bar::new();
    if args.watchdog_s > 0 {
        watchdog(
            bar.state.clone(),
            Duration::from_secs(args.watchdog_s),
            meta.clone(),
            args.out.clone(),
        );
    }
    let mut ok = true;
    for name in names(args.experiment) {
        eprintln!("== experiment {name}");
        bar.begin_experiment(name);
        let t0 = Instant::now();
        let outcome = match grosr_bench::run_experiment(name, &opts, &bar) {
            Ok(o) => o,
            Err(e) => {
                bar.finish();
                grosr_bench::Outcome {
                    records: Vec::new(),
                    errors: vec![format!("{name}: {e}")],
                }
            }
        };
        bar.finish();
        for e in &outcome.errors {
            eprintln!("FAILED {e}");
        }
        ok &= outcome.errors.is_empty();
        eprintln!(
            "== experiment {name}: {} rows, {} errors, {:.1} s",
            outcome.records.len(),
            outcome.errors.len(),
            t0.elapsed().as_secs_f64()
        );
        let file = ResultFile {
            meta: meta.clone(),
            experiment: name.to_string(),
            records: outcome.records,
            errors: outcome.errors,
        };
        match args.format {
            Format::Table => print!("{}", report::table(&file.records)),
            Format::Csv => print!("{}", report::to_csv(&meta, &file.records)),
            Format::Json => println!("{}", report::to_json(&file)?),
        }
        if let Some(dir) = &args.out {
            // Written after every experiment, so a later hang or crash keeps the earlier results.
            let plots = write_outputs(dir, &meta, &file)?;
            eprintln!(
                "wrote {}: {name}.json, {name}.csv, report.md, {plots} plot(s)",
                dir.display()
            );
        }
    }
    if !ok {
        eprintln!("grosr bench: some variants failed or did not validate (see FAILED above)");
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        b: BenchArgs,
    }

    #[test]
    fn params_parse() {
        assert_eq!(
            parse_param("ns=1,2").expect("ok"),
            ("ns".into(), "1,2".into())
        );
        assert!(parse_param("novalue").is_err());
        assert!(parse_param("=3").is_err());
    }

    #[test]
    fn arguments() {
        let t = T::try_parse_from([
            "x", "bplus", "--quick", "--iters", "3", "--param", "fanout=8", "--format", "csv",
        ])
        .expect("parse");
        assert_eq!(t.b.experiment, Experiment::Bplus);
        assert_eq!(t.b.iters, Some(3));
        assert_eq!(t.b.params, vec![("fanout".into(), "8".into())]);
        assert!(T::try_parse_from(["x", "e"]).is_err());
        assert!(T::try_parse_from(["x", "a", "--param", "x"]).is_err());
        assert!(T::try_parse_from(["x", "a", "--format", "xml"]).is_err());
        assert_eq!(names(Experiment::All), vec!["a", "b", "bplus", "c", "d"]);
    }

    #[test]
    fn bench_d_takes_iters_as_the_per_thread_loop_count() {
        let parse = |args: &[&str]| T::try_parse_from(args).expect("parse").b;
        // The spelling: --iters is the seed's per-thread iterations; --reps repeats.
        let b = parse(&[
            "x",
            "d",
            "--threads",
            "65536",
            "--iters",
            "256",
            "--size",
            "32",
            "--reps",
            "3",
        ]);
        let shape = b.shape_params().expect("shape");
        assert!(shape.contains(&("iters".into(), "256".into())), "{shape:?}");
        assert!(shape.contains(&("threads".into(), "65536".into())));
        assert_eq!(b.repetitions().expect("reps"), Some(3));
        // --thread-iters says the same; both at once is an error.
        let b = parse(&["x", "d", "--thread-iters", "50"]);
        assert!(b
            .shape_params()
            .expect("shape")
            .contains(&("iters".into(), "50".into())));
        assert!(parse(&["x", "d", "--iters", "5", "--thread-iters", "50"])
            .shape_params()
            .is_err());
        // Elsewhere --iters repeats, and so does --reps, but not both.
        assert_eq!(
            parse(&["x", "b", "--iters", "4"])
                .repetitions()
                .expect("reps"),
            Some(4)
        );
        assert_eq!(
            parse(&["x", "a", "--reps", "2"])
                .repetitions()
                .expect("reps"),
            Some(2)
        );
        assert!(parse(&["x", "a", "--reps", "2", "--iters", "3"])
            .repetitions()
            .is_err());
        assert!(parse(&["x", "b", "--iters", "4"])
            .shape_params()
            .expect("none")
            .is_empty());
    }

    #[test]
    fn report_rewrites_markdown_and_plots_from_saved_json() {
        let dir = std::env::temp_dir().join(format!("grosr-cli-report-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("tmp");
        // An empty folder is an error that names it.
        let e = write_report(&dir, None).expect_err("empty dir");
        assert!(e.to_string().contains(&dir.display().to_string()), "{e}");
        let row = |variant: &str, size: u32, v: f64| {
            Record::from_samples(
                "d",
                variant,
                grosr_bench::params! {"preset" => "seed1", "size" => size},
                "allocs_per_s",
                "1/s",
                &[v],
                true,
            )
            .expect("record")
        };
        let file = ResultFile {
            meta: Meta {
                gpu: "Test GPU".into(),
                ..Meta::default()
            },
            experiment: "d".into(),
            records: vec![
                row("grosr", 32, 1.8e10),
                row("cuda_malloc", 32, 6e6),
                row("grosr", 64, 1.7e10),
                row("cuda_malloc", 64, 5e6),
            ],
            errors: Vec::new(),
        };
        report::write_file(&dir, "d.json", &report::to_json(&file).expect("json")).expect("write");
        report(&dir).expect("report");
        let md = std::fs::read_to_string(dir.join("report.md")).expect("report.md");
        assert!(md.contains("Test GPU"), "{md}");
        let svgs: Vec<_> = std::fs::read_dir(&dir)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "svg"))
            .collect();
        assert_eq!(svgs, vec![dir.join("d_allocs_per_s.svg")]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
