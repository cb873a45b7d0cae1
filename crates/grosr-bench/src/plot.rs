//! SVG plots of the records (plotters): one chart per experiment and metric over N, one line per
//! variant, both axes logarithmic.

use crate::record::{BenchError, Record, Result};
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Chart size in pixels.
const SIZE: (u32, u32) = (900, 600);

/// The series of one chart: variant → (N, value) points sorted by N.
type Series = BTreeMap<String, Vec<(f64, f64)>>;

/// Groups rows with a numeric `n` parameter and a positive value into charts keyed by
/// (experiment, metric, unit). Charts need at least two points in some series.
fn charts(records: &[Record]) -> BTreeMap<(String, String, String), Series> {
    let mut out: BTreeMap<(String, String, String), Series> = BTreeMap::new();
    for r in records {
        let Some(n) = r.params.get("n").and_then(|v| v.as_f64()) else {
            continue;
        };
        if !(r.value.is_finite() && r.value > 0.0 && n > 0.0) {
            continue;
        }
        out.entry((r.experiment.clone(), r.metric.clone(), r.unit.clone()))
            .or_default()
            .entry(r.variant.clone())
            .or_default()
            .push((n, r.value));
    }
    out.retain(|_, series| series.values().any(|p| p.len() >= 2));
    for series in out.values_mut() {
        for pts in series.values_mut() {
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
    }
    out
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    // A decade of margin keeps the log axis readable when every value is the same.
    (lo / 2.0, hi * 2.0)
}

fn plot_err(path: &Path, e: impl std::fmt::Display) -> BenchError {
    BenchError::Other(format!("plot {}: {e}", path.display()))
}

/// Writes `<experiment>_<metric>.svg` into `dir` for every chart the records make; returns the
/// paths written.
pub fn write_plots(dir: &Path, records: &[Record]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| BenchError::Io {
        path: dir.display().to_string(),
        source: e,
    })?;
    let mut written = Vec::new();
    for ((exp, metric, unit), series) in charts(records) {
        let path = dir.join(format!("{exp}_{metric}.svg"));
        draw(&path, &exp, &metric, &unit, &series).map_err(|e| plot_err(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

fn draw(
    path: &Path,
    exp: &str,
    metric: &str,
    unit: &str,
    series: &Series,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let pts = || series.values().flatten();
    let (x0, x1) = bounds(pts().map(|p| p.0));
    let (y0, y1) = bounds(pts().map(|p| p.1));
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!("Experiment {exp}: {metric} vs N"),
            ("sans-serif", 22),
        )
        .margin(16)
        .x_label_area_size(48)
        .y_label_area_size(80)
        .build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())?;
    chart
        .configure_mesh()
        .x_desc("N (tasks)")
        .y_desc(format!("{metric} ({unit}, log)"))
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&|v| short(*v))
        .draw()?;
    for (i, (variant, points)) in series.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(2),
            ))?
            .label(variant.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2)));
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 3, color.filled())))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    root.present()?;
    Ok(())
}

/// 1500 → "1.5K", 2e9 → "2G", 0.05 → "0.05".
fn short(v: f64) -> String {
    let (x, p) = crate::report::si(v);
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}{p}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params;

    fn rec(variant: &str, n: u32, v: f64) -> Record {
        Record::from_samples(
            "b",
            variant,
            params! {"n" => n},
            "tasks_per_s",
            "1/s",
            &[v],
            true,
        )
        .expect("record")
    }

    #[test]
    fn writes_one_svg_per_chart() {
        let dir = std::env::temp_dir().join(format!("grosr-plot-test-{}", std::process::id()));
        let recs = vec![
            rec("bulk", 1000, 1e8),
            rec("bulk", 1_000_000, 2e9),
            rec("grosr_host", 1000, 1e6),
            rec("grosr_host", 1_000_000, 5e8),
            rec("lonely", 10, 0.0),
        ];
        let paths = write_plots(&dir, &recs).expect("plots");
        assert_eq!(paths.len(), 1);
        let svg = std::fs::read_to_string(&paths[0]).expect("svg");
        assert!(svg.starts_with("<svg"), "{}", &svg[..50.min(svg.len())]);
        assert!(svg.contains("grosr_host"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn short_labels() {
        assert_eq!(short(1500.0), "1.5K");
        assert_eq!(short(2e9), "2G");
        assert_eq!(short(0.05), "0.05");
    }
}
