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

/// "<kind> di <name>", with ISTAT's kind and name.
pub fn full_name(unit: &Unit) -> String {
    let preposition = WITH_ARTICLE
        .iter()
        .find(|(name, _)| *name == unit.name)
        .map_or("di ", |(_, article)| match *article {
            "dell'" => "dell'",
            "della" => "della ",
            _ => "del ",
        });
    format!("{} {preposition}{}", unit.kind, unit.name)
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
