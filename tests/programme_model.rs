//! The bundled portal against the programme's source document (the slides of the kick-off
//! webinar, 4 December 2025): one kick-off for every group, each step's output as the slides
//! give it, the peer reviewer from the Fase 2 focus groups seen from both sides, the bodies the
//! slides credit, and Province names with their kind.

mod common;

use std::path::Path;

use common::build_portal_with_data;
use portico::model::data::{Attendees, ProgrammeData};

/// Each step's "Output atteso" as the slides write it; `None` where they give none.
const OUTPUTS: &[(&str, Option<&str>)] = &[
    ("kick-off", Some("Avvio della Sezione 1 del PW")),
    (
        "fase-a",
        Some("Elaborazione della Sezione 1 del Project work"),
    ),
    ("webinar-2", None),
    (
        "fase-b",
        Some("Elaborazione della Sezione 2 del Project work"),
    ),
    ("webinar-3", None),
    (
        "fase-c",
        Some("Elaborazione della bozza definitiva del Project work"),
    ),
    ("webinar-4", None),
    (
        "restituzione",
        Some("Project work definitivo trasmesso ad AFOL MB"),
    ),
];

/// The project-work section whose progress a step shows: only the three intermediate phases
/// elaborate a section (the kick-off only starts the first one).
const SECTIONS: &[(&str, Option<u8>)] = &[
    ("fase-a", Some(1)),
    ("fase-b", Some(2)),
    ("fase-c", Some(3)),
];

/// The bodies and programmes every slide's footer names.
const CREDITS: &[&str] = &[
    "Unione Province d'Italia",
    "Dipartimento per le politiche di coesione e per il sud",
    "Dipartimento della Funzione Pubblica",
    "PN Governance e Capacità Istituzionale 2014-2020",
    "POC – Programma Operativo Complementare",
    "AFOL MB",
];

#[test]
fn the_bundled_portal_follows_the_source_document() {
    let (_dir, public, data) = build_portal_with_data();
    let pages = html_pages(&public);
    assert!(pages.len() > 50, "only {} pages", pages.len());
    the_kick_off_is_one_event_for_every_group(&public, &data);
    outputs_are_the_documents(&data, &pages);
    the_focus_group_reviewer_is_seen_from_both_sides(&public);
    every_page_credits_the_documents_bodies(&pages);
    provinces_are_named_with_their_kind(&data, &pages);
    section_progress_only_at_the_steps_that_produce_it(&public, &data);
}

fn the_kick_off_is_one_event_for_every_group(public: &Path, data: &ProgrammeData) {
    let kick_offs: Vec<_> = data
        .events
        .iter()
        .filter(|e| data[e.step].id == "kick-off")
        .collect();
    assert_eq!(kick_offs.len(), 1, "one kick-off event in the data");
    assert_eq!(kick_offs[0].attendees, Attendees::Programme);
    let uid = format!("UID:{}@", kick_offs[0].id);
    let all = read(&public.join("calendario/calendario.ics"));
    assert_eq!(all.matches(&uid).count(), 1, "once in calendario.ics");
    assert_eq!(all.matches("SUMMARY:Webinar di kick-off").count(), 1);
    assert!(
        all.contains("SUMMARY:Webinar di kick-off\r\n"),
        "titled by its step alone"
    );
    let link = format!("/calendario/{}/", kick_offs[0].id);
    for province in &data.provinces {
        let page = read(&public.join(format!("province/{}/index.html", province.slug)));
        let timeline = between(&page, "class=timeline", "</ol>");
        assert!(
            timeline.contains(&link),
            "{}: kick-off not on the timeline",
            province.sigla
        );
        let feed = read(&public.join(format!("province/{}/calendario.ics", province.slug)));
        assert_eq!(feed.matches(&uid).count(), 1, "{}'s feed", province.sigla);
    }
    for group in &data.groups {
        let feed = read(&public.join(format!("calendario/gruppo/{}/calendario.ics", group.id)));
        assert_eq!(feed.matches(&uid).count(), 1, "the feed of {}", group.id);
    }
}

