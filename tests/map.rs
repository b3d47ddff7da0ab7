//! The network map on the bundled portal: one SVG on `/province/` and on each group's calendar
//! page, every participating Province drawn with its own outline and linked to its page, every
//! other unit of ISTAT's list drawn and not linked, a group's page highlighting its Provinces,
//! under 150 KB and byte-identical from one build to the next. (Nu checker and axe-core see
//! these pages in tests/quality.rs, which checks every page.)

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{attribute_values, build_portal_with_data, repo_root};
use portico::load::reference::Reference;
use portico::model::data::ProgrammeData;
use portico::model::routes::{Filter, Route};

const BASE: &str = "https://provincecomuni.example";

/// The outlines as vendored, read here without the library's parser: ISTAT code → path data.
fn vendored_outlines() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(repo_root().join("reference/boundaries/unita.txt")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let mut fields = line.splitn(3, ' ');
            let code = fields.next().unwrap().to_owned();
            let _sigla = fields.next().unwrap();
            (code, fields.next().unwrap().to_owned())
        })
        .collect()
}

/// What one map shows: the links (href → (outline, highlighted)) and the unlinked outlines.
#[derive(Debug, PartialEq)]
struct Drawn {
    linked: BTreeMap<String, (String, bool)>,
    others: Vec<String>,
}

fn page(public: &Path, path: &str) -> String {
    let file = public.join(path.trim_start_matches('/')).join("index.html");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The map SVGs of a page (the page's other SVGs, icons, are not maps).
fn maps(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .map(|(at, _)| &html[at..at + html[at..].find("</svg>").unwrap() + 6])
        .filter(|svg| svg[..svg.find('>').unwrap()].contains("network-map-svg"))
        .collect()
}

fn drawn(svg: &str) -> Drawn {
    let others_start = svg.find("map-others").expect("a group of other units");
    let network_start = svg.find("map-network").expect("a group of the network");
    assert!(
        others_start < network_start,
        "the network is drawn last, on top"
    );
    let others = attribute_values(&svg[others_start..network_start], "d");
    let linked = svg[network_start..]
        .split("<a ")
        .skip(1)
        .map(|link| {
            let link = &link[..link.find("</a>").expect("a closed link")];
            let href = attribute_values(link, "href").remove(0);
            let class = attribute_values(link, "class").remove(0);
            let d = attribute_values(link, "d");
            assert_eq!(d.len(), 1, "one outline per link: {href}");
            let highlighted = class.contains("map-focus");
            (href, (d[0].clone(), highlighted))
        })
        .collect();
    Drawn { linked, others }
}

/// What the map must show at the portal's date, with `group`'s Provinces highlighted.
fn expected(data: &ProgrammeData, group: Option<usize>) -> Drawn {
    let outlines = vendored_outlines();
    let tables = Reference::istat().at("2026-11-26".parse().unwrap());
    let linked: BTreeMap<String, (String, bool)> = data
        .provinces
        .iter()
        .map(|p| {
            let href = format!("{BASE}{}", Route::Province(&p.slug).path());
            let outline = outlines[&p.unit.istat_code].clone();
            (href, (outline, group == Some(p.group.index())))
        })
        .collect();
    let participating: BTreeSet<&str> = data
        .provinces
        .iter()
        .map(|p| p.unit.istat_code.as_str())
        .collect();
    let others = tables
        .siglas()
        .map(|s| tables.unit(s).unwrap())
        .filter(|u| !participating.contains(u.istat_code.as_str()))
        .map(|u| outlines[&u.istat_code].clone())
        .collect();
    Drawn { linked, others }
}

/// The pages that show the map, with the group each highlights: the Provinces' section and
/// each group's calendar.
fn map_pages(data: &ProgrammeData) -> Vec<(String, Option<usize>)> {
    let mut pages = vec![("/province/".to_owned(), None)];
    for (index, group) in data.groups.iter().enumerate() {
        let path = Route::Filtered(Filter::CalendarGroup, &group.id).path();
        pages.push((path.as_str().to_owned(), Some(index)));
    }
    pages
}

#[test]
fn the_network_map_draws_every_unit_and_links_the_network() {
    let (_dir, public, data) = build_portal_with_data();
    // Sanity of the fixture: a real network and the 2026 units of Sardinia among the others.
    assert!(data.provinces.len() >= 10);
    let expected_all = expected(&data, None);
    assert_eq!(expected_all.linked.len() + expected_all.others.len(), 110);
    for (path, group) in map_pages(&data) {
        let html = page(&public, &path);
        let found = maps(&html);
        assert_eq!(found.len(), 1, "one map on {path}");
        let svg = found[0];
        assert!(
            svg.len() < 150_000,
            "{path}: the map weighs {} bytes",
            svg.len()
        );
        let drawn = drawn(svg);
        let want = expected(&data, group);
        assert_eq!(drawn.linked, want.linked, "links of the map on {path}");
        assert_eq!(drawn.others, want.others, "unlinked units on {path}");
        if let Some(index) = group {
            let highlighted = drawn.linked.values().filter(|(_, h)| *h).count();
            assert_eq!(highlighted, data.groups[index].provinces.len());
            assert!(highlighted > 0 && highlighted < drawn.linked.len());
        }
    }
    // Other pages have no map.
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(maps(&home).is_empty());
}

#[test]
fn the_network_map_is_the_same_from_one_build_to_the_next() {
    let (_a, first, data) = build_portal_with_data();
    let (_b, second, _) = build_portal_with_data();
    for (path, _) in map_pages(&data) {
        let one = page(&first, &path);
        let two = page(&second, &path);
        assert_eq!(maps(&one), maps(&two), "{path}");
    }
}
