//! Views of events: the card every list shows, the full page.

use serde_json::{Value, json};

use super::italian::{duration_it, size_it, when_it};
use super::{ViewMaker, json_ld};
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
        let mut view = card.clone();
        let members: Vec<ProvinceRef> = match event.attendees.province() {
            Some(province) => vec![province],
            None => event
                .attendees
                .groups(self.data.groups.len())
                .into_iter()
                .flat_map(|g| self.data[g].provinces.iter().copied())
                .collect(),
        };
        if step.peer_review {
            view["peer_reviews"] = Value::Array(
                members
                    .iter()
                    .filter_map(|p| self.peer_review_of(*p))
                    .collect(),
            );
        }
        let members: Vec<Value> = members.iter().map(|p| self.province_link(*p)).collect();
        view["step"] = self.step(step);
        let permalink = card["permalink"].as_str().unwrap_or_default();
        let title = card["heading"].as_str().unwrap_or(&event.title);
        view["json_ld"] = Value::from(json_ld(
            super::super::structured_data::event(programme, event, title, permalink),
            self.site.config.demo_note(),
        ));
        view["participants"] = Value::Array(members);
        view["google_calendar_url"] = Value::from(google_calendar_url(
            event,
            title,
            &self.permalink(&Route::Event(&event.id).path()),
        ));
        view
    }

    pub(super) fn event(&self, event: &Event) -> Value {
        let programme = &self.data.programme;
        let step = &programme[event.step];
        let duration = event
            .end
            .map(|end| (end.timestamp() - event.start.timestamp()).as_secs() / 60);
        let last_day = event.end.unwrap_or(event.start).date();
        let path = Route::Event(&event.id).path();
        json!({
            "id": event.id,
            "permalink": self.permalink(&path),
            "ics_url": self.permalink(&Route::EventFeed(&event.id).path()),
            "past": last_day < self.site.today,
            "month_key": event.start.date().strftime("%Y-%m").to_string(),
            "month": format!("{} {}", month_name_it(event.start.date().month()), event.start.date().year()),
            "duration_label": duration.map(|minutes| duration_it(minutes as u64)),
            "title": event.title,
            // Who the event is for included: what every list, page and feed calls it.
            "heading": event_heading(self.data, event),
            "kind": event.kind,
            "step": { "id": step.id, "title": step.title },
            "group": match event.attendees { Attendees::Group(g) => self.group_link(g), _ => Value::Null },
            "groups": event.attendees.groups(self.data.groups.len()).into_iter().map(|g| self.group_link(g)).collect::<Vec<_>>(),
            "group_ids": event.attendees.groups(self.data.groups.len()).into_iter().map(|g| self.data[g].id.as_str()).collect::<Vec<_>>().join(" "),
            "all_groups": event.attendees == Attendees::Programme,
            "attendees": self.data.attendees_label(event),
            "province": event.attendees.province().map(|p| self.province_link(p)),
            "start": event.start,
            "end": event.end,
            "all_day": !event.start.has_time,
            "when": when_it(&event.start, event.end.as_ref()),
            "duration_minutes": duration,
            "mode": event.mode,
            "platform": event.platform,
            "location": event.location,
            "meeting_url": if event.meeting_url_public { event.meeting_url.clone() } else { None },
            "status": event.status,
            "revision": event.revision,
            "updated": event.updated,
            "materials": event.materials.iter().map(|material| {
                let url = match &material.file_name {
                    Some(name) => Some(self.permalink(&material_path(event, name))),
                    None => material.url.clone(),
                };
                let size_label = match (&material.format, material.size) {
                    (Some(format), Some(size)) => Some(format!("{format}, {}", size_it(size))),
                    _ => None,
                };
                json!({ "title": material.title, "url": url, "format": material.format, "size_label": size_label })
            }).collect::<Vec<_>>(),
            "notes": event.notes,
        })
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
