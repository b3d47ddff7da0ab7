//! An event of the calendar: its page (`/calendario/<id>/`) and its own iCalendar file.

use super::{CalendarFeed, DataRecord, RecordKind, RecordPage};
use crate::model::ContentPath;
use crate::model::data::{Event, EventRef, ProgrammeData, ProvinceRef};
use crate::model::heading::event_heading;
use crate::model::routes::{self, Route};

/// Webinars, individual sessions and deadlines.
pub struct Events;

impl RecordKind for Events {
    type Record = Event;
    const NAME: &'static str = "event";
    const SECTION: &'static str = routes::CALENDAR_SECTION;
    const TEMPLATE: &'static str = "event.html";

    fn records(data: &ProgrammeData) -> &[Event] {
        &data.events
    }

    fn data_record(record: EventRef) -> DataRecord {
        DataRecord::Event(record)
    }

    fn key(data: &ProgrammeData, record: EventRef) -> String {
        data[record].id.to_string()
    }

    fn page(data: &ProgrammeData, record: EventRef) -> Option<RecordPage> {
        let event = &data[record];
        // The heading names who the event is for: no two event pages share a title. An event
        // of several groups is titled by its step; its description says for whom.
        let heading = event_heading(data, event);
        let when = crate::time::date_time_it(&event.start);
        let description = match data.attendee_name(event) {
            Some(_) => format!("{heading}, {when}."),
            None => format!("{heading}, {}, {when}.", data.attendees_label(event)),
        };
        Some(RecordPage {
            file: event.file.clone(),
            content_path: ContentPath::new(format!("data/events#{}", event.id)),
            title: heading,
            description,
            path: Route::Event(&event.id).path(),
            slug: event.id.to_string(),
            updated: Some(event.updated),
            date: None,
        })
    }

    fn province(data: &ProgrammeData, record: EventRef) -> Option<ProvinceRef> {
        data[record].attendees.province()
    }

    /// One event as a file to add to a calendar, linked from its page.
    fn feed(data: &ProgrammeData, record: EventRef) -> Option<CalendarFeed> {
        let event = &data[record];
        Some(CalendarFeed {
            path: Route::EventFeed(&event.id).path(),
            name: event.title.clone(),
            description: event.title.clone(),
            events: vec![record],
        })
    }
}
