//! Output formats of the records: a human table, CSV, JSON with metadata, and `report.md` (tables,
//! the seed's numbers beside ours, and the targets).

use crate::measure::fmt_params;
use crate::record::{BenchError, Record, Result};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::Path;

/// Where and how a result file was produced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// GPU name.
    pub gpu: String,
    /// Streaming multiprocessors.
    pub sm_count: u32,
    /// Compute capability, e.g. "9.0".
    pub compute_capability: String,
    /// Peak SM clock, MHz.
    pub sm_clock_mhz: u32,
    /// Peak memory clock, MHz.
    pub memory_clock_mhz: u32,
    /// NVIDIA kernel driver version (from /proc/driver/nvidia/version), e.g. "580.159".
    pub driver: String,
    /// CUDA version the driver supports, e.g. "13.0".
    pub cuda: String,
    /// NVRTC version, e.g. "13.0".
    pub nvrtc: String,
    /// Git commit the binary was built from ("-dirty" when the tree had changes), or "unknown".
    pub git_commit: String,
    /// The command line.
    pub command_line: String,
    /// Start of the run, seconds since the Unix epoch.
    pub started_unix_s: u64,
    /// Whether `--quick` was given.
    pub quick: bool,
}

impl Meta {
    /// Reads the device's properties and the environment.
    pub fn collect(device: usize, command_line: String, quick: bool) -> Result<Self> {
        let dev = grosr::device::Device::open(device)?;
        let info = dev.info();
        Ok(Self {
            gpu: info.name.clone(),
            sm_count: info.sm_count,
            compute_capability: format!(
                "{}.{}",
                info.compute_capability.0, info.compute_capability.1
            ),
            sm_clock_mhz: info.sm_clock_mhz,
            memory_clock_mhz: info.memory_clock_mhz,
            driver: kernel_driver_version().unwrap_or_else(|| "unknown".into()),
            cuda: info.driver_cuda_version.clone(),
            nvrtc: info
                .nvrtc_version
                .clone()
                .unwrap_or_else(|| "unknown".into()),
            git_commit: git_commit(),
            command_line,
            started_unix_s: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0),
            quick,
        })
    }
}

/// The commit recorded at build time.
pub fn git_commit() -> String {
    option_env!("GROSR_GIT_COMMIT")
        .unwrap_or("unknown")
        .to_string()
}

/// "580.159" from `/proc/driver/nvidia/version` (Linux), if readable.
fn kernel_driver_version() -> Option<String> {
    let text = std::fs::read_to_string("/proc/driver/nvidia/version").ok()?;
    parse_driver_version(&text)
}

fn parse_driver_version(text: &str) -> Option<String> {
    let line = text.lines().next()?;
    let after = line.split("Kernel Module").nth(1)?;
    after
        .split_whitespace()
        .find(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(str::to_string)
}

/// One experiment's JSON file: metadata plus rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultFile {
    /// Metadata.
    pub meta: Meta,
    /// Experiment name.
    pub experiment: String,
    /// Rows.
    pub records: Vec<Record>,
    /// Variants that failed to run (their rows are missing).
    pub errors: Vec<String>,
}

/// The JSON text of a result file.
pub fn to_json(file: &ResultFile) -> Result<String> {
    serde_json::to_string_pretty(file).map_err(|e| BenchError::Other(format!("JSON: {e}")))
}

