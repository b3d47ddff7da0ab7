//! The validated site graph: every page, section and taxonomy term with its URL, rendered
//! Markdown and relations. Built once by [`build::build_site`], then only read.

pub mod asset_hash;
pub mod build;
pub mod data;
pub mod dates;
pub mod fingerprint;
pub mod heading;
pub mod ids;
pub mod kinds;
pub mod links;
pub mod markdown_cache;
mod paths;
pub mod refs;
pub mod routes;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location};
use crate::load::content::SortBy;
pub use crate::load::content_path::ContentPath;
use crate::markdown::Heading;
use crate::time::LocalDateTime;
pub use kinds::DataRecord;
pub use paths::{Permalink, SitePath};

/// A value from an input file together with where it was written, so that a later check (a
/// missing template, a colliding path) can still point at it.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub file: PathBuf,
    pub at: Option<Location>,
}

impl<T> Located<T> {
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        let diagnostic = Diagnostic::new(&self.file, message);
        match &self.at {
            Some(at) => diagnostic.at(at.clone()),
            None => diagnostic,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(pub usize);

/// A page: one Markdown file of `content/` (and, later, one data record).
#[derive(Debug, Clone)]
pub struct Page {
    pub id: PageId,
    pub file: PathBuf,
    /// Path relative to `content/`, as `@/` links and `get_page` name it.
    pub content_path: ContentPath,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<LocalDateTime>,
    pub updated: Option<LocalDateTime>,
    pub draft: bool,
    pub slug: String,
    pub path: SitePath,
    /// Where the `path` front matter key was written, if the URL came from it.
    pub path_written_at: Option<Location>,
    pub permalink: Permalink,
    pub aliases: Vec<Located<SitePath>>,
    pub template: Option<Located<String>>,
    pub weight: Option<i64>,
    pub section: SectionId,
    /// Terms per taxonomy name, as written (the term page URLs come from the taxonomy).
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub content: MarkdownContent,
    /// Neighbours in the section's order (`None` at the ends or in unsorted sections).
    pub previous: Option<PageId>,
    pub next: Option<PageId>,
    /// The data record this page shows, for pages born from `data/`.
    pub data: Option<DataRecord>,
}

/// A section: a folder of `content/` with an `_index.md`, listing its pages.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: SectionId,
    pub file: PathBuf,
    pub content_path: ContentPath,
    pub title: String,
    pub description: Option<String>,
    pub updated: Option<LocalDateTime>,
    pub path: SitePath,
    pub permalink: Permalink,
    pub aliases: Vec<Located<SitePath>>,
    pub template: Option<Located<String>>,
    pub page_template: Option<Located<String>>,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub generate_feed: bool,
    pub weight: Option<i64>,
    pub parent: Option<SectionId>,
    /// Direct pages, in the section's order.
    pub pages: Vec<PageId>,
    /// Direct sub-sections, by weight then title.
    pub subsections: Vec<SectionId>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub content: MarkdownContent,
    /// `false` for the home section made up when `content/_index.md` is missing.
    pub from_file: bool,
}

/// Rendered Markdown body of a page or section.
#[derive(Debug, Clone, Default)]
pub struct MarkdownContent {
    pub html: String,
    pub summary_html: Option<String>,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    /// Links to site paths (`/calendario/`), checked once every output is known.
    pub site_links: Vec<Located<String>>,
    /// The ids of its headings, which links can name after `#`.
    pub anchors: std::collections::HashSet<String>,
}

/// A taxonomy (`tags`) and its terms.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub name: String,
    pub title: String,
    pub path: SitePath,
    pub permalink: Permalink,
    pub paginate_by: Option<usize>,
    pub feed: bool,
    /// Terms sorted by slug.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: SitePath,
    pub permalink: Permalink,
    /// Newest first, then by title.
    pub pages: Vec<PageId>,
}

/// A file of `content/` that is not Markdown, copied next to the pages.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    pub output_file: String,
}

/// The whole validated site. Its large parts are shared (`Arc`), so that the preview makes the
/// graph after an edit as a copy that shares every unchanged page, never by changing this one.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Arc<Page>>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    pub assets: Vec<Asset>,
    /// Content path (`avvisi/a.md`) → page.
    pub pages_by_content_path: Arc<HashMap<ContentPath, PageId>>,
    /// Content path (`avvisi/_index.md`) → section.
    pub sections_by_content_path: HashMap<ContentPath, SectionId>,
    /// Every page, section and alias path, for `get_url` and link checks.
    pub known_paths: Arc<HashMap<SitePath, String>>,
    /// The validated programme data, when the site has a `data/` folder.
    pub data: Option<Arc<data::ProgrammeData>>,
    /// The date the build is made for: events before it are past.
    pub today: jiff::civil::Date,
    /// Hashed names of stylesheets, scripts and fonts (empty in the preview).
    pub hashed_assets: asset_hash::HashedAssets,
}

impl Site {
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0]
    }

    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0]
    }

    /// Every alias of a page or section, with the permalink it leads to.
    pub fn aliases(&self) -> impl Iterator<Item = (&Located<SitePath>, &Permalink)> {
        let pages = self
            .pages
            .iter()
            .map(|page| (&page.aliases, &page.permalink));
        let sections = self.sections.iter().map(|s| (&s.aliases, &s.permalink));
        pages
            .chain(sections)
            .flat_map(|(aliases, target)| aliases.iter().map(move |alias| (alias, target)))
    }

    /// The home section (`content/_index.md`, or the one made up in its place).
    pub fn root_section(&self) -> &Section {
        &self.sections[0]
    }

    pub fn permalink(&self, path: &SitePath) -> Permalink {
        Permalink::new(self.config.base_url(), path)
    }

    /// The permalink of the page or section at `content_path` (`avvisi/a.md`).
    pub fn permalink_of_content(&self, content_path: &str) -> Option<&str> {
        if let Some(id) = self.pages_by_content_path.get(content_path) {
            return Some(&self.page(*id).permalink);
        }
        self.sections_by_content_path
            .get(content_path)
            .map(|id| self.section(*id).permalink.as_str())
    }

    /// The content path of every page and section.
    pub fn content_paths(&self) -> impl Iterator<Item = &ContentPath> {
        self.pages_by_content_path
            .keys()
            .chain(self.sections_by_content_path.keys())
    }

    /// How many pages come from data records.
    pub fn data_page_count(&self) -> usize {
        self.pages.iter().filter(|page| page.data.is_some()).count()
    }
}
