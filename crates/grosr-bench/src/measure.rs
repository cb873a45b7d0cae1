//! Repetition, sampling and error collection shared by the experiments.

use crate::record::{BenchError, Progress, Record, Result};

/// Runs `f` `warmup` times without recording, then `iters` times, and returns the recorded values
/// (whatever `f` returns: seconds, tasks/s, µs per pair). Advances `progress` once per recorded run.
pub fn repeat(
    warmup: usize,
    iters: usize,
    progress: &dyn Progress,
    mut f: impl FnMut() -> Result<f64>,
) -> Result<Vec<f64>> {
    for _ in 0..warmup {
        f()?;
    }
    let mut v = Vec::with_capacity(iters);
    for _ in 0..iters {
        v.push(f()?);
        progress.advance(1);
    }
    Ok(v)
}

/// What an experiment produced: the rows it measured and the errors of the rows it could not
/// (a failing variant does not lose the others' rows).
#[derive(Debug, Default)]
pub struct Outcome {
    /// Measured rows (a row whose validation failed is here with `validated: false`).
    pub records: Vec<Record>,
    /// One line per failed variant or validation.
    pub errors: Vec<String>,
}

impl Outcome {
    /// Runs one variant; its records are kept, its error is noted and collected.
    pub fn attempt(
        &mut self,
        what: &str,
        progress: &dyn Progress,
        f: impl FnOnce() -> Result<Vec<Record>>,
    ) {
        match f() {
            Ok(rows) => {
                rows.iter().for_each(|r| progress.record(r));
                self.add(rows);
            }
            Err(e) => {
                progress.finish();
                let line = format!("{what}: {e}");
                progress.note(&format!("error: {line}"));
                self.errors.push(line);
            }
        }
    }

    /// Adds rows; a row that failed validation also becomes an error.
    pub fn add(&mut self, rows: Vec<Record>) {
        for r in rows {
            if !r.validated {
                let detail = r
                    .extra
                    .get("mismatches")
                    .map_or_else(String::new, |m| format!("{m} mismatching element(s)"));
                self.errors.push(
                    BenchError::Validation {
                        experiment: r.experiment.clone(),
                        variant: r.variant.clone(),
                        detail: format!("{} {detail}", fmt_params(&r)),
                    }
                    .to_string(),
                );
            }
            self.records.push(r);
        }
    }

    /// The contract's form: the rows, or the first error (with how many there were).
    pub fn into_result(self) -> Result<Vec<Record>> {
        match self.errors.len() {
            0 => Ok(self.records),
            n => Err(BenchError::Other(format!(
                "{} ({n} error(s) in all)",
                self.errors[0]
            ))),
        }
    }
}

/// `n=1000 path=pair` for messages and tables.
pub fn fmt_params(r: &Record) -> String {
    r.params
        .iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => format!("{k}={s}"),
            other => format!("{k}={other}"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}
