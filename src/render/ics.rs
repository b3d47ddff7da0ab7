//! iCalendar (RFC 5545) feeds of the programme's events.
//!
//! Written here rather than with the `icalendar` crate: that crate stamps DTSTAMP with the
//! clock (builds would differ byte for byte), writes TZID without the VTIMEZONE block RFC 5545
//! requires, and brings chrono along. What remains is small and fully tested: text escaping,
//! folding at 75 octets on character boundaries, CRLF line ends. Tests read every feed back with
//! the `icalendar` crate's parser, a reader distinct from this writer.

use std::fmt::Write as _;

use crate::load::data::{EventKind, EventStatus};
use crate::model::data::{Event, EventRef, ProgrammeData};
use crate::model::routes::Route;
use crate::time::LocalDateTime;

/// Europe/Rome as RFC 5545 wants it described: the EU rules in force since 1996 (last Sunday
/// of March at 02:00 → CEST, last Sunday of October at 03:00 → CET).
const VTIMEZONE_ROME: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Rome\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// What a feed is called in calendar apps, and which events it carries.
pub struct Feed<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub events: &'a [EventRef],
}

/// Everything the writer needs besides the events: where the site lives.
pub struct FeedContext<'a> {
    pub data: &'a ProgrammeData,
    /// The site's host, for stable UIDs: `<event id>@<host>`.
    pub host: &'a str,
    pub base_url: &'a str,
    /// [`crate::config::DEMO_NOTE`] while the site shows demonstration data: in the
    /// calendar's name, its description and every event's description.
    pub demo_note: Option<&'a str>,
}

/// The whole feed as bytes, CRLF-terminated.
pub fn write_feed(context: &FeedContext, feed: &Feed) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//UPI//portico Province & Comuni//IT");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    let (name, description) = match context.demo_note {
        Some(note) => (
            format!("[{}] {}", crate::config::DEMO_MARK, feed.name),
            format!("{note}\n{}", feed.description),
        ),
        None => (feed.name.to_owned(), feed.description.to_owned()),
    };
    property(&mut out, "X-WR-CALNAME", &escape_text(&name));
    property(&mut out, "X-WR-CALDESC", &escape_text(&description));
    line(&mut out, "X-WR-TIMEZONE:Europe/Rome");
    out.push_str(VTIMEZONE_ROME);
    for event in feed.events {
        write_event(&mut out, context, &context.data[*event]);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn write_event(out: &mut String, context: &FeedContext, event: &Event) {
    let data = context.data;
    let step = &data[event.step];
    line(out, "BEGIN:VEVENT");
    property(out, "UID", &format!("{}@{}", event.id, context.host));
    property(out, "DTSTAMP", &utc(&event.updated));
    property(out, "LAST-MODIFIED", &utc(&event.updated));
    property(out, "SEQUENCE", &event.revision.to_string());
    if event.kind == EventKind::Deadline || !event.start.has_time {
        // An all-day event: DTEND is the next day, exclusive.
        let day = event.start.date();
        let next = day.tomorrow().unwrap_or(day);
        property(
            out,
            "DTSTART;VALUE=DATE",
            &day.strftime("%Y%m%d").to_string(),
        );
        property(
            out,
            "DTEND;VALUE=DATE",
            &next.strftime("%Y%m%d").to_string(),
        );
    } else {
        property(out, "DTSTART;TZID=Europe/Rome", &local(&event.start));
        let end = event.end.unwrap_or(event.start);
        property(out, "DTEND;TZID=Europe/Rome", &local(&end));
    }
    let summary = crate::model::heading::event_heading(data, event);
    property(out, "SUMMARY", &escape_text(&summary));
    let mut description = String::new();
    if let Some(note) = context.demo_note {
        let _ = writeln!(description, "{note}");
    }
    if let Some(output) = &step.expected_output {
        let _ = writeln!(description, "Output atteso: {output}");
    }
    if let Some(notes) = &event.notes {
        let _ = writeln!(description, "{notes}");
    }
    if event.meeting_url_public
        && let Some(url) = &event.meeting_url
    {
        let _ = writeln!(description, "Collegamento: {url}");
    }
    let page = format!("{}{}", context.base_url, Route::Event(&event.id).path());
    let _ = write!(description, "Dettagli: {page}");
    property(out, "DESCRIPTION", &escape_text(&description));
    property(out, "URL", &page);
    if let Some(location) = location(event) {
        property(out, "LOCATION", &escape_text(&location));
    }
    property(out, "CATEGORIES", &escape_text(category(event.kind)));
    let status = match event.status {
        EventStatus::Cancelled => "CANCELLED",
        EventStatus::Scheduled | EventStatus::Postponed => "TENTATIVE",
        EventStatus::Confirmed | EventStatus::Held => "CONFIRMED",
    };
    property(out, "STATUS", status);
    line(out, "TRANSP:OPAQUE");
    line(out, "END:VEVENT");
}

fn location(event: &Event) -> Option<String> {
    match (&event.location, &event.platform) {
        (Some(place), _) => Some(place.clone()),
        (None, Some(platform)) => Some(format!("Online ({platform})")),
        (None, None) => None,
    }
}

fn category(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Webinar => "Webinar",
        EventKind::Session => "Sessione individuale",
        EventKind::Deadline => "Scadenza",
    }
}

/// `20251204T100000`: local time, to go with `TZID=Europe/Rome`.
fn local(moment: &LocalDateTime) -> String {
    moment.civil.strftime("%Y%m%dT%H%M%S").to_string()
}

/// `20251120T080000Z`: UTC, as DTSTAMP and LAST-MODIFIED require.
fn utc(moment: &LocalDateTime) -> String {
    moment.timestamp().strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines.
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

fn property(out: &mut String, name: &str, value: &str) {
    line(out, &format!("{name}:{value}"));
}

/// Writes one content line, folded so that no physical line exceeds 75 octets (RFC 5545
/// §3.1): continuation lines start with a space, and a multi-byte character is never split.
fn line(out: &mut String, content: &str) {
    out.push_str(&fold(content));
    out.push_str("\r\n");
}

/// Folds a content line at 75 octets, on character boundaries.
pub fn fold(content: &str) -> String {
    const LIMIT: usize = 75;
    let mut folded = String::with_capacity(content.len() + content.len() / 70 * 3);
    let mut used = 0;
    for c in content.chars() {
        let width = c.len_utf8();
        if used + width > LIMIT {
            folded.push_str("\r\n ");
            // The leading space counts towards the next line's 75 octets.
            used = 1;
        }
        folded.push(c);
        used += width;
    }
    folded
}

/// The inverse of [`fold`]: joins continuation lines.
pub fn unfold(text: &str) -> String {
    text.replace("\r\n ", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_left_alone() {
        assert_eq!(fold("SUMMARY:Webinar"), "SUMMARY:Webinar");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_accents() {
        let content = format!("SUMMARY:{}", "è".repeat(60));
        let folded = fold(&content);
        for physical in folded.split("\r\n") {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        assert_eq!(unfold(&folded), content);
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape_text("a, b; c\\d\nnuova"), "a\\, b\\; c\\\\d\\nnuova");
    }

    #[test]
    fn times_are_local_and_stamps_utc() {
        let moment = LocalDateTime::parse("2025-12-04T10:00").unwrap();
        assert_eq!(local(&moment), "20251204T100000");
        assert_eq!(utc(&moment), "20251204T090000Z");
    }
}
