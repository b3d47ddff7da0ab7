//! What each render job reads, statically (its templates, its source, the pages it shows) and
//! by fingerprint (data records), for incremental re-rendering.

use std::collections::HashMap;

use rayon::prelude::*;

use super::data_views;
use super::incremental::{Input, Inputs};
use super::plan::{Job, Planned};
use super::templates::Templates;
use super::views::{Remade, Views};
use crate::model::fingerprint::fingerprint;
use crate::model::routes::Filter;
use crate::model::{DataRecord, Page, Site};

/// The record a data-born page shows, as an input key: `province:MB`, `event:<id>`, `work:MB`.
pub(super) fn record_key(site: &Site, page: &Page) -> Option<String> {
    Some(page.data?.key(site.data.as_ref()?))
}

/// A fingerprint of what each data-born page shows and of each `get_data` list, so that the
/// next render knows which records changed whatever file they came from. Only the pages
/// `remade` are fingerprinted again; the others keep theirs from `before`.
pub(super) fn record_fingerprints(
    site: &Site,
    views: &Views,
    remade: &Remade,
    before: &HashMap<String, u64>,
) -> HashMap<String, u64> {
    let pages: Vec<&Page> = match remade {
        Remade::All => site.pages.iter().map(|page| &**page).collect(),
        Remade::Pages(ids) => ids.iter().map(|id| site.page(*id)).collect(),
    };
    let fresh: Vec<(String, u64)> = pages
        .par_iter()
        .filter_map(|page| {
            Some((
                record_key(site, page)?,
                fingerprint(&views.page(site, page.id)),
            ))
        })
        .collect();
    let mut records = match remade {
        Remade::All => HashMap::new(),
        Remade::Pages(_) => before.clone(),
    };
    records.extend(fresh);
    if let Some(data) = &views.data {
        let names: Vec<&str> = data_views::DataViews::names().collect();
        let lists: Vec<(String, u64)> = names
            .par_iter()
            .filter_map(|name| Some((format!("get_data:{name}"), fingerprint(&data.get(name)?))))
            .collect();
        records.extend(lists);
    }
    records
}

/// What a job reads besides what its template functions record: its templates, its own
/// source, and the pages it shows.
pub(super) fn job_inputs(site: &Site, planned: &Planned, templates: &Templates) -> Inputs {
    let mut read = Inputs::new();
    if planned.template.is_some() {
        read.extend(
            templates
                .closure(planned.template_name())
                .into_iter()
                .map(Input::Template),
        );
    }
    source_inputs(site, &planned.job, &mut read);
    read
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
