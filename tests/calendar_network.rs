//! The calendar of a network of Provinces, on the bundled portal (reference date 26 November
//! 2026): a page for every month with events, chained by previous/next links that need no
//! JavaScript; a heading per event that says who it is for; upcoming events before past ones;
//! `webcal:` subscriptions that lead to real feeds; `/percorso/` as a timeline.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use common::{attribute_values, build_portal_with_data, repo_root};
use portico::model::data::{Attendees, ProgrammeData};

const BASE_URL: &str = "https://provincecomuni.example";

fn read(public: &Path, page: &str) -> String {
    std::fs::read_to_string(public.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The `<a>` tags of `html`, each as its text from `<a` to `>`.
fn anchors(html: &str) -> Vec<&str> {
    html.match_indices("<a ")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap_or(0)])
        .collect()
}

/// The `href` of the links with `rel="<rel>"`, as written (quoted or not by the minifier).
fn rel_links(html: &str, rel: &str) -> Vec<String> {
    anchors(html)
        .into_iter()
        .filter(|tag| attribute_values(tag, "rel").iter().any(|r| r == rel))
        .flat_map(|tag| attribute_values(tag, "href"))
        .collect()
}

/// The output file of a permalink of the portal: `…/calendario/2026/03/` → `calendario/2026/03/index.html`.
fn file_of(permalink: &str) -> String {
    let path = permalink
        .strip_prefix(BASE_URL)
        .unwrap_or_else(|| panic!("{permalink} is not a URL of the portal"));
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    }
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// `2026-03` for every month in which an event starts, and the reference month.
fn months_with_events(data: &ProgrammeData) -> BTreeSet<String> {
    data.events
        .iter()
        .map(|event| event.start.date().strftime("%Y-%m").to_string())
        .chain(["2026-11".to_owned()])
        .collect()
}

#[test]
fn every_month_with_events_has_a_page_and_previous_next_links_chain_them() {
    let (_dir, public, data) = build_portal_with_data();
    let months: Vec<String> = months_with_events(&data).into_iter().collect();
    assert!(months.len() > 6, "{months:?}");
    let page_of = |key: &str| format!("calendario/{}/index.html", key.replace('-', "/"));
    for (index, key) in months.iter().enumerate() {
        let html = read(&public, &page_of(key));
        let previous: Vec<String> = rel_links(&html, "prev")
            .iter()
            .map(|l| file_of(l))
            .collect();
        let next: Vec<String> = rel_links(&html, "next")
            .iter()
            .map(|l| file_of(l))
            .collect();
        let expected_previous: Vec<String> = index
            .checked_sub(1)
            .map(|i| page_of(&months[i]))
            .into_iter()
            .collect();
        let expected_next: Vec<String> = months
            .get(index + 1)
            .map(|k| page_of(k))
            .into_iter()
            .collect();
        assert_eq!(previous, expected_previous, "{key}: previous month");
        assert_eq!(next, expected_next, "{key}: next month");
        // Every event of the month is on its page, in its day cell and in its list.
        for event in data
            .events
            .iter()
            .filter(|e| e.start.date().strftime("%Y-%m").to_string() == *key)
        {
            let link = format!("{BASE_URL}/calendario/{}/", event.id);
            let count = attribute_values(&html, "href")
                .iter()
                .filter(|h| **h == link)
                .count();
            assert!(count >= 2, "{key}: {} is linked {count} times", event.id);
        }
    }
    // The calendar's home shows the reference month and links its page and its neighbours.
    let home = read(&public, "calendario/index.html");
    let hrefs = attribute_values(&home, "href");
    assert!(
        hrefs.contains(&format!("{BASE_URL}/calendario/2026/11/")),
        "no link to the month's page"
    );
    let reference = months.iter().position(|k| k == "2026-11").unwrap();
    let previous = rel_links(&home, "prev");
    assert_eq!(
        previous,
        [format!(
            "{BASE_URL}/calendario/{}/",
            months[reference - 1].replace('-', "/")
        )]
    );
    // No month without events gets a page, apart from the reference month.
    let on_disk: BTreeSet<String> = portico::output::list_tree(&public.join("calendario"))
        .unwrap()
        .into_iter()
        .filter_map(|f| {
            let parts: Vec<&str> = f.split('/').collect();
            match parts.as_slice() {
                [year, month, "index.html"]
                    if year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()) =>
                {
                    Some(format!("{year}-{month}"))
                }
                _ => None,
            }
        })
        .collect();
    assert_eq!(on_disk, months.into_iter().collect::<BTreeSet<_>>());
}