const CSV_HEADER: &str = "experiment,variant,params,metric,unit,value,iterations,mean,median,min,max,stddev,validated,extra,gpu,sm_count,driver,cuda,nvrtc,git_commit";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// CSV: a header and one line per record; metadata is repeated on every line so that each line
/// stands alone.
pub fn to_csv(meta: &Meta, records: &[Record]) -> String {
    let mut s = String::from(CSV_HEADER);
    s.push('\n');
    for r in records {
        let extra = r
            .extra
            .iter()
            .map(|(k, v)| format!("{k}={}", num(*v)))
            .collect::<Vec<_>>()
            .join(";");
        let st = &r.stats;
        let fields = [
            csv_field(&r.experiment),
            csv_field(&r.variant),
            csv_field(&fmt_params(r)),
            csv_field(&r.metric),
            csv_field(&r.unit),
            num(r.value),
            r.iterations.to_string(),
            num(st.mean),
            num(st.median),
            num(st.min),
            num(st.max),
            num(st.stddev),
            r.validated.to_string(),
            csv_field(&extra),
            csv_field(&meta.gpu),
            meta.sm_count.to_string(),
            csv_field(&meta.driver),
            csv_field(&meta.cuda),
            csv_field(&meta.nvrtc),
            csv_field(&meta.git_commit),
        ];
        s.push_str(&fields.join(","));
        s.push('\n');
    }
    s
}

/// A value with its unit for people: "12.8 M/s", "3.21 µs", "1.5 ms".
pub fn human(value: f64, unit: &str) -> String {
    if !value.is_finite() {
        return "-".into();
    }
    match unit {
        "1/s" => {
            let (v, p) = si(value);
            format!("{v:.3} {p}/s")
        }
        "us" if value >= 1000.0 => format!("{:.3} ms", value / 1e3),
        "us" => format!("{value:.3} µs"),
        "ms" => format!("{value:.3} ms"),
        u => format!("{value:.4} {u}"),
    }
}

/// `v` scaled to an SI prefix (K, M, G) and the prefix.
pub(crate) fn si(v: f64) -> (f64, &'static str) {
    let a = v.abs();
    if a >= 1e9 {
        (v / 1e9, "G")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e3 {
        (v / 1e3, "K")
    } else {
        (v, "")
    }
}

/// A plain-text table (also valid markdown) of the records.
pub fn table(records: &[Record]) -> String {
    let head = [
        "experiment",
        "variant",
        "params",
        "metric",
        "median",
        "mean",
        "min",
        "max",
        "stddev",
        "p99",
        "iters",
        "valid",
    ];
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            let u = r.unit.as_str();
            vec![
                r.experiment.clone(),
                r.variant.clone(),
                fmt_params(r),
                r.metric.clone(),
                human(r.value, u),
                human(r.stats.mean, u),
                human(r.stats.min, u),
                human(r.stats.max, u),
                human(r.stats.stddev, u),
                r.extra.get("p99").map_or("".into(), |v| human(*v, u)),
                r.iterations.to_string(),
                if r.validated { "ok" } else { "FAIL" }.into(),
            ]
        })
        .collect();
    let mut w: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (i, c) in row.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let mut s = String::from("|");
        for (i, c) in cells.iter().enumerate() {
            let pad = w[i] - c.chars().count();
            let _ = write!(s, " {c}{} |", " ".repeat(pad));
        }
        s.push('\n');
        s
    };
    let mut s = line(head.iter().map(|h| h.to_string()).collect());
    s.push('|');
    for wi in &w {
        let _ = write!(s, "{}|", "-".repeat(wi + 2));
    }
    s.push('\n');
    for row in rows {
        s.push_str(&line(row));
    }
    s
}

/// Finds the headline value of a row.
fn find(records: &[Record], exp: &str, variant: &str, key: &str, val: &str) -> Option<f64> {
    records
        .iter()
        .find(|r| {
            r.experiment == exp
                && r.variant == variant
                && r.params.get(key).is_some_and(|v| match v {
                    serde_json::Value::String(s) => s == val,
                    other => other.as_f64().is_some_and(|x| val.parse::<f64>() == Ok(x)),
                })
        })
        .map(|r| r.value)
}

fn cell(v: Option<f64>, unit: &str) -> String {
    v.map_or("-".into(), |v| human(v, unit))
}

