//! Every JSON-LD block of every page of the bundled portal, parsed and checked against the
//! schema.org types it uses: required properties present, only properties schema.org defines
//! for the type, dates and URLs well formed, no `null` anywhere; then the facts: who organises
//! each event, deadlines as dates, funders as funders.
//!
//! The table below is ours, written from schema.org's type pages and Google's structured-data
//! guides (Event: https://developers.google.com/search/docs/appearance/structured-data/event;
//! Organization: .../structured-data/organization). "Required" is what Google needs to use the
//! block (Event: name, startDate, location) or what makes the thing identifiable (a name);
//! "allowed" lists the properties schema.org defines on the type or its supertypes that the
//! portal may use, so a misspelt or misplaced property fails.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use portico::load::data::EventKind;
use serde_json::Value;

struct Rule {
    kind: &'static str,
    required: &'static [&'static str],
    allowed: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        kind: "Event",
        required: &["name", "startDate", "location"],
        allowed: &[
            "description",
            "endDate",
            "eventStatus",
            "eventAttendanceMode",
            "organizer",
            "url",
            "inLanguage",
            // Defined on Thing: says "demonstration data" while demo_data = true.
            "disambiguatingDescription",
        ],
    },
    Rule {
        kind: "Place",
        required: &["name"],
        allowed: &["address"],
    },
    Rule {
        kind: "VirtualLocation",
        required: &["url"],
        allowed: &["name"],
    },
    Rule {
        kind: "Organization",
        required: &["name"],
        allowed: &["url"],
    },
    Rule {
        kind: "GovernmentOrganization",
        required: &["name"],
        allowed: &["url"],
    },
    // schema.org/Project (a subtype of Organization): the programme, with its promoter and
    // its funders (`funder` is defined on Organization).
    Rule {
        kind: "Project",
        required: &["name", "funder"],
        allowed: &[
            "description",
            "url",
            "parentOrganization",
            "inLanguage",
            "disambiguatingDescription",
        ],
    },
    // schema.org/Report (a CreativeWork): a published project work.
    Rule {
        kind: "Report",
        required: &["name", "author", "url"],
        allowed: &[
            "abstract",
            "disambiguatingDescription",
            "datePublished",
            "version",
            "keywords",
            "license",
            "inLanguage",
            "isPartOf",
            "encoding",
        ],
    },
    Rule {
        kind: "CreativeWorkSeries",
        required: &["name"],
        allowed: &[],
    },
    Rule {
        kind: "MediaObject",
        required: &["contentUrl", "encodingFormat"],
        allowed: &["name", "contentSize", "sha256"],
    },
];

const DATE_PROPERTIES: &[&str] = &["startDate", "endDate", "datePublished"];
const URL_PROPERTIES: &[&str] = &["url", "contentUrl", "license"];

/// Every `<script type="application/ld+json">` block of every HTML page, by page.
fn blocks(public: &Path) -> BTreeMap<String, Vec<Value>> {
    let mut found = BTreeMap::new();
    for path in portico::output::list_tree(public).unwrap() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(public.join(&path)).unwrap();
        let mut rest = html.as_str();
        let mut page = Vec::new();
        // Minified pages write the attribute unquoted: `<script type=application/ld+json>`.
        // A link may name the type too (`<a type=application/ld+json>`): only scripts count.
        while let Some(start) = rest.find("application/ld+json") {
            let tag_start = rest[..start].rfind('<').unwrap();
            if !rest[tag_start..].starts_with("<script") {
                rest = &rest[start + 1..];
                continue;
            }
            let body = &rest[start..];
            let body = &body[body.find('>').unwrap() + 1..];
            let end = body.find("</script>").expect("a closed script element");
            let value: Value = serde_json::from_str(&body[..end])
                .unwrap_or_else(|error| panic!("{path}: JSON-LD does not parse: {error}"));
            page.push(value);
            rest = &body[end..];
        }
        if !page.is_empty() {
            found.insert(path, page);
        }
    }
    found
}

/// Problems of `value` (a node at `at`), recursively.
fn check(value: &Value, at: &str, problems: &mut Vec<String>) {
    match value {
        Value::Null => problems.push(format!("{at}: null")),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                check(item, &format!("{at}[{index}]"), problems);
            }
        }
        Value::Object(map) => {
            match map.get("@type").and_then(Value::as_str) {
                Some(kind) => check_node(kind, map, at, problems),
                None => problems.push(format!("{at}: an object without @type")),
            }
            for (key, item) in map {
                check(item, &format!("{at}.{key}"), problems);
            }
        }
        _ => {}
    }
}

