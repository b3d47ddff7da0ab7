//! From the site graph to output files: a flat list of render jobs (one per output), run in
//! parallel through Tera, then link-checked and minified.

mod data_views;
mod dependencies;
pub mod functions;
pub mod ics;
pub mod incremental;
mod jobs;
mod minify;
mod opendata;
mod plan;
pub mod search;
pub mod templates;
mod views;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

pub use functions::Translations;
pub use incremental::{Changes, Input, Inputs, RenderMemo};
pub use templates::{Templates, load_templates};

use dependencies::{job_inputs, record_fingerprints};
use jobs::JobRenderer;
use plan::{check_outputs_are_distinct, check_templates_exist, job_output, plan};
use views::Views;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::data::EventKind;
use crate::model::data::ProgrammeData;
use crate::model::{DataRecord, Located, Page, PageId, Section, Site, SitePath, Taxonomy, Term};
use crate::output::{OutputData, OutputFile};

/// Renders every output of `site`. Errors of all jobs are collected and returned together.
pub fn render_site(
    site: &Site,
    templates: Templates,
    translations: Translations,
) -> Result<Vec<OutputFile>, Diagnostics> {
    render_site_since(site, templates, translations, None).map(|rendered| rendered.files)
}

/// One job's outputs, what it read, and whether it was rendered or reused.
struct JobResult {
    key: String,
    outputs: Vec<OutputFile>,
    read: Inputs,
    rendered: bool,
}

/// A render and what it can tell the next one.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub memo: RenderMemo,
    /// How many jobs were rendered (the others were reused from the previous render).
    pub rendered_jobs: usize,
    pub total_jobs: usize,
}

/// Renders `site`, reusing from `previous` the outputs of every job that read nothing in
/// `changes`; without `previous`, renders everything.
pub fn render_site_since(
    site: &Site,
    mut templates: Templates,
    translations: Translations,
    previous: Option<(&RenderMemo, &Changes)>,
) -> Result<Rendered, Diagnostics> {
    let views = Arc::new(Views::new(site));
    functions::register_functions(&mut templates.tera, site, &views, Arc::new(translations));
    let jobs = plan(site);
    check_templates_exist(site, &jobs, &templates)?;
    check_outputs_are_distinct(site, &jobs)?;

    let renderer = JobRenderer {
        site,
        templates: &templates,
        views: &views,
    };
    let permalinks: std::collections::HashMap<String, String> = site
        .pages
        .iter()
        .map(|page| (page.content_path.clone(), page.permalink.clone()))
        .chain(
            site.sections
                .iter()
                .map(|s| (s.content_path.clone(), s.permalink.clone())),
        )
        .collect();
    let records = record_fingerprints(site, &views);
    // A page that moved changes every link to it: add its URL to what changed. A data record
    // whose view changed touches what shows it.
    let moved_changes = previous.map(|(memo, changes)| {
        let mut changes = changes.clone();
        for key in records.keys().chain(memo.records.keys()) {
            if records.get(key) != memo.records.get(key) {
                changes.inputs.insert(Input::Record(key.clone()));
                changes.inputs.insert(Input::Data);
            }
        }
        for (content_path, permalink) in &permalinks {
            if memo.permalinks.get(content_path) != Some(permalink) {
                changes.inputs.insert(Input::Url(content_path.clone()));
                changes.inputs.insert(Input::Structure);
            }
        }
        if memo.permalinks.len() != permalinks.len() {
            changes.inputs.insert(Input::Structure);
        }
        (memo, changes)
    });
    let previous = moved_changes
        .as_ref()
        .map(|(memo, changes)| (*memo, changes));
    let results: Vec<Result<JobResult, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let key = job_output(site, job).0.output_file();
            if let Some((memo, changes)) = previous
                && let Some((outputs, read)) = memo.jobs.get(&key)
                && !changes.touch(read)
            {
                return Ok(JobResult {
                    key,
                    outputs: outputs.clone(),
                    read: read.clone(),
                    rendered: false,
                });
            }
            let (outputs, mut read) = incremental::recording(|| renderer.render(job));
            read.extend(job_inputs(site, job, &templates));
            Ok(JobResult {
                key,
                outputs: outputs?,
                read,
                rendered: true,
            })
        })
        .collect();
    let mut problems = Diagnostics::new();
    let mut files = Vec::with_capacity(results.len());
    let mut memo = RenderMemo {
        jobs: std::collections::HashMap::with_capacity(results.len()),
        content_paths: site
            .pages
            .iter()
            .map(|page| page.content_path.clone())
            .chain(
                site.sections
                    .iter()
                    .map(|section| section.content_path.clone()),
            )
            .collect(),
        permalinks,
        records,
    };
    let mut rendered_jobs = 0;
    for result in results {
        match result {
            Ok(job) => {
                rendered_jobs += usize::from(job.rendered);
                files.extend(job.outputs.iter().cloned());
                memo.jobs.insert(job.key, (job.outputs, job.read));
            }
            Err(problem) => problems.push(problem),
        }
    }
    problems.into_result(())?;
    if site.config.search.enabled {
        files.push(search::build_index(site, &files));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Jobs with several outputs (open data) and the search index are checked here: two files
    // on one path would race.
    let duplicates: Diagnostics = files
        .windows(2)
        .filter(|pair| pair[0].path == pair[1].path)
        .map(|pair| {
            let message = format!("two outputs would be written to /{}", pair[0].path);
            // Point at the page that claims the path, where its `path` was written if it was.
            let claimant = site
                .pages
                .iter()
                .find(|page| page.path.output_file() == pair[0].path);
            let diagnostic = match claimant {
                Some(page) => {
                    let diagnostic = Diagnostic::new(&page.file, message);
                    match &page.path_written_at {
                        Some(at) => diagnostic.at(at.clone()),
                        None => diagnostic,
                    }
                }
                None => Diagnostic::new("config.toml", message),
            };
            diagnostic
                .help("a page's `path` takes the place of a file portico generates: change it")
        })
        .collect();
    duplicates.into_result(())?;
    Ok(Rendered {
        files,
        memo,
        rendered_jobs,
        total_jobs: jobs.len(),
    })
}

/// Links written as site paths (`/calendario/`) must lead to an output of this build.
pub fn check_site_links(site: &Site, files: &[OutputFile]) -> Diagnostics {
    let outputs: HashSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
    let pages = site.pages.iter().map(|page| &page.content);
    let sections = site.sections.iter().map(|section| &section.content);
    pages
        .chain(sections)
        .flat_map(|content| content.site_links.iter())
        .filter(|link| !site_path_exists(&link.value, &outputs))
        .map(|link| {
            link.error(format!(
                "broken link: nothing is published at {}",
                link.value
            ))
            .label("no page, section or file has this URL")
            .help("link to a page with `@/path/to/file.md` so the link follows it if it moves")
        })
        .collect()
}

fn site_path_exists(link: &str, outputs: &HashSet<&str>) -> bool {
    let path = link.split(['#', '?']).next().unwrap_or(link);
    let relative = path.trim_start_matches('/');
    if relative.is_empty() {
        return true;
    }
    outputs.contains(relative)
        || outputs.contains(format!("{}/index.html", relative.trim_end_matches('/')).as_str())
}
