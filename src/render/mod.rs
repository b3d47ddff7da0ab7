//! From the site graph to output files: a flat list of render jobs (one per output), run in
//! parallel through Tera, then link-checked and minified.

mod data_views;
pub mod functions;
pub mod ics;
pub mod incremental;
mod minify;
mod opendata;
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
use views::Views;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::data::EventKind;
use crate::model::data::ProgrammeData;
use crate::model::{DataRecord, Located, Page, PageId, Section, Site, SitePath, Taxonomy, Term};
use crate::output::{OutputData, OutputFile};

/// One output of the build and how to make it.
enum Job<'a> {
    Page(&'a Page),
    /// Page `pager` (0-based) of a section's list.
    Section {
        section: &'a Section,
        pager: usize,
    },
    TaxonomyList(&'a Taxonomy),
    Term {
        taxonomy: &'a Taxonomy,
        term: &'a Term,
        pager: usize,
    },
    Feed(Feed),
    Alias {
        from: SitePath,
        to: String,
        /// The file that declared the alias, for messages.
        origin: String,
    },
    Sitemap,
    Robots,
    NotFound,
    /// An iCalendar feed of some events.
    Ics(IcsFeed),
    /// JSON, CSV and the DCAT-AP_IT catalogue under `/opendata/`.
    OpenData,
    /// The calendar reduced to the events of one group, Province, step or kind.
    FilterPage(FilterPage),
}

struct IcsFeed {
    path: SitePath,
    name: String,
    description: String,
    events: Vec<usize>,
}

/// A static filtered view of the calendar or the archive, so filters work without JavaScript.
struct FilterPage {
    path: SitePath,
    /// `group`, `province`, `step`, `kind`, `region`, `year` or `keyword`.
    dimension: &'static str,
    value: String,
    label: String,
    list: FilterList,
}

/// The records a filter page shows, by index.
enum FilterList {
    Events(Vec<usize>),
    Works(Vec<usize>),
}

impl FilterList {
    /// The template and the section (for title and breadcrumbs) of the unfiltered list.
    fn template_and_section(&self) -> (&'static str, &'static str) {
        match self {
            FilterList::Events(_) => ("calendar.html", "calendario/_index.md"),
            FilterList::Works(_) => ("archive.html", "archivio/_index.md"),
        }
    }
}

/// An Atom feed: its URL, the page it belongs to, and its entries (newest first).
struct Feed {
    /// The file that asked for the feed, for messages.
    origin: String,
    title: String,
    path: SitePath,
    alternate: String,
    pages: Vec<PageId>,
}

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
            Diagnostic::new(
                "content",
                format!("two outputs would be written to /{}", pair[0].path),
            )
            .help("a page's `path` or alias takes the place of a file portico generates: change it")
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

/// The record a data-born page shows, as an input key: `province:MB`, `event:<id>`, `work:MB`.
fn record_key(site: &Site, page: &Page) -> Option<String> {
    let data = site.data.as_ref()?;
    Some(match page.data? {
        DataRecord::Province(index) => format!("province:{}", data.provinces[index].sigla),
        DataRecord::Event(index) => format!("event:{}", data.events[index].id),
        DataRecord::Work(index) => {
            format!(
                "work:{}",
                data.provinces[data.project_works[index].province].sigla
            )
        }
    })
}

/// A fingerprint of what each data-born page shows and of each `get_data` list, so that the
/// next render knows which records changed whatever file they came from.
fn record_fingerprints(site: &Site, views: &Views) -> std::collections::HashMap<String, u64> {
    use std::hash::{Hash, Hasher};
    let fingerprint = |value: &Value| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        value.to_string().hash(&mut hasher);
        hasher.finish()
    };
    let mut records: std::collections::HashMap<String, u64> = site
        .pages
        .iter()
        .filter_map(|page| {
            Some((
                record_key(site, page)?,
                fingerprint(&views.pages[page.id.0]),
            ))
        })
        .collect();
    if let Some(data) = &views.data {
        for name in data_views::DataViews::NAMES {
            if let Some(list) = data.get(name) {
                records.insert(format!("get_data:{name}"), fingerprint(&list));
            }
        }
    }
    records
}

