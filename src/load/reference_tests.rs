//! The compiled-in tables at dates before and after the Sardinian reform.

use super::*;

fn at(date: &str) -> Tables<'static> {
    Reference::istat().at(date.parse().unwrap())
}

#[test]
fn every_release_is_complete_at_its_date() {
    for release in &Reference::istat().releases {
        let tables = Reference::istat().at(release.date);
        assert_eq!(tables.release.date, release.date);
        assert_eq!(tables.siglas().count(), release.units, "{}", release.title);
        assert_eq!(
            tables.comune_by_code.len(),
            release.comuni,
            "{}",
            release.title
        );
    }
    let first = &Reference::istat().releases[0];
    assert_eq!((first.units, first.comuni), (107, 7896));
}

#[test]
fn names_kinds_and_regions_come_from_the_sigla() {
    let istat = at("2026-11-26");
    let monza = istat.unit("MB").unwrap();
    assert_eq!(monza.name, "Monza e della Brianza");
    assert_eq!(monza.region, "Lombardia");
    assert_eq!(istat.unit("FC").unwrap().name, "Forlì-Cesena");
    assert_eq!(istat.unit("MI").unwrap().kind, "Città metropolitana");
    assert!(istat.comuni_count("MB") > 50);
    assert_eq!(istat.comune("108033").unwrap().sigla, "MB");
}

#[test]
fn the_sardinian_reform_applies_from_2026() {
    let (before, after) = (at("2024-06-01"), at("2026-01-01"));
    assert_eq!(before.unit("SS").unwrap().kind, "Provincia");
    assert_eq!(after.unit("SS").unwrap().kind, "Città metropolitana");
    assert_eq!(after.unit("SS").unwrap().istat_code, "312");
    for (sigla, name, code) in [
        ("CA", "Cagliari", "318"),
        ("SS", "Sassari", "312"),
        ("NU", "Nuoro", "114"),
        ("OR", "Oristano", "115"),
        ("OT", "Gallura Nord-Est Sardegna", "113"),
        ("OG", "Ogliastra", "116"),
        ("CI", "Sulcis Iglesiente", "119"),
        ("VS", "Medio Campidano", "117"),
    ] {
        let unit = after.unit(sigla).unwrap();
        assert_eq!((unit.name.as_str(), unit.istat_code.as_str()), (name, code));
        assert!(after.comuni_count(sigla) > 10, "{sigla}");
    }
    assert!(before.unit("SU").is_some() && after.unit("SU").is_none());
    assert!(before.unit("OG").is_none());
    assert_eq!(after.comune("112001").unwrap().name, "Alghero");
    assert!(after.comune("090003").is_none() && before.comune("090003").is_some());
}

#[test]
fn a_dissolved_unit_names_its_successors() {
    let why = at("2026-03-01").superseded_unit("SU").unwrap();
    assert_eq!(
        why.message,
        "`SU` (Sud Sardegna) was dissolved on 2026-01-01"
    );
    for heir in [
        "Cagliari (CA)",
        "Medio Campidano (VS)",
        "Sulcis Iglesiente (CI)",
        "Nuoro (NU)",
        "Ogliastra (OG)",
    ] {
        assert!(why.help.contains(heir), "{}", why.help);
    }
    let early = at("2025-01-01").superseded_unit("OG").unwrap();
    assert!(
        early.message.contains("only from 2026-01-01"),
        "{}",
        early.message
    );
    assert_eq!(at("2026-03-01").superseded_unit("XX"), None);
}

#[test]
fn a_renumbered_comune_names_its_new_code() {
    let why = at("2026-03-01").superseded_comune("090003").unwrap();
    assert_eq!(
        why.message,
        "the Comune Alghero has another ISTAT code from 2026-01-01"
    );
    assert!(
        why.help.contains("\"112001\" (Alghero, SS)"),
        "{}",
        why.help
    );
}

#[test]
fn the_credit_names_the_release_of_the_date() {
    assert!(at("2024-06-01").credit().contains("al 22 gennaio 2024"));
    assert!(at("2026-11-26").credit().contains("al 1° gennaio 2026"));
    // Before the first release the oldest tables apply.
    assert!(at("2020-01-01").credit().contains("22 gennaio 2024"));
}

#[test]
fn validity_includes_both_ends() {
    let valid = Validity {
        from: Some("2025-01-01".parse().unwrap()),
        to: Some("2025-12-31".parse().unwrap()),
    };
    assert!(valid.contains("2025-01-01".parse().unwrap()));
    assert!(valid.contains("2025-12-31".parse().unwrap()));
    assert!(!valid.contains("2026-01-01".parse().unwrap()));
    assert!(!valid.contains("2024-12-31".parse().unwrap()));
}

/// Tables as tools/istat/refresh.py writes them for its test fixture (tests/istat.rs checks
/// the script writes exactly these rows).
fn fixture_tables() -> Reference {
    Reference::parse(
        "codice_istat,sigla,nome,tipo,regione,codice_regione,valido_dal,valido_al,successori\n\
         108,MB,Monza e della Brianza,Provincia,Lombardia,03,,,\n\
         215,MI,Milano,Città metropolitana,Lombardia,03,,,\n",
        "codice_istat,nome,codice_unita,valido_dal,valido_al,successori\n\
         015250,Arcore,215,2025-06-01,,\n\
         108002,Aicurzio,108,,2025-02-28,108056\n\
         108003,Arcore,108,,2025-05-31,015250\n\
         108056,Bernareggio con Aicurzio,108,2025-03-01,,\n",
        "data,titolo,comuni,unita\n2024-01-01,1° gennaio 2024,3,2\n2026-01-01,1° gennaio 2026,3,2\n",
    )
    .unwrap()
}

#[test]
fn a_merged_comune_names_the_new_one() {
    let tables = fixture_tables();
    let at = tables.at("2025-04-01".parse().unwrap());
    let why = at.superseded_comune("108002").unwrap();
    assert_eq!(
        why.message,
        "the Comune 108002 (Aicurzio) was merged into another on 2025-03-01"
    );
    assert_eq!(
        why.help,
        "write the Comune it became: \"108056\" (Bernareggio con Aicurzio, MB)"
    );
    // Moved to another Province under a new code: the same Comune, its new code and sigla.
    let moved = tables
        .at("2025-07-01".parse().unwrap())
        .superseded_comune("108003")
        .unwrap();
    assert_eq!(
        moved.help,
        "write its code of that date: \"015250\" (Arcore, MI)"
    );
    // Before the merger the old code is valid and the new one is not yet.
    let before = tables.at("2025-01-01".parse().unwrap());
    assert_eq!(before.comune("108002").unwrap().name, "Aicurzio");
    assert!(
        before
            .superseded_comune("108056")
            .unwrap()
            .message
            .contains("exists only from 2025-03-01")
    );
}
