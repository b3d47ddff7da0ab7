//! What an event is called wherever it appears: its page's `<h1>` and `<title>`, the day cells
//! of the month grid, list items, iCalendar `SUMMARY`, "Aggiungi al calendario" links.
//!
//! With thirty Provinces in five groups, the step title alone ("Fase intermedia B") names
//! thirty events; the heading adds who the event is for, so that no two events of the bundled
//! programme share one. This is the one place that decides it: every output calls
//! [`event_heading`].

use super::data::{Attendees, Event, ProgrammeData};
use crate::time::date_it;

/// An event's heading: its title, then who it is for.
///
/// - a Province's session: "Fase intermedia B – Provincia di Brescia" (the Province's name is
///   its full name, with its kind: see `validate::names`);
/// - a group's webinar: "Webinar 2: Lo stato dell'arte – Percorso 1 – Nord-Ovest";
/// - an event of several groups or of the whole programme: its title alone;
/// - when the same attendee has another event with the same title (a cancelled session and
///   the one that replaces it), the day is added: "… – Provincia di Potenza (20 gennaio 2027)".
pub fn event_heading(data: &ProgrammeData, event: &Event) -> String {
    let heading = match data.attendee_name(event) {
        Some(who) => format!("{} – {who}", event.title),
        None => event.title.clone(),
    };
    let twin = siblings(data, event).any(|other| {
        other.id != event.id && other.title == event.title && other.attendees == event.attendees
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
    let province = match &event.attendees {
        Attendees::Province(p) => Some(*p),
        Attendees::Group(g) => data[*g].provinces.first().copied(),
        Attendees::Groups(_) | Attendees::Programme => None,
    };
    match province {
        Some(p) => Box::new(data[p].events.iter().map(|e| &data[*e])),
        None => Box::new(data.events.iter()),
    }
}
