//! `content/`: Markdown files with YAML front matter between `---` lines.
//!
//! [`parse_content_file`] is pure (text in, value or diagnostics out); [`load_content`] walks
//! the folder and reads files in parallel.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use super::content_path::ContentPath;
use super::file_cache::FileCache;
use super::source::read_text;
use super::yaml::{Spanned, YamlSource};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::time::LocalDateTime;

/// One Markdown file of `content/`, parsed but not yet rendered. Cheap to clone (the text and
/// the front matter are shared): the preview's cache hands out the files that did not change.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// The path shown in messages, relative to the site root (`content/avvisi/_index.md`).
    pub shown_path: PathBuf,
    /// The path relative to `content/`, with `/` separators (`avvisi/_index.md`): what `@/`
    /// links name.
    pub content_path: ContentPath,
    /// The whole file text (BOM removed, LF line endings), kept for located messages.
    pub text: Arc<str>,
    /// Byte range of the YAML between the `---` lines.
    pub front_matter: Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    pub kind: ContentKind,
}

#[derive(Debug, Clone)]
pub enum ContentKind {
    Page(Arc<PageFrontMatter>),
    Section(Arc<SectionFrontMatter>),
}

impl ContentFile {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The YAML source, for locating front matter values.
    pub fn yaml(&self) -> YamlSource<'_> {
        YamlSource {
            file: &self.shown_path,
            file_text: &self.text,
            start: self.front_matter.start,
            end: self.front_matter.end,
        }
    }

    pub fn is_section(&self) -> bool {
        matches!(self.kind, ContentKind::Section(_))
    }
}

