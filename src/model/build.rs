//! From loaded content to the validated [`Site`]: URLs, dates, sections, taxonomies, order,
//! collisions, then Markdown and link checks. Every problem is collected, none stops the others.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::data::ProgrammeData;
use super::links::render_markdown;
use super::*;
use crate::diagnostics::{Diagnostics, suggestion};
use crate::load::content::{ContentFile, ContentKind, LoadedContent, PageFrontMatter};
use crate::load::yaml::{Spanned, YamlSource};

/// What a build includes beyond the files themselves.
#[derive(Debug, Clone, Copy)]
pub struct ModelOptions {
    pub include_drafts: bool,
    /// The build's reference date (upcoming vs past events).
    pub today: jiff::civil::Date,
}

/// Builds the site graph from `content`, or every problem found on the way.
pub fn build_site(
    config: Config,
    content: LoadedContent,
    data: Option<ProgrammeData>,
    options: ModelOptions,
) -> Result<Site, Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut builder = Builder {
        config: &config,
        problems: &mut problems,
    };
    let (section_files, page_files): (Vec<ContentFile>, Vec<ContentFile>) =
        content.files.into_iter().partition(ContentFile::is_section);

    let mut sections = builder.sections(&section_files);
    // The files of a draft page bundle stay unpublished with it.
    let draft_bundles: Vec<String> = page_files
        .iter()
        .filter(|file| !options.include_drafts && is_draft(file))
        .filter_map(|file| bundle_folder(&file.content_path))
        .collect();
    let page_files: Vec<ContentFile> = page_files
        .into_iter()
        .filter(|file| options.include_drafts || !is_draft(file))
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
        pages,
        sections,
        taxonomies,
        assets,
        pages_by_content_path,
        sections_by_content_path,
        known_paths,
        data,
        today: options.today,
        hashed_assets: Default::default(),
    };
    let markdown_problems = render_markdown(&mut site, section_files, page_files);
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
            content_path: "_index.md".to_owned(),
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
        let (folder, file_name) = match file.content_path.rsplit_once('/') {
            Some((folder, name)) => (folder, name),
            None => ("", file.content_path.as_str()),
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
        let (path, path_written_at) = match &front.path {
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

    /// Pages born from data records: one per participating Province (`/province/<slug>/`,
    /// listed by `content/province/_index.md` when it exists) and one per event
    /// (`/calendario/<id>/`, listed by `content/calendario/_index.md`).
    fn data_pages(&self, data: &ProgrammeData, sections: &[Section], first_id: usize) -> Vec<Page> {
        let section_of = |content_path: &str| {
            sections
                .iter()
                .find(|s| s.content_path == content_path)
                .map_or(SectionId(0), |s| s.id)
        };
        let provinces_section = section_of("province/_index.md");
        let calendar_section = section_of("calendario/_index.md");
        let mut pages = Vec::with_capacity(data.provinces.len() + data.events.len());
        for (index, province) in data.provinces.iter().enumerate() {
            let group = &data.groups[province.group];
            pages.push(self.data_page(DataPage {
                id: PageId(first_id + pages.len()),
                file: province.file.clone(),
                content_path: format!("data/provinces/{}.yaml", province.sigla),
                title: province.unit.name.clone(),
                description: format!(
                    "{} {} ({}): percorso, team, Comuni serviti e calendario nel progetto Province & Comuni, {}.",
                    province.unit.kind, province.unit.name, province.unit.region, group.name
                ),
                path: SitePath::from_segments(["province", province.slug.as_str()]),
                template: "province.html",
                section: provinces_section,
                record: DataRecord::Province(index),
                slug: province.slug.clone(),
                // The page changes when its events or its work do.
                updated: province
                    .events
                    .iter()
                    .map(|e| data.events[*e].updated)
                    .chain(
                        province
                            .project_work
                            .and_then(|w| data.project_works[w].publication_date),
                    )
                    .max(),
                date: None,
            }));
        }
        for (index, event) in data.events.iter().enumerate() {
            let who = match (event.group, event.province) {
                (Some(group), _) => data.groups[group].name.clone(),
                (_, Some(province)) => data.provinces[province].unit.name.clone(),
                _ => String::new(),
            };
            pages.push(self.data_page(DataPage {
                id: PageId(first_id + pages.len()),
                file: event.file.clone(),
                content_path: format!("data/events#{}", event.id),
                title: format!("{} – {who}", event.title),
                description: format!(
                    "{}: {}, {}.",
                    event.title,
                    who,
                    crate::time::date_time_it(&event.start)
                ),
                path: SitePath::from_segments(["calendario", event.id.as_str()]),
                template: "event.html",
                section: calendar_section,
                record: DataRecord::Event(index),
                slug: event.id.clone(),
                updated: Some(event.updated),
                date: None,
            }));
        }
        let archive_section = section_of("archivio/_index.md");
        for (index, work) in data.project_works.iter().enumerate() {
            if !work.published {
                continue;
            }
            let province = &data.provinces[work.province];
            pages.push(
                self.data_page(DataPage {
                    id: PageId(first_id + pages.len()),
                    file: work.file.clone(),
                    content_path: format!("data/project-works/{}", province.sigla),
                    title: work.title.clone(),
                    description: work
                        .abstract_text
                        .clone()
                        .unwrap_or_else(|| work.title.clone()),
                    path: crate::model::data::work_path(province),
                    template: "work.html",
                    section: archive_section,
                    record: DataRecord::Work(index),
                    slug: province.slug.clone(),
                    updated: work.publication_date,
                    date: work.publication_date,
                }),
            );
        }
        pages
    }

    fn data_page(&self, page: DataPage) -> Page {
        Page {
            id: page.id,
            file: page.file.clone(),
            content_path: page.content_path,
            title: page.title,
            description: Some(page.description),
            date: page.date,
            updated: page.updated,
            draft: false,
            slug: page.slug,
            permalink: self.permalink(&page.path),
            path: page.path,
            path_written_at: None,
            aliases: Vec::new(),
            template: Some(Located {
                value: page.template.to_owned(),
                file: page.file,
                at: None,
            }),
            weight: None,
            section: page.section,
            taxonomies: BTreeMap::new(),
            extra: serde_json::Map::new(),
            content: MarkdownContent::default(),
            previous: None,
            next: None,
            data: Some(page.record),
        }
    }

    fn permalink(&self, path: &SitePath) -> String {
        format!("{}{}", self.config.base_url(), path)
    }

    fn taxonomies(&mut self, files: &[ContentFile], pages: &[Page]) -> Vec<Taxonomy> {
        let mut taxonomies = Vec::new();
        for declared in &self.config.taxonomies {
            let path = SitePath::from_segments([declared.name.as_str()]);
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for page in pages {
                let Some(names) = page.taxonomies.get(&declared.name) else {
                    continue;
                };
                for name in names {
                    let slug = slug::slugify(name);
                    if slug.is_empty() {
                        self.problems
                            .push(empty_term_problem(files, page, &declared.name, name));
                        continue;
                    }
                    let term = terms.entry(slug.clone()).or_insert_with(|| {
                        let term_path = path.join(&slug);
                        Term {
                            name: name.clone(),
                            permalink: self.permalink(&term_path),
                            path: term_path,
                            slug,
                            pages: Vec::new(),
                        }
                    });
                    // Pages come in order: a term written twice on one page is the last one.
                    if term.pages.last() != Some(&page.id) {
                        term.pages.push(page.id);
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            for term in &mut terms {
                term.pages
                    .sort_by(|a, b| newest_first(&pages[a.0], &pages[b.0]));
            }
            taxonomies.push(Taxonomy {
                name: declared.name.clone(),
                title: declared
                    .title
                    .clone()
                    .unwrap_or_else(|| declared.name.clone()),
                permalink: self.permalink(&path),
                path,
                paginate_by: declared.paginate_by,
                feed: declared.feed,
                terms,
            });
        }
        taxonomies
    }

    /// Fills each section's page list in its order, links neighbours, and lists sub-sections.
    fn order_sections(
        &mut self,
        sections: &mut [Section],
        pages: &mut [Page],
        files: &[ContentFile],
    ) {
        for page in pages.iter() {
            sections[page.section.0].pages.push(page.id);
        }
        for section in sections.iter_mut() {
            if section.sort_by == SortBy::Date {
                for id in &section.pages {
                    let page = &pages[id.0];
                    if page.date.is_none() {
                        let text = files.get(id.0).map_or("", |file| &file.text);
                        self.problems.push(
                            Diagnostic::new(&page.file, "this page has no `date`")
                                .at_bytes(text, 0..3)
                                .label(format!(
                                    "its section {} sorts pages by date",
                                    section.file.display()
                                ))
                                .help("add a line such as `date: 2025-12-04` to the front matter"),
                        );
                    }
                }
            }
            let sort_by = section.sort_by;
            section.pages.sort_by(|a, b| {
                let (a, b) = (&pages[a.0], &pages[b.0]);
                match sort_by {
                    SortBy::Date => newest_first(a, b),
                    SortBy::Weight => a
                        .weight
                        .unwrap_or(i64::MAX)
                        .cmp(&b.weight.unwrap_or(i64::MAX))
                        .then_with(|| a.title.cmp(&b.title)),
                    SortBy::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
                    SortBy::None => a.content_path.cmp(&b.content_path),
                }
                .then_with(|| a.content_path.cmp(&b.content_path))
            });
            if sort_by != SortBy::None {
                for pair in section.pages.windows(2) {
                    pages[pair[0].0].next = Some(pair[1]);
                    pages[pair[1].0].previous = Some(pair[0]);
                }
            }
        }
        let mut children: Vec<Vec<SectionId>> = vec![Vec::new(); sections.len()];
        for section in sections.iter() {
            if let Some(parent) = section.parent {
                children[parent.0].push(section.id);
            }
        }
        for (section, mut subsections) in sections.iter_mut().zip(children) {
            subsections.sort_by_key(|id| id.0);
            section.subsections = subsections;
        }
        let order: Vec<(Option<i64>, String)> = sections
            .iter()
            .map(|s| (s.weight, s.title.clone()))
            .collect();
        for section in sections.iter_mut() {
            section.subsections.sort_by(|a, b| {
                let (a, b) = (&order[a.0], &order[b.0]);
                a.0.unwrap_or(i64::MAX)
                    .cmp(&b.0.unwrap_or(i64::MAX))
                    .then_with(|| a.1.cmp(&b.1))
            });
        }
    }

    /// Every URL a page, section, alias or taxonomy claims; two claims on one URL are an error
    /// naming both.
    fn known_paths(
        &mut self,
        sections: &[Section],
        pages: &[Page],
        taxonomies: &[Taxonomy],
    ) -> HashMap<SitePath, String> {
        let mut claims: BTreeMap<SitePath, Vec<Claim>> = BTreeMap::new();
        let mut claim = |path: &SitePath, claim: Claim| {
            claims.entry(path.clone()).or_default().push(claim);
        };
        for section in sections {
            claim(&section.path, Claim::of(&section.file, None, "the section"));
            for alias in &section.aliases {
                claim(
                    &alias.value,
                    Claim::of(&alias.file, alias.at.clone(), "an alias"),
                );
            }
        }
        for page in pages {
            claim(
                &page.path,
                Claim::of(&page.file, page.path_written_at.clone(), "the page"),
            );
            for alias in &page.aliases {
                claim(
                    &alias.value,
                    Claim::of(&alias.file, alias.at.clone(), "an alias"),
                );
            }
        }
        for taxonomy in taxonomies {
            let config_file = PathBuf::from("config.toml");
            claim(
                &taxonomy.path,
                Claim::of(&config_file, None, "a taxonomy list"),
            );
            for term in &taxonomy.terms {
                claim(&term.path, Claim::of(&config_file, None, "a taxonomy term"));
            }
        }
        let mut known = HashMap::with_capacity(claims.len());
        for (path, claimants) in claims {
            if claimants.len() > 1 {
                // Point at the claim written in a file (a `path` or an alias) when there is one:
                // that is the line to change.
                let reported = claimants
                    .iter()
                    .position(|claim| claim.at.is_some())
                    .unwrap_or(1);
                let other = &claimants[usize::from(reported == 0)];
                let claim = &claimants[reported];
                self.problems.push(
                    claim
                        .diagnostic(format!("two files claim the URL {path}"))
                        .label(format!("{} here", claim.what))
                        .help(format!(
                            "{} {} also has this URL: change a `slug`, `path` or alias",
                            other.what,
                            other.file.display()
                        )),
                );
            }
            let owner = claimants[0].file.display().to_string();
            known.insert(path, owner);
        }
        known
    }
}

/// What a data-born page needs to be made.
struct DataPage {
    id: PageId,
    file: PathBuf,
    content_path: String,
    title: String,
    description: String,
    path: SitePath,
    template: &'static str,
    section: SectionId,
    record: DataRecord,
    slug: String,
    updated: Option<crate::time::LocalDateTime>,
    date: Option<crate::time::LocalDateTime>,
}

/// Who claims a URL, for the duplicate-URL message.
struct Claim {
    file: PathBuf,
    at: Option<Location>,
    what: &'static str,
}

impl Claim {
    fn of(file: &std::path::Path, at: Option<Location>, what: &'static str) -> Self {
        Claim {
            file: file.to_path_buf(),
            at,
            what,
        }
    }

    fn diagnostic(&self, message: String) -> Diagnostic {
        let diagnostic = Diagnostic::new(&self.file, message);
        match &self.at {
            Some(at) => diagnostic.at(at.clone()),
            None => diagnostic,
        }
    }
}

fn empty_term_problem(
    files: &[ContentFile],
    page: &Page,
    taxonomy: &str,
    term: &str,
) -> Diagnostic {
    let file = &files[page.id.0];
    let at = file.text.find(term).unwrap_or(0);
    Diagnostic::new(
        &page.file,
        format!("the {taxonomy} term `{term}` has no letters or digits"),
    )
    .at_bytes(&file.text, at..at + term.len())
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
        if let Some(section) = sections.iter().find(|s| s.content_path == index_path) {
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

fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.content_path.cmp(&b.content_path))
}

/// `a/b/index.md` → `a/b/`: the folder whose files belong to that page.
fn bundle_folder(content_path: &str) -> Option<String> {
    if content_path == "index.md" {
        return Some(String::new());
    }
    content_path
        .strip_suffix("/index.md")
        .map(|folder| format!("{folder}/"))
}

/// Files beside a page bundle (`a/index.md`) go next to its page; other files keep their place
/// under `content/`. Files of draft bundles are left out.
fn assets(assets: &[(PathBuf, String)], pages: &[Page], draft_bundles: &[String]) -> Vec<Asset> {
    let bundles: HashMap<String, String> = pages
        .iter()
        .filter_map(|page| {
            let folder = bundle_folder(&page.content_path)?;
            // A page whose `path` names a file (`/modulo.html`) keeps its files in that folder.
            let page_folder = match page.path.as_str().rsplit_once('/') {
                Some((folder, _)) => format!("{}/", folder.trim_start_matches('/')),
                None => String::new(),
            };
            Some((folder, page_folder.trim_start_matches('/').to_owned()))
        })
        .collect();
    assets
        .iter()
        .filter(|(_, content_path)| {
            !draft_bundles
                .iter()
                .any(|folder| content_path.starts_with(folder.as_str()))
        })
        .map(|(source, content_path)| {
            let (folder, name) = match content_path.rsplit_once('/') {
                Some((folder, name)) => (format!("{folder}/"), name),
                None => (String::new(), content_path.as_str()),
            };
            let output_file = match bundles.get(&folder) {
                Some(page_folder) => format!("{page_folder}{name}"),
                None => content_path.clone(),
            };
            Asset {
                source: source.clone(),
                output_file,
            }
        })
        .collect()
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