/// What a job reads besides what its template functions record: its templates, its own
/// source, and the pages it shows.
fn job_inputs(site: &Site, job: &Job, templates: &Templates) -> Inputs {
    let mut read = Inputs::new();
    let content = |path: &str| Input::Content(path.to_owned());
    let template = match job {
        Job::Page(page) => page_template(site, page).value,
        Job::Section { section, .. } => section_template(section).value,
        Job::TaxonomyList(_) => "taxonomy_list.html".to_owned(),
        Job::Term { .. } => "taxonomy_term.html".to_owned(),
        Job::Feed(_) => "atom.xml".to_owned(),
        Job::Alias { .. } => "alias.html".to_owned(),
        Job::Sitemap => "sitemap.xml".to_owned(),
        Job::Robots => "robots.txt".to_owned(),
        Job::NotFound => "404.html".to_owned(),
        Job::FilterPage(filter) => filter.list.template_and_section().0.to_owned(),
        Job::Ics(_) | Job::OpenData => String::new(),
    };
    read.extend(
        templates
            .closure(&template)
            .into_iter()
            .map(Input::Template),
    );
    let section_and_ancestors = |read: &mut Inputs, mut id: Option<crate::model::SectionId>| {
        while let Some(section) = id {
            read.insert(content(&site.section(section).content_path));
            id = site.section(section).parent;
        }
    };
    match job {
        Job::Page(page) => {
            read.insert(content(&page.content_path));
            section_and_ancestors(&mut read, Some(page.section));
            for neighbour in [page.previous, page.next].into_iter().flatten() {
                read.insert(content(&site.page(neighbour).content_path));
            }
            read.extend(record_key(site, page).map(Input::Record));
        }
        Job::Section { section, .. } => {
            read.insert(Input::Structure);
            section_and_ancestors(&mut read, Some(section.id));
            read.extend(
                section
                    .pages
                    .iter()
                    .map(|id| content(&site.page(*id).content_path)),
            );
            read.extend(
                section
                    .subsections
                    .iter()
                    .map(|id| content(&site.section(*id).content_path)),
            );
            read.extend(
                section
                    .pages
                    .iter()
                    .filter_map(|id| record_key(site, site.page(*id)).map(Input::Record)),
            );
        }
        Job::TaxonomyList(taxonomy) => {
            read.insert(Input::Structure);
            for term in &taxonomy.terms {
                read.extend(
                    term.pages
                        .iter()
                        .map(|id| content(&site.page(*id).content_path)),
                );
            }
        }
        Job::Term { term, .. } => {
            read.insert(Input::Structure);
            read.extend(
                term.pages
                    .iter()
                    .map(|id| content(&site.page(*id).content_path)),
            );
        }
        Job::Feed(feed) => {
            read.insert(Input::Structure);
            read.extend(
                feed.pages
                    .iter()
                    .map(|id| content(&site.page(*id).content_path)),
            );
            read.extend(
                feed.pages
                    .iter()
                    .filter_map(|id| record_key(site, site.page(*id)).map(Input::Record)),
            );
        }
        // A redirect names the permalink of a page that may move: any change of structure.
        Job::Alias { .. } => {
            read.insert(Input::Structure);
        }
        // The sitemap lists every page with its date.
        Job::Sitemap => {
            read.insert(Input::Structure);
            read.insert(Input::Data);
            read.extend(site.pages.iter().map(|page| content(&page.content_path)));
        }
        Job::Robots | Job::NotFound => {}
        Job::FilterPage(filter) => {
            read.insert(Input::Structure);
            read.insert(content(filter.list.template_and_section().1));
            if let Some(data) = &site.data {
                match &filter.list {
                    FilterList::Events(events) => read.extend(
                        events
                            .iter()
                            .map(|e| Input::Record(format!("event:{}", data.events[*e].id))),
                    ),
                    FilterList::Works(works) => read.extend(works.iter().map(|w| {
                        let province = &data.provinces[data.project_works[*w].province];
                        Input::Record(format!("work:{}", province.sigla))
                    })),
                }
            }
        }
        Job::Ics(feed) => {
            read.insert(Input::Structure);
            if let Some(data) = &site.data {
                read.extend(
                    feed.events
                        .iter()
                        .map(|e| Input::Record(format!("event:{}", data.events[*e].id))),
                );
            }
        }
        Job::OpenData => {
            read.insert(Input::Data);
        }
    }
    read
}

