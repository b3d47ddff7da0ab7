//! From the site graph to output files: a flat list of render jobs (one per output), run in
//! parallel through Tera, then link-checked and minified.

mod calendar;
mod changes;
mod data_views;
mod dcat;
mod dependencies;
pub mod functions;
pub mod ics;
pub mod incremental;
mod jobs;
pub mod map;
mod minify;
mod opendata;
mod plan;
pub use plan::page_job_position;
mod rdf;
pub mod redirects;
pub mod search;
mod structured_data;
pub mod templates;
mod views;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

pub use changes::{ChangeRender, RenderedJobs, keep};
pub use functions::Translations;
pub use incremental::{Changes, Input, Inputs, MemoJob, Recorder, RenderMemo};
pub use templates::{Templates, load_templates};

use dependencies::record_fingerprints;
use jobs::JobRenderer;
use plan::{Job, Planned, check_outputs_are_distinct, check_templates_exist, plan};
pub use views::{Remade, Views};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{ContentPath, Located, Site};
use crate::output::{OutputData, OutputFile, Staging};

/// Where a render puts its outputs.
#[derive(Clone, Copy)]
pub enum Destination<'a> {
    /// Kept in memory with what each job read, for the next incremental render (the preview,
    /// `check`, tests).
    Memory,
    /// Written into the new output folder as soon as each job is rendered, and not kept: a
    /// build's memory does not grow with its output (`build`).
    Staging(&'a Staging),
}

/// One job's outputs, what it read, and whether it was rendered or reused.
struct JobResult {
    key: String,
    rendered: bool,
    job: MemoJob,
}

/// A render and what it can tell the next one.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub memo: RenderMemo,
    /// The template views, which the preview patches after an edit.
    pub views: Arc<Views>,
    /// How many jobs were rendered (the others were reused from the previous render).
    pub rendered_jobs: usize,
    pub total_jobs: usize,
}

/// Renders `site`, reusing from `previous` the outputs of every job that read nothing in
/// `changes`; without `previous`, renders everything.
pub fn render_site_since(
    site: &Arc<Site>,
    templates: &Templates,
    translations: Arc<Translations>,
    previous: Option<(&RenderMemo, &Changes)>,
    destination: Destination,
) -> Result<Rendered, Diagnostics> {
    let views = Arc::new(Views::new(site));
    let jobs = plan(site);
    check_templates_exist(&jobs, templates)?;
    check_outputs_are_distinct(&jobs)?;
    let keep = matches!(destination, Destination::Memory);
    let permalinks: HashMap<ContentPath, String> = if keep {
        site.content_paths()
            .filter_map(|path| Some((path.clone(), site.permalink_of_content(path)?.to_owned())))
            .collect()
    } else {
        HashMap::new()
    };
    let records = if keep {
        record_fingerprints(site, &views, &Remade::All, &HashMap::new())
    } else {
        HashMap::new()
    };
    let changes =
        previous.map(|(memo, changes)| (memo, moved(memo, changes, &permalinks, &records)));
    let renderer = Renderer::new(site, &views, templates, translations, destination);
    let results: Vec<Result<JobResult, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let key = job.path.output_file();
            if let Some((memo, changes)) = &changes
                && let Some(done) = memo.jobs.get(&key)
                && !changes.touch(&done.read)
            {
                return Ok(JobResult {
                    key,
                    rendered: false,
                    job: done.clone(),
                });
            }
            renderer.run(job, key, destination)
        })
        .collect();
    let results = collect_problems(results)?;
    let mut memo = RenderMemo {
        jobs: HashMap::new(),
        permalinks,
        records,
        readers: HashMap::new(),
        order: Vec::new(),
    };
    let rendered_jobs = results.iter().filter(|result| result.rendered).count();
    let mut files: Vec<OutputFile> = results
        .iter()
        .flat_map(|result| result.job.outputs.iter().cloned())
        .collect();
    let map = redirects::redirect_map(site);
    files.push(match destination {
        Destination::Memory => map,
        Destination::Staging(staging) => staging.write(map),
    });
    if site.config.search.enabled {
        files.extend(search_index(site, &results, destination));
    }
    if keep {
        memo.order = results.iter().map(|result| result.key.clone()).collect();
        memo.jobs = results
            .into_iter()
            .map(|result| (result.key, result.job))
            .collect();
        memo.index_readers();
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    check_no_duplicates(site, &files)?;
    Ok(Rendered {
        files,
        memo,
        views,
        rendered_jobs,
        total_jobs: jobs.len(),
    })
}

/// What each search result says while the site shows demonstration data.
fn demo_mark(site: &Site) -> Option<&'static str> {
    site.config.demo_data().then_some(crate::config::DEMO_MARK)
}

/// The search index's files over every searchable job's text, kept or written as the render's
/// outputs.
fn search_index(site: &Site, results: &[JobResult], destination: Destination) -> Vec<OutputFile> {
    let index = search::build_index(
        results
            .iter()
            .filter_map(|r| r.job.search.as_deref())
            .collect(),
        site.config.base_path(),
        demo_mark(site),
    );
    index
        .into_iter()
        .map(|file| match destination {
            Destination::Memory => file,
            Destination::Staging(staging) => staging.write(file),
        })
        .collect()
}

/// What the preview's render after an edit rendered.
pub struct Patched {
    /// The new outputs of the jobs rendered (the search index included when there is one).
    pub files: Vec<OutputFile>,
    pub rendered_jobs: usize,
    pub total_jobs: usize,
}

