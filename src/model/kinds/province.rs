//! A participating Province: its page (`/province/<slug>/`) and the feed of its sessions and
//! its group's webinars.

use super::{CalendarFeed, DataRecord, RecordKind, RecordPage};
use crate::model::ContentPath;
use crate::model::data::{ProgrammeData, Province, ProvinceRef};
use crate::model::routes::{self, Route};

/// The Provinces of the programme's groups.
pub struct Provinces;

impl RecordKind for Provinces {
    type Record = Province;
    const NAME: &'static str = "province";
    const SECTION: &'static str = routes::PROVINCES_SECTION;
    const TEMPLATE: &'static str = "province.html";

    fn records(data: &ProgrammeData) -> &[Province] {
        &data.provinces
    }

    fn data_record(record: ProvinceRef) -> DataRecord {
        DataRecord::Province(record)
    }

    fn key(data: &ProgrammeData, record: ProvinceRef) -> String {
        data[record].sigla.to_string()
    }

    fn page(data: &ProgrammeData, record: ProvinceRef) -> Option<RecordPage> {
        let province = &data[record];
        let group = &data[province.group];
        let events = province.events.iter().map(|e| data[*e].updated);
        let work = province.project_work.and_then(|w| data[w].publication_date);
        Some(RecordPage {
            file: province.file.clone(),
            content_path: ContentPath::new(format!("data/provinces/{}.yaml", province.sigla)),
            title: province.name.clone(),
            description: format!(
                "{} ({}): percorso, team, Comuni serviti e calendario nel progetto Province & Comuni, {}.",
                province.name, province.unit.region, group.name
            ),
            path: Route::Province(&province.slug).path(),
            slug: province.slug.clone(),
            // The page changes when its events or its work do.
            updated: events.chain(work).max(),
            date: None,
        })
    }

    fn province(_data: &ProgrammeData, record: ProvinceRef) -> Option<ProvinceRef> {
        Some(record)
    }

    fn feed(data: &ProgrammeData, record: ProvinceRef) -> Option<CalendarFeed> {
        let province = &data[record];
        Some(CalendarFeed {
            path: Route::ProvinceFeed(&province.slug).path(),
            name: format!("{} – {}", data.programme.title, province.name),
            description: format!(
                "Sessioni individuali {} e webinar del suo gruppo",
                province.name_after_of()
            ),
            events: province.events.clone(),
        })
    }
}
