//! A published project work: its page in the restitution archive (`/archivio/<slug>/`).

use super::{DataRecord, RecordKind, RecordPage};
use crate::model::ContentPath;
use crate::model::data::{ProgrammeData, ProjectWork, ProvinceRef, WorkRef};
use crate::model::routes::{self, Route};

/// The final project works of the Provinces; only published ones have pages.
pub struct Works;

impl RecordKind for Works {
    type Record = ProjectWork;
    const NAME: &'static str = "work";
    const SECTION: &'static str = routes::ARCHIVE_SECTION;
    const TEMPLATE: &'static str = "work.html";

    fn records(data: &ProgrammeData) -> &[ProjectWork] {
        &data.project_works
    }

    fn data_record(record: WorkRef) -> DataRecord {
        DataRecord::Work(record)
    }

    fn key(data: &ProgrammeData, record: WorkRef) -> String {
        data[record].id.to_string()
    }

    fn page(data: &ProgrammeData, record: WorkRef) -> Option<RecordPage> {
        let work = &data[record];
        if !work.published {
            return None;
        }
        let province = &data[work.province];
        Some(RecordPage {
            file: work.file.clone(),
            content_path: ContentPath::new(format!("data/project-works/{}", work.id)),
            title: work.title.clone(),
            description: work
                .abstract_text
                .clone()
                .unwrap_or_else(|| work.title.clone()),
            path: Route::Work(&province.slug).path(),
            slug: province.slug.clone(),
            updated: work.publication_date,
            date: work.publication_date,
        })
    }

    fn province(data: &ProgrammeData, record: WorkRef) -> Option<ProvinceRef> {
        Some(data[record].province)
    }
}
