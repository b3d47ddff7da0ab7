//! schema.org JSON-LD for the pages of the programme: the programme on the home page, each
//! event, each project work. Facts come from the data as they are: a deadline is a date, not a
//! midnight meeting; AFOL MB organises the individual sessions it runs (the steps' `support`
//! is AFOL MB's methodological support, see docs/dati.md); funders are `funder`s. Absent
//! values are left out, never written as `null`.

use serde_json::{Map, Value, json};

use crate::load::data::{EventKind, EventMode, EventStatus, OrganisationRole};
use crate::model::data::{Event, Organisation, Programme, Step};

/// The programme as a schema.org `Project` run by its promoter and paid for by its funders:
/// the public bodies and the funding programmes the source slides name.
pub fn programme(programme: &Programme, home: &str) -> Value {
    let with_role = |roles: &[OrganisationRole]| -> Vec<Value> {
        programme
            .organisations
            .iter()
            .filter(|o| roles.contains(&o.role))
            .map(organization)
            .collect()
    };
    let promoter = with_role(&[OrganisationRole::Promoter]).into_iter().next();
    without_nulls(json!({
        "@context": "https://schema.org",
        "@type": "Project",
        "name": programme.title,
        "description": programme.description.as_deref().unwrap_or(&programme.subtitle),
        "url": home,
        "parentOrganization": promoter,
        "funder": with_role(&[OrganisationRole::Partner, OrganisationRole::Funder]),
        "inLanguage": "it",
    }))
}

/// One organisation: its name as the data writes it (AFOL MB is never expanded), and its
/// address only when the data has one.
pub fn organization(organisation: &Organisation) -> Value {
    without_nulls(json!({
        "@type": "Organization",
        "name": organisation.name,
        "url": organisation.url,
    }))
}

/// Who organises an event: AFOL MB for the individual sessions of a step it supports,
/// the promoter (UPI) for the rest.
fn organizer<'a>(programme: &'a Programme, event: &Event, step: &Step) -> Option<&'a Organisation> {
    let role = if event.kind == EventKind::Session && !step.support.is_empty() {
        OrganisationRole::Consultancy
    } else {
        OrganisationRole::Promoter
    };
    programme.organisations.iter().find(|o| o.role == role)
}

/// An event's JSON-LD. `permalink` is the event's page, its virtual location when it has no
/// place.
pub fn event(programme: &Programme, event: &Event, title: &str, permalink: &str) -> Value {
    let step = &programme[event.step];
    // A deadline is a day: schema.org Date values, start and end the same day, as in the .ics.
    let (start, end) = if event.kind == EventKind::Deadline || !event.start.has_time {
        let day = event.start.date().to_string();
        (day.clone(), Some(day))
    } else {
        (event.start.rfc3339(), event.end.map(|end| end.rfc3339()))
    };
    let status = match event.status {
        EventStatus::Cancelled => "https://schema.org/EventCancelled",
        EventStatus::Postponed => "https://schema.org/EventRescheduled",
        _ => "https://schema.org/EventScheduled",
    };
    let online = event.mode.is_none_or(|mode| mode == EventMode::Online);
    let location = match &event.location {
        Some(place) => json!({ "@type": "Place", "name": place, "address": place }),
        None => json!({ "@type": "VirtualLocation", "url": permalink }),
    };
    without_nulls(json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": title,
        "description": description(step),
        "startDate": start,
        "endDate": end,
        "eventStatus": status,
        "eventAttendanceMode": if online {
            "https://schema.org/OnlineEventAttendanceMode"
        } else {
            "https://schema.org/OfflineEventAttendanceMode"
        },
        "location": location,
        "organizer": organizer(programme, event, step).map(organization),
        "url": permalink,
        "inLanguage": "it",
    }))
}

/// What the step is for: its expected output, else its objectives, else its subtitle.
fn description(step: &Step) -> Option<String> {
    step.expected_output
        .clone()
        .or_else(|| (!step.objectives.is_empty()).then(|| step.objectives.join("; ")))
        .or_else(|| step.subtitle.clone())
}

/// `value` without `null`s, empty strings and empty lists, at any depth: an absent fact is
/// left out of structured data rather than stated as empty.
pub fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (key, without_nulls(value)))
                .filter(|(_, value)| !is_empty(value))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(without_nulls)
                .filter(|value| !is_empty(value))
                .collect(),
        ),
        other => other,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_empty_values_are_left_out_at_any_depth() {
        let value = without_nulls(json!({
            "a": null,
            "b": "",
            "c": [null, { "d": null, "e": 1 }],
            "f": [],
            "g": { "h": null },
            "i": 0,
        }));
        assert_eq!(value, json!({ "c": [{ "e": 1 }], "g": {}, "i": 0 }));
    }
}
