//! The whole build, phase by phase: config → load → model → render → output.
//! `check` runs everything but the final write.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, Origin};
use crate::load::Caches;
use crate::load::content::{load_content, shown};
use crate::load::data::load_data;
use crate::load::static_files::{static_files, theme_dir};
use crate::load::translations::load_translations;
use crate::model::markdown_cache::MarkdownCache;
use rayon::prelude::*;

mod preview;
mod settings;
mod theme;

pub use preview::{Preview, Update};
use settings::{configure, missing_theme};
pub use theme::overriding_templates;

use crate::model::Site;
use crate::model::asset_hash::hash_assets;
use crate::model::build::{ModelOptions, build_site};
use crate::output::{OutputData, OutputFile, Staging, WriteError};
use crate::render::{
    Changes, Destination, RenderMemo, Templates, Translations, Views, check_site_links,
    load_templates, render_site_since,
};
use crate::validate::validate;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `config.toml`, `content/`, ...).
    pub root: PathBuf,
    /// Another config file than `<root>/config.toml`.
    pub config_file: Option<PathBuf>,
    /// Replaces the config's `output_dir` (relative paths are relative to `root`).
    pub output_dir: Option<PathBuf>,
    /// Replaces the config's `base_url` (e.g. for a preview deployment).
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// The date that splits upcoming from past events; see [`crate::time::reference_date`].
    pub date: Option<jiff::civil::Date>,
    /// Warnings (data that contradicts the reference date) fail the build like errors.
    pub strict: bool,
    /// Publishes pages, news and works dated after the reference date.
    pub include_future: bool,
    /// Keeps stylesheets, scripts and fonts under their own names instead of content-hashed
    /// ones: the preview swaps a changed stylesheet in place and caches nothing.
    pub plain_asset_names: bool,
    /// Data (and, for the preview, content) files parsed and facts read from documents (size,
    /// pages, SHA-256), kept by file length and time. Clones of the options share them, so the
    /// preview, which keeps its options, parses an unchanged file and reads an unchanged
    /// document once.
    pub caches: Caches,
    /// The preview's Markdown bodies, kept to be reused when the site is loaded again.
    pub markdown_cache: Option<MarkdownCache>,
}

/// What a successful build made, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    /// Pages born from data records (Provinces, events, project works).
    pub data_pages: usize,
    pub sections: usize,
    pub static_files: usize,
    pub output_files: usize,
    /// Size of the search index, when the site builds one.
    pub search_index_bytes: Option<usize>,
    /// Templates of the site's `templates/` that replace the theme's, by name.
    pub template_overrides: Vec<String>,
    pub output_dir: PathBuf,
    /// Wall time of each phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// What the build reported without failing (none in a `--strict` build).
    pub warnings: Diagnostics,
}

impl BuildReport {
    pub fn total_time(&self) -> Duration {
        self.timings.iter().map(|(_, time)| *time).sum()
    }
}

/// A build that did not complete.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in the site's files: the editors' to fix.
    #[error("{0}")]
    Input(Diagnostics),
    /// The output could not be written (disk full, permissions): the machine's.
    #[error(transparent)]
    Output(#[from] WriteError),
}

impl From<Diagnostics> for BuildError {
    fn from(problems: Diagnostics) -> Self {
        BuildError::Input(problems)
    }
}