/// The original prototype's H100 numbers (`SEED.md`) beside ours, and the targets.
pub fn seed_comparison(records: &[Record]) -> String {
    let mut s = String::new();
    s.push_str(
        "## Against the original prototype (H100, SEED.md) and the baselines of this run\n\n",
    );
    s.push_str("### A: µs per dependent pair\n\n| N | seed baseline | seed GROSR | launch,sync,launch,sync (this run) | stream-ordered launches (this run) | grosr (this run) |\n|---|---|---|---|---|---|\n");
    let seed_a = [
        (100, 24.3, 11.7),
        (1000, 20.8, 5.17),
        (10000, 20.2, 7.17),
        (50000, 21.9, 7.01),
    ];
    for (n, base, gro) in seed_a {
        let ns = n.to_string();
        let _ = writeln!(
            s,
            "| {n} | {base} µs | {gro} µs | {} | {} | {} |",
            cell(find(records, "a", "launch_sync_pair", "n", &ns), "us"),
            cell(find(records, "a", "launch_pair", "n", &ns), "us"),
            cell(find(records, "a", "grosr_pair", "n", &ns), "us"),
        );
    }
    s.push_str("\n### A: round trip, p50 (p99 in the JSON/CSV)\n\n| path | reference | this run |\n|---|---|---|\n");
    for (label, reference, variant, path) in [
        (
            "pinned ping to a running kernel (floor)",
            "p50 2.9–3.4 µs",
            "pinned_ping",
            "floor",
        ),
        ("launch + sync, one kernel", "9.4 µs", "launch_sync", "task"),
        (
            "grosr: host → task → host",
            "target ≤ 4 µs",
            "grosr_task",
            "task",
        ),
        ("launch, sync, launch, sync", "", "launch_sync_pair", "pair"),
        ("two launches, one sync", "", "launch_pair_sync", "pair"),
        (
            "CUDA graph of the two kernels",
            "",
            "cuda_graph_pair",
            "pair",
        ),
        (
            "grosr: host → stage 1 → stage 2 → host",
            "",
            "grosr_pair",
            "pair",
        ),
    ] {
        let _ = writeln!(
            s,
            "| {label} | {reference} | {} |",
            cell(find(records, "a", variant, "path", path), "us")
        );
    }
    s.push_str("\n### B: tasks/s, host-submitted, one descriptor per task\n\n| N | seed baseline (launch+sync) | seed GROSR | launch+sync (this run) | grosr host-fed (this run) | grosr device-spawned (this run) |\n|---|---|---|---|---|---|\n");
    for (n, gro) in [
        (1000, "1.51 M/s"),
        (10000, "6.38 M/s"),
        (50000, "14.6 M/s"),
        (1_000_000, "-"),
    ] {
        let ns = n.to_string();
        let pick = |v: &str| {
            find(records, "b", v, "n", &ns).or_else(|| find(records, "bplus", v, "n", &ns))
        };
        let _ = writeln!(
            s,
            "| {n} | ~96–100 K/s | {gro} | {} | {} | {} |",
            cell(find(records, "bplus", "launch_sync", "n", &ns), "1/s"),
            cell(pick("grosr_host"), "1/s"),
            cell(pick("grosr_device"), "1/s"),
        );
    }
    s.push_str("\n### B+: tasks/s side by side\n\n| variant | seed, N=50k | ");
    let ns: Vec<String> = {
        let mut v: Vec<u64> = records
            .iter()
            .filter(|r| r.experiment == "bplus" && r.metric == "tasks_per_s")
            .filter_map(|r| r.params.get("n").and_then(|v| v.as_u64()))
            .collect();
        v.sort_unstable();
        v.dedup();
        v.iter().map(|n| n.to_string()).collect()
    };
    for n in &ns {
        let _ = write!(s, "N={n} | ");
    }
    s.push_str("\n|---|---|");
    s.push_str(&"---|".repeat(ns.len()));
    s.push('\n');
    for (variant, seed) in [
        ("launch_sync", "96 K/s"),
        ("launch_batched", "224 K/s"),
        ("cuda_graph", "1.21 M/s"),
        ("bulk", "2.18 G/s"),
        ("grosr_host", "12.8 M/s (GROSR)"),
        ("grosr_device", "-"),
        ("grosr_range", "- (range tasks, not per task)"),
    ] {
        let _ = write!(s, "| {variant} | {seed} | ");
        for n in &ns {
            let _ = write!(
                s,
                "{} | ",
                cell(find(records, "bplus", variant, "n", n), "1/s")
            );
        }
        s.push('\n');
    }
    s.push_str(&targets(records));
    s
}

