//! What an event is called wherever it appears: its page's `<h1>` and `<title>`, the day cells
//! of the month grid, list items, iCalendar `SUMMARY`, "Aggiungi al calendario" links.
//!
//! With thirty Provinces in five groups, the step title alone ("Fase intermedia B") names
//! thirty events; the heading adds who the event is for, so that no two events of the bundled
//! programme share one. This is the one place that decides it: every output calls
//! [`event_heading`].

use super::data::{Event, ProgrammeData};
use crate::load::reference::Unit;
use crate::time::date_it;

/// An event's heading: its title, then who it is for.
///
/// - a Province's session: "Fase intermedia B – Provincia di Brescia";
/// - a group's webinar: "Webinar 2: Lo stato dell'arte – Percorso 1 – Nord-Ovest";
/// - an event of the whole programme (neither group nor Province): its title alone;
/// - when the same attendee has another event with the same title (a cancelled session and
///   the one that replaces it), the day is added: "… – Provincia di Potenza (20 gennaio 2027)".
pub fn event_heading(data: &ProgrammeData, event: &Event) -> String {
    let heading = match attendee_name(data, event) {
        Some(who) => format!("{} – {who}", event.title),
        None => event.title.clone(),
    };
    let twin = siblings(data, event).any(|other| {
        other.id != event.id
            && other.title == event.title
            && (other.group, other.province) == (event.group, event.province)
    });
    if twin {
        format!("{heading} ({})", date_it(event.start.date()))
    } else {
        heading
    }
}

/// The events that could share `event`'s attendee: a Province's own list (which holds its
/// group's webinars too), for a group that of its first Province, else every event. Short
/// lists, so that a heading costs little even with thousands of events.
fn siblings<'a>(
    data: &'a ProgrammeData,
    event: &Event,
) -> Box<dyn Iterator<Item = &'a Event> + 'a> {
    let province = event.province.or_else(|| {
        event
            .group
            .and_then(|g| data.groups[g].provinces.first().copied())
    });
    match province {
        Some(p) => Box::new(data.provinces[p].events.iter().map(|e| &data.events[*e])),
        None => Box::new(data.events.iter()),
    }
}

/// Who an event is for, as its heading names it: the Province with its kind, or the group.
pub fn attendee_name(data: &ProgrammeData, event: &Event) -> Option<String> {
    match (event.province, event.group) {
        (Some(province), _) => Some(unit_name_with_kind(&data.provinces[province].unit)),
        (None, Some(group)) => Some(data.groups[group].name.clone()),
        (None, None) => None,
    }
}

/// A Province as the law names it: "Provincia di Brescia", "Città metropolitana di Torino",
/// "Libero consorzio comunale di Trapani", with Italian elision and articles ("Provincia
/// dell'Aquila", "Provincia della Spezia", "Provincia del Sud Sardegna").
pub fn unit_name_with_kind(unit: &Unit) -> String {
    let name = unit.name.as_str();
    let of = if let Some(rest) = name.strip_prefix("L'") {
        format!("dell'{rest}")
    } else if let Some(rest) = name.strip_prefix("La ") {
        format!("della {rest}")
    } else if name.starts_with("Sud ") {
        format!("del {name}")
    } else {
        format!("di {name}")
    };
    format!("{} {of}", unit.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::reference::Reference;

    fn named(sigla: &str) -> String {
        let today = "2026-01-15".parse().unwrap();
        let unit = Reference::istat()
            .at(today)
            .unit(sigla)
            .unwrap_or_else(|| panic!("{sigla} is in the ISTAT tables"));
        unit_name_with_kind(unit)
    }

    #[test]
    fn units_are_named_with_their_kind_and_article() {
        assert_eq!(named("BS"), "Provincia di Brescia");
        assert_eq!(named("TO"), "Città metropolitana di Torino");
        assert_eq!(named("TP"), "Libero consorzio comunale di Trapani");
        assert_eq!(named("AQ"), "Provincia dell'Aquila");
        assert_eq!(named("SP"), "Provincia della Spezia");
    }
}