fn check_node(
    kind: &str,
    map: &serde_json::Map<String, Value>,
    at: &str,
    problems: &mut Vec<String>,
) {
    let Some(rule) = RULES.iter().find(|r| r.kind == kind) else {
        problems.push(format!("{at}: type {kind} is not in the table"));
        return;
    };
    for property in rule.required {
        let present = map
            .get(*property)
            .is_some_and(|v| v != "" && v != &Value::Array(Vec::new()));
        if !present {
            problems.push(format!("{at}: {kind} without {property}"));
        }
    }
    for (key, item) in map {
        let known = key.starts_with('@')
            || rule.required.contains(&key.as_str())
            || rule.allowed.contains(&key.as_str());
        if !known {
            problems.push(format!("{at}: {kind} has no property {key} in the table"));
        }
        if DATE_PROPERTIES.contains(&key.as_str()) && !is_iso_date(item) {
            problems.push(format!(
                "{at}.{key}: {item} is not an ISO 8601 date or date-time"
            ));
        }
        if URL_PROPERTIES.contains(&key.as_str())
            && !item
                .as_str()
                .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"))
        {
            problems.push(format!("{at}.{key}: {item} is not an absolute URL"));
        }
    }
}

fn is_iso_date(value: &Value) -> bool {
    let Some(text) = value.as_str() else {
        return false;
    };
    text.parse::<jiff::civil::Date>().is_ok() || text.parse::<jiff::Timestamp>().is_ok()
}

#[test]
fn every_json_ld_block_validates_without_nulls() {
    let (_dir, public, _) = common::build_portal_with_data();
    let pages = blocks(&public);
    assert!(pages.len() > 20, "only {} pages with JSON-LD", pages.len());
    let mut problems = Vec::new();
    for (path, values) in &pages {
        for value in values {
            assert_eq!(value["@context"], "https://schema.org", "{path}");
            check(value, path, &mut problems);
        }
    }
    // The checker itself must reject what it is meant to reject.
    let mut control = Vec::new();
    let wrong = serde_json::json!({
        "@type": "Event",
        "name": "x",
        "startDate": "not a date",
        "location": { "@type": "VirtualLocation", "url": "https://e.it/" },
        "description": null,
        "organizer": { "@type": "Organization", "name": "UPI", "department": [] },
    });
    check(&wrong, "control", &mut control);
    assert_eq!(control.len(), 3, "{control:#?}");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn events_say_who_organises_them_and_deadlines_are_dates() {
    let (_dir, public, data) = common::build_portal_with_data();
    let pages = blocks(&public);
    let mut sessions = 0;
    for event in &data.events {
        let path = format!("calendario/{}/index.html", event.id);
        let value = &pages
            .get(&path)
            .unwrap_or_else(|| panic!("{path} has no JSON-LD"))[0];
        let organizer = value["organizer"]["name"].as_str().unwrap_or_default();
        let start = value["startDate"].as_str().unwrap();
        match event.kind {
            EventKind::Session => {
                sessions += 1;
                assert_eq!(
                    organizer, "AFOL MB",
                    "{path}: AFOL MB runs the individual sessions"
                );
                assert!(
                    value["organizer"].get("url").is_none(),
                    "{path}: AFOL MB has no address in the data"
                );
            }
            EventKind::Webinar => assert_eq!(organizer, "Unione Province d'Italia", "{path}"),
            EventKind::Deadline => {
                assert_eq!(
                    start,
                    event.start.date().to_string(),
                    "{path}: a deadline is a day"
                );
                assert_eq!(value["endDate"], start, "{path}");
            }
        }
        if event.kind != EventKind::Deadline {
            assert!(start.contains('T'), "{path}: a meeting has a time");
        }
        assert!(
            value["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{path}: no description"
        );
    }
    assert!(sessions > 0, "the bundled portal has individual sessions");
}

#[test]
fn the_programme_names_its_promoter_and_funders() {
    let (_dir, public, _) = common::build_portal_with_data();
    let home = &blocks(&public)["index.html"][0];
    assert_eq!(home["@type"], "Project");
    assert_eq!(
        home["parentOrganization"]["name"],
        "Unione Province d'Italia"
    );
    let funders: Vec<&str> = home["funder"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for name in [
        "Dipartimento della Funzione Pubblica",
        "Dipartimento per le politiche di coesione e per il sud",
        "PN Governance e Capacità Istituzionale 2014-2020",
        "POC",
    ] {
        assert!(
            funders.iter().any(|f| f.contains(name)),
            "{name} missing from {funders:?}"
        );
    }
    assert!(
        !funders.iter().any(|f| f.contains("AFOL")),
        "AFOL MB is not a funder"
    );
}
