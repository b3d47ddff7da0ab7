//! The kinds of programme record that have pages of their own: Provinces, events and
//! published project works. Each kind says once, in its own file, what the site makes of its
//! records (`RecordKind`): the section that lists them, the template and route of their pages,
//! the key a page's dependencies name them by, the Province a search result files them under,
//! and their iCalendar feed. The model's builder, the render plan's feeds, the views and the
//! preview's dependencies go through this trait instead of branching on kinds; the search
//! takes a result's Province from it but keeps its own order of result kinds.
//!
//! Adding a kind: a file here implementing `RecordKind`, a variant of [`DataRecord`] with its
//! arm in [`for_each_kind!`] and in [`for_kind!`], and the kind's template (ARCHITECTURE.md,
//! "Adding a record kind").

mod event;
mod province;
mod work;

pub use event::Events;
pub use province::Provinces;
pub use work::Works;

use std::path::PathBuf;

use super::SitePath;
use super::data::{EventRef, ProgrammeData, ProvinceRef};
use super::refs::Ref;
use crate::time::LocalDateTime;

/// What the site makes of one kind of record.
pub trait RecordKind {
    /// The record as validation leaves it in [`ProgrammeData`].
    type Record: 'static;

    /// The kind's name: the key of its view beside a page's (`page.province`), of its
    /// dependencies (`province:MB`) and of its search results' filter.
    const NAME: &'static str;
    /// The content path of the section that lists its pages (`province/_index.md`).
    const SECTION: &'static str;
    /// The template of its pages.
    const TEMPLATE: &'static str;

    /// Every record of the kind, in the data's order.
    fn records(data: &ProgrammeData) -> &[Self::Record];

    /// A reference to each record of the kind, in the data's order.
    fn refs(data: &ProgrammeData) -> impl Iterator<Item = Ref<Self::Record>> + use<Self> {
        Ref::all(Self::records(data).len())
    }

    /// The record as a page of the site names it (`Page::data`).
    fn data_record(record: Ref<Self::Record>) -> DataRecord;

    /// What names the record among its kind in dependency keys: a Province's sigla, an
    /// event's id.
    fn key(data: &ProgrammeData, record: Ref<Self::Record>) -> String;

    /// The record's page, or `None` when it has none (a work not yet published).
    fn page(data: &ProgrammeData, record: Ref<Self::Record>) -> Option<RecordPage>;

    /// The Province the record is about, if one: search results are filtered by it.
    fn province(data: &ProgrammeData, record: Ref<Self::Record>) -> Option<ProvinceRef>;

    /// The record's own iCalendar feed, if the kind has one.
    fn feed(_data: &ProgrammeData, _record: Ref<Self::Record>) -> Option<CalendarFeed> {
        None
    }
}

/// What a record's page says of itself; the builder adds what every page has.
pub struct RecordPage {
    /// The data file the record was read from, for messages.
    pub file: PathBuf,
    /// How `@/` links and the preview name the page (`data/provinces/MB.yaml`).
    pub content_path: crate::model::ContentPath,
    pub title: String,
    pub description: String,
    pub path: SitePath,
    pub slug: String,
    /// When what the page shows last changed.
    pub updated: Option<LocalDateTime>,
    /// The page's own date (a work's publication), shown and sorted by.
    pub date: Option<LocalDateTime>,
}

/// An iCalendar feed of a record's events.
pub struct CalendarFeed {
    pub path: SitePath,
    /// The calendar's name in the reader's list.
    pub name: String,
    pub description: String,
    pub events: Vec<EventRef>,
}

/// Which record a data-born page shows (a reference into [`ProgrammeData`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataRecord {
    Province(ProvinceRef),
    Event(EventRef),
    /// A published project work.
    Work(super::data::WorkRef),
}

/// Runs `$body` once for each kind, with `$kind` naming the kind's type, in the order of
/// their pages (Provinces, events, works).
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_kind {
    (|$kind:ident| $body:expr) => {{
        {
            type $kind = $crate::model::kinds::Provinces;
            $body
        }
        {
            type $kind = $crate::model::kinds::Events;
            $body
        }
        {
            type $kind = $crate::model::kinds::Works;
            $body
        }
    }};
}

/// Runs `$body` with `$kind` naming the kind of `$record` and `$reference` its typed
/// reference: the one place a [`DataRecord`] is taken apart by kind.
#[macro_export]
#[doc(hidden)]
macro_rules! for_kind {
    ($record:expr, |$kind:ident, $reference:ident| $body:expr) => {
        match $record {
            $crate::model::kinds::DataRecord::Province($reference) => {
                type $kind = $crate::model::kinds::Provinces;
                $body
            }
            $crate::model::kinds::DataRecord::Event($reference) => {
                type $kind = $crate::model::kinds::Events;
                $body
            }
            $crate::model::kinds::DataRecord::Work($reference) => {
                type $kind = $crate::model::kinds::Works;
                $body
            }
        }
    };
}

pub use crate::{for_each_kind, for_kind};

impl DataRecord {
    /// The name of the record's kind (`province`, `event`, `work`).
    pub fn kind_name(self) -> &'static str {
        for_kind!(self, |Kind, _reference| <Kind as RecordKind>::NAME)
    }

    /// The record as an input key of the preview's dependencies: `province:MB`, `event:<id>`,
    /// `work:MB`.
    pub fn key(self, data: &ProgrammeData) -> String {
        for_kind!(self, |Kind, reference| format!(
            "{}:{}",
            Kind::NAME,
            Kind::key(data, reference)
        ))
    }

    /// The Province the record is about, if one.
    pub fn province(self, data: &ProgrammeData) -> Option<ProvinceRef> {
        for_kind!(self, |Kind, reference| Kind::province(data, reference))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_named_as_views_and_keys_name_them() {
        let mut names = Vec::new();
        for_each_kind!(|Kind| names.push((Kind::NAME, Kind::TEMPLATE)));
        assert_eq!(
            names,
            [
                ("province", "province.html"),
                ("event", "event.html"),
                ("work", "work.html")
            ]
        );
        let event = DataRecord::Event(Ref::new(0));
        assert_eq!(event.kind_name(), "event");
    }
}
