//! Did-you-mean for a Province's sigla. Two-letter codes make poor material for string
//! similarity (`LX` is as close to `LC` as to `LU`), so a sigla gets every sigla one letter
//! away, each with its name; and an editor who writes the name ("Lecco") gets its sigla.

use super::reference::{Tables, Unit};

/// A help text for `written`, which is not a known sigla.
pub fn sigla_suggestion(tables: &Tables, written: &str) -> Option<String> {
    let units: Vec<&Unit> = tables.siglas().filter_map(|s| tables.unit(s)).collect();
    by_name(&units, written).or_else(|| one_letter_away(&units, written))
}

/// The unit whose name `written` is (or nearly is), as "did you mean `LC` (Lecco)?".
fn by_name(units: &[&Unit], written: &str) -> Option<String> {
    let wanted = fold(written);
    if wanted.chars().count() < 3 {
        return None;
    }
    units
        .iter()
        .map(|unit| (strsim::jaro_winkler(&wanted, &fold(&unit.name)), unit))
        .filter(|(score, _)| *score >= 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, unit)| format!("did you mean `{}` ({})?", unit.sigla, unit.name))
}

/// Every sigla that differs from `written` in one letter, with its name.
fn one_letter_away(units: &[&Unit], written: &str) -> Option<String> {
    let written = written.to_uppercase();
    let mut close: Vec<String> = units
        .iter()
        .filter(|unit| {
            unit.sigla.len() == written.len()
                && unit
                    .sigla
                    .chars()
                    .zip(written.chars())
                    .filter(|(a, b)| a != b)
                    .count()
                    == 1
        })
        .map(|unit| format!("`{}` ({})", unit.sigla, unit.name))
        .collect();
    close.sort();
    match close.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        many => Some(format!("did you mean one of {}?", many.join(", "))),
    }
}

/// Lowercase, without accents, and without the kind of unit in front.
fn fold(name: &str) -> String {
    let folded = deunicode::deunicode(name).to_lowercase();
    let folded = folded.trim();
    [
        "provincia di ",
        "citta metropolitana di ",
        "provincia del ",
        "provincia dell'",
    ]
    .iter()
    .find_map(|prefix| folded.strip_prefix(prefix))
    .unwrap_or(folded)
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::reference::Reference;

    fn tables() -> Tables<'static> {
        Reference::istat().at("2026-06-01".parse().unwrap())
    }

    #[test]
    fn a_sigla_one_letter_away_is_suggested_with_its_name() {
        let istat = tables();
        let help = sigla_suggestion(&istat, "LX").unwrap();
        assert!(help.contains("`LC` (Lecco)"), "{help}");
        assert!(help.contains("`LU` (Lucca)"), "{help}");
    }

    #[test]
    fn a_name_is_turned_into_its_sigla() {
        let istat = tables();
        assert_eq!(
            sigla_suggestion(&istat, "Lecco").unwrap(),
            "did you mean `LC` (Lecco)?"
        );
        assert_eq!(
            sigla_suggestion(&istat, "provincia di forli-cesena").unwrap(),
            "did you mean `FC` (Forlì-Cesena)?"
        );
    }
}
