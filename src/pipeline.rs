//! The whole build, phase by phase: config → load → model → render → output.
//! `check` runs everything but the final write.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};
use crate::load::content::{load_content, shown};
use crate::load::data::load_data;
use crate::load::static_files::{static_files, theme_dir};
use crate::load::translations::load_translations;
use rayon::prelude::*;

use crate::model::Site;
use crate::model::asset_hash::hash_assets;
use crate::model::build::{ModelOptions, build_site};
use crate::model::data::validate;
use crate::output::{OutputData, OutputFile, Staging, WriteError};
use crate::render::{
    Changes, Destination, RenderMemo, Templates, Translations, Views, broken_site_links,
    check_site_links, load_templates, render_site_since,
};

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
    /// Keeps stylesheets, scripts and fonts under their own names instead of content-hashed
    /// ones: the preview swaps a changed stylesheet in place and caches nothing.
    pub plain_asset_names: bool,
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
    pub output_dir: PathBuf,
    /// Wall time of each phase, in order.
    pub timings: Vec<(&'static str, Duration)>,
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
    /// What rendered it, kept for the preview's patches.
    templates: Templates,
    translations: Arc<Translations>,
    views: Arc<Views>,
}

/// Builds the site and writes it to the output folder, atomically: files are written into a
/// new folder as they are rendered, and the new folder replaces the old one only if the whole
/// build succeeded.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let loaded = load(options, false)?;
    let staging = Staging::new(&loaded.output_dir)?;
    let mut built = render_loaded(options, loaded, None, Destination::Staging(&staging))?;
    let started = Instant::now();
    staging.commit()?;
    built.timings.push(("write", started.elapsed()));
    Ok(report(built))
}

/// Everything a build does except writing: every error a build would report, nothing on disk.
pub fn check(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    render(options).map(report)
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
    let config_path = options
        .config_file
        .clone()
        .unwrap_or_else(|| options.root.join("config.toml"));
    let problems = crate::production::production_problems(
        &built.site,
        &built.files,
        &config_path,
        &options.root,
    );
    problems.into_result(())?;
    Ok(report(built))
}

