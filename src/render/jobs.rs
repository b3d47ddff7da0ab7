//! Rendering one job: its Tera context, its template, minification; iCalendar feeds and open
//! data are written in Rust.

use serde::Serialize;
use serde_json::Value;

use super::plan::{Feed, FilterList, FilterPage, IcsFeed, Job, Planned, pager_count, pager_path};
use super::templates::Templates;
use super::views::{Views, newest, to_json};
use super::{ics, minify, opendata};
use crate::diagnostics::Diagnostic;
use crate::model::{PageId, Permalink, Site, SitePath, Taxonomy, Term};
use crate::output::{OutputData, OutputFile};

pub(super) struct JobRenderer<'a> {
    pub(super) site: &'a Site,
    /// The templates with this render's functions registered.
    pub(super) tera: &'a tera::Tera,
    /// For locating render errors.
    pub(super) templates: &'a Templates,
    pub(super) views: &'a Views,
}

/// `term` in a term's list (`taxonomy_term.html`); its `pages` are added to the JSON.
#[derive(Serialize)]
struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    permalink: &'a str,
    page_count: usize,
    updated: Option<String>,
}

/// `feed` in an Atom feed's template; its `pages` are added to the JSON.
#[derive(Serialize)]
struct FeedView<'a> {
    title: String,
    permalink: Permalink,
    /// The page the feed is the feed of.
    alternate: &'a str,
    /// The newest entry's time, RFC 3339.
    updated: String,
}

/// `filter` in a filter page's template (`calendar.html`, `archive.html`): what narrows the
/// list; its `items` (and, for events, `list` and `month`) are added to the JSON.
#[derive(Serialize)]
struct FilterView<'a> {
    dimension: &'static str,
    value: &'a str,
    label: &'a str,
}

/// `paginator` in list templates (Zola's shape); its `pages` are added to the JSON.
#[derive(Serialize)]
struct PaginatorView {
    /// From 1.
    current_index: usize,
    number_pagers: usize,
    paginate_by: usize,
    total_pages: usize,
    first: Permalink,
    last: Permalink,
    previous: Option<Permalink>,
    next: Option<Permalink>,
}

/// An entry of `sitemap.xml`.
#[derive(Serialize)]
struct SitemapEntry {
    permalink: Permalink,
    updated: Option<String>,
}

/// A template's context, built as a map of owned values: handed to Tera as it is, where
/// `Context::insert` would serialise every value again.
type ContextMap = serde_json::Map<String, Value>;

