//! A unit's name as people write it: its kind, then its ISTAT name with the right preposition
//! ("Città metropolitana di Torino", "Provincia del Sud Sardegna", "Provincia dell'Ogliastra").

use crate::load::reference::Unit;

/// ISTAT names that take an article after "di" (the Sardinian units are named after regions,
/// not towns). Any other name takes a bare "di".
const WITH_ARTICLE: &[(&str, &str)] = &[
    ("Gallura Nord-Est Sardegna", "della"),
    ("Medio Campidano", "del"),
    ("Ogliastra", "dell'"),
    ("Sud Sardegna", "del"),
    ("Sulcis Iglesiente", "del"),
];

/// "<kind> di <name>", with ISTAT's kind and name, elided and with the article where Italian
/// wants one ("Provincia dell'Aquila", "Provincia della Spezia"). Friuli's non-administrative
/// units are no body of their own: they are named by their town alone ("Udine").
pub fn full_name(unit: &Unit) -> String {
    if unit.kind == "Unità non amministrativa" {
        return unit.name.clone();
    }
    let name = unit.name.as_str();
    let of = if let Some(rest) = name.strip_prefix("L'") {
        format!("dell'{rest}")
    } else if let Some(rest) = name.strip_prefix("La ") {
        format!("della {rest}")
    } else {
        let preposition =
            WITH_ARTICLE
                .iter()
                .find(|(with, _)| *with == name)
                .map_or("di ", |(_, article)| match *article {
                    "dell'" => "dell'",
                    "della" => "della ",
                    _ => "del ",
                });
        format!("{preposition}{name}")
    };
    format!("{} {of}", unit.kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::reference::Reference;

    fn name_of(sigla: &str, date: &str) -> String {
        let date: jiff::civil::Date = date.parse().unwrap();
        let tables = Reference::istat().at(date);
        full_name(tables.unit(sigla).unwrap())
    }

    #[test]
    fn kinds_and_prepositions_as_italians_write_them() {
        assert_eq!(name_of("TO", "2026-06-01"), "Città metropolitana di Torino");
        assert_eq!(name_of("CN", "2026-06-01"), "Provincia di Cuneo");
        assert_eq!(name_of("AQ", "2026-06-01"), "Provincia dell'Aquila");
        assert_eq!(name_of("SP", "2026-06-01"), "Provincia della Spezia");
        assert_eq!(name_of("UD", "2026-06-01"), "Udine");
        assert_eq!(
            name_of("MB", "2026-06-01"),
            "Provincia di Monza e della Brianza"
        );
        assert_eq!(
            name_of("TP", "2026-06-01"),
            "Libero consorzio comunale di Trapani"
        );
        assert_eq!(name_of("TN", "2026-06-01"), "Provincia autonoma di Trento");
        assert_eq!(name_of("OG", "2026-06-01"), "Provincia dell'Ogliastra");
        assert_eq!(
            name_of("OT", "2026-06-01"),
            "Provincia della Gallura Nord-Est Sardegna"
        );
        assert_eq!(name_of("SU", "2025-06-01"), "Provincia del Sud Sardegna");
        assert_eq!(
            name_of("SS", "2026-06-01"),
            "Città metropolitana di Sassari"
        );
    }
}