/// Whether every template the site's jobs render with exists (the preview checks it after
/// an edit of the templates, before rendering only the jobs that read the edited ones).
pub fn check_templates(site: &Site, templates: &Templates) -> Result<(), Diagnostics> {
    check_templates_exist(&plan(site), templates)
}

/// Every job's problems together, or every job's result.
fn collect_problems<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut done = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(result) => done.push(result),
            Err(problem) => problems.push(problem),
        }
    }
    problems.into_result(done)
}

/// Renders single jobs with a copy of the templates that has this render's functions.
struct Renderer<'a> {
    site: &'a Site,
    views: &'a Views,
    templates: &'a Templates,
    /// The templates with the functions that read this site and these views.
    tera: tera::Tera,
    /// What the template functions read, per job (off for a build to disk).
    recorder: Arc<Recorder>,
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Arc<Site>,
        views: &'a Arc<Views>,
        templates: &'a Templates,
        translations: Arc<Translations>,
        destination: Destination,
    ) -> Self {
        let recorder = Arc::new(match destination {
            Destination::Memory => Recorder::on(),
            Destination::Staging(_) => Recorder::off(),
        });
        let mut tera = templates.tera.clone();
        functions::register_functions(&mut tera, site, views, translations, &recorder);
        Renderer {
            site,
            views,
            templates,
            tera,
            recorder,
        }
    }

    /// Renders `job` into `destination`, recording what it read when the result is kept.
    fn run(
        &self,
        planned: &Planned,
        key: String,
        destination: Destination,
    ) -> Result<JobResult, Diagnostic> {
        let job = &planned.job;
        let renderer = JobRenderer {
            site: self.site,
            tera: &self.tera,
            templates: self.templates,
            views: self.views,
        };
        let (outputs, read) = match destination {
            Destination::Memory => {
                let (outputs, mut read) = self.recorder.recording(|| renderer.render(planned));
                read.extend(planned.reads(self.site, self.templates));
                (outputs?, read)
            }
            Destination::Staging(_) => (renderer.render(planned)?, Inputs::new()),
        };
        let search = match (
            &outputs[..],
            self.site.config.search.enabled && job.is_searchable(),
        ) {
            (
                [
                    OutputFile {
                        path,
                        data: OutputData::Bytes(bytes),
                    },
                ],
                true,
            ) => {
                let page = match job {
                    Job::Page(page) => Some(*page),
                    _ => None,
                };
                let facets = search::page_facets(self.site, page);
                Some(Arc::new(search::document(path, bytes, facets)))
            }
            _ => None,
        };
        let outputs = match destination {
            Destination::Memory => outputs,
            // A failed write is kept by the staging folder and reported by the build.
            Destination::Staging(staging) => outputs
                .into_iter()
                .map(|file| staging.write(file))
                .collect(),
        };
        Ok(JobResult {
            key,
            rendered: true,
            job: MemoJob {
                outputs,
                read,
                search,
            },
        })
    }
}

/// The changes since `memo`, with what they imply: a page that moved changes every link to it
/// (its URL and the structure), a data record whose view changed touches what shows it.
fn moved(
    memo: &RenderMemo,
    changes: &Changes,
    permalinks: &HashMap<ContentPath, String>,
    records: &HashMap<String, u64>,
) -> Changes {
    let mut changes = changes.clone();
    changes
        .inputs
        .extend(changed_records(&memo.records, records));
    for (content_path, permalink) in permalinks {
        if memo.permalinks.get(content_path) != Some(permalink) {
            changes.inputs.insert(Input::Url(content_path.clone()));
            changes.inputs.insert(Input::Structure);
        }
    }
    if memo.permalinks.len() != permalinks.len() {
        changes.inputs.insert(Input::Structure);
    }
    changes
}

/// The inputs that changed between two fingerprints of the data records: each record whose
/// view changed, and the data as a whole when one did.
fn changed_records(before: &HashMap<String, u64>, now: &HashMap<String, u64>) -> Inputs {
    let mut inputs: Inputs = before
        .keys()
        .chain(now.keys())
        .filter(|key| before.get(*key) != now.get(*key))
        .map(|key| Input::Record(key.clone()))
        .collect();
    if !inputs.is_empty() {
        inputs.insert(Input::Data);
    }
    inputs
}

/// The changes a new fingerprint of the data records of `site` (seen through `views`, whose
/// pages `remade` are new) makes since `memo`, with that fingerprint for the memo to keep once
/// the render succeeded.
pub fn data_changes(
    site: &Site,
    views: &Views,
    remade: &Remade,
    memo: &RenderMemo,
) -> (Changes, HashMap<String, u64>) {
    let records = record_fingerprints(site, views, remade, &memo.records);
    let inputs = changed_records(&memo.records, &records);
    (Changes { inputs }, records)
}

/// Jobs with several outputs (open data) and the search index are checked here: two files on
/// one path would race.
fn check_no_duplicates(site: &Site, files: &[OutputFile]) -> Result<(), Diagnostics> {
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
    duplicates.into_result(())
}

/// Links written as site paths (`/calendario/`) must lead to an output of this build.
pub fn check_site_links(site: &Site, files: &[OutputFile]) -> Diagnostics {
    let pages = site.pages.iter().map(|page| &page.content);
    let sections = site.sections.iter().map(|section| &section.content);
    let links: Vec<&Located<String>> = pages
        .chain(sections)
        .flat_map(|content| content.site_links.iter())
        .collect();
    broken_site_links(links, files)
}

/// The links of `links` that lead to none of `files`.
pub fn broken_site_links<'a>(
    links: impl IntoIterator<Item = &'a Located<String>>,
    files: &[OutputFile],
) -> Diagnostics {
    let outputs: HashSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
    links
        .into_iter()
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
