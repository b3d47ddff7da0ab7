//! The preview's last good build and how a change is brought into it. An edit that keeps the
//! site's shape (one page's body or title, a template, the UI strings, a data record's time,
//! place or notes) makes a new graph that shares everything unchanged with the last one and
//! renders only the jobs that read what changed; any other change loads the site again and
//! renders what read something that changed. The last good build is never modified: on error
//! the preview keeps serving it.

use crate::model::ContentPath;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod kinds;

use kinds::Edit;

use super::{BuildError, BuildOptions, BuiltSite, load, render_loaded, translations, validated};
use crate::diagnostics::Diagnostics;
use crate::load::content::{parse_content_file, relative_slash_path, shown};
use crate::load::data::load_data;
use crate::load::static_files::theme_dir;
use crate::model::Site;
use crate::model::build::ModelOptions;
use crate::model::build::edit::{DataEdited, PageEdited, data_edited, page_edited};
use crate::output::OutputFile;
use crate::render::{
    ChangeRender, Changes, Destination, Input, RenderMemo, RenderedJobs, Templates, Translations,
    Views, broken_site_links, check_templates, data_changes, keep, load_templates,
    page_job_position,
};

/// The preview's last good build, kept whole so that the next change can start from it.
pub struct Preview {
    pub built: BuiltSite,
}

/// What a rebuild of the preview produced.
pub struct Update {
    /// Every output file when `whole`, else only the ones rendered again.
    pub files: Vec<OutputFile>,
    pub whole: bool,
    pub rendered_jobs: usize,
    pub total_jobs: usize,
    /// How long each step of an in-place update took, or each phase of the build when the
    /// site was loaded again.
    pub steps: Vec<(&'static str, Duration)>,
}

/// The time each step took, as the serve log shows it.
struct Steps {
    done: Vec<(&'static str, Duration)>,
    since: Instant,
}

impl Steps {
    fn start() -> Steps {
        Steps {
            done: Vec::new(),
            since: Instant::now(),
        }
    }

    fn lap(&mut self, step: &'static str) {
        let now = Instant::now();
        self.done.push((step, now - self.since));
        self.since = now;
    }
}

impl Preview {
    /// The first build of the preview: everything rendered, in memory.
    pub fn build(options: &BuildOptions) -> Result<Preview, BuildError> {
        Preview::render(options, None)
    }

    fn render(
        options: &BuildOptions,
        previous: Option<(&RenderMemo, &[PathBuf])>,
    ) -> Result<Preview, BuildError> {
        let loaded = load(options)?;
        let built = render_loaded(options, loaded, previous, Destination::Memory)?;
        Ok(Preview { built })
    }

    /// Brings the preview up to date after `changed` files (absolute, or relative to the
    /// root). On error the preview is left as it was.
    pub fn update(
        &mut self,
        options: &BuildOptions,
        changed: &[PathBuf],
    ) -> Result<Update, BuildError> {
        self.update_showing_first(options, changed, &mut |_| {})
    }

    /// Like [`Preview::update`]; after an edit of one page, `early` first gets that page's own
    /// output, before the lists, feeds and pages that show it are rendered (on a large site a
    /// list of thousands of cards takes longer than the page). If a later job then fails, the
    /// update fails and the preview is left as it was: the caller must put back the last good
    /// version of what `early` got.
    pub fn update_showing_first(
        &mut self,
        options: &BuildOptions,
        changed: &[PathBuf],
        early: &mut dyn FnMut(Update),
    ) -> Result<Update, BuildError> {
        // The same file saved twice since the last good build is one change.
        let root = &options.root;
        let mut changed: Vec<PathBuf> = changed.iter().map(|path| root.join(path)).collect();
        changed.sort();
        changed.dedup();
        options.caches.forget(&changed);
        let update = match Edit::of(root, &changed) {
            Edit::Templates => Some(self.templates_edited(root, &changed)?),
            Edit::Strings => Some(self.strings_edited(root)?),
            Edit::Page(path) => self.page_edited(options, &path, early)?,
            Edit::Data => self.data_edited(options, early)?,
            Edit::Other => None,
        };
        if let Some(update) = update {
            return Ok(update);
        }
        *self = Preview::render(options, Some((&self.built.memo, &changed)))?;
        Ok(self.whole())
    }