/// The built site in memory, before writing.
pub struct BuiltSite {
    pub site: Arc<Site>,
    pub files: Vec<OutputFile>,
    pub output_dir: PathBuf,
    pub static_files: usize,
    pub timings: Vec<(&'static str, Duration)>,
    /// What each render job read, for the next incremental render.
    pub memo: RenderMemo,
    /// Jobs rendered this time, of all the jobs (the rest were reused).
    pub rendered_jobs: usize,
    pub total_jobs: usize,
    /// Reported, counted, not stopping the build.
    pub warnings: Diagnostics,
    /// What rendered it, kept for the preview's patches.
    templates: Templates,
    translations: Arc<Translations>,
    views: Arc<Views>,
}

impl BuiltSite {
    /// The views the site was rendered from.
    pub fn views(&self) -> &Views {
        &self.views
    }
}

/// Builds the site and writes it to the output folder, atomically: files are written into a
/// new folder as they are rendered, and the new folder replaces the old one only if the whole
/// build succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let loaded = load(options)?;
    let staging = Staging::new(&loaded.output_dir)?;
    let mut built = render_loaded(options, loaded, None, Destination::Staging(&staging))?;
    if publishes_real_data(&built) {
        production_problems(options, &built).into_result(())?;
    }
    let started = Instant::now();
    staging.commit()?;
    built.timings.push(("write", started.elapsed()));
    Ok(report(built, &options.root))
}

/// Everything a build does except writing: every error a build would report, nothing on disk.
/// A site that publishes real data (`demo_data = false`) is checked as `check --production`
/// would check it.
pub fn check(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let built = render(options)?;
    if publishes_real_data(&built) {
        production_problems(options, &built).into_result(())?;
    }
    Ok(report(built, &options.root))
}

/// Whether the config says the data are the real ones: `[extra] demo_data = false`, written.
/// (A site that never mentions `demo_data` is not the programme portal: nothing to check.)
fn publishes_real_data(built: &BuiltSite) -> bool {
    built.site.config.extra.get("demo_data") == Some(&serde_json::Value::Bool(false))
}

/// Why the built site is not ready to be published as the real portal ([`crate::production`]).
fn production_problems(options: &BuildOptions, built: &BuiltSite) -> Diagnostics {
    let config_path = options
        .config_file
        .clone()
        .unwrap_or_else(|| options.root.join("config.toml"));
    crate::production::production_problems(&built.site, &built.files, &config_path, &options.root)
}

/// The size of every file of the search index together, when the build wrote one.
fn search_index_bytes(built: &BuiltSite) -> Option<usize> {
    let sizes: Vec<usize> = built
        .files
        .iter()
        .filter(|file| crate::render::search::is_index_file(&file.path))
        .filter_map(|file| match &file.data {
            OutputData::Bytes(bytes) => Some(bytes.len()),
            OutputData::Staged => std::fs::metadata(built.output_dir.join(&file.path))
                .ok()
                .and_then(|meta| usize::try_from(meta.len()).ok()),
            OutputData::Copy(_) => None,
        })
        .collect();
    (!sizes.is_empty()).then(|| sizes.iter().sum())
}

/// Like [`check`], and then whether the site is ready to be published as the real portal
/// ([`crate::production`]): its problems fail the check like any input problem.
pub fn check_production(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let built = render(options)?;
    production_problems(options, &built).into_result(())?;
    Ok(report(built, &options.root))
}

fn report(built: BuiltSite, root: &Path) -> BuildReport {
    let data_pages = built.site.data_page_count();
    let theme = theme_dir(root, built.site.config.theme());
    BuildReport {
        pages: built.site.pages.len() - data_pages,
        data_pages,
        sections: built.site.sections.len(),
        static_files: built.static_files,
        output_files: built.files.len(),
        search_index_bytes: search_index_bytes(&built),
        template_overrides: overriding_templates(root, theme.as_deref()),
        output_dir: built.output_dir,
        timings: built.timings,
        warnings: built.warnings,
    }
}

/// Runs every phase up to rendered output files, in memory.
pub fn render(options: &BuildOptions) -> Result<BuiltSite, BuildError> {
    render_since(options, None)
}

/// Like [`render`], but re-renders only the jobs that read one of `changed` files since
/// `previous` (the preview's incremental rebuild). Loading and the site graph are rebuilt in
/// full.
pub fn render_since(
    options: &BuildOptions,
    previous: Option<(&RenderMemo, &[PathBuf])>,
) -> Result<BuiltSite, BuildError> {
    let loaded = load(options)?;
    render_loaded(options, loaded, previous, Destination::Memory)
}