fn report(built: BuiltSite) -> BuildReport {
    let data_pages = built.site.data_page_count();
    BuildReport {
        pages: built.site.pages.len() - data_pages,
        data_pages,
        sections: built.site.sections.len(),
        static_files: built.static_files,
        output_files: built.files.len(),
        search_index_bytes: search_index_bytes(&built),
        output_dir: built.output_dir,
        timings: built.timings,
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
    let loaded = load(options, false)?;
    render_loaded(options, loaded, previous, Destination::Memory)
}

/// The preview's last good build, kept whole so that the next change can patch it.
pub struct Preview {
    pub built: BuiltSite,
    /// Each content file's front matter as written, to tell an edit of a body alone.
    front_matters: HashMap<String, String>,
}

/// What a rebuild of the preview produced.
pub struct Update {
    /// Every output file when `whole`, else only the ones the patch rendered again.
    pub files: Vec<OutputFile>,
    pub whole: bool,
    pub rendered_jobs: usize,
    pub total_jobs: usize,
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
        let mut loaded = load(options, true)?;
        let front_matters = std::mem::take(&mut loaded.front_matters);
        let built = render_loaded(options, loaded, previous, Destination::Memory)?;
        Ok(Preview {
            built,
            front_matters,
        })
    }

    /// Brings the preview up to date after `changed` files (absolute, or relative to the
    /// root). An edit of one page's body alone is patched in: that page is read and rendered
    /// again, with the pages that list it. Anything else loads the whole site again and
    /// renders what read something that changed. On error the preview is left as it was.
    pub fn update(
        &mut self,
        options: &BuildOptions,
        changed: &[PathBuf],
    ) -> Result<Update, BuildError> {
        // The same file saved twice since the last good build is one change.
        let mut changed = changed.to_vec();
        changed.sort();
        changed.dedup();
        if let Some(update) = self.patch(options, &changed)? {
            return Ok(update);
        }
        *self = Preview::render(options, Some((&self.built.memo, &changed)))?;
        Ok(self.whole())
    }

    /// The whole preview as an update: every file.
    pub fn whole(&self) -> Update {
        Update {
            files: self.built.files.clone(),
            whole: true,
            rendered_jobs: self.built.rendered_jobs,
            total_jobs: self.built.total_jobs,
        }
    }

    /// The patch of one page whose body alone changed, or `None` when the change is not that.
    fn patch(
        &mut self,
        options: &BuildOptions,
        changed: &[PathBuf],
    ) -> Result<Option<Update>, BuildError> {
        let root = &options.root;
        let [path] = changed else {
            return Ok(None);
        };
        let path = if path.is_absolute() {
            path.clone()
        } else {
            root.join(path)
        };
        let content_dir = root.join("content");
        let Ok(relative) = path.strip_prefix(&content_dir) else {
            return Ok(None);
        };
        let content_path = crate::load::content::relative_slash_path(&path, &content_dir);
        let site = &self.built.site;
        let Some(&id) = site.pages_by_content_path.get(&content_path) else {
            return Ok(None);
        };
        if relative.extension().is_none_or(|ext| ext != "md") || site.page(id).data.is_some() {
            return Ok(None);
        }
        // Anything unusual (unreadable, bad front matter) takes the full path, which reports it.
        let shown_path = shown(&path, root);
        let Ok(text) = crate::load::source::read_text(&path, &shown_path) else {
            return Ok(None);
        };
        let Ok(file) =
            crate::load::content::parse_content_file(text.into(), shown_path, content_path.clone())
        else {
            return Ok(None);
        };
        let front_matter = &file.text[file.front_matter.clone()];
        if self.front_matters.get(&content_path).map(String::as_str) != Some(front_matter) {
            return Ok(None);
        }
        let content = crate::model::links::render_page_body(site, &file)?;
        // Another page may link to a heading of this one: new headings take the full path.
        if content.anchors != site.page(id).content.anchors {
            return Ok(None);
        }
        if !content.site_links.is_empty() {
            let mut problems = broken_site_links(&content.site_links, &self.built.files);
            problems.sort();
            problems.into_result(())?;
        }
        let built = &mut self.built;
        let Some(patched) = crate::render::patch_page_body(
            &mut built.site,
            &mut built.views,
            &built.templates,
            Arc::clone(&built.translations),
            &mut built.memo,
            id,
            content,
        )?
        else {
            return Ok(None);
        };
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
        Ok(Some(Update {
            files: patched.files,
            whole: false,
            rendered_jobs: patched.rendered_jobs,
            total_jobs: patched.total_jobs,
        }))
    }
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
    /// Each content file's front matter as written, by content path.
    front_matters: HashMap<String, String>,
}

/// Config, load and model: every input read and validated, problems reported together. The
/// preview also keeps each content file's front matter (`front_matters`).
fn load(options: &BuildOptions, front_matters: bool) -> Result<Loaded, BuildError> {
    let root = &options.root;
    let mut timings = Vec::new();
    let mut phase_start = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, phase_start.elapsed()));
        phase_start = Instant::now();
    };

    let config_path = options
        .config_file
        .clone()
        .unwrap_or_else(|| root.join("config.toml"));
    let mut config = load_config(&config_path, root)?;
    if let Some(base_url) = &options.base_url {
        if !is_http_url(base_url) {
            return Err(Diagnostics::from(
                Diagnostic::new(
                    "--base-url",
                    format!("`{base_url}` is not an absolute http(s) URL"),
                )
                .help("write it with its scheme, e.g. --base-url https://anteprima.example.it"),
            )
            .into());
        }
        config.base_url = toml::Spanned::new(0..0, base_url.clone());
    }
    let output_dir = root.join(options.output_dir.as_ref().unwrap_or(&config.output_dir));
    check_output_dir(root, &output_dir, &config_path)?;
    let theme = theme_dir(root, config.theme());
    lap("config", &mut timings);

    // Content, templates and UI strings are independent: report all their problems together.
    let mut problems = Diagnostics::new();
    if let (Some(dir), Some(name)) = (&theme, &config.theme)
        && !dir.is_dir()
    {
        problems.push(missing_theme(root, &config_path, name));
    }
    let content = load_content(&root.join("content"), root);
    let data = load_data(&root.join("data"), root);
    let templates = load_templates(root, theme.as_deref());
    let theme_strings = theme.as_ref().map(|dir| dir.join("translations.toml"));
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
    let translations = load_translations(&pairs);
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
    let front_matters = if front_matters {
        content
            .files
            .iter()
            .map(|file| {
                let yaml = &file.text[file.front_matter.clone()];
                (file.content_path.clone(), yaml.to_owned())
            })
            .collect()
    } else {
        HashMap::new()
    };
    lap("load", &mut timings);

    let today = crate::time::reference_date(options.date)
        .map_err(|message| Diagnostics::from(Diagnostic::new("SOURCE_DATE_EPOCH", message)))?;
    let model_options = ModelOptions {
        include_drafts: options.include_drafts,
        today,
    };
    let data = validate(&data, root, today)?;
    let mut site = build_site(config, content, data, model_options)?;
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
        front_matters,
    })
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
        front_matters: _,
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
        templates,
        translations,
        views: rendered.views,
    })
}