/// Every output of the site, in a stable order.
fn plan(site: &Site) -> Vec<Job<'_>> {
    let mut jobs: Vec<Job> = site.pages.iter().map(Job::Page).collect();
    for section in &site.sections {
        let pagers = pager_count(section.pages.len(), section.paginate_by);
        jobs.extend((0..pagers).map(|pager| Job::Section { section, pager }));
        if section.generate_feed {
            jobs.push(Job::Feed(Feed {
                origin: section.file.display().to_string(),
                title: format!("{} – {}", section.title, site.config.title),
                path: section.path.join_file("atom.xml"),
                alternate: section.permalink.clone(),
                pages: dated(site, section.pages.iter().copied()),
            }));
        }
    }
    for taxonomy in &site.taxonomies {
        jobs.push(Job::TaxonomyList(taxonomy));
        for term in &taxonomy.terms {
            let pagers = pager_count(term.pages.len(), taxonomy.paginate_by);
            jobs.extend((0..pagers).map(|pager| Job::Term {
                taxonomy,
                term,
                pager,
            }));
            if taxonomy.feed {
                jobs.push(Job::Feed(Feed {
                    origin: "config.toml (taxonomy feed)".to_owned(),
                    title: format!("{} – {}", term.name, site.config.title),
                    path: term.path.join_file("atom.xml"),
                    alternate: term.permalink.clone(),
                    pages: dated(site, term.pages.iter().copied()),
                }));
            }
        }
    }
    if site.config.feeds.site {
        jobs.push(Job::Feed(Feed {
            origin: "config.toml ([feeds] site)".to_owned(),
            title: site.config.title.clone(),
            path: SitePath::root().join_file("atom.xml"),
            alternate: site.root_section().permalink.clone(),
            pages: dated(site, site.pages.iter().map(|page| page.id)),
        }));
    }
    let aliases = site
        .pages
        .iter()
        .flat_map(|page| {
            page.aliases
                .iter()
                .map(move |alias| (alias, &page.permalink))
        })
        .chain(site.sections.iter().flat_map(|section| {
            section
                .aliases
                .iter()
                .map(move |alias| (alias, &section.permalink))
        }));
    for (alias, target) in aliases {
        jobs.push(Job::Alias {
            from: alias.value.clone(),
            to: target.clone(),
            origin: alias.file.display().to_string(),
        });
    }
    if let Some(data) = &site.data {
        jobs.extend(calendar_jobs(data));
        jobs.extend(archive_jobs(data));
        jobs.push(Job::OpenData);
    }
    jobs.extend([Job::Sitemap, Job::Robots, Job::NotFound]);
    jobs
}

/// The archive's static filter pages: by region, group, year and keyword.
fn archive_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    let mut published: Vec<usize> = (0..data.project_works.len())
        .filter(|w| data.project_works[*w].published)
        .collect();
    // Newest first, as on /archivio/.
    published.sort_by(|a, b| {
        let (a, b) = (&data.project_works[*a], &data.project_works[*b]);
        b.publication_date
            .cmp(&a.publication_date)
            .then_with(|| a.province.cmp(&b.province))
    });
    let mut groups: std::collections::BTreeMap<(&'static str, String), (String, Vec<usize>)> =
        std::collections::BTreeMap::new();
    for index in &published {
        let work = &data.project_works[*index];
        let province = &data.provinces[work.province];
        let group = &data.groups[province.group];
        let mut add = |dimension: &'static str, value: String, label: String| {
            groups
                .entry((dimension, value))
                .or_insert_with(|| (label, Vec::new()))
                .1
                .push(*index);
        };
        add(
            "region",
            slug::slugify(&province.unit.region),
            province.unit.region.clone(),
        );
        add("group", group.id.clone(), group.name.clone());
        if let Some(date) = work.publication_date {
            let year = date.date().year().to_string();
            add("year", year.clone(), year);
        }
        for keyword in &work.keywords {
            add("keyword", slug::slugify(keyword), keyword.clone());
        }
    }
    groups
        .into_iter()
        .map(|((dimension, value), (label, works))| {
            let segment = match dimension {
                "region" => "regione",
                "group" => "gruppo",
                "year" => "anno",
                _ => "parola-chiave",
            };
            Job::FilterPage(FilterPage {
                path: SitePath::from_segments(["archivio", segment, value.as_str()]),
                dimension,
                value,
                label,
                list: FilterList::Works(works),
            })
        })
        .collect()
}

