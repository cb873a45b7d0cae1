//! SVG plots of the records (plotters). Rows with a numeric `n` parameter make one chart per
//! experiment and metric over N, one line per variant, both axes logarithmic. Rows without one
//! (Exp D's allocator shapes, BFS graphs...) make a horizontal grouped bar chart per experiment
//! and metric: one row per parameter set, one bar per variant, logarithmic value axis.

use crate::record::{BenchError, Record, Result};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Chart size in pixels.
const SIZE: (u32, u32) = (900, 600);

/// The series of one chart: variant → (N, value) points sorted by N.
type Series = BTreeMap<String, Vec<(f64, f64)>>;

/// A record's parameters.
type Params = BTreeMap<String, serde_json::Value>;

/// A chart's key: (experiment, metric, unit).
type ChartKey = (String, String, String);

/// The numeric `n` parameter of a row, if it has one.
fn n_of(r: &Record) -> Option<f64> {
    r.params.get("n").and_then(|v| v.as_f64())
}

/// Groups rows with a numeric `n` parameter and a positive value into charts keyed by
/// (experiment, metric, unit). Charts need at least two points in some series.
fn charts(records: &[Record]) -> BTreeMap<ChartKey, Series> {
    let mut out: BTreeMap<ChartKey, Series> = BTreeMap::new();
    for r in records {
        let Some(n) = n_of(r) else {
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

/// One bar chart: rows are parameter sets, bars are variants.
#[derive(Debug, Default)]
struct Bars {
    /// Distinct parameter sets, in the order the records first show them.
    categories: Vec<Params>,
    /// Variants, in the order the records first show them.
    variants: Vec<String>,
    /// (category, variant) index → value (the last record wins).
    values: BTreeMap<(usize, usize), f64>,
}

/// Index of `item` in `list`, appending it when new.
fn index_of<T: PartialEq + Clone>(list: &mut Vec<T>, item: &T) -> usize {
    match list.iter().position(|x| x == item) {
        Some(i) => i,
        None => {
            list.push(item.clone());
            list.len() - 1
        }
    }
}

/// Groups rows without a numeric `n` parameter and with a positive value into bar charts keyed by
/// (experiment, metric, unit).
fn bar_charts(records: &[Record]) -> BTreeMap<ChartKey, Bars> {
    let mut out: BTreeMap<ChartKey, Bars> = BTreeMap::new();
    for r in records {
        if n_of(r).is_some() || !(r.value.is_finite() && r.value > 0.0) {
            continue;
        }
        let bars = out
            .entry((r.experiment.clone(), r.metric.clone(), r.unit.clone()))
            .or_default();
        let c = index_of(&mut bars.categories, &r.params);
        let v = index_of(&mut bars.variants, &r.variant);
        bars.values.insert((c, v), r.value);
    }
    out
}

/// `key=value`, strings without quotes.
fn param_text(key: &str, value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => format!("{key}={s}"),
        other => format!("{key}={other}"),
    }
}

/// Short row labels: only the parameters whose values differ between `categories` (a parameter
/// missing from some of them counts as differing). With nothing differing (one category), every
/// parameter.
fn category_labels(categories: &[Params]) -> Vec<String> {
    let keys: BTreeSet<&String> = categories.iter().flat_map(|p| p.keys()).collect();
    let varying: Vec<&String> = keys
        .into_iter()
        .filter(|k| {
            let first = categories.first().and_then(|p| p.get(*k));
            categories.iter().any(|p| p.get(*k) != first)
        })
        .collect();
    categories
        .iter()
        .map(|p| {
            let parts: Vec<String> = p
                .iter()
                .filter(|(k, _)| varying.is_empty() || varying.contains(k))
                .map(|(k, v)| param_text(k, v))
                .collect();
            if parts.is_empty() {
                "(no parameters)".to_string()
            } else {
                parts.join(" ")
            }
        })
        .collect()
}

/// Smallest and largest of `values`.
fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = min_max(values);
    // A decade of margin keeps the log axis readable when every value is the same.
    (lo / 2.0, hi * 2.0)
}

fn plot_err(path: &Path, e: impl std::fmt::Display) -> BenchError {
    BenchError::Other(format!("plot {}: {e}", path.display()))
}

/// Writes `<experiment>_<metric>.svg` into `dir` for every chart the records make (bar charts of
/// an experiment that also has line charts are `<experiment>_<metric>_rows.svg`); returns the
/// paths written.
pub fn write_plots(dir: &Path, records: &[Record]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| BenchError::Io {
        path: dir.display().to_string(),
        source: e,
    })?;
    let mut written = Vec::new();
    let lines = charts(records);
    let with_lines: BTreeSet<String> = lines.keys().map(|k| k.0.clone()).collect();
    for ((exp, metric, unit), series) in lines {
        let path = dir.join(format!("{exp}_{metric}.svg"));
        draw(&path, &exp, &metric, &unit, &series).map_err(|e| plot_err(&path, e))?;
        written.push(path);
    }
    for ((exp, metric, unit), bars) in bar_charts(records) {
        let suffix = if with_lines.contains(&exp) {
            "_rows"
        } else {
            ""
        };
        let path = dir.join(format!("{exp}_{metric}{suffix}.svg"));
        draw_bars(&path, &exp, &metric, &unit, &bars).map_err(|e| plot_err(&path, e))?;
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

/// Bar chart layout, pixels.
const BAR_PX: u32 = 20;
/// Space between two rows of bars.
const ROW_GAP_PX: u32 = 16;
/// Estimated width of one label character.
const CHAR_PX: u32 = 7;
/// Width of the plotting area (bars).
const BARS_W: u32 = 640;
/// Title, legend, value axis and margins.
const FRAME_PX: u32 = 40 + LEGEND_PX + 48 + 24;
/// The legend row under the title.
const LEGEND_PX: u32 = 32;
/// Room kept right of the longest bar for its value.
const VALUE_PX: f64 = 56.0;

/// The row axis of a bar chart: `.0` rows of height 1 from the bottom, ticks (and labels) at
/// their middles.
struct RowAxis(usize);

impl Ranged for RowAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let len = f64::from(limit.1 - limit.0);
        limit.0 + (v / self.0.max(1) as f64 * len).round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            (0..self.0).map(|b| b as f64 + 0.5).collect()
        }
    }

    fn range(&self) -> Range<f64> {
        0.0..self.0 as f64
    }
}

