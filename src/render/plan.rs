//! The flat list of render jobs: one per output of the site, in a stable order, with the
//! template each uses and the checks made before any job runs.

use std::collections::{HashMap, HashSet};

use super::templates::Templates;
use crate::diagnostics::{Diagnostic, Diagnostics, Origin};
use crate::model::data::{EventRef, WorkRef};
use crate::model::kinds::{Events, RecordKind, Works};
use crate::model::routes::{Filter, Route};

mod data_jobs;
mod reads;

use crate::model::{
    DataRecord, Located, Page, PageId, Permalink, Section, Site, SitePath, Taxonomy, Term,
};
use data_jobs::{archive_jobs, calendar_jobs};

/// One output of the build and how to make it.
pub(super) enum Job<'a> {
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
        to: Permalink,
        /// The file that declared the alias, for messages.
        origin: Origin,
    },
    Sitemap,
    Robots,
    NotFound,
    /// An iCalendar feed of some events.
    Ics(IcsFeed),
    /// JSON, CSV and the DCAT-AP_IT catalogue under `/opendata/`.
    OpenData,
    /// The calendar reduced to the events of one group, Province, step, kind or month.
    FilterPage(FilterPage),
}

impl Job<'_> {
    /// Whether the search index lists this job's page: pages and the first page of sections.
    pub(super) fn is_searchable(&self) -> bool {
        matches!(self, Job::Page(_) | Job::Section { pager: 0, .. })
    }
}

/// A job with what the plan says of it, said once: the path it writes, the file that asked
/// for it (for messages) and the template it renders with (none for the outputs written in
/// Rust: iCalendar feeds and open data). What it reads, `Planned::reads` says
/// (`plan/reads.rs`).
pub(super) struct Planned<'a> {
    pub(super) job: Job<'a>,
    pub(super) path: SitePath,
    pub(super) origin: Origin,
    pub(super) template: Option<Located<String>>,
}

/// The config file as messages about the outputs it asks for (taxonomy pages and feeds, the
/// site feed) have always named it.
const CONFIG_FILE: &str = "config.toml";

impl<'a> Planned<'a> {
    pub(super) fn new(site: &Site, job: Job<'a>) -> Self {
        let (path, origin, template) = match &job {
            Job::Page(page) => (
                page.path.clone(),
                Origin::from(&page.file),
                Some(page_template(site, page)),
            ),
            Job::Section { section, pager } => (
                pager_path(site, &section.path, *pager),
                Origin::from(&section.file),
                Some(section_template(section)),
            ),
            Job::TaxonomyList(taxonomy) => with_default_template(
                taxonomy.path.clone(),
                Origin::from(CONFIG_FILE),
                "taxonomy_list.html",
            ),
            Job::Term { term, pager, .. } => with_default_template(
                pager_path(site, &term.path, *pager),
                Origin::from(CONFIG_FILE),
                "taxonomy_term.html",
            ),
            Job::Feed(feed) => {
                with_default_template(feed.path.clone(), feed.origin.clone(), "atom.xml")
            }
            Job::Alias { from, origin, .. } => {
                with_default_template(from.clone(), origin.clone(), "alias.html")
            }
            Job::Sitemap => with_default_template(
                SitePath::root().join_file("sitemap.xml"),
                Origin::Generated("sitemap"),
                "sitemap.xml",
            ),
            Job::Robots => with_default_template(
                SitePath::root().join_file("robots.txt"),
                Origin::Generated("robots.txt"),
                "robots.txt",
            ),
            Job::NotFound => with_default_template(
                SitePath::root().join_file("404.html"),
                Origin::from("templates/404.html"),
                "404.html",
            ),
            Job::FilterPage(filter) => with_default_template(
                filter.path.clone(),
                Origin::from("data"),
                filter.list.template_and_section().0,
            ),
            Job::Ics(feed) => (feed.path.clone(), Origin::from("data/events"), None),
            Job::OpenData => (Route::Catalogue.path(), Origin::from("data"), None),
        };
        Planned {
            job,
            path,
            origin,
            template,
        }
    }

    /// The name of the template the job renders with, or `""` for outputs written in Rust.
    pub(super) fn template_name(&self) -> &str {
        self.template
            .as_ref()
            .map_or("", |template| &template.value)
    }
}

/// The path of list page `pager` (0-based) of the list at `base`: `base`, then
/// `base/<paginate_path>/2/`, ...
pub(super) fn pager_path(site: &Site, base: &SitePath, pager: usize) -> SitePath {
    if pager == 0 {
        base.clone()
    } else {
        base.join(&site.config.paginate_path)
            .join(&(pager + 1).to_string())
    }
}

/// An iCalendar feed of some events: a record's own (`model::kinds`) or a filter's.
pub(super) use crate::model::kinds::CalendarFeed as IcsFeed;

/// A static filtered view of the calendar or the archive, so filters work without JavaScript.
pub(super) struct FilterPage {
    pub(super) path: SitePath,
    /// What it narrows by: its `dimension` for templates and its URL come from it.
    pub(super) filter: Filter,
    pub(super) value: String,
    pub(super) label: String,
    pub(super) list: FilterList,
}