    /// The update after an edit of templates alone: read again, the graph and views kept, the
    /// jobs that use an edited template rendered.
    fn templates_edited(&mut self, root: &Path, changed: &[PathBuf]) -> Result<Update, BuildError> {
        let mut steps = Steps::start();
        let templates = load_templates(root, self.theme(root).as_deref())?;
        // A template deleted or renamed may be one that another job renders with.
        check_templates(&self.built.site, &templates)?;
        steps.lap("templates");
        let changes = Changes::from_paths(root, changed, &self.built.memo.permalinks);
        let (site, views) = (self.site(), Arc::clone(&self.built.views));
        let render = InPlace::new(site, views, steps).templates(templates);
        self.render_in_place(render, |_| changes)
    }

    /// The update after an edit of the UI strings: read again, every job rendered from the
    /// same graph.
    fn strings_edited(&mut self, root: &Path) -> Result<Update, BuildError> {
        let mut steps = Steps::start();
        let strings = Arc::new(translations(root, self.theme(root).as_deref())?);
        steps.lap("strings");
        let (site, views) = (self.site(), Arc::clone(&self.built.views));
        let render = InPlace::new(site, views, steps).strings(strings);
        self.render_in_place(render, |_| Changes::everything())
    }

    /// The whole preview as an update: every file, and the time of each phase of its build.
    pub fn whole(&self) -> Update {
        Update {
            files: self.built.files.clone(),
            whole: true,
            rendered_jobs: self.built.rendered_jobs,
            total_jobs: self.built.total_jobs,
            steps: self.built.timings.clone(),
        }
    }

    fn site(&self) -> Arc<Site> {
        Arc::clone(&self.built.site)
    }

    fn theme(&self, root: &Path) -> Option<PathBuf> {
        theme_dir(root, self.built.site.config.theme())
    }

    /// The update after an edit of the page at `path`, or `None` when the edit changes the
    /// site's shape (or the file cannot be read as a page: the full build reports why).
    fn page_edited(
        &mut self,
        options: &BuildOptions,
        path: &Path,
        early: &mut dyn FnMut(Update),
    ) -> Result<Option<Update>, BuildError> {
        let mut steps = Steps::start();
        let root = &options.root;
        let shown_path = shown(path, root);
        let content_path = ContentPath::new(relative_slash_path(path, &root.join("content")));
        let Ok(text) = crate::load::source::read_text(path, &shown_path) else {
            return Ok(None);
        };
        let Ok(file) = parse_content_file(text.into(), shown_path, content_path.clone()) else {
            return Ok(None);
        };
        let last = &self.built.site;
        let model_options = ModelOptions {
            include_drafts: options.include_drafts,
            include_future: options.include_future,
            today: last.today,
        };
        let Some(PageEdited {
            site,
            id,
            front_matter_changed,
        }) = page_edited(last, &file, model_options)?
        else {
            return Ok(None);
        };
        steps.lap("graph");
        let content = &site.page(id).content;
        if !content.site_links.is_empty() {
            let mut problems: Diagnostics =
                broken_site_links(&content.site_links, &self.built.files);
            problems.sort();
            problems.into_result(())?;
        }
        let views = Arc::new(self.built.views.with_page_edited(&site, id));
        steps.lap("views");
        let mut changes = Changes::default();
        changes.inputs.insert(Input::Content(content_path));
        if front_matter_changed {
            changes.inputs.insert(Input::FrontMatter);
        }
        let render =
            InPlace::new(Arc::new(site), views, steps).first(vec![page_job_position(id)], early);
        self.render_in_place(render, |_| changes).map(Some)
    }

    /// The update after an edit of data records, or `None` when the new data change the
    /// site's shape. Every record is validated again (a record's problems often lie in
    /// another: an event naming a group), but only the files that changed are parsed again.
    /// When only events changed, only the views that show them are made again, and their
    /// pages are rendered and shown first; what else shows a changed record is rendered
    /// after, found by fingerprint.
    fn data_edited(
        &mut self,
        options: &BuildOptions,
        early: &mut dyn FnMut(Update),
    ) -> Result<Option<Update>, BuildError> {
        let mut steps = Steps::start();
        let root = &options.root;
        let loaded = load_data(&root.join("data"), root, &options.caches)?;
        steps.lap("read");
        let last = &self.built.site;
        let (Some(data), warnings) = validated(options, &loaded, last.today)? else {
            return Ok(None);
        };
        steps.lap("validate");
        let Some(DataEdited { site, changed }) = data_edited(last, data) else {
            return Ok(None);
        };
        steps.lap("graph");
        let site = Arc::new(site);
        let (views, remade) = self.built.views.with_data_edited(&site, changed.as_ref());
        steps.lap("views");
        // The changed records' own pages are shown first.
        let first: Vec<usize> = match &changed {
            Some(changed) => site
                .pages
                .iter()
                .filter(|page| page.data.is_some_and(|record| changed.includes(record)))
                .map(|page| page_job_position(page.id))
                .collect(),
            None => Vec::new(),
        };
        let views = Arc::new(views);
        let mut records = None;
        let changes = |memo: &RenderMemo| {
            let (changes, fresh) = data_changes(&site, &views, &remade, memo);
            records = Some(fresh);
            changes
        };
        let render = InPlace::new(Arc::clone(&site), Arc::clone(&views), steps).first(first, early);
        let update = self.render_in_place(render, changes)?;
        if let Some(records) = records {
            self.built.memo.records = records;
        }
        self.built.warnings = warnings;
        Ok(Some(update))
    }