/// The site graph and what renders it: the phases before rendering.
struct Loaded {
    site: Arc<Site>,
    templates: Templates,
    translations: Arc<Translations>,
    output_dir: PathBuf,
    /// Static files: output path → source file.
    statics: BTreeMap<String, PathBuf>,
    timings: Vec<(&'static str, Duration)>,
    warnings: Diagnostics,
}

/// Config, load and model: every input read and validated, problems reported together.
fn load(options: &BuildOptions) -> Result<Loaded, BuildError> {
    let root = &options.root;
    let mut timings = Vec::new();
    let mut phase_start = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, phase_start.elapsed()));
        phase_start = Instant::now();
    };

    let (config, config_path, output_dir) = configure(options)?;
    let theme = theme_dir(root, config.theme());
    lap("config", &mut timings);

    // Content, templates and UI strings are independent: report all their problems together.
    let mut problems = Diagnostics::new();
    if let (Some(dir), Some(name)) = (&theme, &config.theme)
        && !dir.is_dir()
    {
        problems.push(missing_theme(root, &config_path, name));
    }
    if let Some(dir) = theme.as_deref().filter(|dir| dir.is_dir()) {
        problems.extend(theme::theme_problems(root, dir, &config_path));
    }
    let content = load_content(&root.join("content"), root, options.caches.content.as_ref());
    let data = load_data(&root.join("data"), root, &options.caches);
    let templates = load_templates(root, theme.as_deref());
    let translations = translations(root, theme.as_deref());
    let (content, data, templates, translations) = match (content, data, templates, translations) {
        (Ok(content), Ok(data), Ok(templates), Ok(translations)) if problems.is_empty() => {
            (content, data, templates, translations)
        }
        (content, data, templates, translations) => {
            problems.extend(content.err().into_iter().flatten());
            problems.extend(data.err().into_iter().flatten());
            problems.extend(templates.err().into_iter().flatten());
            problems.extend(translations.err().into_iter().flatten());
            problems.sort();
            return Err(problems.into());
        }
    };
    lap("load", &mut timings);

    let today = crate::time::reference_date(options.date).map_err(|message| {
        Diagnostics::from(Diagnostic::new(
            Origin::environment("SOURCE_DATE_EPOCH"),
            message,
        ))
    })?;
    let model_options = ModelOptions {
        include_drafts: options.include_drafts,
        include_future: options.include_future,
        today,
    };
    let (data, warnings) = validated(options, &data, today)?;
    let markdown = options.markdown_cache.as_ref();
    let mut site =
        build_site(config, content, data, model_options, markdown).map_err(|mut problems| {
            problems.extend(warnings.clone());
            problems.sort();
            problems
        })?;
    let statics = static_files(&static_folders(root, theme.as_deref()));
    if !options.plain_asset_names {
        site.hashed_assets = hash_assets(&statics).map_err(|error| {
            Diagnostics::from(Diagnostic::new(shown(&error.path, root), error.to_string()))
        })?;
    }
    lap("model", &mut timings);
    Ok(Loaded {
        site: Arc::new(site),
        templates,
        translations: Arc::new(translations),
        output_dir,
        statics,
        timings,
        warnings,
    })
}

/// The programme data validated for the reference date, with its warnings (errors when the
/// build is `--strict`); works published after that date held back unless `--future`.
fn validated(
    options: &BuildOptions,
    data: &crate::load::data::LoadedData,
    today: jiff::civil::Date,
) -> Result<(Option<crate::model::data::ProgrammeData>, Diagnostics), Diagnostics> {
    let (mut data, warnings) = validate(data, &options.root, today)?;
    if options.strict && !warnings.is_empty() {
        return Err(warnings.into_iter().map(Diagnostic::error).collect());
    }
    if let Some(data) = &mut data
        && !options.include_future
    {
        crate::model::dates::hold_back_future_works(data, today);
    }
    Ok((data, warnings))
}

/// The theme's `static/`, then the site's (the site wins where both have a file).
fn static_folders(root: &Path, theme: Option<&Path>) -> Vec<PathBuf> {
    theme
        .iter()
        .map(|dir| dir.join("static"))
        .chain([root.join("static")])
        .collect()
}

