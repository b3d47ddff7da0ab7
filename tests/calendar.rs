//! The programme calendar: iCalendar feeds read back with a real parser (the `icalendar`
//! crate, not our writer) and checked against the data, and the calendar pages with a pinned
//! reference date.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{fixture_copy, portico, repo_root};
use icalendar::parser::{Component, read_calendar, unfold};
use portico::BuildOptions;
use portico::model::data::ProgrammeData;

fn date(text: &str) -> jiff::civil::Date {
    text.parse().unwrap()
}

/// Builds `root` into `output` for the given date and returns the validated data.
fn build(root: &Path, output: &Path, today: &str) -> std::sync::Arc<ProgrammeData> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(output.to_path_buf()),
        date: Some(date(today)),
        ..BuildOptions::default()
    };
    let built = portico::pipeline::render(&options).unwrap_or_else(|error| panic!("{error}"));
    portico::output::write_site(output, &built.files).unwrap();
    built.site.data.clone().expect("the site has data")
}

fn ics_files(dir: &Path) -> Vec<std::path::PathBuf> {
    portico::output::list_tree(dir)
        .unwrap()
        .into_iter()
        .filter(|path| path.ends_with(".ics"))
        .map(|path| dir.join(path))
        .collect()
}

fn property<'a>(event: &'a Component, name: &str) -> &'a icalendar::parser::Property<'a> {
    event
        .find_prop(name)
        .unwrap_or_else(|| panic!("no {name} in {event:?}"))
}

/// The instant a DTSTART/DTEND names: local time with TZID=Europe/Rome, or a date alone.
fn instant(prop: &icalendar::parser::Property) -> jiff::Timestamp {
    let value = prop.val.as_str();
    let tzid = prop
        .params
        .iter()
        .find(|p| p.key.as_str() == "TZID")
        .and_then(|p| p.val.as_ref())
        .map(|v| v.as_str().to_owned());
    if value.len() == 8 {
        let day: jiff::civil::Date = jiff::fmt::strtime::parse("%Y%m%d", value)
            .unwrap()
            .to_date()
            .unwrap();
        return day
            .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Rome").unwrap())
            .unwrap()
            .timestamp();
    }
    assert_eq!(
        tzid.as_deref(),
        Some("Europe/Rome"),
        "{value} has no Europe/Rome TZID"
    );
    let civil: jiff::civil::DateTime = jiff::fmt::strtime::parse("%Y%m%dT%H%M%S", value)
        .unwrap()
        .to_datetime()
        .unwrap();
    jiff::tz::TimeZone::get("Europe/Rome")
        .unwrap()
        .to_ambiguous_zoned_datetime(civil)
        .unambiguous()
        .unwrap()
        .timestamp()
}

