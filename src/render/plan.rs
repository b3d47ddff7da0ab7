//! The flat list of render jobs: one per output of the site, in a stable order, with the
//! template each uses and the checks made before any job runs.

use super::*;

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

impl Job<'_> {
    /// Whether the search index lists this job's page: pages and the first page of sections.
    pub(super) fn is_searchable(&self) -> bool {
        matches!(self, Job::Page(_) | Job::Section { pager: 0, .. })
    }
}

pub(super) struct IcsFeed {
    pub(super) path: SitePath,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) events: Vec<usize>,
}

/// A static filtered view of the calendar or the archive, so filters work without JavaScript.
pub(super) struct FilterPage {
    pub(super) path: SitePath,
    /// `group`, `province`, `step`, `kind`, `region`, `year` or `keyword`.
    pub(super) dimension: &'static str,
    pub(super) value: String,
    pub(super) label: String,
    pub(super) list: FilterList,
}

/// The records a filter page shows, by index.
pub(super) enum FilterList {
    Events(Vec<usize>),
    Works(Vec<usize>),
}

impl FilterList {
    /// The template and the section (for title and breadcrumbs) of the unfiltered list.
    pub(super) fn template_and_section(&self) -> (&'static str, &'static str) {
        match self {
            FilterList::Events(_) => ("calendar.html", "calendario/_index.md"),
            FilterList::Works(_) => ("archive.html", "archivio/_index.md"),
        }
    }
}

/// An Atom feed: its URL, the page it belongs to, and its entries (newest first).
pub(super) struct Feed {
    /// The file that asked for the feed, for messages.
    pub(super) origin: String,
    pub(super) title: String,
    pub(super) path: SitePath,
    pub(super) alternate: String,
    pub(super) pages: Vec<PageId>,
}

/// Every output of the site, in a stable order.
pub(super) fn plan(site: &Site) -> Vec<Job<'_>> {
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
    for (alias, target) in site.aliases() {
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
pub(super) fn archive_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
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
pub(super) fn calendar_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
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

pub(super) fn page_template(site: &Site, page: &Page) -> Located<String> {
    page.template.clone().unwrap_or_else(|| {
        site.section(page.section)
            .page_template
            .clone()
            .unwrap_or_else(|| default_template("page.html", &page.file))
    })
}

pub(super) fn section_template(section: &Section) -> Located<String> {
    section.template.clone().unwrap_or_else(|| {
        let name = if section.id.0 == 0 {
            "index.html"
        } else {
            "section.html"
        };
        default_template(name, &section.file)
    })
}

pub(super) fn default_template(name: &str, file: &std::path::Path) -> Located<String> {
    Located {
        value: name.to_owned(),
        file: file.to_path_buf(),
        at: None,
    }
}

/// Two jobs writing the same file (a section feed and the site feed at `/atom.xml`, a page whose
/// `path` is `/sitemap.xml`, a page where a list page goes) would race: that is an error.
pub(super) fn check_outputs_are_distinct(site: &Site, jobs: &[Job]) -> Result<(), Diagnostics> {
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
pub(super) fn job_output(site: &Site, job: &Job) -> (SitePath, String) {
    (job_path(site, job), job_origin(job))
}

/// The path a job writes.
pub(super) fn job_path(site: &Site, job: &Job) -> SitePath {
    let list_page = |base: &SitePath, pager: usize| {
        if pager == 0 {
            base.clone()
        } else {
            base.join(&site.config.paginate_path)
                .join(&(pager + 1).to_string())
        }
    };
    match job {
        Job::Page(page) => page.path.clone(),
        Job::Section { section, pager } => list_page(&section.path, *pager),
        Job::TaxonomyList(taxonomy) => taxonomy.path.clone(),
        Job::Term { term, pager, .. } => list_page(&term.path, *pager),
        Job::Feed(feed) => feed.path.clone(),
        Job::Alias { from, .. } => from.clone(),
        Job::Sitemap => SitePath::root().join_file("sitemap.xml"),
        Job::Robots => SitePath::root().join_file("robots.txt"),
        Job::Ics(feed) => feed.path.clone(),
        Job::FilterPage(filter) => filter.path.clone(),
        Job::OpenData => SitePath::from_segments(["opendata", "catalogo.jsonld"]),
        Job::NotFound => SitePath::root().join_file("404.html"),
    }
}

/// The file that asked for a job, for messages.
fn job_origin(job: &Job) -> String {
    match job {
        Job::Page(page) => page.file.display().to_string(),
        Job::Section { section, .. } => section.file.display().to_string(),
        Job::TaxonomyList(_) | Job::Term { .. } => "config.toml".to_owned(),
        Job::Feed(feed) => feed.origin.clone(),
        Job::Alias { origin, .. } => origin.clone(),
        Job::Sitemap => "(sitemap)".to_owned(),
        Job::Robots => "(robots.txt)".to_owned(),
        Job::Ics(_) => "data/events".to_owned(),
        Job::FilterPage(_) | Job::OpenData => "data".to_owned(),
        Job::NotFound => "templates/404.html".to_owned(),
    }
}

/// A missing template is reported once per name, at the front matter that asked for it (or at
/// the first file that needed the default).
pub(super) fn check_templates_exist(
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