    /// Renders what the changes touched (`changes` tells them from the last render's memo)
    /// from the new graph, views and (if new) templates and strings of `render`; on success
    /// they become the preview's. The jobs to show first are rendered and shown before the
    /// changes are even known.
    fn render_in_place(
        &mut self,
        render: InPlace,
        changes: impl FnOnce(&RenderMemo) -> Changes,
    ) -> Result<Update, BuildError> {
        let InPlace {
            site,
            views,
            templates,
            strings,
            first,
            mut steps,
        } = render;
        let built = &mut self.built;
        let strings = strings.unwrap_or_else(|| Arc::clone(&built.translations));
        let mut jobs = ChangeRender::new(
            &site,
            &views,
            templates.as_ref().unwrap_or(&built.templates),
            Arc::clone(&strings),
        );
        let mut rendered = RenderedJobs::default();
        let mut shown = Vec::new();
        if let Some((positions, early)) = first.filter(|(positions, _)| !positions.is_empty()) {
            rendered = jobs.render(&positions)?;
            steps.lap("page");
            early(Update {
                files: rendered.files(),
                whole: false,
                rendered_jobs: rendered.len(),
                total_jobs: built.memo.order.len(),
                steps: steps.done.clone(),
            });
            shown = positions;
        }
        let changes = changes(&built.memo);
        let mut positions = built.memo.readers_of(&changes);
        positions.retain(|position| !shown.contains(position));
        steps.lap("changes");
        rendered.extend(jobs.render(&positions)?);
        drop(jobs);
        let patched = keep(&site, &mut built.memo, rendered);
        steps.lap("render");
        let last = (
            std::mem::replace(&mut built.site, site),
            std::mem::replace(&mut built.views, views),
        );
        // Freeing the last graph and views (after a data edit, every data view) is work the
        // reload message need not wait for.
        std::thread::spawn(move || drop(last));
        built.translations = strings;
        if let Some(templates) = templates {
            built.templates = templates;
        }
        for file in &patched.files {
            match built
                .files
                .binary_search_by(|known| known.path.cmp(&file.path))
            {
                Ok(index) => built.files[index] = file.clone(),
                Err(index) => built.files.insert(index, file.clone()),
            }
        }
        built.rendered_jobs = patched.rendered_jobs;
        steps.lap("merge");
        Ok(Update {
            files: patched.files,
            whole: false,
            rendered_jobs: patched.rendered_jobs,
            total_jobs: patched.total_jobs,
            steps: steps.done,
        })
    }
}

/// The jobs an update renders and shows first (by position in the plan), and where it shows
/// them.
type ShowFirst<'e> = (Vec<usize>, &'e mut dyn FnMut(Update));

/// What an in-place update renders from: the new graph and views, the templates or strings
/// when they are new, and the job to render and show first.
struct InPlace<'e> {
    site: Arc<Site>,
    views: Arc<Views>,
    templates: Option<Templates>,
    strings: Option<Arc<Translations>>,
    first: Option<ShowFirst<'e>>,
    steps: Steps,
}

impl<'e> InPlace<'e> {
    fn new(site: Arc<Site>, views: Arc<Views>, steps: Steps) -> Self {
        InPlace {
            site,
            views,
            templates: None,
            strings: None,
            first: None,
            steps,
        }
    }

    fn templates(self, templates: Templates) -> Self {
        InPlace {
            templates: Some(templates),
            ..self
        }
    }

    fn strings(self, strings: Arc<Translations>) -> Self {
        InPlace {
            strings: Some(strings),
            ..self
        }
    }

    fn first(self, positions: Vec<usize>, early: &'e mut dyn FnMut(Update)) -> Self {
        InPlace {
            first: Some((positions, early)),
            ..self
        }
    }
}
