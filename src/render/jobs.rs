//! Rendering one job: its Tera context, its template, minification; iCalendar feeds and open
//! data are written in Rust.

use super::plan::*;
use super::*;

pub(super) struct JobRenderer<'a> {
    pub(super) site: &'a Site,
    pub(super) templates: &'a Templates,
    pub(super) views: &'a Views,
}

impl JobRenderer<'_> {
    pub(super) fn render(&self, job: &Job) -> Result<Vec<OutputFile>, Diagnostic> {
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
pub(super) fn newest(site: &Site, pages: &[PageId]) -> Option<String> {
    pages
        .iter()
        .filter_map(|id| {
            let page = site.page(*id);
            page.updated.or(page.date)
        })
        .max()
        .map(|date| date.written())
}

pub(super) fn taxonomy_view(site: &Site, taxonomy: &Taxonomy) -> Value {
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

pub(super) fn sitemap_entries(site: &Site) -> Vec<Value> {
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