fn targets(records: &[Record]) -> String {
    let mut s =
        String::from("\n### Targets (issue 6)\n\n| target | measured | met |\n|---|---|---|\n");
    let mut row = |what: &str, v: Option<f64>, unit: &str, ok: Option<bool>| {
        let _ = writeln!(
            s,
            "| {what} | {} | {} |",
            cell(v, unit),
            match ok {
                Some(true) => "yes",
                Some(false) => "no",
                None => "not measured",
            }
        );
    };
    let rt = find(records, "a", "grosr_task", "path", "task");
    row(
        "A: host round trip p50 ≤ 4 µs",
        rt,
        "us",
        rt.map(|v| v <= 4.0),
    );
    let pair = find(records, "a", "grosr_pair", "n", "50000");
    row(
        "A: µs per pair at N=50k ≤ 0.05",
        pair,
        "us",
        pair.map(|v| v <= 0.05),
    );
    let pick = |v: &str, n: &str| {
        find(records, "b", v, "n", n).or_else(|| find(records, "bplus", v, "n", n))
    };
    let host = pick("grosr_host", "1000000");
    row(
        "B: ≥ 500 M host-submitted tasks/s at N=1M",
        host,
        "1/s",
        host.map(|v| v >= 5e8),
    );
    let dev = pick("grosr_device", "1000000");
    row(
        "B: ≥ 2 G device-spawned tasks/s (N=1M)",
        dev,
        "1/s",
        dev.map(|v| v >= 2e9),
    );
    for n in ["10000", "50000"] {
        let g = find(records, "bplus", "grosr_host", "n", n);
        let c = find(records, "bplus", "cuda_graph", "n", n);
        let ratio = g.zip(c).map(|(g, c)| g / c);
        let _ = writeln!(
            s,
            "| B+: grosr ≥ 100× CUDA graphs at N={n} | {} | {} |",
            ratio.map_or("-".into(), |r| format!("{r:.1}×")),
            ratio.map_or("not measured", |r| if r >= 100.0 { "yes" } else { "no" })
        );
    }
    let g = find(records, "bplus", "grosr_host", "n", "1000000");
    let b = find(records, "bplus", "bulk", "n", "1000000");
    let ratio = g.zip(b).map(|(g, b)| b / g);
    let _ = writeln!(
        s,
        "| B+: grosr within 4× of bulk at N=1M | {} | {} |",
        ratio.map_or("-".into(), |r| format!("bulk is {r:.1}× faster")),
        ratio.map_or("not measured", |r| if r <= 4.0 { "yes" } else { "no" })
    );
    s
}

/// The markdown report of a run: metadata, one table per experiment, errors, the comparison.
pub fn report_md(meta: &Meta, files: &[ResultFile]) -> String {
    let mut s = String::from("# grosr benchmark report\n\n");
    let _ = writeln!(
        s,
        "- device: {} ({} SMs, sm_{}, {} MHz SM / {} MHz memory)\n- driver {}, CUDA {}, NVRTC {}\n- commit: `{}`\n- command: `{}`\n- quick: {}\n",
        meta.gpu,
        meta.sm_count,
        meta.compute_capability.replace('.', ""),
        meta.sm_clock_mhz,
        meta.memory_clock_mhz,
        meta.driver,
        meta.cuda,
        meta.nvrtc,
        meta.git_commit,
        meta.command_line,
        meta.quick
    );
    s.push_str("Every value is the median over the iterations (samples for latencies); validation runs outside the timed region.\n\n");
    for f in files {
        let _ = writeln!(s, "## Experiment {}\n", f.experiment);
        s.push_str(&table(&f.records));
        if !f.errors.is_empty() {
            s.push_str("\nErrors:\n\n");
            for e in &f.errors {
                let _ = writeln!(s, "- {e}");
            }
        }
        s.push('\n');
    }
    let all: Vec<Record> = files.iter().flat_map(|f| f.records.clone()).collect();
    if files
        .iter()
        .any(|f| matches!(f.experiment.as_str(), "a" | "b" | "bplus"))
    {
        s.push_str(&seed_comparison(&all));
    }
    s
}