impl JobRenderer<'_> {
    pub(super) fn render(&self, planned: &Planned) -> Result<Vec<OutputFile>, Diagnostic> {
        match (&planned.job, &self.site.data) {
            (Job::Ics(feed), _) => return Ok(vec![self.render_ics(feed)]),
            (Job::OpenData, Some(data)) => return Ok(opendata::render(self.site, data)),
            _ => {}
        }
        let (path, template) = (&planned.path, planned.template_name());
        let mut context = self.context(planned);
        context.insert("config".into(), self.views.config.clone());
        context.insert("lang".into(), self.site.config.language().into());
        context.insert("current_path".into(), path.as_str().into());
        context.insert("current_url".into(), self.site.permalink(path).into());
        let context =
            tera::Context::from_value(Value::Object(context)).expect("a map is a valid context");
        let html = self
            .tera
            .render(template, &context)
            .map_err(|error| self.templates.render_error(template, &error))?;
        let is_html = path.output_file().ends_with(".html");
        let bytes = if is_html && self.site.config.minify_html {
            minify::minify_html(html.as_bytes())
        } else {
            html.into_bytes()
        };
        Ok(vec![OutputFile {
            path: path.output_file(),
            data: OutputData::Bytes(bytes.into()),
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
            demo_note: self.site.config.demo_note(),
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
            data: OutputData::Bytes(text.into_bytes().into()),
        }
    }

    /// What the job's template sees of it (the config, the language and the page's URL are
    /// added for every job).
    fn context(&self, planned: &Planned) -> ContextMap {
        let mut context = ContextMap::new();
        let site = self.site;
        let views = self.views;
        let template = planned.template_name();
        match &planned.job {
            Job::Page(page) => {
                context.insert("page".into(), views.page(site, page.id));
                context.insert("section".into(), views.sections[page.section.0].clone());
            }
            Job::Section { section, pager } => {
                let mut view = views.sections[section.id.0].clone();
                let mut paginator =
                    self.paginator(&section.path, &section.pages, section.paginate_by, *pager);
                view["pages"] = self.list_for_paginator(template, &mut paginator);
                context.insert("section".into(), view);
                context.insert("paginator".into(), paginator);
            }
            Job::TaxonomyList(taxonomy) => {
                context.insert("taxonomy".into(), self.taxonomy_view(taxonomy));
            }
            Job::Term {
                taxonomy,
                term,
                pager,
            } => self.term_context(taxonomy, term, *pager, template, &mut context),
            Job::Feed(feed) => self.feed_context(feed, &mut context),
            Job::Alias { to, .. } => {
                context.insert("target".into(), to.as_str().into());
            }
            Job::Sitemap => {
                context.insert("entries".into(), Value::Array(sitemap_entries(site)));
            }
            Job::FilterPage(filter) => self.filter_context(filter, &mut context),
            Job::Robots | Job::NotFound | Job::Ics(_) | Job::OpenData => {}
        }
        context
    }

    /// A page of a taxonomy term's list.
    fn term_context(
        &self,
        taxonomy: &Taxonomy,
        term: &Term,
        pager: usize,
        template: &str,
        context: &mut ContextMap,
    ) {
        let site = self.site;
        let mut paginator = self.paginator(&term.path, &term.pages, taxonomy.paginate_by, pager);
        context.insert("taxonomy".into(), self.taxonomy_view(taxonomy));
        let mut term_view = to_json(TermView {
            name: &term.name,
            slug: &term.slug,
            permalink: &term.permalink,
            page_count: term.pages.len(),
            updated: newest(site, &term.pages),
        });
        // Assigned, not a field of the view, which would serialise the list again.
        term_view["pages"] = self.list_for_paginator(template, &mut paginator);
        context.insert("term".into(), term_view);
        context.insert("paginator".into(), paginator);
    }

    /// An Atom feed: its entries and the time of the newest.
    fn feed_context(&self, feed: &Feed, context: &mut ContextMap) {
        let (site, views) = (self.site, self.views);
        let entries: Vec<Value> = feed.pages.iter().map(|id| views.page(site, *id)).collect();
        let updated = feed
            .pages
            .iter()
            .filter_map(|id| {
                let page = site.page(*id);
                page.updated.or(page.date)
            })
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |d| d.rfc3339());
        let mut feed_view = to_json(FeedView {
            title: site.config.demo_title(&feed.title),
            permalink: site.permalink(&feed.path),
            alternate: &feed.alternate,
            updated,
        });
        feed_view["pages"] = Value::Array(entries);
        context.insert("feed".into(), feed_view);
    }

    /// A filtered view of the calendar or the archive, with its section for title and
    /// breadcrumbs.
    fn filter_context(&self, filter: &FilterPage, context: &mut ContextMap) {
        let (site, views) = (self.site, self.views);
        let data = views.data.as_ref();
        let items: Vec<Value> = match &filter.list {
            FilterList::Events(events) => events
                .iter()
                .filter_map(|e| data.map(|d| Value::clone(&d.events[e.index()])))
                .collect(),
            FilterList::Works(works) => works
                .iter()
                .filter_map(|w| data.map(|d| d.project_works[w.index()].clone()))
                .collect(),
        };
        let mut filter_view = to_json(FilterView {
            dimension: filter.filter.dimension(),
            value: &filter.value,
            label: &filter.label,
        });
        filter_view["items"] = Value::Array(items);
        if let (FilterList::Events(events), Some(views), Some(data)) =
            (&filter.list, data, &site.data)
        {
            let (list, month) = views.calendar().filter_view(
                site,
                data,
                &views.events,
                filter.filter,
                &filter.value,
                events,
            );
            filter_view["list"] = list;
            filter_view["month"] = month.unwrap_or(Value::Null);
        }
        context.insert("filter".into(), filter_view);
        let (_, section) = filter.list.template_and_section();
        let section = site.sections_by_content_path.get(section);
        let section_view = section.map_or(Value::Null, |id| views.sections[id.0].clone());
        context.insert("section".into(), section_view);
    }

    /// The cards of a list page, for `section.pages` or `term.pages`; `paginator.pages` keeps
    /// its copy only if the templates mention `paginator` (most lists are not paginated, and a
    /// list of hundreds of cards is the costliest part of a context).
    fn list_for_paginator(&self, template: &str, paginator: &mut Value) -> Value {
        if self.templates.mention(template, "paginator") {
            paginator["pages"].clone()
        } else {
            paginator["pages"].take()
        }
    }

    fn taxonomy_view(&self, taxonomy: &Taxonomy) -> Value {
        let index = self
            .site
            .taxonomies
            .iter()
            .position(|t| t.name == taxonomy.name)
            .expect("jobs are planned from the site's taxonomies");
        self.views.taxonomies[index].clone()
    }

    /// The paginator of list page `pager` (Zola's shape: `pages`, `current_index` from 1,
    /// `number_pagers`, `first`, `last`, `previous`, `next`, `total_pages`).
    fn paginator(
        &self,
        base: &SitePath,
        ids: &[PageId],
        per_page: Option<usize>,
        pager: usize,
    ) -> Value {
        let per_page = per_page.unwrap_or(ids.len().max(1));
        let pagers = pager_count(ids.len(), Some(per_page));
        let url_of = |index: usize| self.site.permalink(&pager_path(self.site, base, index));
        let start = (pager * per_page).min(ids.len());
        let end = (start + per_page).min(ids.len());
        let mut paginator = to_json(PaginatorView {
            current_index: pager + 1,
            number_pagers: pagers,
            paginate_by: per_page,
            total_pages: ids.len(),
            first: url_of(0),
            last: url_of(pagers - 1),
            previous: (pager > 0).then(|| url_of(pager - 1)),
            next: (pager + 1 < pagers).then(|| url_of(pager + 1)),
        });
        paginator["pages"] = self.views.cards_of(&ids[start..end]);
        paginator
    }
}

pub(super) fn sitemap_entries(site: &Site) -> Vec<Value> {
    let mut entries: Vec<(Permalink, Option<String>)> = Vec::new();
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
        .map(|(permalink, updated)| to_json(SitemapEntry { permalink, updated }))
        .collect()
}
