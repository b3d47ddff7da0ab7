//! From loaded content to the validated [`Site`]: URLs, dates, sections, taxonomies, order,
//! collisions, then Markdown and link checks. Every problem is collected, none stops the others.

use crate::model::{ContentPath, Permalink};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::data::ProgrammeData;
use super::dates::{future_updates, is_future};
use super::links::render_markdown;
use super::markdown_cache::MarkdownCache;
use super::{Located, MarkdownContent, Page, PageId, Section, SectionId, Site, SitePath};
use crate::config::Config;
use crate::diagnostics::Location;

mod assets;
mod data_pages;
pub mod edit;
mod order;
mod paths;
mod taxonomies;

use crate::diagnostics::{Diagnostics, suggestion};
use crate::load::content::{ContentFile, ContentKind, LoadedContent, PageFrontMatter, SortBy};
use crate::load::yaml::{Spanned, YamlSource};
use assets::{assets, bundle_folder};
use order::newest_first;

/// What a build includes beyond the files themselves.
#[derive(Debug, Clone, Copy)]
pub struct ModelOptions {
    pub include_drafts: bool,
    /// Publish pages dated after `today` (see [`super::dates`]).
    pub include_future: bool,
    /// The build's reference date (upcoming vs past events).
    pub today: jiff::civil::Date,
}

/// Builds the site graph from `content`, or every problem found on the way.
/// `markdown`, the preview's, gives the bodies that would render as they did in its last load.
pub fn build_site(
    config: Config,
    content: LoadedContent,
    data: Option<ProgrammeData>,
    options: ModelOptions,
    markdown: Option<&MarkdownCache>,
) -> Result<Site, Diagnostics> {
    let mut problems = Diagnostics::new();
    let (section_files, page_files): (Vec<ContentFile>, Vec<ContentFile>) =
        content.files.into_iter().partition(ContentFile::is_section);

    let all_files: Vec<&ContentFile> = section_files.iter().chain(&page_files).collect();
    problems.extend(future_updates(
        &all_files,
        options.today,
        options.include_future,
    ));
    let mut builder = Builder {
        config: &config,
        problems: &mut problems,
    };
    let mut sections = builder.sections(&section_files);
    // The files of a draft (or not yet due) page bundle stay unpublished with it.
    let held_back = |file: &ContentFile| {
        (!options.include_drafts && is_draft(file))
            || (!options.include_future && is_future(file, options.today))
    };
    let draft_bundles: Vec<String> = page_files
        .iter()
        .filter(|file| held_back(file))
        .filter_map(|file| bundle_folder(&file.content_path))
        .collect();
    let page_files: Vec<ContentFile> = page_files
        .into_iter()
        .filter(|file| !held_back(file))
        .collect();
    let mut pages = builder.pages(&page_files, &sections);
    if let Some(data) = &data {
        let first_id = pages.len();
        pages.extend(builder.data_pages(data, &sections, first_id));
    }
    let taxonomies = builder.taxonomies(&page_files, &pages);
    builder.order_sections(&mut sections, &mut pages, &page_files);
    let known_paths = builder.known_paths(&sections, &pages, &taxonomies);
    let assets = assets(&content.assets, &pages, &draft_bundles);

    let pages_by_content_path = pages
        .iter()
        .map(|page| (page.content_path.clone(), page.id))
        .collect();
    let sections_by_content_path = sections
        .iter()
        .map(|section| (section.content_path.clone(), section.id))
        .collect();
    let mut site = Site {
        config,
        pages: Vec::new(),
        sections,
        taxonomies,
        assets,
        pages_by_content_path: Arc::new(pages_by_content_path),
        sections_by_content_path,
        known_paths: Arc::new(known_paths),
        data: data.map(Arc::new),
        today: options.today,
        hashed_assets: Default::default(),
    };
    // Links resolve against every page's URL, so the bodies are rendered once the graph has
    // its pages, before they are shared.
    let markdown_problems =
        render_markdown(&mut site, &mut pages, section_files, page_files, markdown);
    site.pages = pages.into_iter().map(Arc::new).collect();
    problems.extend(markdown_problems);
    problems.into_result(site)
}

fn is_draft(file: &ContentFile) -> bool {
    matches!(&file.kind, ContentKind::Page(front) if front.draft)
}

struct Builder<'a> {
    config: &'a Config,
    problems: &'a mut Diagnostics,
}