fn outputs_are_the_documents(data: &ProgrammeData, pages: &[(String, String)]) {
    let steps: Vec<&str> = data.programme.steps.iter().map(|s| s.id.as_str()).collect();
    let expected: Vec<&str> = OUTPUTS.iter().map(|(id, _)| *id).collect();
    assert_eq!(steps, expected, "the steps of the slides, in order");
    for (step, (id, output)) in data.programme.steps.iter().zip(OUTPUTS) {
        assert_eq!(step.expected_output.as_deref(), *output, "output of {id}");
        let section = SECTIONS.iter().find(|(s, _)| s == id).and_then(|(_, n)| *n);
        let number = step.section.map(|s| data[s].number);
        assert_eq!(number, section, "the section {id} produces");
    }
    let allowed: Vec<&str> = OUTPUTS.iter().filter_map(|(_, o)| *o).collect();
    let mut seen = 0;
    for (path, html) in pages {
        for (at, _) in html.match_indices("Output atteso:") {
            let rest = html[at + "Output atteso:".len()..].trim_start_matches("</strong>");
            let said = rest[..rest.find('<').unwrap_or(rest.len())].trim();
            assert!(
                allowed.contains(&said),
                "{path} gives a step the output {said:?}"
            );
            seen += 1;
        }
        assert!(!mentions_afol_expanded(html), "{path} expands AFOL MB");
    }
    assert!(seen > 10, "outputs are shown ({seen})");
}

/// "AFOL Metropolitana" (another agency) or an invented expansion of the name; "ad AFOL MB –
/// Città metropolitana di Bari" in a heading is not one.
fn mentions_afol_expanded(html: &str) -> bool {
    let lower = html.to_lowercase();
    lower.match_indices("afol").any(|(at, _)| {
        lower[at + 4..]
            .trim_start_matches([' ', '-', '\u{a0}'])
            .starts_with("metropolitan")
    }) || lower.contains("agenzia formazione orientamento lavoro")
}

#[test]
fn the_afol_check_catches_the_wrong_agency_only() {
    assert!(mentions_afol_expanded("<p>AFOL Metropolitana</p>"));
    assert!(mentions_afol_expanded(
        "Agenzia Formazione Orientamento Lavoro Metropolitana"
    ));
    assert!(!mentions_afol_expanded(
        "ad AFOL MB – Città metropolitana di Bari"
    ));
}

fn the_focus_group_reviewer_is_seen_from_both_sides(public: &Path) {
    // data/project-works/TO names LC, a focus-group Province (data/focus-group.yaml).
    let torino = read(&public.join("province/torino/index.html"));
    let entry = "/province/#focus-group-lc";
    assert!(
        torino.contains(entry) && torino.contains("Provincia di Lecco"),
        "on Torino's page"
    );
    let review = read(&public.join("calendario/p1-webinar-4/index.html"));
    let section = between(&review, "id=peer-review", "</section>");
    assert!(
        section.contains("Città metropolitana di Torino"),
        "{section}"
    );
    assert!(
        section.contains("Provincia di Lecco") && section.contains(entry),
        "{section}"
    );
    let list = read(&public.join("province/index.html"));
    let lecco = between(&list, "id=focus-group-lc", "</article>");
    assert!(
        lecco.contains("Dirigente del Settore Risorse umane"),
        "the referent: {lecco}"
    );
    assert!(
        lecco.contains("/province/torino/"),
        "the reviewed Province: {lecco}"
    );
    assert!(
        lecco.contains("/calendario/p1-webinar-4/"),
        "the review event: {lecco}"
    );
}

fn every_page_credits_the_documents_bodies(pages: &[(String, String)]) {
    for (path, html) in pages {
        // The minifier writes the apostrophe as it is; Tera escapes it.
        let footer = between(html, "<footer", "</footer>").replace("&#39;", "'");
        for credit in CREDITS {
            assert!(footer.contains(credit), "{path}: the footer lacks {credit}");
        }
    }
}

