//! `portico build` and `portico check`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use portico::{BuildOptions, BuildReport};

use super::{Global, report_failure};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: the config's output_dir, `public`).
    #[arg(short, long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// Base URL to use instead of the config's (e.g. for a preview deployment).
    #[arg(short = 'u', long, value_name = "URL")]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// The date the site is built for (upcoming vs past events), YYYY-MM-DD.
    /// Default: SOURCE_DATE_EPOCH if set, else today in Italy.
    #[arg(long, value_name = "DATE")]
    date: Option<jiff::civil::Date>,
    /// Warnings (data that contradicts the reference date) fail like errors.
    #[arg(long)]
    strict: bool,
    /// Also publish pages, news and works dated after the reference date.
    #[arg(long)]
    future: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// The date the site is checked for, YYYY-MM-DD (see `build --date`).
    #[arg(long, value_name = "DATE")]
    date: Option<jiff::civil::Date>,
    /// Replace the config's base_url, as `build --base-url` does.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Also check that the site is ready to publish: base_url is https, `[extra] demo_data`
    /// is false, no «Da completare» is left in any page.
    #[arg(long)]
    production: bool,
    /// Warnings (data that contradicts the reference date) fail like errors.
    #[arg(long)]
    strict: bool,
    /// Also publish pages, news and works dated after the reference date.
    #[arg(long)]
    future: bool,
}

pub fn build(global: &Global, args: BuildArgs) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        root: global.root.clone(),
        config_file: global.config.clone(),
        output_dir: args.output_dir,
        base_url: args.base_url,
        include_drafts: args.drafts,
        date: args.date,
        strict: args.strict,
        include_future: args.future,
        ..BuildOptions::default()
    };
    match portico::build(&options) {
        Ok(report) => {
            print_report(&report, global.verbose, "Built");
            eprintln!("  → {}", report.output_dir.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => report_failure(error),
    }
}

pub fn check(global: &Global, args: CheckArgs) -> anyhow::Result<ExitCode> {
    let options = BuildOptions {
        root: global.root.clone(),
        config_file: global.config.clone(),
        base_url: args.base_url,
        include_drafts: args.drafts,
        date: args.date,
        strict: args.strict,
        include_future: args.future,
        ..BuildOptions::default()
    };
    let checked = if args.production {
        portico::check_production(&options)
    } else {
        portico::check(&options)
    };
    match checked {
        Ok(report) => {
            print_report(&report, global.verbose, "Checked");
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => report_failure(error),
    }
}

fn print_report(report: &BuildReport, verbose: bool, verb: &str) {
    eprint!("{}", report.warnings.render_each(super::color()));
    if verbose {
        for (phase, time) in &report.timings {
            eprintln!("  {phase:<8} {:>8.1} ms", time.as_secs_f64() * 1000.0);
        }
    }
    // The parts add up to the total: "Built 192 pages: 9 from Markdown, 183 from data".
    eprintln!(
        "{verb} {} pages: {} from Markdown, {} from data; {} sections, {} static files: {} files in {} ms{}",
        report.pages + report.data_pages,
        report.pages,
        report.data_pages,
        report.sections,
        report.static_files,
        report.output_files,
        report.total_time().as_millis(),
        warning_count(report.warnings.len())
    );
    if !report.template_overrides.is_empty() {
        let count = report.template_overrides.len();
        let (noun, verb) = if count == 1 {
            ("template", "overrides")
        } else {
            ("templates", "override")
        };
        eprintln!(
            "  {count} {noun} of templates/ {verb} the theme's: {}",
            report.template_overrides.join(", ")
        );
    }
    if let Some(bytes) = report.search_index_bytes {
        eprintln!("  search index: {} kB", bytes.div_ceil(1000));
    }
}

/// The summary line's end: how many warnings the build reported, if any.
fn warning_count(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => ", 1 warning".to_owned(),
        n => format!(", {n} warnings"),
    }
}