impl Builder<'_> {
    fn sections(&mut self, files: &[ContentFile]) -> Vec<Section> {
        let mut sections = Vec::with_capacity(files.len() + 1);
        let has_root = files.iter().any(|file| file.content_path == "_index.md");
        if !has_root {
            sections.push(self.made_up_home());
        }
        for file in files {
            let ContentKind::Section(front) = &file.kind else {
                continue;
            };
            let yaml = file.yaml();
            let folder = file
                .content_path
                .strip_suffix("_index.md")
                .unwrap_or_default();
            let path = SitePath::from_segments(folder.split('/').map(url_segment));
            let id = SectionId(sections.len());
            sections.push(Section {
                id,
                file: file.shown_path.clone(),
                content_path: file.content_path.clone(),
                title: front.title.value.clone(),
                description: front.description.clone(),
                updated: front.updated,
                permalink: self.permalink(&path),
                path,
                aliases: self.aliases(&yaml, &front.aliases),
                template: located_name(&yaml, front.template.as_ref()),
                page_template: located_name(&yaml, front.page_template.as_ref()),
                sort_by: front.sort_by,
                paginate_by: front.paginate_by.as_ref().and_then(|per_page| {
                    if per_page.value == 0 {
                        self.problems.push(
                            yaml.error_at(per_page, "`paginate_by` must be 1 or more")
                                .help("remove the line to list every page on one page"),
                        );
                        None
                    } else {
                        Some(per_page.value)
                    }
                }),
                generate_feed: front.generate_feed,
                weight: front.weight,
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                extra: front.extra.clone(),
                content: MarkdownContent::default(),
                from_file: true,
            });
        }
        // The home section first, so that `SectionId(0)` is always the root.
        sections.sort_by(|a, b| {
            (a.content_path != "_index.md" && a.from_file)
                .cmp(&(b.content_path != "_index.md" && b.from_file))
                .then_with(|| a.content_path.cmp(&b.content_path))
        });
        for (index, section) in sections.iter_mut().enumerate() {
            section.id = SectionId(index);
        }
        let parents: Vec<Option<SectionId>> = sections
            .iter()
            .map(|section| {
                (section.id.0 != 0).then(|| parent_section(&sections, &section.content_path))
            })
            .collect();
        for (section, parent) in sections.iter_mut().zip(parents) {
            section.parent = parent;
        }
        sections
    }

    fn made_up_home(&self) -> Section {
        let path = SitePath::root();
        Section {
            id: SectionId(0),
            file: PathBuf::from("content/_index.md"),
            content_path: ContentPath::new(ContentPath::ROOT_INDEX),
            title: self.config.title.clone(),
            description: Some(self.config.description.clone()).filter(|d| !d.is_empty()),
            updated: None,
            permalink: self.permalink(&path),
            path,
            aliases: Vec::new(),
            template: None,
            page_template: None,
            sort_by: SortBy::None,
            paginate_by: None,
            generate_feed: false,
            weight: None,
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            extra: serde_json::Map::new(),
            content: MarkdownContent::default(),
            from_file: false,
        }
    }

    fn pages(&mut self, files: &[ContentFile], sections: &[Section]) -> Vec<Page> {
        files
            .iter()
            .enumerate()
            .filter_map(|(index, file)| match &file.kind {
                ContentKind::Page(front) => Some(self.page(PageId(index), file, front, sections)),
                ContentKind::Section(_) => None,
            })
            .collect()
    }

    fn page(
        &mut self,
        id: PageId,
        file: &ContentFile,
        front: &PageFrontMatter,
        sections: &[Section],
    ) -> Page {
        let yaml = file.yaml();
        let (slug, path, path_written_at) = self.page_path(&yaml, &file.content_path, front);
        let taxonomies = self.page_taxonomies(&yaml, front);
        Page {
            id,
            file: file.shown_path.clone(),
            content_path: file.content_path.clone(),
            title: front.title.value.clone(),
            description: front.description.clone(),
            date: front.date,
            updated: front.updated,
            draft: front.draft,
            slug,
            permalink: self.permalink(&path),
            path,
            path_written_at,
            aliases: self.aliases(&yaml, &front.aliases),
            template: located_name(&yaml, front.template.as_ref()),
            weight: front.weight,
            section: parent_section(sections, &file.content_path),
            taxonomies,
            extra: front.extra.clone(),
            content: MarkdownContent::default(),
            previous: None,
            next: None,
            data: None,
        }
    }

    /// A page's slug and URL: from its file's place, its `slug`, or the `path` it declares
    /// (with where that was written).
    fn page_path(
        &mut self,
        yaml: &YamlSource,
        content_path: &str,
        front: &PageFrontMatter,
    ) -> (String, SitePath, Option<Location>) {
        let (folder, file_name) = match content_path.rsplit_once('/') {
            Some((folder, name)) => (folder, name),
            None => ("", content_path),
        };
        // `a/b/index.md` is the page `/a/b/`, with the files beside it as its assets.
        let is_bundle = file_name == "index.md";
        let stem = if is_bundle {
            folder.rsplit('/').next().unwrap_or_default()
        } else {
            file_name.trim_end_matches(".md")
        };
        let parent_folder = if is_bundle {
            folder.rsplit_once('/').map_or("", |(parent, _)| parent)
        } else {
            folder
        };
        let slug = match &front.slug {
            Some(written) => {
                let slug = slug::slugify(&written.value);
                if slug.is_empty() {
                    self.problems.push(
                        yaml.error_at(written, "the slug has no letters or digits")
                            .label("expected something like \"primo-avviso\""),
                    );
                }
                slug
            }
            None => url_segment(stem),
        };
        let mut segments: Vec<String> = parent_folder
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(url_segment)
            .collect();
        segments.push(slug.clone());
        let folder_path = SitePath::from_segments(&segments);
        let (path, written_at) = match &front.path {
            Some(written) => match SitePath::parse(&written.value) {
                Ok(path) => (path, Some(yaml.locate(&written.referenced))),
                Err(expected) => {
                    self.problems.push(
                        yaml.error_at(written, format!("`{}` is not a usable path", written.value))
                            .label(format!("expected {expected}")),
                    );
                    (folder_path, None)
                }
            },
            None => (folder_path, None),
        };
        (slug, path, written_at)
    }

    /// The page's terms per declared taxonomy; an undeclared taxonomy is an error.
    fn page_taxonomies(
        &mut self,
        yaml: &YamlSource,
        front: &PageFrontMatter,
    ) -> BTreeMap<String, Vec<String>> {
        let mut taxonomies = BTreeMap::new();
        let mut written_taxonomies: Vec<_> = front.taxonomies.iter().collect();
        written_taxonomies.sort_by(|a, b| a.0.value.cmp(&b.0.value));
        for (name, terms) in written_taxonomies {
            if self.config.taxonomies.iter().any(|t| t.name == name.value) {
                let terms: Vec<String> = terms.iter().map(|term| term.value.clone()).collect();
                taxonomies.insert(name.value.clone(), terms);
            } else {
                let declared: Vec<&str> = self
                    .config
                    .taxonomies
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect();
                self.problems.push(
                    yaml.error_at(name, format!("unknown taxonomy `{}`", name.value))
                        .label("not declared in config.toml")
                        .maybe_help(suggestion(&name.value, declared.iter().copied()).or_else(
                            || {
                                Some(format!(
                                    "declare it in config.toml: taxonomies = [{{ name = \"{}\" }}]",
                                    name.value
                                ))
                            },
                        )),
                );
            }
        }
        taxonomies
    }

    fn aliases(
        &mut self,
        yaml: &YamlSource,
        written: &[Spanned<String>],
    ) -> Vec<Located<SitePath>> {
        written
            .iter()
            .filter_map(|alias| match SitePath::parse(&alias.value) {
                Ok(path) => Some(Located {
                    value: path,
                    file: yaml.file.to_path_buf(),
                    at: Some(yaml.locate(&alias.referenced)),
                }),
                Err(expected) => {
                    self.problems.push(
                        yaml.error_at(alias, format!("`{}` is not a usable alias", alias.value))
                            .label(format!("expected {expected}")),
                    );
                    None
                }
            })
            .collect()
    }

    fn permalink(&self, path: &SitePath) -> Permalink {
        Permalink::new(self.config.base_url(), path)
    }
}