#[test]
fn no_two_event_pages_share_a_heading_and_each_says_who() {
    let (_dir, public, data) = build_portal_with_data();
    let mut headings = HashSet::new();
    for event in &data.events {
        let html = read(&public, &format!("calendario/{}/index.html", event.id));
        let h1 = between(&html, "<h1>", "</h1>")
            .trim_start_matches("<h1>")
            .to_owned();
        let title = between(&html, "<title>", "</title>").trim_start_matches("<title>");
        assert!(
            title.starts_with(&h1),
            "{}: <title> {title} is not the heading {h1}",
            event.id
        );
        let who = match &event.attendees {
            Attendees::Province(p) => format!("{} d", data[*p].unit.kind),
            Attendees::Group(g) => data[*g].name.clone(),
            // An event of several groups or of the whole programme is headed by its step.
            Attendees::Groups(_) | Attendees::Programme => String::new(),
        };
        let h1_text = h1.replace("&#39;", "'").replace("&#x27;", "'");
        assert!(
            h1_text.contains(&who),
            "{}: the heading {h1} does not say {who}",
            event.id
        );
        if let Some(p) = event.attendees.province() {
            assert!(h1_text.contains(&data[p].unit.name), "{}: {h1}", event.id);
        }
        assert!(
            headings.insert(h1.clone()),
            "two event pages are headed {h1}"
        );
    }
    // The same heading in the feed: one SUMMARY per event, none repeated.
    let feed = read(&public, "calendario/calendario.ics").replace("\r\n ", "");
    let summaries: Vec<&str> = feed
        .lines()
        .filter_map(|l| l.strip_prefix("SUMMARY:"))
        .collect();
    assert_eq!(summaries.len(), data.events.len());
    assert_eq!(
        summaries.iter().collect::<HashSet<_>>().len(),
        summaries.len(),
        "repeated SUMMARY"
    );
}

#[test]
fn upcoming_events_come_first_then_past_ones_most_recent_first() {
    let (_dir, public, data) = build_portal_with_data();
    let today: jiff::civil::Date = "2026-11-26".parse().unwrap();
    let html = read(&public, "calendario/index.html");
    let list = between(&html, "id=tutti", "id=sottoscrivi");
    let list = if list.len() > 20 {
        list
    } else {
        between(&html, "id=\"tutti\"", "id=\"sottoscrivi\"")
    };
    let prefix = format!("{BASE_URL}/calendario/");
    let mut shown: Vec<&str> = Vec::new();
    for href in attribute_values(list, "href") {
        let id = href
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix('/'));
        let event = data.events.iter().find(|e| Some(e.id.as_str()) == id);
        // An event's item links it once; a day cell or a second link would repeat it.
        if let Some(event) = event
            && shown.last() != Some(&event.id.as_str())
        {
            shown.push(event.id.as_str());
        }
    }
    assert_eq!(
        shown.len(),
        data.events.len(),
        "every event once: {shown:?}"
    );
    let event = |id: &str| data.events.iter().find(|e| e.id == id).unwrap();
    let is_past = |id: &str| {
        let e = event(id);
        e.end.unwrap_or(e.start).date() < today
    };
    let first_past = shown
        .iter()
        .position(|id| is_past(id))
        .expect("the portal has past events");
    assert!(first_past > 0, "the portal has upcoming events");
    assert!(
        shown[first_past..].iter().all(|id| is_past(id)),
        "an upcoming event after a past one"
    );
    let starts = |ids: &[&str]| {
        ids.iter()
            .map(|id| event(id).start.timestamp())
            .collect::<Vec<_>>()
    };
    let upcoming = starts(&shown[..first_past]);
    assert!(
        upcoming.windows(2).all(|w| w[0] <= w[1]),
        "upcoming events out of time order"
    );
    let past = starts(&shown[first_past..]);
    assert!(
        past.windows(2).all(|w| w[0] >= w[1]),
        "past events not most recent first"
    );
}

