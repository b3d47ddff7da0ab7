//! Pages born from data records: one per Province, per event and per published project work,
//! each with its route, template and listing section.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Builder;
use crate::model::data::{EventRef, ProgrammeData};
use crate::model::refs::with_refs;
use crate::model::routes::{self, Route};
use crate::model::{
    DataRecord, Located, MarkdownContent, Page, PageId, Section, SectionId, SitePath,
};

impl Builder<'_> {
    /// Pages born from data records: one per participating Province (`/province/<slug>/`,
    /// listed by `content/province/_index.md` when it exists) and one per event
    /// (`/calendario/<id>/`, listed by `content/calendario/_index.md`).
    pub(super) fn data_pages(
        &self,
        data: &ProgrammeData,
        sections: &[Section],
        first_id: usize,
    ) -> Vec<Page> {
        let mut pages = Vec::with_capacity(data.provinces.len() + data.events.len());
        let provinces_section = section_of(sections, routes::PROVINCES_SECTION);
        self.province_pages(data, provinces_section, first_id, &mut pages);
        let calendar_section = section_of(sections, routes::CALENDAR_SECTION);
        for (index, _) in with_refs(&data.events) {
            let id = PageId(first_id + pages.len());
            pages.push(self.event_page(data, index, calendar_section, id));
        }
        let archive_section = section_of(sections, routes::ARCHIVE_SECTION);
        self.work_pages(data, archive_section, first_id, &mut pages);
        pages
    }

    /// After an edit of records of one kind, the pages it may change: every Province's (a
    /// Province's page is as recent as its latest event), and the pages of the events `changed`.
    pub(super) fn record_edit_pages(
        &self,
        data: &ProgrammeData,
        sections: &[Section],
        first_id: usize,
        changed: &[EventRef],
    ) -> Vec<Page> {
        let mut pages = Vec::with_capacity(data.provinces.len() + changed.len());
        let provinces_section = section_of(sections, routes::PROVINCES_SECTION);
        self.province_pages(data, provinces_section, first_id, &mut pages);
        let calendar_section = section_of(sections, routes::CALENDAR_SECTION);
        // Event pages follow the Provinces', in the events' order.
        let first_event = first_id + data.provinces.len();
        for &index in changed {
            let id = PageId(first_event + index.index());
            pages.push(self.event_page(data, index, calendar_section, id));
        }
        pages
    }

    /// One page per participating Province.
    fn province_pages(
        &self,
        data: &ProgrammeData,
        section: SectionId,
        first_id: usize,
        pages: &mut Vec<Page>,
    ) {
        for (index, province) in with_refs(&data.provinces) {
            let group = &data[province.group];
            pages.push(self.data_page(DataPage {
                id: PageId(first_id + pages.len()),
                file: province.file.clone(),
                content_path: format!("data/provinces/{}.yaml", province.sigla),
                title: province.name.clone(),
                description: format!(
                    "{} ({}): percorso, team, Comuni serviti e calendario nel progetto Province & Comuni, {}.",
                    province.name, province.unit.region, group.name
                ),
                path: Route::Province(&province.slug).path(),
                template: "province.html",
                section,
                record: DataRecord::Province(index),
                slug: province.slug.clone(),
                // The page changes when its events or its work do.
                updated: province
                    .events
                    .iter()
                    .map(|e| data[*e].updated)
                    .chain(
                        province
                            .project_work
                            .and_then(|w| data[w].publication_date),
                    )
                    .max(),
                date: None,
            }));
        }
    }

    /// The page of an event.
    fn event_page(
        &self,
        data: &ProgrammeData,
        index: EventRef,
        section: SectionId,
        id: PageId,
    ) -> Page {
        let event = &data[index];
        // The heading names who the event is for: no two event pages share a title. An event
        // of several groups is titled by its step; its description says for whom.
        let heading = crate::model::heading::event_heading(data, event);
        let when = crate::time::date_time_it(&event.start);
        let description = match data.attendee_name(event) {
            Some(_) => format!("{heading}, {when}."),
            None => format!("{heading}, {}, {when}.", data.attendees_label(event)),
        };
        self.data_page(DataPage {
            id,
            file: event.file.clone(),
            content_path: format!("data/events#{}", event.id),
            title: heading,
            description,
            path: Route::Event(&event.id).path(),
            template: "event.html",
            section,
            record: DataRecord::Event(index),
            slug: event.id.to_string(),
            updated: Some(event.updated),
            date: None,
        })
    }

    /// One page per published project work.
    fn work_pages(
        &self,
        data: &ProgrammeData,
        section: SectionId,
        first_id: usize,
        pages: &mut Vec<Page>,
    ) {
        for (index, work) in with_refs(&data.project_works) {
            if !work.published {
                continue;
            }
            let province = &data[work.province];
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
                    path: Route::Work(&province.slug).path(),
                    template: "work.html",
                    section,
                    record: DataRecord::Work(index),
                    slug: province.slug.clone(),
                    updated: work.publication_date,
                    date: work.publication_date,
                }),
            );
        }
    }

    pub(super) fn data_page(&self, page: DataPage) -> Page {
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
}

/// The section listing pages born from data of a kind (`province/_index.md`), or the home.
fn section_of(sections: &[Section], content_path: &str) -> SectionId {
    sections
        .iter()
        .find(|s| s.content_path == content_path)
        .map_or(SectionId(0), |s| s.id)
}

/// What a data-born page needs to be made.
pub(super) struct DataPage {
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