/// The theme's `static/`, then the site's (the site wins where both have a file).
fn static_folders(root: &Path, theme: Option<&Path>) -> Vec<PathBuf> {
    theme
        .iter()
        .map(|dir| dir.join("static"))
        .chain([root.join("static")])
        .collect()
}

fn is_http_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://"))
        && !url.contains(char::is_whitespace)
}

/// The output folder is replaced whole by every build: it must not be the site itself, hold
/// it, or be one of its source folders.
fn check_output_dir(root: &Path, output_dir: &Path, config_path: &Path) -> Result<(), Diagnostics> {
    let absolute = |path: &Path| -> PathBuf {
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        normalise(&path)
    };
    let site = absolute(root);
    let output = absolute(output_dir);
    let sources = [
        "content",
        "data",
        "static",
        "templates",
        "themes",
        "reference",
        "src",
        ".git",
    ];
    let dangerous = site.starts_with(&output)
        || sources
            .iter()
            .any(|source| output.starts_with(site.join(source)));
    // An existing folder that does not look like a built site (no index.html or sitemap.xml)
    // is someone's files: never replace it.
    let foreign = output.is_dir()
        && std::fs::read_dir(&output).is_ok_and(|mut entries| entries.next().is_some())
        && !output.join("index.html").exists()
        && !output.join("sitemap.xml").exists();
    if dangerous || foreign {
        let shown_path = shown(config_path, root);
        let shown_output = output.strip_prefix(&site).map_or_else(
            |_| output.display().to_string(),
            |relative| format!("`{}`", relative.display()),
        );
        return Err(Diagnostic::new(
            shown_path,
            format!("the output folder {shown_output} would replace the site's own files"),
        )
        .label("every build replaces the output folder whole")
        .help(
            "use a folder of its own, such as `public` (output_dir in config.toml or --output-dir)",
        )
        .into());
    }
    Ok(())
}

/// Removes `.` and `..` from a path without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

fn load_config(config_path: &Path, root: &Path) -> Result<Config, Diagnostics> {
    let shown_path = shown(config_path, root);
    if !config_path.exists() {
        return Err(Diagnostic::new(&shown_path, "the site has no config file")
            .help(format!(
                "run portico in the site folder, pass --root <folder>, or create {} (`portico init` makes one)",
                shown_path.display()
            ))
            .into());
    }
    Config::load(config_path, &shown_path)
}

fn missing_theme(root: &Path, config_path: &Path, name: &toml::Spanned<String>) -> Diagnostic {
    let available: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|entries| {
            let mut names: Vec<String> = entries
                .flatten()
                .filter(|entry| entry.path().is_dir())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default();
    let shown_path = shown(config_path, root);
    let text = std::fs::read_to_string(config_path).unwrap_or_default();
    let help =
        suggestion(name.get_ref(), available.iter().map(String::as_str)).unwrap_or_else(|| {
            if available.is_empty() {
                "there is no themes/ folder: add one, or remove `theme` to use only templates/"
                    .to_owned()
            } else {
                format!("themes available: {}", available.join(", "))
            }
        });
    Diagnostic::new(
        shown_path,
        format!("the theme `{}` does not exist", name.get_ref()),
    )
    .at_bytes(&text, name.span())
    .label(format!("expected a folder themes/{}", name.get_ref()))
    .help(help)
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