impl FilterPage {
    /// The job of the filter page `Route::Filtered(filter, segment)`.
    pub(super) fn job(
        filter: Filter,
        segment: &str,
        value: String,
        label: String,
        list: FilterList,
    ) -> Job<'static> {
        Job::FilterPage(FilterPage {
            path: Route::Filtered(filter, segment).path(),
            filter,
            value,
            label,
            list,
        })
    }
}

/// The records a filter page shows, by index.
pub(super) enum FilterList {
    Events(Vec<EventRef>),
    Works(Vec<WorkRef>),
}

impl FilterList {
    /// The template and the section (for title and breadcrumbs) of the unfiltered list.
    pub(super) fn template_and_section(&self) -> (&'static str, &'static str) {
        match self {
            FilterList::Events(_) => ("calendar.html", Events::SECTION),
            FilterList::Works(_) => ("archive.html", Works::SECTION),
        }
    }

    /// The records listed, in order.
    pub(super) fn records(&self) -> Vec<DataRecord> {
        match self {
            FilterList::Events(events) => events.iter().map(|e| DataRecord::Event(*e)).collect(),
            FilterList::Works(works) => works.iter().map(|w| DataRecord::Work(*w)).collect(),
        }
    }
}

/// An Atom feed: its URL, the page it belongs to, and its entries (newest first).
pub(super) struct Feed {
    /// The file, or the setting of the config, that asked for the feed, for messages.
    pub(super) origin: Origin,
    pub(super) title: String,
    pub(super) path: SitePath,
    pub(super) alternate: Permalink,
    pub(super) pages: Vec<PageId>,
}

/// Every output of the site, in a stable order.
pub(super) fn plan(site: &Site) -> Vec<Planned<'_>> {
    jobs(site)
        .into_iter()
        .map(|job| Planned::new(site, job))
        .collect()
}

/// Where the job of page `id` stands in the plan: pages come first, in the graph's order.
pub fn page_job_position(id: PageId) -> usize {
    id.0
}

/// Every job of the site, in the plan's order, before the plan says anything of them.
pub(super) fn jobs(site: &Site) -> Vec<Job<'_>> {
    // Pages first, as `page_job_position` says.
    let mut jobs: Vec<Job> = site.pages.iter().map(|page| Job::Page(page)).collect();
    for section in &site.sections {
        let pagers = pager_count(section.pages.len(), section.paginate_by);
        jobs.extend((0..pagers).map(|pager| Job::Section { section, pager }));
        if section.generate_feed {
            jobs.push(Job::Feed(Feed {
                origin: Origin::from(&section.file),
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
                    origin: Origin::setting(CONFIG_FILE, "taxonomy feed"),
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
            origin: Origin::setting(CONFIG_FILE, "[feeds] site"),
            title: site.config.title.clone(),
            path: SitePath::root().join_file("atom.xml"),
            alternate: site.root_section().permalink.clone(),
            pages: dated(site, site.pages.iter().map(|page| page.id)),
        }));
    }
    for (alias, target) in site.aliases() {
        jobs.push(Job::Alias {
            from: alias.value.clone(),
            to: target.clone(),
            origin: Origin::from(&alias.file),
        });
    }
    if let Some(data) = &site.data {
        jobs.extend(calendar_jobs(data, site.today));
        jobs.extend(archive_jobs(data));
        jobs.push(Job::OpenData);
    }
    jobs.extend([Job::Sitemap, Job::Robots, Job::NotFound]);
    jobs
}

pub(super) fn pager_count(items: usize, per_page: Option<usize>) -> usize {
    per_page.map_or(1, |per_page| items.div_ceil(per_page).max(1))
}

/// Dated pages, newest first, for feeds.
pub(super) fn dated(site: &Site, ids: impl Iterator<Item = PageId>) -> Vec<PageId> {
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

/// A job renders with `name` unless a file chose another; if `name` is missing, it is reported
/// at the job's origin, as shown (a `Located` holds a path).
fn with_default_template(
    path: SitePath,
    origin: Origin,
    name: &str,
) -> (SitePath, Origin, Option<Located<String>>) {
    let template = default_template(name, &origin.shown_path());
    (path, origin, Some(template))
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
pub(super) fn check_outputs_are_distinct(jobs: &[Planned]) -> Result<(), Diagnostics> {
    let mut owners: HashMap<String, &Origin> = HashMap::new();
    let mut problems = Diagnostics::new();
    for job in jobs {
        let (path, owner) = (&job.path, &job.origin);
        let file = path.output_file();
        if let Some(first) = owners.get(&file) {
            // Report at a file an editor can change, not at an output no file asks for.
            let (reported, other) = if owner.file().is_none() {
                (*first, owner)
            } else {
                (owner, *first)
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

/// A missing template is reported once per name, at the front matter that asked for it (or at
/// the first file that needed the default).
pub(super) fn check_templates_exist<'a, 'b: 'a>(
    jobs: impl IntoIterator<Item = &'a Planned<'b>>,
    templates: &Templates,
) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut reported = HashSet::new();
    for wanted in jobs.into_iter().filter_map(|job| job.template.as_ref()) {
        let key = (&wanted.value, wanted.at.is_some().then_some(&wanted.file));
        if !templates.has(&wanted.value) && reported.insert(key) {
            let asked = wanted.error(format!("missing template `{}`", wanted.value));
            problems.push(templates.missing(&wanted.value, asked));
        }
    }
    problems.into_result(())
}