/// Every feed: CRLF only, folded at 75 octets, parsable, with a VTIMEZONE, and every event's
/// start and end equal to the data.
fn check_feeds(public: &Path, data: &ProgrammeData, host: &str) -> usize {
    let by_uid: HashMap<String, &portico::model::data::Event> = data
        .events
        .iter()
        .map(|event| (format!("{}@{host}", event.id), event))
        .collect();
    let mut checked = 0;
    for file in ics_files(public) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.ends_with("\r\n"), "{file:?}");
        for line in text.split_terminator("\r\n") {
            assert!(!line.contains('\n'), "{file:?}: bare LF in {line:?}");
            assert!(line.len() <= 75, "{file:?}: {} octets: {line}", line.len());
        }
        let unfolded = unfold(&text);
        let calendar = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        let timezones: Vec<&Component> = calendar
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VTIMEZONE")
            .collect();
        assert_eq!(timezones.len(), 1, "{file:?}");
        assert_eq!(property(timezones[0], "TZID").val.as_str(), "Europe/Rome");
        for event in calendar
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
        {
            let uid = property(event, "UID").val.as_str().to_owned();
            let expected = by_uid
                .get(&uid)
                .unwrap_or_else(|| panic!("unknown UID {uid}"));
            let start = instant(property(event, "DTSTART"));
            if expected.start.has_time {
                assert_eq!(start, expected.start.timestamp(), "{uid} start");
                let end = instant(property(event, "DTEND"));
                assert_eq!(Some(end), expected.end.map(|e| e.timestamp()), "{uid} end");
            } else {
                assert_eq!(start, expected.start.timestamp(), "{uid} all-day start");
            }
            assert_eq!(
                property(event, "SEQUENCE").val.as_str(),
                expected.revision.to_string()
            );
            let cancelled = expected.status == portico::load::data::EventStatus::Cancelled;
            assert_eq!(
                property(event, "STATUS").val.as_str() == "CANCELLED",
                cancelled,
                "{uid}"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_feed_of_the_bundled_portal_parses_and_matches_the_data() {
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    let data = build(&repo_root(), &public, "2026-11-26");
    let checked = check_feeds(&public, &data, "provincecomuni.example");
    // All events, per group, per Province and per event: each event appears several times.
    assert!(
        checked > data.events.len() * 3,
        "only {checked} events checked"
    );
    // A Province's feed is described with the article its kind takes.
    for (slug, named) in [
        ("brescia", "individuali della Provincia di Brescia e"),
        (
            "trapani",
            "individuali del Libero consorzio comunale di Trapani e",
        ),
    ] {
        let text = std::fs::read_to_string(public.join(format!("province/{slug}/calendario.ics")))
            .unwrap();
        assert!(unfold(&text).contains(named), "{slug}: {named:?} not found");
    }
}

#[test]
fn events_on_both_daylight_saving_change_days_read_back_exactly() {
    let (_dir, root) = fixture_copy("programme");
    let public = root.join("public");
    let data = build(&root, &public, "2026-01-15");
    check_feeds(&public, &data, "programma.example");
    let feed = std::fs::read_to_string(public.join("calendario/calendario.ics")).unwrap();
    let unfolded = unfold(&feed);
    let calendar = read_calendar(&unfolded).unwrap();
    let event = |uid: &str| {
        calendar
            .components
            .iter()
            .find(|c| c.find_prop("UID").is_some_and(|p| p.val.as_str() == uid))
            .unwrap()
            .clone()
    };
    // 29 March 2026: clocks jump to summer time at 02:00, so 10:00 is 08:00 UTC.
    let spring = event("fc-ora-legale@programma.example");
    assert_eq!(
        instant(property(&spring, "DTSTART")).to_string(),
        "2026-03-29T08:00:00Z"
    );
    assert_eq!(
        instant(property(&spring, "DTEND")).to_string(),
        "2026-03-29T09:30:00Z"
    );
    // 26 October 2025: back to winter time, so 10:00 is 09:00 UTC.
    let autumn = event("ba-ora-solare@programma.example");
    assert_eq!(
        instant(property(&autumn, "DTSTART")).to_string(),
        "2025-10-26T09:00:00Z"
    );
    assert_eq!(property(&autumn, "STATUS").val.as_str(), "CANCELLED");
    // Accented text with commas, semicolons and backslashes survives escaping and folding.
    let notes = property(&spring, "DESCRIPTION").val.as_str().to_owned();
    assert!(
        notes.contains("virgola; barre \\ e accenti: perché, così, città, più – per provare"),
        "{notes}"
    );
    // A deadline is an all-day event.
    let deadline = event("mb-restituzione@programma.example");
    let start = property(&deadline, "DTSTART");
    assert!(start.params.iter().any(|p| p.key.as_str() == "VALUE"));
    assert_eq!(start.val.as_str(), "20260331");
    assert_eq!(property(&deadline, "DTEND").val.as_str(), "20260401");
}

#[test]
fn all_events_feed_is_byte_for_byte_stable() {
    let (_dir, root) = fixture_copy("programme");
    let public = root.join("public");
    build(&root, &public, "2026-01-15");
    let feed = std::fs::read_to_string(public.join("calendario/calendario.ics")).unwrap();
    insta::assert_snapshot!("programme_calendario.ics", feed.replace("\r\n", "⏎\n"));
}

#[test]
fn calendar_pages_render_for_the_pinned_date() {
    let (_dir, root) = fixture_copy("programme");
    let public = root.join("public");
    build(&root, &public, "2026-01-15");
    for page in [
        "calendario/index.html",
        "calendario/gruppo/nord/index.html",
        "calendario/provincia/monza-e-della-brianza/index.html",
        "calendario/tipo/scadenza/index.html",
        "calendario/mb-fase-a/index.html",
    ] {
        let text = std::fs::read_to_string(public.join(page)).unwrap();
        insta::assert_snapshot!(format!("programme__{}", page.replace('/', "__")), text);
    }
}

#[test]
fn the_reference_date_comes_from_the_option_or_source_date_epoch() {
    let (_dir, root) = fixture_copy("programme");
    let root_arg = root.to_str().unwrap();
    portico()
        .args(["--root", root_arg, "build", "--date", "2026-02-01"])
        .assert()
        .success();
    let page = std::fs::read_to_string(root.join("public/calendario/index.html")).unwrap();
    assert!(page.contains("Situazione al 1 febbraio 2026"), "{page}");
    // 1 March 2026, 12:00 UTC.
    portico()
        .env("SOURCE_DATE_EPOCH", "1772366400")
        .args(["--root", root_arg, "build"])
        .assert()
        .success();
    let page = std::fs::read_to_string(root.join("public/calendario/index.html")).unwrap();
    assert!(page.contains("Situazione al 1 marzo 2026"), "{page}");
    portico()
        .args(["--root", root_arg, "build", "--date", "domani"])
        .assert()
        .code(2);
}