fn draw_bars(
    path: &Path,
    exp: &str,
    metric: &str,
    unit: &str,
    bars: &Bars,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let labels = category_labels(&bars.categories);
    let rows = bars.categories.len();
    let nvar = bars.variants.len().max(1);
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let label_w = u32::try_from(longest)?.saturating_mul(CHAR_PX) + 16;
    let row_px = u32::try_from(nvar)?.saturating_mul(BAR_PX) + ROW_GAP_PX;
    let legend_w: u32 = bars
        .variants
        .iter()
        .map(|v| u32::try_from(v.chars().count()).unwrap_or(u32::MAX / 16) * 8 + 44)
        .sum();
    let width = (label_w + BARS_W + 32)
        .max(legend_w + label_w + 32)
        .max(SIZE.0);
    let height = u32::try_from(rows)?.saturating_mul(row_px) + FRAME_PX;

    // Log value axis from half the smallest value, with room right of the longest bar for its
    // value: (ln x1 - ln hi) = f (ln x1 - ln x0).
    let (lo, hi) = min_max(bars.values.values().copied());
    let x0 = lo / 2.0;
    let f = VALUE_PX / f64::from(width - label_w - 32);
    let x1 = ((hi.ln() - f * x0.ln()) / (1.0 - f)).exp().max(hi * 2.0);

    let root = SVGBackend::new(path, (width, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let root = root.titled(
        &format!("Experiment {exp}: {metric} per configuration"),
        ("sans-serif", 22),
    )?;
    let (legend, body) = root.split_vertically(LEGEND_PX);

    // Legend: one swatch and name per variant, aligned with the bars.
    let text = |size: u32| {
        TextStyle::from(("sans-serif", size).into_font()).pos(Pos::new(HPos::Left, VPos::Center))
    };
    let mut x = i32::try_from(label_w)? + 16;
    let y = i32::try_from(LEGEND_PX / 2)?;
    for (i, variant) in bars.variants.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        legend.draw(&Rectangle::new(
            [(x, y - 7), (x + 14, y + 7)],
            color.filled(),
        ))?;
        legend.draw(&Text::new(variant.clone(), (x + 20, y), text(15)))?;
        x += 44 + i32::try_from(variant.chars().count())? * 8;
    }

    // Row c (from the top) spans y in [rows - 1 - c, rows - c]; its label sits at the middle.
    let rows_f = rows as f64;
    let label_at = |y: &f64| {
        let band = y.floor();
        if band < 0.0 || band >= rows_f {
            return String::new();
        }
        let c = rows - 1 - band as usize;
        labels.get(c).cloned().unwrap_or_default()
    };
    let mut chart = ChartBuilder::on(&body)
        .margin(16)
        .margin_top(4)
        .x_label_area_size(48)
        .y_label_area_size(label_w)
        .build_cartesian_2d((x0..x1).log_scale(), RowAxis(rows))?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_desc(format!("{metric} ({unit}, log)"))
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&label_at)
        .y_label_style(("sans-serif", 15))
        .draw()?;
    // Thin separators between rows.
    chart.draw_series(
        (1..rows).map(|b| PathElement::new([(x0, b as f64), (x1, b as f64)], BLACK.mix(0.15))),
    )?;
    let pad = f64::from(ROW_GAP_PX) / 2.0 / f64::from(row_px);
    let h = f64::from(BAR_PX) / f64::from(row_px);
    for (v, _) in bars.variants.iter().enumerate() {
        let color = Palette99::pick(v).to_rgba();
        let bar = |c: usize| {
            let value = bars.values.get(&(c, v)).copied()?;
            let top = rows_f - c as f64 - pad - v as f64 * h;
            Some((value, top - h * 0.9, top))
        };
        chart.draw_series((0..rows).filter_map(bar).map(|(value, bottom, top)| {
            Rectangle::new([(x0, bottom), (value, top)], color.filled())
        }))?;
        chart.draw_series((0..rows).filter_map(bar).map(|(value, bottom, top)| {
            EmptyElement::at((value, (bottom + top) / 2.0))
                + Text::new(short(value), (4, 0), text(11))
        }))?;
    }
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

    fn d_rec(variant: &str, preset: &str, size: u32, v: f64) -> Record {
        Record::from_samples(
            "d",
            variant,
            params! {"preset" => preset, "size" => size, "threads" => 65536, "arena_mb" => 4096},
            "allocs_per_s",
            "1/s",
            &[v],
            true,
        )
        .expect("record")
    }

    #[test]
    fn rows_without_n_make_one_bar_chart() {
        let dir = std::env::temp_dir().join(format!("grosr-plot-bars-{}", std::process::id()));
        let mut recs = Vec::new();
        for (preset, size) in [("seed1", 32), ("seed1", 64), ("seed2", 64), ("touch", 256)] {
            recs.push(d_rec("grosr", preset, size, 1.8e10));
            recs.push(d_rec("cuda_malloc", preset, size, 6.1e6));
            recs.push(d_rec("seed_static", preset, size, 9.2e9));
        }
        // Not plottable on a log axis: skipped.
        recs.push(d_rec("broken", "seed1", 32, 0.0));
        recs.push(d_rec("broken", "seed1", 64, f64::NAN));
        let paths = write_plots(&dir, &recs).expect("plots");
        assert_eq!(paths, vec![dir.join("d_allocs_per_s.svg")]);
        let svg = std::fs::read_to_string(&paths[0]).expect("svg");
        assert!(svg.starts_with("<svg"), "{}", &svg[..50.min(svg.len())]);
        for v in ["grosr", "cuda_malloc", "seed_static"] {
            assert!(svg.contains(v), "{v} missing");
        }
        assert!(!svg.contains("broken"));
        // Labels carry only what varies between rows.
        assert!(svg.contains("preset=seed2 size=64"));
        assert!(!svg.contains("threads=65536"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bar_charts_beside_line_charts_are_named_rows() {
        let dir = std::env::temp_dir().join(format!("grosr-plot-mixed-{}", std::process::id()));
        let mut recs = vec![rec("bulk", 1000, 1e8), rec("bulk", 1_000_000, 2e9)];
        let mut lone = rec("grosr_host", 1, 3e6);
        lone.params = params! {"path" => "round_trip"};
        recs.push(lone);
        let paths = write_plots(&dir, &recs).expect("plots");
        assert_eq!(
            paths,
            vec![
                dir.join("b_tasks_per_s.svg"),
                dir.join("b_tasks_per_s_rows.svg")
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn labels_keep_only_varying_params() {
        let cats = vec![
            params! {"preset" => "seed2", "mode" => 0, "size" => 64, "arena_mb" => 256},
            params! {"preset" => "seed2", "mode" => 2, "size" => 64, "arena_mb" => 256, "outstanding" => 16},
            params! {"preset" => "touch", "mode" => 1, "size" => 256, "arena_mb" => 256, "outstanding" => 16},
        ];
        assert_eq!(
            category_labels(&cats),
            vec![
                "mode=0 preset=seed2 size=64",
                "mode=2 outstanding=16 preset=seed2 size=64",
                "mode=1 outstanding=16 preset=touch size=256",
            ]
        );
        // One row: nothing varies, so every parameter.
        assert_eq!(
            category_labels(&cats[..1]),
            vec!["arena_mb=256 mode=0 preset=seed2 size=64"]
        );
        assert_eq!(category_labels(&[Params::new()]), vec!["(no parameters)"]);
    }
}