/// The iCalendar feeds (all events, each group, each Province, each event) and the calendar's
/// static filter pages.
fn calendar_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    let mut jobs = Vec::new();
    let all: Vec<usize> = (0..data.events.len()).collect();
    let calendar = SitePath::from_segments(["calendario"]);
    jobs.push(Job::Ics(IcsFeed {
        path: calendar.join_file("calendario.ics"),
        name: data.programme.title.clone(),
        description: format!("Tutti gli eventi del programma {}", data.programme.title),
        events: all,
    }));
    for (index, group) in data.groups.iter().enumerate() {
        let events: Vec<usize> = data
            .events
            .iter()
            .enumerate()
            .filter(|(_, event)| {
                event.group == Some(index)
                    || event
                        .province
                        .is_some_and(|p| data.provinces[p].group == index)
            })
            .map(|(i, _)| i)
            .collect();
        let path = data_views::group_calendar_path(&group.id);
        jobs.push(Job::Ics(IcsFeed {
            path: path.join_file("calendario.ics"),
            name: format!("{} – {}", data.programme.title, group.name),
            description: format!("Webinar e sessioni individuali di {}", group.name),
            events: events.clone(),
        }));
        jobs.push(Job::FilterPage(FilterPage {
            path,
            dimension: "group",
            value: group.id.clone(),
            label: group.name.clone(),
            list: FilterList::Events(events),
        }));
    }
    for province in &data.provinces {
        let path = data_views::province_path(province);
        jobs.push(Job::Ics(IcsFeed {
            path: path.join_file("calendario.ics"),
            name: format!("{} – {}", data.programme.title, province.unit.name),
            description: format!(
                "Sessioni individuali di {} e webinar del suo gruppo",
                province.unit.name
            ),
            events: province.events.clone(),
        }));
        jobs.push(Job::FilterPage(FilterPage {
            path: SitePath::from_segments(["calendario", "provincia", province.slug.as_str()]),
            dimension: "province",
            value: province.sigla.clone(),
            label: province.unit.name.clone(),
            list: FilterList::Events(province.events.clone()),
        }));
    }
    for (index, step) in data.programme.steps.iter().enumerate() {
        let events: Vec<usize> = (0..data.events.len())
            .filter(|e| data.events[*e].step == index)
            .collect();
        jobs.push(Job::FilterPage(FilterPage {
            path: SitePath::from_segments(["calendario", "tappa", step.id.as_str()]),
            dimension: "step",
            value: step.id.clone(),
            label: step.title.clone(),
            list: FilterList::Events(events),
        }));
    }
    for (kind, slug, label) in [
        (EventKind::Webinar, "webinar", "Webinar"),
        (EventKind::Session, "sessione", "Sessioni individuali"),
        (EventKind::Deadline, "scadenza", "Scadenze"),
    ] {
        let events: Vec<usize> = (0..data.events.len())
            .filter(|e| data.events[*e].kind == kind)
            .collect();
        jobs.push(Job::FilterPage(FilterPage {
            path: SitePath::from_segments(["calendario", "tipo", slug]),
            dimension: "kind",
            value: slug.to_owned(),
            label: label.to_owned(),
            list: FilterList::Events(events),
        }));
    }
    for (index, event) in data.events.iter().enumerate() {
        jobs.push(Job::Ics(IcsFeed {
            path: data_views::event_path(event).join_file("evento.ics"),
            name: event.title.clone(),
            description: event.title.clone(),
            events: vec![index],
        }));
    }
    jobs
}

fn pager_count(items: usize, per_page: Option<usize>) -> usize {
    per_page.map_or(1, |per_page| items.div_ceil(per_page).max(1))
}

/// Dated pages, newest first, for feeds.
fn dated(site: &Site, ids: impl Iterator<Item = PageId>) -> Vec<PageId> {
    let mut ids: Vec<PageId> = ids.filter(|id| site.page(*id).date.is_some()).collect();
    ids.sort_by(|a, b| {
        let (a, b) = (site.page(*a), site.page(*b));
        b.date
            .cmp(&a.date)
            .then_with(|| a.content_path.cmp(&b.content_path))
    });
    ids.truncate(site.config.feeds.limit);
    ids
}

fn page_template(site: &Site, page: &Page) -> Located<String> {
    page.template.clone().unwrap_or_else(|| {
        site.section(page.section)
            .page_template
            .clone()
            .unwrap_or_else(|| default_template("page.html", &page.file))
    })
}

fn section_template(section: &Section) -> Located<String> {
    section.template.clone().unwrap_or_else(|| {
        let name = if section.id.0 == 0 {
            "index.html"
        } else {
            "section.html"
        };
        default_template(name, &section.file)
    })
}