/// The UI strings: the theme's, then the site's own `translations.toml` over them.
fn translations(root: &Path, theme: Option<&Path>) -> Result<Translations, Diagnostics> {
    let theme_strings = theme.map(|dir| dir.join("translations.toml"));
    let site_strings = root.join("translations.toml");
    let mut translation_files: Vec<(PathBuf, PathBuf)> = Vec::new();
    if let Some(path) = theme_strings {
        translation_files.push((shown(&path, root), path));
    }
    translation_files.push((PathBuf::from("translations.toml"), site_strings));
    let pairs: Vec<(&Path, &Path)> = translation_files
        .iter()
        .map(|(shown, path)| (path.as_path(), shown.as_path()))
        .collect();
    load_translations(&pairs)
}

/// Render, static files and link checks, into `destination`.
fn render_loaded(
    options: &BuildOptions,
    loaded: Loaded,
    previous: Option<(&RenderMemo, &[PathBuf])>,
    destination: Destination,
) -> Result<BuiltSite, BuildError> {
    let root = &options.root;
    let Loaded {
        site,
        templates,
        translations,
        output_dir,
        statics,
        mut timings,
        warnings,
    } = loaded;
    let mut phase_start = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, phase_start.elapsed()));
        phase_start = Instant::now();
    };
    let changes =
        previous.map(|(memo, paths)| (memo, Changes::from_paths(root, paths, &memo.permalinks)));
    let rendered = render_site_since(
        &site,
        &templates,
        Arc::clone(&translations),
        changes.as_ref().map(|(memo, changes)| (*memo, changes)),
        destination,
    )?;
    let mut files = rendered.files;
    lap("render", &mut timings);

    let static_count = statics.len();
    add_copied_files(&site, root, statics, &mut files)?;
    let mut link_problems = check_site_links(&site, &files);
    link_problems.sort();
    link_problems.into_result(())?;
    if let Destination::Staging(staging) = destination {
        files = files
            .into_par_iter()
            .map(|file| match file.data {
                OutputData::Staged => file,
                _ => staging.write(file),
            })
            .collect();
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    lap("static", &mut timings);

    Ok(BuiltSite {
        site,
        files,
        output_dir,
        static_files: static_count,
        timings,
        memo: rendered.memo,
        rendered_jobs: rendered.rendered_jobs,
        total_jobs: rendered.total_jobs,
        warnings,
        templates,
        translations,
        views: rendered.views,
    })
}

/// Adds static files and content assets to the rendered files. A copied file may not take the
/// place of a generated one: that is an error naming both.
fn add_copied_files(
    site: &Site,
    root: &Path,
    statics: BTreeMap<String, PathBuf>,
    files: &mut Vec<OutputFile>,
) -> Result<(), Diagnostics> {
    let generated: HashSet<String> = files.iter().map(|file| file.path.clone()).collect();
    let mut problems = Diagnostics::new();
    let published = site
        .data
        .as_ref()
        .map(|data| data.published_files())
        .unwrap_or_default();
    let copies = statics
        .into_iter()
        .chain(
            site.assets
                .iter()
                .map(|asset| (asset.output_file.clone(), asset.source.clone())),
        )
        .chain(published);
    let mut copied = HashSet::new();
    for (path, source) in copies {
        if generated.contains(&path) {
            problems.push(
                Diagnostic::new(
                    shown(&source, root),
                    format!("this file would replace the generated /{path}"),
                )
                .help("rename or move the file: generated pages cannot be overwritten"),
            );
            continue;
        }
        let path = site.hashed_assets.output_path(&path).to_owned();
        if copied.insert(path.clone()) {
            let data = match site.hashed_assets.rewritten.get(&path) {
                Some(bytes) => OutputData::Bytes(bytes::Bytes::copy_from_slice(bytes)),
                None => OutputData::Copy(source),
            };
            files.push(OutputFile { path, data });
        }
    }
    problems.into_result(())
}
