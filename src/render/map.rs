//! The network map: Italy's supra-municipal units as inline SVG, the participating Provinces
//! as links to their pages. The outlines come pre-projected, simplified and quantised from
//! `reference/boundaries/unita.txt` (made by `tools/boundaries/refresh.py` from ISTAT's
//! boundaries), so a build only copies path data: no geometry is computed here.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::Serialize;

use super::templates::escape_html;
use crate::load::reference::{Reference, Unit};
use crate::model::refs::with_refs;
use crate::model::routes::Route;
use crate::model::{Permalink, Site};

const BOUNDARIES: &str = include_str!("../../reference/boundaries/unita.txt");

/// The vendored outlines: the map's viewBox and the SVG path data of each unit, by ISTAT code.
#[derive(Debug)]
pub struct Boundaries {
    pub view_box: &'static str,
    pub paths: HashMap<&'static str, &'static str>,
}

/// Why the vendored outlines could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BoundariesError {
    #[error("the first line must be `viewBox 0 0 W H`")]
    ViewBox,
    #[error("line {0} must be `CODE SIGLA PATH`")]
    Line(usize),
}

impl Boundaries {
    /// The compiled-in outlines, parsed once.
    pub fn vendored() -> &'static Boundaries {
        static BOUNDARIES_PARSED: OnceLock<Boundaries> = OnceLock::new();
        BOUNDARIES_PARSED.get_or_init(|| {
            Boundaries::parse(BOUNDARIES).expect(
                "the vendored boundaries are valid (written by tools/boundaries/refresh.py)",
            )
        })
    }

    pub fn parse(text: &'static str) -> Result<Boundaries, BoundariesError> {
        let mut lines = text.lines();
        let view_box = lines
            .next()
            .and_then(|line| line.strip_prefix("viewBox "))
            .ok_or(BoundariesError::ViewBox)?;
        let mut paths = HashMap::new();
        for (index, line) in lines.enumerate() {
            let mut fields = line.splitn(3, ' ');
            match (fields.next(), fields.next(), fields.next()) {
                (Some(code), Some(_sigla), Some(path)) if path.starts_with('M') => {
                    paths.insert(code, path);
                }
                _ => return Err(BoundariesError::Line(index + 2)),
            }
        }
        Ok(Boundaries { view_box, paths })
    }
}

/// Why a map could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    #[error("no group `{0}`")]
    UnknownGroup(String),
    #[error("this site has no data/ folder: the map shows the Provinces of data/provinces/")]
    NoData,
    #[error(
        "no outline for the ISTAT unit {0} ({1}): refresh reference/boundaries/ with tools/boundaries/refresh.py"
    )]
    NoOutline(String, String),
}

/// What the template gets: the SVG and the words for its caption.
#[derive(Debug, Serialize)]
pub struct NetworkMap {
    pub svg: String,
    /// Participating Provinces drawn (and linked).
    pub count: usize,
    /// The highlighted group's name, when one was asked for.
    pub group: Option<String>,
    /// The highlighted group's Provinces, by name.
    pub highlighted: usize,
    /// The ISTAT release the units drawn are taken from ("1° gennaio 2026").
    pub istat_release: String,
}

/// A participating Province as the map links it.
struct Member {
    label: String,
    permalink: Permalink,
    highlighted: bool,
}

