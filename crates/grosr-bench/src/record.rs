//! What every experiment produces: one [`Record`] per measured row, with its statistics, plus the
//! options every experiment understands ([`BenchOpts`]) and a progress callback ([`Progress`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Errors of the benchmark library.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// A grosr (device, runtime, allocator) error.
    #[error(transparent)]
    Grosr(#[from] grosr::Error),
    /// A result did not match its reference: the run is invalid.
    #[error("validation failed in {experiment}/{variant}: {detail}")]
    Validation {
        /// Experiment name.
        experiment: String,
        /// Variant (baseline or grosr mode).
        variant: String,
        /// What did not match (first mismatch, count).
        detail: String,
    },
    /// Bad benchmark parameters.
    #[error("invalid benchmark option {what}: {why}")]
    Invalid {
        /// The option.
        what: String,
        /// What was expected.
        why: String,
    },
    /// Writing results failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Anything else with a clear message (graph loading, plotting...).
    #[error("{0}")]
    Other(String),
}

/// Result of the benchmark library.
pub type Result<T> = std::result::Result<T, BenchError>;

/// Options shared by every experiment. Experiment-specific knobs live in `params`.
#[derive(Debug, Clone, Default)]
pub struct BenchOpts {
    /// Device index.
    pub device: usize,
    /// Small sizes and few iterations: a check that everything runs, in seconds.
    pub quick: bool,
    /// Timed iterations per row (after warm-up); `None`: the experiment's default.
    pub iters: Option<usize>,
    /// Experiment-specific options as `key -> value` (e.g. `threads -> 65536` for Exp D).
    pub params: BTreeMap<String, String>,
}

impl BenchOpts {
    /// The number of timed iterations: `--iters`, else `quick` or `full`.
    pub fn iters_or(&self, quick: usize, full: usize) -> usize {
        self.iters.unwrap_or(if self.quick { quick } else { full })
    }

    /// An experiment-specific parameter parsed as `T`, or `default` when absent.
    pub fn param<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T> {
        match self.params.get(key) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| BenchError::Invalid {
                what: key.to_string(),
                why: format!("cannot parse {v:?}"),
            }),
        }
    }
}

/// Progress reporting (the CLI draws a progress bar; tests pass [`NoProgress`]).
pub trait Progress: Sync {
    /// A new phase with `total` steps.
    fn start(&self, label: &str, total: u64);
    /// `n` more steps done.
    fn advance(&self, n: u64);
    /// The phase is over.
    fn finish(&self);
    /// A line for the user (a skipped row, a failed variant). Default: dropped.
    fn note(&self, _line: &str) {}
    /// A row has just been measured (lets a caller keep partial results). Default: nothing.
    fn record(&self, _row: &Record) {}
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// Statistics of one row's samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Samples.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Median (average of the two middle samples for even n).
    pub median: f64,
    /// Smallest sample.
    pub min: f64,
    /// Largest sample.
    pub max: f64,
    /// Sample standard deviation (n - 1); 0 for one sample.
    pub stddev: f64,
}

impl Summary {
    /// Summarises `samples` (NaN-free). None when empty.
    pub fn of(samples: &[f64]) -> Option<Self> {
        if samples.is_empty() {
            return None;
        }
        let mut v = samples.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let mean = v.iter().sum::<f64>() / n as f64;
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        let var = if n > 1 {
            v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64
        } else {
            0.0
        };
        Some(Self {
            n,
            mean,
            median,
            min: v[0],
            max: v[n - 1],
            stddev: var.sqrt(),
        })
    }

    /// The q-quantile (0..=1) of `samples` by nearest rank, e.g. 0.99 for p99.
    pub fn quantile(samples: &[f64], q: f64) -> Option<f64> {
        if samples.is_empty() {
            return None;
        }
        let mut v = samples.to_vec();
        v.sort_by(f64::total_cmp);
        let rank = ((q.clamp(0.0, 1.0) * v.len() as f64).ceil() as usize).clamp(1, v.len());
        Some(v[rank - 1])
    }
}

/// One measured row: the unit of every output format (table, CSV, JSON, report, plots).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// "a", "b", "bplus", "c", "d".
    pub experiment: String,
    /// Baseline name or grosr mode, e.g. "launch_sync", "cuda_graph", "grosr_host".
    pub variant: String,
    /// Row parameters, e.g. {"n": 10000} or {"graph": "chain-20000"}.
    pub params: BTreeMap<String, serde_json::Value>,
    /// What is measured, e.g. "us_per_pair", "tasks_per_s", "time_ms", "allocs_per_s".
    pub metric: String,
    /// Unit of `value` and the statistics, e.g. "us", "1/s", "ms".
    pub unit: String,
    /// The headline value (the median of the samples).
    pub value: f64,
    /// Timed iterations (samples).
    pub iterations: usize,
    /// Statistics over the samples.
    pub stats: Summary,
    /// Extra named values of the row (p90/p99 latencies, success rate, peak bytes...).
    pub extra: BTreeMap<String, f64>,
    /// Whether the row's results matched the reference (checked outside the timed region).
    pub validated: bool,
}

impl Record {
    /// A record whose headline value is the median of `samples`.
    pub fn from_samples(
        experiment: &str,
        variant: &str,
        params: BTreeMap<String, serde_json::Value>,
        metric: &str,
        unit: &str,
        samples: &[f64],
        validated: bool,
    ) -> Result<Self> {
        let stats = Summary::of(samples).ok_or_else(|| BenchError::Invalid {
            what: format!("{experiment}/{variant}/{metric}"),
            why: "no samples".into(),
        })?;
        Ok(Self {
            experiment: experiment.into(),
            variant: variant.into(),
            params,
            metric: metric.into(),
            unit: unit.into(),
            value: stats.median,
            iterations: stats.n,
            stats,
            extra: BTreeMap::new(),
            validated,
        })
    }

    /// Adds an extra named value (builder style).
    pub fn with_extra(mut self, key: &str, value: f64) -> Self {
        self.extra.insert(key.into(), value);
        self
    }
}

/// Builds a params map: `params!{"n" => 1000, "mode" => "churn"}`.
#[macro_export]
macro_rules! params {
    ($($k:expr => $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut m = std::collections::BTreeMap::<String, serde_json::Value>::new();
        $( m.insert($k.to_string(), serde_json::json!($v)); )*
        m
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_statistics() {
        let s = Summary::of(&[4.0, 1.0, 3.0, 2.0]).expect("samples");
        assert_eq!(
            (s.n, s.min, s.max, s.median, s.mean),
            (4, 1.0, 4.0, 2.5, 2.5)
        );
        assert!((s.stddev - 1.2909944).abs() < 1e-6);
        assert_eq!(Summary::of(&[]), None);
        assert_eq!(Summary::quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), Some(2.0));
        assert_eq!(Summary::quantile(&[1.0, 2.0, 3.0, 4.0], 0.99), Some(4.0));
    }

    #[test]
    fn record_round_trips_through_json() {
        let r = Record::from_samples(
            "b",
            "bulk",
            params! {"n" => 1000},
            "tasks_per_s",
            "1/s",
            &[1.0, 3.0],
            true,
        )
        .expect("record")
        .with_extra("p99", 3.0);
        let j = serde_json::to_string(&r).expect("json");
        let back: Record = serde_json::from_str(&j).expect("parse");
        assert_eq!(back, r);
        assert_eq!(r.value, 2.0);
    }
}