fn located_name(yaml: &YamlSource, written: Option<&Spanned<String>>) -> Option<Located<String>> {
    written.map(|name| Located {
        value: name.value.clone(),
        file: yaml.file.to_path_buf(),
        at: Some(yaml.locate(&name.referenced)),
    })
}

/// The section a content file belongs to: the nearest folder above it with an `_index.md`.
fn parent_section(sections: &[Section], content_path: &str) -> SectionId {
    let mut folder = content_path
        .trim_end_matches("/_index.md")
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    if content_path == "_index.md" {
        return SectionId(0);
    }
    loop {
        let index_path = if folder.is_empty() {
            "_index.md".to_owned()
        } else {
            format!("{folder}/_index.md")
        };
        if let Some(section) = sections.iter().find(|s| *s.content_path == *index_path) {
            return section.id;
        }
        match folder.rsplit_once('/') {
            Some((parent, _)) => folder = parent,
            None if !folder.is_empty() => folder = "",
            None => return SectionId(0),
        }
    }
}

/// A folder or file name as a URL segment: `Forlì-Cesena` → `forli-cesena`.
fn url_segment(name: &str) -> String {
    slug::slugify(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_path_normalises_what_editors_write() {
        assert_eq!(
            SitePath::parse("chi-siamo").unwrap().as_str(),
            "/chi-siamo/"
        );
        assert_eq!(SitePath::parse("/a/b.html").unwrap().as_str(), "/a/b.html");
        assert_eq!(SitePath::parse("/").unwrap().as_str(), "/");
        assert!(SitePath::parse("../../etc").is_err());
        assert!(SitePath::parse("https://e.it/a").is_err());
        assert!(SitePath::parse("/a b/").is_err());
    }

    #[test]
    fn output_files_of_paths() {
        assert_eq!(SitePath::root().output_file(), "index.html");
        assert_eq!(
            SitePath::parse("/a/b/").unwrap().output_file(),
            "a/b/index.html"
        );
        assert_eq!(
            SitePath::parse("/atom.xml").unwrap().output_file(),
            "atom.xml"
        );
    }

    #[test]
    fn url_segments_fold_accents() {
        assert_eq!(url_segment("Forlì-Cesena"), "forli-cesena");
        assert_eq!(url_segment("Reggio nell'Emilia"), "reggio-nell-emilia");
    }
}
