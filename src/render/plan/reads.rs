//! What a job reads, as the plan describes it: its templates, its own source, the sections,
//! pages and records it shows. The preview renders again the jobs that read what changed.

use super::{Job, Planned};
use crate::model::routes::Filter;
use crate::model::{DataRecord, Site};
use crate::render::dependencies::record_key;
use crate::render::incremental::{Input, Inputs};
use crate::render::templates::Templates;

impl Planned<'_> {
    /// What the job reads besides what its template functions record: its templates, its own
    /// source, and the pages it shows. Asked only by the preview, which renders again what an
    /// edit touched: a build does not pay for it.
    pub(in crate::render) fn reads(&self, site: &Site, templates: &Templates) -> Inputs {
        let mut read = Inputs::new();
        if self.template.is_some() {
            read.extend(
                templates
                    .closure(self.template_name())
                    .into_iter()
                    .map(Input::Template),
            );
        }
        source_inputs(site, &self.job, &mut read);
        read
    }
}

/// The sources a job shows: its own file, its sections, its listed pages and records.
fn source_inputs(site: &Site, job: &Job, read: &mut Inputs) {
    let content = |path: &str| Input::Content(path.into());
    let section_and_ancestors = |read: &mut Inputs, mut id: Option<crate::model::SectionId>| {
        while let Some(section) = id {
            read.insert(content(&site.section(section).content_path));
            id = site.section(section).parent;
        }
    };
    match job {
        Job::Page(page) => {
            read.insert(content(&page.content_path));
            section_and_ancestors(read, Some(page.section));
            for neighbour in [page.previous, page.next].into_iter().flatten() {
                read.insert(content(&site.page(neighbour).content_path));
            }
            read.extend(record_key(site, page).map(Input::Record));
        }
        Job::Section { section, .. } => {
            read.insert(Input::Structure);
            section_and_ancestors(read, Some(section.id));
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
        // Terms, their page counts and dates: the front matter of the pages, not their bodies.
        Job::TaxonomyList(_) => {
            read.insert(Input::Structure);
            read.insert(Input::FrontMatter);
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
            read.insert(Input::FrontMatter);
        }
        Job::Robots | Job::NotFound => {}
        Job::FilterPage(_) | Job::Ics(_) => record_inputs(site, job, read),
        Job::OpenData => {
            read.insert(Input::Data);
        }
    }
}

/// The data records a filter page or an iCalendar feed shows.
fn record_inputs(site: &Site, job: &Job, read: &mut Inputs) {
    let content = |path: &str| Input::Content(path.into());
    match job {
        Job::FilterPage(filter) => {
            read.insert(Input::Structure);
            read.insert(content(filter.list.template_and_section().1));
            // A month page links the nearest months with events: any event that moves can
            // change them, and every event card is in the list of all events.
            if filter.filter == Filter::CalendarMonth {
                read.insert(Input::Record("get_data:event_list".to_owned()));
            }
            if let Some(data) = &site.data {
                let records = filter.list.records().into_iter();
                read.extend(records.map(|record| Input::Record(record.key(data))));
            }
        }
        Job::Ics(feed) => {
            read.insert(Input::Structure);
            if let Some(data) = &site.data {
                read.extend(
                    feed.events
                        .iter()
                        .map(|e| Input::Record(DataRecord::Event(*e).key(data))),
                );
            }
        }
        _ => {}
    }
}