fn default_template(name: &str, file: &std::path::Path) -> Located<String> {
    Located {
        value: name.to_owned(),
        file: file.to_path_buf(),
        at: None,
    }
}

/// Two jobs writing the same file (a section feed and the site feed at `/atom.xml`, a page whose
/// `path` is `/sitemap.xml`, a page where a list page goes) would race: that is an error.
fn check_outputs_are_distinct(site: &Site, jobs: &[Job]) -> Result<(), Diagnostics> {
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut problems = Diagnostics::new();
    for job in jobs {
        let (path, owner) = job_output(site, job);
        let file = path.output_file();
        if let Some(first) = owners.get(&file) {
            // Report at a file an editor can change, not at a built-in output.
            let (reported, other) = if owner.starts_with('(') {
                (first, &owner)
            } else {
                (&owner, first)
            };
            problems.push(
                Diagnostic::new(
                    reported.clone(),
                    format!("two outputs would be written to {path}"),
                )
                .label(format!("{other} writes it too"))
                .help("change a `path`, an alias, `generate_feed` or `[feeds] site`"),
            );
        } else {
            owners.insert(file, owner);
        }
    }
    problems.into_result(())
}

/// The path a job writes and the file that asked for it, for messages.
fn job_output(site: &Site, job: &Job) -> (SitePath, String) {
    let config = "config.toml".to_owned();
    match job {
        Job::Page(page) => (page.path.clone(), page.file.display().to_string()),
        Job::Section { section, pager } => {
            let path = if *pager == 0 {
                section.path.clone()
            } else {
                section
                    .path
                    .join(&site.config.paginate_path)
                    .join(&(pager + 1).to_string())
            };
            (path, section.file.display().to_string())
        }
        Job::TaxonomyList(taxonomy) => (taxonomy.path.clone(), config),
        Job::Term { term, pager, .. } => {
            let path = if *pager == 0 {
                term.path.clone()
            } else {
                term.path
                    .join(&site.config.paginate_path)
                    .join(&(pager + 1).to_string())
            };
            (path, config)
        }
        Job::Feed(feed) => (feed.path.clone(), feed.origin.clone()),
        Job::Alias { from, origin, .. } => (from.clone(), origin.clone()),
        Job::Sitemap => (
            SitePath::root().join_file("sitemap.xml"),
            "(sitemap)".to_owned(),
        ),
        Job::Robots => (
            SitePath::root().join_file("robots.txt"),
            "(robots.txt)".to_owned(),
        ),
        Job::Ics(feed) => (feed.path.clone(), "data/events".to_owned()),
        Job::FilterPage(filter) => (filter.path.clone(), "data".to_owned()),
        Job::OpenData => (
            SitePath::from_segments(["opendata", "catalogo.jsonld"]),
            "data".to_owned(),
        ),
        Job::NotFound => (
            SitePath::root().join_file("404.html"),
            "templates/404.html".to_owned(),
        ),
    }
}

/// A missing template is reported once per name, at the front matter that asked for it (or at
/// the first file that needed the default).
fn check_templates_exist(
    site: &Site,
    jobs: &[Job],
    templates: &Templates,
) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut reported = HashSet::new();
    for job in jobs {
        let wanted = match job {
            Job::Page(page) => page_template(site, page),
            Job::Section { section, .. } => section_template(section),
            Job::TaxonomyList(_) => default_template("taxonomy_list.html", "config.toml".as_ref()),
            Job::Term { .. } => default_template("taxonomy_term.html", "config.toml".as_ref()),
            Job::NotFound => default_template("404.html", "templates/404.html".as_ref()),
            Job::FilterPage(filter) => {
                default_template(filter.list.template_and_section().0, "data".as_ref())
            }
            _ => continue,
        };
        let key = (
            wanted.value.clone(),
            wanted.at.is_some().then(|| wanted.file.clone()),
        );
        if !templates.has(&wanted.value) && reported.insert(key) {
            let asked = wanted.error(format!("missing template `{}`", wanted.value));
            problems.push(templates.missing(&wanted.value, asked));
        }
    }
    problems.into_result(())
}

struct JobRenderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    views: &'a Views,
}

