//! The preview's render after an edit that kept the site's shape (pages edited, data records,
//! templates, UI strings): only the jobs of the last render's memo that read something that
//! changed are rendered, from the new graph, views, templates and strings, as a full render
//! would render them. Rendering and keeping are separate steps, so the preview can show the
//! edited page before the lists that show it, and keep nothing if any job fails.

use std::sync::Arc;

use rayon::prelude::*;

use super::plan::{self, Job, Planned, check_templates_exist};
use super::{
    Destination, JobResult, Patched, RenderMemo, Renderer, Templates, Translations, Views,
    collect_problems, demo_mark, search,
};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::OutputFile;

/// Renders jobs of a graph whose shape is the memo's (same jobs, same order).
pub struct ChangeRender<'a> {
    site: &'a Site,
    templates: &'a Templates,
    renderer: Renderer<'a>,
    /// The plan's jobs, by position; taken when rendered.
    jobs: Vec<Option<Job<'a>>>,
}

/// Jobs rendered and not yet kept, by their position in the plan.
#[derive(Default)]
pub struct RenderedJobs {
    done: Vec<(usize, JobResult)>,
}

impl RenderedJobs {
    /// The outputs of the jobs rendered.
    pub fn files(&self) -> Vec<OutputFile> {
        self.done
            .iter()
            .flat_map(|(_, result)| result.job.outputs.iter().cloned())
            .collect()
    }

    pub fn len(&self) -> usize {
        self.done.len()
    }

    pub fn is_empty(&self) -> bool {
        self.done.is_empty()
    }

    pub fn extend(&mut self, other: RenderedJobs) {
        self.done.extend(other.done);
    }
}

impl<'a> ChangeRender<'a> {
    pub fn new(
        site: &'a Arc<Site>,
        views: &'a Arc<Views>,
        templates: &'a Templates,
        translations: Arc<Translations>,
    ) -> Self {
        ChangeRender {
            site,
            templates,
            renderer: Renderer::new(site, views, templates, translations, Destination::Memory),
            jobs: plan::jobs(site).into_iter().map(Some).collect(),
        }
    }

    /// Renders the jobs at `positions` of the plan (each once), or every problem they have.
    pub fn render(&mut self, positions: &[usize]) -> Result<RenderedJobs, Diagnostics> {
        let site = self.site;
        let planned: Vec<(usize, Planned)> = positions
            .iter()
            .filter_map(|&position| {
                let job = self.jobs.get_mut(position)?.take()?;
                Some((position, Planned::new(site, job)))
            })
            .collect();
        check_templates_exist(planned.iter().map(|(_, job)| job), self.templates)?;
        let renderer = &self.renderer;
        let results: Vec<Result<(usize, JobResult), Diagnostic>> = planned
            .par_iter()
            .map(|(position, job)| {
                let key = job.path.output_file();
                Ok((*position, renderer.run(job, key, Destination::Memory)?))
            })
            .collect();
        Ok(RenderedJobs {
            done: collect_problems(results)?,
        })
    }
}

/// Keeps what `rendered` made in `memo` (outputs, what each job read) and returns the files
/// that changed, with the search index made again when the site has one.
pub fn keep(site: &Site, memo: &mut RenderMemo, rendered: RenderedJobs) -> Patched {
    let rendered_jobs = rendered.len();
    let mut files = rendered.files();
    for (position, result) in rendered.done {
        // A job may read more than before (a new `get_page`): index that too. Inputs it no
        // longer reads stay indexed, which can only render it once too often.
        for input in &result.job.read {
            let readers = memo.readers.entry(input.clone()).or_default();
            if let Err(at) = readers.binary_search(&position) {
                readers.insert(at, position);
            }
        }
        memo.jobs.insert(result.key, result.job);
    }
    if site.config.search.enabled && rendered_jobs > 0 {
        let documents = memo.jobs.values().filter_map(|job| job.search.as_deref());
        files.extend(search::build_index(
            documents.collect(),
            site.config.base_path(),
            demo_mark(site),
        ));
    }
    Patched {
        files,
        rendered_jobs,
        total_jobs: memo.jobs.len(),
    }
}
