//! Where the views keep each record kind's card (what lists show) and full view (what its
//! page shows): the views' side of `model::kinds`.

use serde_json::Value;

use super::DataViews;
use crate::model::DataRecord;
use crate::model::kinds::{Events, Provinces, RecordKind, Works, for_kind};
use crate::model::refs::Ref;

/// The views of one record kind.
trait KindViews: RecordKind {
    /// The record's card, as lists and its page's own card show it.
    fn card(views: &DataViews, record: Ref<Self::Record>) -> Option<&Value>;
    /// The record's full view, beside its page as `page.<kind>`.
    fn page_view(views: &DataViews, record: Ref<Self::Record>) -> Option<&Value>;
}

impl KindViews for Provinces {
    fn card(views: &DataViews, record: Ref<Self::Record>) -> Option<&Value> {
        views.provinces.get(record.index())
    }
    fn page_view(views: &DataViews, record: Ref<Self::Record>) -> Option<&Value> {
        views.province_pages.get(record.index()).map(|view| &**view)
    }
}

impl KindViews for Events {
    fn card(views: &DataViews, record: Ref<Self::Record>) -> Option<&Value> {
        views.events.get(record.index()).map(|view| &**view)
    }
    fn page_view(views: &DataViews, record: Ref<Self::Record>) -> Option<&Value> {
        views.event_pages.get(record.index()).map(|view| &**view)
    }
}

/// A work's page shows its card: the card already holds every document and section.
impl KindViews for Works {
    fn card(views: &DataViews, record: Ref<Self::Record>) -> Option<&Value> {
        views.project_works.get(record.index())
    }
    fn page_view(views: &DataViews, record: Ref<Self::Record>) -> Option<&Value> {
        Self::card(views, record)
    }
}

impl DataViews {
    /// The card of the record a page shows, named by its kind (`province`, `event`, `work`).
    pub fn record_card(&self, record: DataRecord) -> Option<(&'static str, &Value)> {
        for_kind!(record, |Kind, reference| Kind::card(self, reference)
            .map(|view| (Kind::NAME, view)))
    }

    /// The full view of the record a page shows, named by its kind.
    pub fn record_page(&self, record: DataRecord) -> Option<(&'static str, &Value)> {
        for_kind!(record, |Kind, reference| Kind::page_view(self, reference)
            .map(|view| (Kind::NAME, view)))
    }
}
