//! Views of events: the card every list shows, the full page.

use serde_json::Value;

use super::italian::{duration_it, size_it, when_it};
use super::shapes::{EventCard, EventPageFields, MaterialView, StepLink, extended};
use super::{ViewMaker, json_ld, to_json};
use crate::model::data::{Attendees, Event, ProvinceRef, material_path};
use crate::model::heading::event_heading;
use crate::model::routes::Route;
use crate::time::month_name_it;

impl ViewMaker<'_> {
    /// The full view of an event, for its page: the step's objectives and expected output,
    /// who takes part, and the add-to-calendar links.
    pub(super) fn event_page(&self, event: &Event, card: &Value) -> Value {
        let programme = &self.data.programme;
        let step = &programme[event.step];
        let members: Vec<ProvinceRef> = match event.attendees.province() {
            Some(province) => vec![province],
            None => event
                .attendees
                .groups(self.data.groups.len())
                .into_iter()
                .flat_map(|g| self.data[g].provinces.iter().copied())
                .collect(),
        };
        let peer_reviews = step.peer_review.then(|| {
            members
                .iter()
                .filter_map(|p| self.peer_review_of(*p))
                .collect()
        });
        let permalink = card["permalink"].as_str().unwrap_or_default();
        let title = card["heading"].as_str().unwrap_or(&event.title);
        let fields = EventPageFields {
            peer_reviews,
            step: self.step(step),
            json_ld: json_ld(
                super::super::structured_data::event(programme, event, title, permalink),
                self.site.config.demo_note(),
            ),
            participants: members.iter().map(|p| self.province_link(*p)).collect(),
            google_calendar_url: google_calendar_url(
                event,
                title,
                &self.permalink(&Route::Event(&event.id).path()),
            ),
        };
        extended(card, fields)
    }

    pub(super) fn event(&self, event: &Event) -> Value {
        let step = &self.data.programme[event.step];
        let duration = event
            .end
            .map(|end| (end.timestamp() - event.start.timestamp()).as_secs() / 60);
        let last_day = event.end.unwrap_or(event.start).date();
        let groups = event.attendees.groups(self.data.groups.len());
        let group_ids: Vec<&str> = groups.iter().map(|g| self.data[*g].id.as_str()).collect();
        to_json(EventCard {
            id: &event.id,
            permalink: self.permalink(&Route::Event(&event.id).path()),
            ics_url: self.permalink(&Route::EventFeed(&event.id).path()),
            past: last_day < self.site.today,
            month_key: event.start.date().strftime("%Y-%m").to_string(),
            month: format!(
                "{} {}",
                month_name_it(event.start.date().month()),
                event.start.date().year()
            ),
            duration_label: duration.map(|minutes| duration_it(minutes as u64)),
            title: &event.title,
            heading: event_heading(self.data, event),
            kind: event.kind,
            step: StepLink {
                id: &step.id,
                title: &step.title,
            },
            group: match event.attendees {
                Attendees::Group(g) => Some(self.group_link(g)),
                _ => None,
            },
            groups: groups.into_iter().map(|g| self.group_link(g)).collect(),
            group_ids: group_ids.join(" "),
            all_groups: event.attendees == Attendees::Programme,
            attendees: self.data.attendees_label(event),
            province: event.attendees.province().map(|p| self.province_link(p)),
            start: &event.start,
            end: event.end.as_ref(),
            all_day: !event.start.has_time,
            when: when_it(&event.start, event.end.as_ref()),
            duration_minutes: duration,
            mode: event.mode,
            platform: event.platform.as_deref(),
            location: event.location.as_deref(),
            meeting_url: event
                .meeting_url
                .as_deref()
                .filter(|_| event.meeting_url_public),
            status: event.status,
            revision: event.revision,
            updated: &event.updated,
            materials: self.materials(event),
            notes: event.notes.as_deref(),
        })
    }

    /// The event's materials, each with its link and, for a file, its format and size.
    fn materials<'a>(&self, event: &'a Event) -> Vec<MaterialView<'a>> {
        event
            .materials
            .iter()
            .map(|material| MaterialView {
                title: &material.title,
                url: match &material.file_name {
                    Some(name) => Some(self.permalink(&material_path(event, name)).into()),
                    None => material.url.clone(),
                },
                format: material.format,
                size_label: match (&material.format, material.size) {
                    (Some(format), Some(size)) => Some(format!("{format}, {}", size_it(size))),
                    _ => None,
                },
            })
            .collect()
    }
}

/// A link that opens Google Calendar's "new event" form filled in with the event.
fn google_calendar_url(event: &Event, heading: &str, page: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let dates = if event.start.has_time {
        let end = event.end.unwrap_or(event.start);
        format!(
            "{}/{}",
            event.start.civil.strftime("%Y%m%dT%H%M%S"),
            end.civil.strftime("%Y%m%dT%H%M%S")
        )
    } else {
        let day = event.start.date();
        let next = day.tomorrow().unwrap_or(day);
        format!("{}/{}", day.strftime("%Y%m%d"), next.strftime("%Y%m%d"))
    };
    let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
    format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}&ctz=Europe%2FRome&details={}",
        encode(heading),
        dates,
        encode(page)
    )
}