/// Draws the units valid at the site's reference date; the Provinces of `group` highlighted.
pub fn network_map(site: &Site, group: Option<&str>) -> Result<NetworkMap, MapError> {
    let data = site.data.as_ref().ok_or(MapError::NoData)?;
    let group_index = group
        .map(|id| {
            with_refs(&data.groups)
                .find(|(_, g)| g.id == id)
                .map(|(r, _)| r)
                .ok_or_else(|| MapError::UnknownGroup(id.to_owned()))
        })
        .transpose()?;
    let members: HashMap<&str, Member> = data
        .provinces
        .iter()
        .map(|province| {
            let member = Member {
                label: crate::validate::full_name(&province.unit),
                permalink: site.permalink(&Route::Province(&province.slug).path()),
                highlighted: group_index == Some(province.group),
            };
            (province.unit.istat_code.as_str(), member)
        })
        .collect();
    let tables = Reference::istat().at(site.today);
    let units: Vec<&Unit> = tables.siglas().filter_map(|s| tables.unit(s)).collect();
    let svg = svg(Boundaries::vendored(), &units, &members)?;
    Ok(NetworkMap {
        svg,
        count: members.len(),
        group: group_index.map(|i| data[i].name.clone()),
        highlighted: members.values().filter(|m| m.highlighted).count(),
        istat_release: tables.release.title.clone(),
    })
}

/// The SVG: every unit an outline; the network's in a group of links drawn on top, so their
/// borders are not hidden by their neighbours'.
fn svg(
    boundaries: &Boundaries,
    units: &[&Unit],
    members: &HashMap<&str, Member>,
) -> Result<String, MapError> {
    let outline = |unit: &Unit| {
        boundaries
            .paths
            .get(unit.istat_code.as_str())
            .copied()
            .ok_or_else(|| MapError::NoOutline(unit.istat_code.clone(), unit.name.clone()))
    };
    let mut others = String::new();
    let mut network = String::new();
    // The highlighted group last, on top, so its borders are not painted over.
    let mut focus = String::new();
    for unit in units {
        let path = outline(unit)?;
        match members.get(unit.istat_code.as_str()) {
            None => {
                let _ = write!(others, r#"<path d="{path}"/>"#);
            }
            Some(member) => {
                let (class, into) = if member.highlighted {
                    ("map-province map-focus", &mut focus)
                } else {
                    ("map-province", &mut network)
                };
                let label = escape_html(&member.label);
                let _ = write!(
                    into,
                    r#"<a href="{}" class="{class}" aria-label="{label}"><title>{label}</title><path d="{path}"/></a>"#,
                    escape_html(&member.permalink),
                );
            }
        }
    }
    let grouped = if focus.is_empty() { "" } else { " map-grouped" };
    Ok(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="network-map-svg{grouped}" viewBox="{}" aria-labelledby="network-map-title"><title id="network-map-title">Mappa delle Province della rete</title><g class="map-others">{others}</g><g class="map-network">{network}{focus}</g></svg>"#,
        boundaries.view_box
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn every_unit_of_every_release_has_an_outline() {
        let reference = Reference::istat();
        let boundaries = Boundaries::vendored();
        for release in &reference.releases {
            let tables = reference.at(release.date);
            for sigla in tables.siglas() {
                let unit = tables.unit(sigla).unwrap();
                assert!(
                    boundaries.paths.contains_key(unit.istat_code.as_str()),
                    "{} ({sigla}) at {}",
                    unit.istat_code,
                    release.date
                );
            }
        }
    }

    #[test]
    fn sardinia_is_drawn_as_its_units_were_at_the_date() {
        let reference = Reference::istat();
        let codes = |day| -> Vec<String> {
            let tables = reference.at(day);
            tables
                .siglas()
                .filter_map(|s| tables.unit(s))
                .filter(|u| u.region == "Sardegna")
                .map(|u| u.istat_code.clone())
                .collect()
        };
        assert_eq!(codes(date(2025, 6, 1)), ["090", "091", "095", "111", "292"]);
        assert_eq!(
            codes(date(2026, 6, 1)),
            ["113", "114", "115", "116", "117", "119", "312", "318"]
        );
    }

    #[test]
    fn a_line_without_a_path_is_refused_with_its_number() {
        let error = Boundaries::parse("viewBox 0 0 10 10\n001 TO M1 1l1 0 0 1z\n002 VC\n");
        assert!(matches!(error, Err(BoundariesError::Line(3))));
        assert!(matches!(
            Boundaries::parse("001 TO M1 1z\n"),
            Err(BoundariesError::ViewBox)
        ));
    }
}
