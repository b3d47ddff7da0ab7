//! Pages born from data records: one per Province, per event and per published project work.
//! What each page says comes from its kind (`model::kinds`); this file only makes the pages.

use std::collections::BTreeMap;

use super::Builder;
use crate::model::data::{EventRef, ProgrammeData};
use crate::model::kinds::{Events, Provinces, RecordKind, RecordPage, for_each_kind};
use crate::model::refs::Ref;
use crate::model::{DataRecord, Located, MarkdownContent, Page, PageId, Section, SectionId};

impl Builder<'_> {
    /// Pages born from data records, kind after kind: each listed by its kind's section
    /// (`content/province/_index.md`...) when it exists, else by the home.
    pub(super) fn data_pages(
        &self,
        data: &ProgrammeData,
        sections: &[Section],
        first_id: usize,
    ) -> Vec<Page> {
        let mut pages = Vec::with_capacity(data.provinces.len() + data.events.len());
        for_each_kind!(|Kind| self.pages_of::<Kind>(data, sections, first_id, &mut pages));
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
        self.pages_of::<Provinces>(data, sections, first_id, &mut pages);
        let section = section_of(sections, Events::SECTION);
        // Event pages follow the Provinces', in the events' order (every event has one).
        let first_event = first_id + data.provinces.len();
        for &event in changed {
            let id = PageId(first_event + event.index());
            pages.extend(self.record_page::<Events>(data, event, section, id));
        }
        pages
    }

    /// The pages of the records of kind `K`, numbered on from `first_id + pages.len()`.
    fn pages_of<K: RecordKind>(
        &self,
        data: &ProgrammeData,
        sections: &[Section],
        first_id: usize,
        pages: &mut Vec<Page>,
    ) {
        let section = section_of(sections, K::SECTION);
        for record in K::refs(data) {
            let id = PageId(first_id + pages.len());
            pages.extend(self.record_page::<K>(data, record, section, id));
        }
    }

    /// The page of one record, if its kind gives it one.
    fn record_page<K: RecordKind>(
        &self,
        data: &ProgrammeData,
        record: Ref<K::Record>,
        section: SectionId,
        id: PageId,
    ) -> Option<Page> {
        let page = K::page(data, record)?;
        Some(self.data_page(id, page, section, K::TEMPLATE, K::data_record(record)))
    }

    fn data_page(
        &self,
        id: PageId,
        page: RecordPage,
        section: SectionId,
        template: &str,
        record: DataRecord,
    ) -> Page {
        Page {
            id,
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
                value: template.to_owned(),
                file: page.file,
                at: None,
            }),
            weight: None,
            section,
            taxonomies: BTreeMap::new(),
            extra: serde_json::Map::new(),
            content: MarkdownContent::default(),
            previous: None,
            next: None,
            data: Some(record),
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