#[test]
fn webcal_links_lead_to_the_feeds_of_the_calendar_groups_and_provinces() {
    let (_dir, public, data) = build_portal_with_data();
    let html = read(&public, "calendario/index.html");
    let webcal: Vec<String> = attribute_values(&html, "href")
        .into_iter()
        .filter(|h| h.starts_with("webcal:"))
        .collect();
    assert_eq!(
        webcal.len(),
        1 + data.groups.len() + data.provinces.len(),
        "{webcal:?}"
    );
    let hrefs: HashSet<String> = attribute_values(&html, "href").into_iter().collect();
    for link in &webcal {
        let https = link.replacen("webcal://", "https://", 1);
        assert!(hrefs.contains(&https), "{link} has no download beside it");
        let feed = read(&public, &file_of(&https));
        icalendar::parser::read_calendar(&icalendar::parser::unfold(&feed))
            .unwrap_or_else(|e| panic!("{link}: {e}"));
    }
    for province in &data.provinces {
        let path = format!(
            "webcal://provincecomuni.example/province/{}/calendario.ics",
            province.slug
        );
        assert!(webcal.contains(&path), "{path} missing");
    }
}

#[test]
fn webcal_links_keep_the_host_and_port_of_a_local_build() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let options = portico::BuildOptions {
        root: repo_root(),
        output_dir: Some(public.clone()),
        base_url: Some("http://localhost:1111".to_owned()),
        date: Some("2026-11-26".parse().unwrap()),
        ..portico::BuildOptions::default()
    };
    portico::build(&options).unwrap_or_else(|error| panic!("{error}"));
    let html = read(&public, "calendario/index.html");
    let hrefs = attribute_values(&html, "href");
    assert!(
        hrefs.contains(&"webcal://localhost:1111/calendario/calendario.ics".to_owned()),
        "{hrefs:?}"
    );
    assert!(public.join("calendario/calendario.ics").is_file());
}

#[test]
fn the_path_is_a_timeline_with_dates_links_and_the_current_step() {
    let (_dir, public, data) = build_portal_with_data();
    let html = read(&public, "percorso/index.html");
    let hrefs: HashSet<String> = attribute_values(&html, "href").into_iter().collect();
    for step in &data.programme.steps {
        let page = format!("{BASE_URL}/calendario/tappa/{}/", step.id);
        let feed = format!("{page}calendario.ics");
        assert!(
            hrefs.contains(&page),
            "{}: no link to its calendar page",
            step.id
        );
        assert!(hrefs.contains(&feed), "{}: no link to its feed", step.id);
        assert!(public.join(file_of(&feed)).is_file(), "{feed} is not built");
        assert!(public.join(file_of(&page)).is_file(), "{page} is not built");
    }
    // Said in words, not only in colour: on 26 November 2026 the groups are at different steps.
    assert!(
        html.contains("Tappa in corso per"),
        "no current step marked"
    );
    // The kick-off of 4 December 2025, with its date, for every group.
    let kick_off = between(&html, "id=kick-off", "id=fase-a");
    assert!(kick_off.contains("4 dicembre 2025"), "{kick_off}");
    assert!(html.contains("<ol class=timeline") || html.contains("<ol class=\"timeline\""));
}