impl JobRenderer<'_> {
    fn render(&self, job: &Job) -> Result<Vec<OutputFile>, Diagnostic> {
        match (job, &self.site.data) {
            (Job::Ics(feed), _) => return Ok(vec![self.render_ics(feed)]),
            (Job::OpenData, Some(data)) => return Ok(opendata::render(self.site, data)),
            _ => {}
        }
        let (path, template, mut context) = self.prepare(job);
        context.insert("config", &self.views.config);
        context.insert("lang", self.site.config.language());
        context.insert("current_path", path.as_str());
        context.insert("current_url", &self.site.permalink(&path));
        let html = self
            .templates
            .tera
            .render(&template, &context)
            .map_err(|error| self.templates.render_error(&template, &error))?;
        let is_html = path.output_file().ends_with(".html");
        let bytes = if is_html && self.site.config.minify_html {
            minify::minify_html(html.as_bytes())
        } else {
            html.into_bytes()
        };
        Ok(vec![OutputFile {
            path: path.output_file(),
            data: OutputData::Bytes(bytes),
        }])
    }

    fn render_ics(&self, feed: &IcsFeed) -> OutputFile {
        let data = self
            .site
            .data
            .as_ref()
            .expect("feeds are planned only for sites with data");
        let base_url = self.site.config.base_url();
        let host = base_url
            .split("://")
            .nth(1)
            .unwrap_or(base_url)
            .split(['/', ':'])
            .next()
            .unwrap_or_default();
        let context = ics::FeedContext {
            data,
            host,
            base_url,
        };
        let text = ics::write_feed(
            &context,
            &ics::Feed {
                name: &feed.name,
                description: &feed.description,
                events: &feed.events,
            },
        );
        OutputFile {
            path: feed.path.output_file(),
            data: OutputData::Bytes(text.into_bytes()),
        }
    }

    fn prepare(&self, job: &Job) -> (SitePath, String, tera::Context) {
        let mut context = tera::Context::new();
        let site = self.site;
        match job {
            Job::Page(page) => {
                context.insert("page", &self.views.pages[page.id.0]);
                context.insert("section", &self.views.sections[page.section.0]);
                (page.path.clone(), page_template(site, page).value, context)
            }
            Job::Section { section, pager } => {
                let mut view = self.views.sections[section.id.0].clone();
                let (path, paginator) =
                    self.paginate(&section.path, &section.pages, section.paginate_by, *pager);
                view["pages"] = paginator["pages"].clone();
                context.insert("section", &view);
                context.insert("paginator", &paginator);
                (path, section_template(section).value, context)
            }
            Job::TaxonomyList(taxonomy) => {
                context.insert("taxonomy", &taxonomy_view(site, taxonomy));
                (
                    taxonomy.path.clone(),
                    "taxonomy_list.html".to_owned(),
                    context,
                )
            }
            Job::Term {
                taxonomy,
                term,
                pager,
            } => {
                let (path, paginator) =
                    self.paginate(&term.path, &term.pages, taxonomy.paginate_by, *pager);
                context.insert("taxonomy", &taxonomy_view(site, taxonomy));
                context.insert(
                    "term",
                    &json!({
                        "name": term.name,
                        "slug": term.slug,
                        "permalink": term.permalink,
                        "page_count": term.pages.len(),
                        "pages": paginator["pages"],
                        "updated": newest(site, &term.pages),
                    }),
                );
                context.insert("paginator", &paginator);
                (path, "taxonomy_term.html".to_owned(), context)
            }
            Job::Feed(feed) => {
                let entries: Vec<&Value> = feed
                    .pages
                    .iter()
                    .map(|id| &self.views.pages[id.0])
                    .collect();
                let updated = feed
                    .pages
                    .iter()
                    .filter_map(|id| {
                        let page = site.page(*id);
                        page.updated.or(page.date)
                    })
                    .max()
                    .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |d| d.rfc3339());
                context.insert(
                    "feed",
                    &json!({
                        "title": feed.title,
                        "permalink": site.permalink(&feed.path),
                        "alternate": feed.alternate,
                        "updated": updated,
                        "pages": entries,
                    }),
                );
                (feed.path.clone(), "atom.xml".to_owned(), context)
            }
            Job::Alias { from, to, .. } => {
                context.insert("target", to);
                (from.clone(), "alias.html".to_owned(), context)
            }
            Job::Sitemap => {
                context.insert("entries", &sitemap_entries(site));
                (
                    SitePath::root().join_file("sitemap.xml"),
                    "sitemap.xml".to_owned(),
                    context,
                )
            }
            Job::Robots => (
                SitePath::root().join_file("robots.txt"),
                "robots.txt".to_owned(),
                context,
            ),
            Job::NotFound => (
                SitePath::root().join_file("404.html"),
                "404.html".to_owned(),
                context,
            ),
            Job::FilterPage(filter) => {
                let data = self.views.data.as_ref();
                let items: Vec<&Value> = match &filter.list {
                    FilterList::Events(events) => events
                        .iter()
                        .filter_map(|e| data.map(|d| &d.events[*e]))
                        .collect(),
                    FilterList::Works(works) => works
                        .iter()
                        .filter_map(|w| data.map(|d| &d.project_works[*w]))
                        .collect(),
                };
                context.insert(
                    "filter",
                    &json!({
                        "dimension": filter.dimension,
                        "value": filter.value,
                        "label": filter.label,
                        "items": items,
                    }),
                );
                let (template, section) = filter.list.template_and_section();
                let section = site.sections_by_content_path.get(section);
                let section_view =
                    section.map_or(Value::Null, |id| self.views.sections[id.0].clone());
                context.insert("section", &section_view);
                (filter.path.clone(), template.to_owned(), context)
            }
            Job::Ics(feed) => (feed.path.clone(), String::new(), context),
            Job::OpenData => (SitePath::root(), String::new(), context),
        }
    }

    /// The path of list page `pager` and its paginator (Zola's shape: `pages`, `current_index`
    /// from 1, `number_pagers`, `first`, `last`, `previous`, `next`, `total_pages`).
    fn paginate(
        &self,
        base: &SitePath,
        ids: &[PageId],
        per_page: Option<usize>,
        pager: usize,
    ) -> (SitePath, Value) {
        let per_page = per_page.unwrap_or(ids.len().max(1));
        let pagers = pager_count(ids.len(), Some(per_page));
        let paginate_path = &self.site.config.paginate_path;
        let path_of = |index: usize| {
            if index == 0 {
                base.clone()
            } else {
                base.join(paginate_path).join(&(index + 1).to_string())
            }
        };
        let url_of = |index: usize| self.site.permalink(&path_of(index));
        let start = (pager * per_page).min(ids.len());
        let end = (start + per_page).min(ids.len());
        let paginator = json!({
            "pages": self.views.cards_of(&ids[start..end]),
            "current_index": pager + 1,
            "number_pagers": pagers,
            "paginate_by": per_page,
            "total_pages": ids.len(),
            "first": url_of(0),
            "last": url_of(pagers - 1),
            "previous": (pager > 0).then(|| url_of(pager - 1)),
            "next": (pager + 1 < pagers).then(|| url_of(pager + 1)),
        });
        (path_of(pager), paginator)
    }
}