fn provinces_are_named_with_their_kind(data: &ProgrammeData, pages: &[(String, String)]) {
    for province in &data.provinces {
        let href = format!("/province/{}/\">", province.slug);
        let bare = format!("{href}{}</a>", province.unit.name);
        for (path, html) in pages {
            assert!(
                !html.contains(&bare),
                "{path} names {} without its kind",
                province.name
            );
        }
    }
    let torino = data.provinces.iter().find(|p| p.sigla == "TO").unwrap();
    assert_eq!(torino.name, "Città metropolitana di Torino");
    let cuneo = data.provinces.iter().find(|p| p.sigla == "CN").unwrap();
    assert_eq!(cuneo.name, "Provincia di Cuneo");
}

fn section_progress_only_at_the_steps_that_produce_it(public: &Path, data: &ProgrammeData) {
    for province in &data.provinces {
        let page = read(&public.join(format!("province/{}/index.html", province.slug)));
        let timeline = between(&page, "class=timeline", "</ol>");
        for item in timeline.split("<li").skip(1) {
            let produces = [
                "Fase intermedia A",
                "Fase intermedia B",
                "Fase intermedia C",
            ]
            .iter()
            .any(|title| item.contains(title));
            if !produces {
                assert!(!item.contains("Sezione"), "{}: {item}", province.sigla);
                assert!(!item.contains("Approvata"), "{}: {item}", province.sigla);
            }
        }
    }
}

/// Every HTML page of the site: (path, text).
fn html_pages(public: &Path) -> Vec<(String, String)> {
    portico::output::list_tree(public)
        .unwrap()
        .into_iter()
        .filter(|path| path.ends_with(".html"))
        .map(|path| {
            let text = read(&public.join(&path));
            (path, text)
        })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// The text from `start` to the next `end` (both must be there).
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start:?}"));
    let rest = &text[from..];
    &rest[..rest
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"))]
}

#[test]
fn new_writes_focus_group_provinces_and_events_of_several_groups() {
    let (_dir, root) = common::fixture_copy("programme");
    let root_arg = root.to_str().unwrap();
    let new = |args: &[&str]| {
        let mut command = common::portico();
        command.args(["--root", root_arg, "new"]).args(args);
        command
    };
    new(&["focus-group", "lc"]).assert().success();
    new(&["focus-group", "BG"]).assert().success();
    // Listed already: refused, the file unchanged.
    let before = std::fs::read_to_string(root.join("data/focus-group.yaml")).unwrap();
    new(&["focus-group", "LC"]).assert().code(1);
    let after = std::fs::read_to_string(root.join("data/focus-group.yaml")).unwrap();
    assert_eq!(before, after);
    assert!(after.contains("Provincia di Lecco") && after.contains("Provincia di Bergamo"));
    new(&["event", "lancio", "--step", "kick-off", "--groups", "all"])
        .assert()
        .success();
    new(&[
        "event",
        "comune",
        "--step",
        "kick-off",
        "--groups",
        "nord, sud",
    ])
    .assert()
    .success();
    let event = std::fs::read_to_string(root.join("data/events/comune.yaml")).unwrap();
    assert!(event.contains("groups: [nord, sud]"), "{event}");
    // The two skeletons share a date: move one so they do not overlap.
    let moved = event.replace("2030-01-08T10:00", "2030-01-09T10:00");
    std::fs::write(root.join("data/events/comune.yaml"), moved).unwrap();
    let work = root.join("data/project-works/MB/project-work.yaml");
    let text = std::fs::read_to_string(&work).unwrap();
    std::fs::write(
        &work,
        text.replace("peer_reviewer: FC", "peer_reviewer: LC"),
    )
    .unwrap();
    common::portico()
        .args(["--root", root_arg, "check"])
        .assert()
        .success();
}
