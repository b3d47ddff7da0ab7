//! Demonstration data is marked in every output format while `[extra] demo_data = true`, and in
//! none once the portal publishes real data.

mod common;

use std::path::Path;

use common::{build_portal, ready_portal};

/// What an output format is, for messages, by the file's path; `None` for files that carry no
/// text of the data (styles, scripts, fonts, documents, the search index's word chunks).
fn format_of(path: &str) -> Option<&'static str> {
    let format = match path {
        _ if path.ends_with(".ics") => "iCalendar",
        _ if path.ends_with("atom.xml") => "Atom",
        _ if path.starts_with("opendata/") && path.ends_with(".json") => "open data JSON",
        _ if path.starts_with("opendata/") && path.ends_with(".csv") => "open data CSV",
        _ if path.ends_with("catalogo.jsonld") || path.ends_with("catalogo.ttl") => "DCAT",
        "cerca/documenti.json" => "search listing",
        _ if path.starts_with("cerca/d/") => "search result",
        _ if path.ends_with(".html") => "HTML",
        _ => return None,
    };
    Some(format)
}

/// The text of the output file at `path`, iCalendar lines unfolded.
fn text(public: &Path, path: &str) -> String {
    let bytes = std::fs::read(public.join(path)).unwrap();
    String::from_utf8_lossy(&bytes).replace("\r\n ", "")
}

#[test]
fn every_output_format_carries_the_demo_mark_while_demo_data_is_true() {
    let (_dir, public, _) = build_portal();
    let files = portico::output::list_tree(&public).unwrap();
    let mut unmarked = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for path in &files {
        let Some(format) = format_of(path) else {
            continue;
        };
        let text = text(&public, path);
        // An HTML page says it in the banner, and its JSON-LD (if any) says it too.
        let marked = text.contains("Dati dimostrativi")
            && (!text.contains("<script type=application/ld+json>")
                && !text.contains("<script type=\"application/ld+json\">")
                || text.contains("\"disambiguatingDescription\":\"Dati dimostrativi"));
        if !marked {
            unmarked.push(format!("{format}: {path}"));
        }
        seen.insert(format);
    }
    assert!(unmarked.is_empty(), "not marked:\n{}", unmarked.join("\n"));
    assert_eq!(seen.len(), 8, "every format was checked: {seen:?}");
    let with_json_ld = files
        .iter()
        .filter(|path| path.ends_with(".html"))
        .filter(|path| text(&public, path).contains("\"disambiguatingDescription\""))
        .count();
    assert!(with_json_ld > 50, "JSON-LD marked on {with_json_ld} pages");
    // Calendar names and feed titles say it first, where a calendar app or reader shows it.
    let calendar = text(&public, "calendario/calendario.ics");
    assert!(
        calendar.contains("X-WR-CALNAME:[Dati dimostrativi] "),
        "{calendar}"
    );
    assert!(text(&public, "avvisi/atom.xml").contains("<title>[Dati dimostrativi] "));
    let csv = text(&public, "opendata/eventi.csv");
    assert!(csv.lines().next().unwrap().ends_with(",avvertenza"));
    // The banner says what is real.
    let home = text(&public, "index.html");
    assert!(home.contains("webinar di avvio di giovedì 4 dicembre 2025"));
}

#[test]
fn no_output_carries_the_demo_mark_once_demo_data_is_false() {
    let (site, public) = ready_portal();
    assert_eq!(common::build_in_process(site.path()), public);
    let marked: Vec<String> = portico::output::list_tree(&public)
        .unwrap()
        .into_iter()
        .filter(|path| format_of(path).is_some())
        .filter(|path| text(&public, path).to_lowercase().contains("dimostrativ"))
        .collect();
    assert!(marked.is_empty(), "still marked: {marked:?}");
    assert!(!text(&public, "calendario/calendario.ics").contains("[Dati"));
}