/// Writes `text` to `dir/name`, creating `dir`.
pub fn write_file(dir: &Path, name: &str, text: &str) -> Result<()> {
    let io = |path: &Path, e: std::io::Error| BenchError::Io {
        path: path.display().to_string(),
        source: e,
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| io(&path, e))
}

/// Reads every `<experiment>.json` result file in `dir` (for the report of a whole run).
pub fn read_dir(dir: &Path) -> Result<Vec<ResultFile>> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| BenchError::Io {
        path: dir.display().to_string(),
        source: e,
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| BenchError::Io {
            path: p.display().to_string(),
            source: e,
        })?;
        // Other JSON files in the folder are not ours: skip them.
        if let Ok(f) = serde_json::from_str::<ResultFile>(&text) {
            files.push(f);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params;

    fn rec(exp: &str, variant: &str, n: u32, v: f64) -> Record {
        Record::from_samples(
            exp,
            variant,
            params! {"n" => n},
            "tasks_per_s",
            "1/s",
            &[v, v * 1.1],
            true,
        )
        .expect("record")
    }

    #[test]
    fn driver_version_from_proc_text() {
        let t = "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159  Release Build  (dvs-builder@U22)  Thu\nGCC version: gcc";
        assert_eq!(parse_driver_version(t).as_deref(), Some("580.159"));
        assert_eq!(parse_driver_version("garbage"), None);
    }

    #[test]
    fn csv_has_header_and_escapes() {
        let mut r = rec("b", "bulk", 1000, 2.0);
        r.variant = "a,\"b\"".into();
        let csv = to_csv(&Meta::default(), &[r]);
        let lines: Vec<_> = csv.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], CSV_HEADER);
        assert!(lines[1].starts_with("b,\"a,\"\"b\"\"\",n=1000,tasks_per_s,1/s,2.1,2,"));
        assert_eq!(
            lines[1].matches(',').count() - 1,
            CSV_HEADER.matches(',').count()
        );
    }

    #[test]
    fn json_round_trips() {
        let f = ResultFile {
            meta: Meta {
                gpu: "H100".into(),
                ..Meta::default()
            },
            experiment: "b".into(),
            records: vec![rec("b", "grosr_host", 10, 5.0)],
            errors: vec!["x".into()],
        };
        let back: ResultFile = serde_json::from_str(&to_json(&f).expect("json")).expect("parse");
        assert_eq!(back, f);
    }

    #[test]
    fn human_units() {
        assert_eq!(human(12.8e6, "1/s"), "12.800 M/s");
        assert_eq!(human(3.2, "us"), "3.200 µs");
        assert_eq!(human(2500.0, "us"), "2.500 ms");
        assert_eq!(human(f64::NAN, "us"), "-");
    }

    #[test]
    fn table_and_report_contain_rows_and_targets() {
        let recs = vec![
            rec("bplus", "cuda_graph", 10000, 1e6),
            rec("bplus", "grosr_host", 10000, 2e8),
            rec("bplus", "bulk", 1_000_000, 2e9),
            rec("bplus", "grosr_host", 1_000_000, 6e8),
        ];
        let t = table(&recs);
        assert_eq!(t.lines().count(), 2 + recs.len());
        assert!(t.contains("grosr_host"));
        let f = ResultFile {
            meta: Meta::default(),
            experiment: "bplus".into(),
            records: recs,
            errors: vec![],
        };
        let md = report_md(&Meta::default(), &[f]);
        assert!(md.contains("## Experiment bplus"));
        assert!(
            md.contains("| B+: grosr ≥ 100× CUDA graphs at N=10000 | 200.0× | yes |"),
            "{md}"
        );
        assert!(md.contains("bulk is 3.3× faster | yes"), "{md}");
    }
}