/// Front matter of a page. Unknown keys are errors: a typo must not silently vanish.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub title: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Publication date: `2025-12-04` or `2025-12-04T10:00` (Europe/Rome) or RFC 3339.
    #[serde(default)]
    pub date: Option<LocalDateTime>,
    #[serde(default)]
    pub updated: Option<LocalDateTime>,
    #[serde(default)]
    pub draft: bool,
    /// Last URL segment; defaults to the file name.
    #[serde(default)]
    pub slug: Option<Spanned<String>>,
    /// The whole URL path, replacing section path and slug: `/chi-siamo/`.
    #[serde(default)]
    pub path: Option<Spanned<String>>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub template: Option<Spanned<String>>,
    #[serde(default)]
    pub weight: Option<i64>,
    /// Terms per taxonomy: `tags: [formazione, webinar]`.
    #[serde(default)]
    pub taxonomies: HashMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Front matter of a section (`_index.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub title: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub updated: Option<LocalDateTime>,
    #[serde(default)]
    pub sort_by: SortBy,
    /// Pages per list page; no pagination when absent.
    #[serde(default)]
    pub paginate_by: Option<Spanned<usize>>,
    #[serde(default)]
    pub template: Option<Spanned<String>>,
    /// Template for the pages of this section that do not name their own.
    #[serde(default)]
    pub page_template: Option<Spanned<String>>,
    /// Write `atom.xml` in the section folder.
    #[serde(default)]
    pub generate_feed: bool,
    /// Order among sibling sections.
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// How a section orders its pages.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Newest first.
    Date,
    /// Lightest first, then by title.
    Weight,
    /// Alphabetical.
    Title,
    /// By file name.
    #[default]
    None,
}

/// Where the front matter and the body are in a file's text.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    pub front_matter: Range<usize>,
    pub body_start: usize,
}

/// Finds the YAML front matter between a first line `---` and the next line `---`.
pub fn split_front_matter(text: &str, file: &Path) -> Result<Split, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(
            Diagnostic::new(file, "the file does not start with front matter")
                .at_bytes(text, 0..first_line_end)
                .label("expected a line `---` here")
                .help("start the file with `---`, then `title: ...`, then another `---` line"),
        );
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut line_start = yaml_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        if text[line_start..line_end].trim_end() == "---" {
            return Ok(Split {
                front_matter: yaml_start..line_start,
                body_start: (line_end + 1).min(text.len()),
            });
        }
        line_start = line_end + 1;
    }
    Err(Diagnostic::new(file, "the front matter is not closed")
        .at_bytes(text, 0..3)
        .label("this `---` opens it, but no line `---` closes it")
        .help("add a line `---` after the last front matter key"))
}

/// Content files parsed by an earlier build of the preview, kept by file length and time (see
/// [`FileCache`]): after a new page or a config edit, only the files that changed are parsed
/// again. Clones share the cache.
#[derive(Debug, Clone, Default)]
pub struct ParsedContent {
    files: FileCache<ContentFile>,
}

impl ParsedContent {
    pub fn forget(&self, paths: &[PathBuf]) {
        self.files.forget(paths);
    }

    fn parse(
        &self,
        path: &Path,
        root: &Path,
        content_path: ContentPath,
    ) -> Result<ContentFile, Diagnostics> {
        // The same file under another name (a folder renamed) is parsed again: its content
        // path is part of it.
        let usable = |file: &ContentFile| file.content_path == content_path;
        let read = || parse_path(path, root, content_path.clone());
        self.files.get_or_read(path, usable, read)
    }
}

fn parse_path(
    path: &Path,
    root: &Path,
    content_path: ContentPath,
) -> Result<ContentFile, Diagnostics> {
    let shown_path = shown(path, root);
    let text = read_text(path, &shown_path)?;
    parse_content_file(text.into(), shown_path, content_path)
}

/// Parses one content file's text. `content_path` is its path relative to `content/`.
pub fn parse_content_file(
    text: Arc<str>,
    shown_path: PathBuf,
    content_path: ContentPath,
) -> Result<ContentFile, Diagnostics> {
    let split = split_front_matter(&text, &shown_path)?;
    let yaml = YamlSource {
        file: &shown_path,
        file_text: &text,
        start: split.front_matter.start,
        end: split.front_matter.end,
    };
    if yaml.text().trim().is_empty() {
        return Err(Diagnostic::new(&shown_path, "the front matter is empty")
            .at_bytes(&text, 0..3)
            .label("expected at least a `title:` line after this")
            .help("write `title: Your title` between the two `---` lines")
            .into());
    }
    let kind = if content_path.is_section_index() {
        ContentKind::Section(Arc::new(yaml.parse()?))
    } else {
        ContentKind::Page(Arc::new(yaml.parse()?))
    };
    Ok(ContentFile {
        shown_path,
        content_path,
        front_matter: split.front_matter,
        body_start: split.body_start,
        kind,
        text,
    })
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct LoadedContent {
    /// Markdown files, sorted by content path.
    pub files: Vec<ContentFile>,
    /// Other files (pictures, PDFs) beside pages, copied as they are: (source, content path).
    pub assets: Vec<(PathBuf, ContentPath)>,
}

/// Walks `content_dir` and parses every Markdown file in parallel. Hidden files and editors'
/// backup files are skipped; `root` is used to show paths relative to the site.
/// `cache`, when given, answers for the files unchanged since it last parsed them (the
/// preview's: a build parses every file once and keeps none).
pub fn load_content(
    content_dir: &Path,
    root: &Path,
    cache: Option<&ParsedContent>,
) -> Result<LoadedContent, Diagnostics> {
    if !content_dir.is_dir() {
        return Ok(LoadedContent::default());
    }
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let mut problems = Diagnostics::new();
    for entry in ignore::WalkBuilder::new(content_dir)
        .standard_filters(false)
        .hidden(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(Diagnostic::new(
                    shown(content_dir, root),
                    format!("cannot read the folder: {error}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_some_and(|kind| kind.is_dir()) || is_editor_leftover(path) {
            continue;
        }
        let content_path = ContentPath::new(relative_slash_path(path, content_dir));
        if path.extension().is_some_and(|ext| ext == "md") {
            markdown.push((path.to_path_buf(), content_path));
        } else {
            assets.push((path.to_path_buf(), content_path));
        }
    }
    let results: Vec<Result<ContentFile, Diagnostics>> = markdown
        .into_par_iter()
        .map(|(path, content_path)| match cache {
            Some(cache) => cache.parse(&path, root, content_path),
            None => parse_path(&path, root, content_path),
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(found) => problems.extend(found),
        }
    }
    problems.into_result(LoadedContent { files, assets })
}

/// `path` relative to `root` for messages, or as it is if it is elsewhere.
pub fn shown(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// `path` relative to `base`, with `/` separators whatever the platform.
pub fn relative_slash_path(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Swap files, backups and half-written temporary files that editors leave beside the real one.
pub fn is_editor_leftover(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || name.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses and keeps the first problem found.
    fn parse(text: &str, content_path: &str) -> Result<ContentFile, Diagnostic> {
        parse_content_file(
            text.into(),
            PathBuf::from(format!("content/{content_path}")),
            content_path.into(),
        )
        .map_err(|found| found.into_iter().next().expect("a failure has a problem"))
    }

    #[test]
    fn splits_front_matter_and_body() {
        let split = split_front_matter("---\ntitle: a\n---\nbody\n", Path::new("a.md")).unwrap();
        assert_eq!(split.front_matter, 4..13);
        assert_eq!(split.body_start, 17);
    }

    #[test]
    fn closing_line_at_end_of_file_without_newline() {
        let split = split_front_matter("---\ntitle: a\n---", Path::new("a.md")).unwrap();
        assert_eq!(split.body_start, 16);
    }

    #[test]
    fn unclosed_front_matter_points_at_the_opening_line() {
        let error = split_front_matter("---\ntitle: a\nbody\n", Path::new("a.md")).unwrap_err();
        assert_eq!(error.message, "the front matter is not closed");
        assert_eq!(error.location.unwrap().line, 1);
    }

    #[test]
    fn page_and_section_front_matter() {
        let page = parse("---\ntitle: Avviso\nweight: 2\n---\nTesto\n", "avvisi/a.md").unwrap();
        assert!(!page.is_section());
        assert_eq!(page.body(), "Testo\n");
        let section = parse(
            "---\ntitle: Avvisi\nsort_by: date\n---\n",
            "avvisi/_index.md",
        )
        .unwrap();
        match section.kind {
            ContentKind::Section(front) => assert_eq!(front.sort_by, SortBy::Date),
            ContentKind::Page(_) => panic!("expected a section"),
        }
    }

    #[test]
    fn unknown_key_gets_did_you_mean() {
        let error = parse("---\ntitle: a\ndraftt: true\n---\n", "a.md").unwrap_err();
        assert_eq!(error.message, "unknown key `draftt`");
        assert_eq!(error.help.as_deref(), Some("did you mean `draft`?"));
        assert_eq!(error.location.unwrap().line, 3);
    }

    #[test]
    fn section_keys_are_not_page_keys() {
        let error = parse("---\ntitle: a\nsort_by: date\n---\n", "a.md").unwrap_err();
        assert_eq!(error.message, "unknown key `sort_by`");
    }

    #[test]
    fn front_matter_that_is_a_list_is_refused() {
        let error = parse("---\n- a\n- b\n---\n", "a.md").unwrap_err();
        assert!(error.message.contains("mapping"), "{}", error.message);
    }
}