/// The newest `updated` (or date) of `pages`, as templates get dates.
fn newest(site: &Site, pages: &[PageId]) -> Option<String> {
    pages
        .iter()
        .filter_map(|id| {
            let page = site.page(*id);
            page.updated.or(page.date)
        })
        .max()
        .map(|date| date.written())
}

fn taxonomy_view(site: &Site, taxonomy: &Taxonomy) -> Value {
    let terms: Vec<Value> = taxonomy
        .terms
        .iter()
        .map(|term| {
            json!({
                "name": term.name,
                "slug": term.slug,
                "permalink": term.permalink,
                "page_count": term.pages.len(),
            })
        })
        .collect();
    let all_pages: Vec<PageId> = taxonomy
        .terms
        .iter()
        .flat_map(|t| t.pages.iter().copied())
        .collect();
    json!({
        "name": taxonomy.name,
        "title": taxonomy.title,
        "permalink": taxonomy.permalink,
        "terms": terms,
        "updated": newest(site, &all_pages),
    })
}

fn sitemap_entries(site: &Site) -> Vec<Value> {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for page in &site.pages {
        let updated = page.updated.or(page.date).map(|d| d.rfc3339());
        entries.push((page.permalink.clone(), updated));
    }
    for section in &site.sections {
        entries.push((
            section.permalink.clone(),
            section.updated.map(|d| d.rfc3339()),
        ));
    }
    for taxonomy in &site.taxonomies {
        entries.push((taxonomy.permalink.clone(), None));
        for term in &taxonomy.terms {
            entries.push((term.permalink.clone(), None));
        }
    }
    entries.sort();
    entries
        .into_iter()
        .map(|(permalink, updated)| json!({ "permalink": permalink, "updated": updated }))
        .collect()
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
