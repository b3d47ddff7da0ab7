//! ISTAT's reference data in time: the refresh script on a fixture in ISTAT's own format
//! (a merger, a transfer between Provinces, a dissolved unit), and Province records of the
//! Sardinian reform built at dates before and after it.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::{fixture, fixture_copy, repo_root};

type Rows = Vec<HashMap<String, String>>;

fn read_table(path: &Path) -> Rows {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            header
                .iter()
                .map(str::to_owned)
                .zip(record.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// The rows of `code`, as `nome|codice_unita|valido_dal|valido_al|successori` (Comuni) or
/// `sigla|nome|tipo|valido_dal|valido_al|successori` (units).
fn rows_of(rows: &Rows, code: &str, columns: &[&str]) -> Vec<String> {
    rows.iter()
        .filter(|row| row["codice_istat"] == code)
        .map(|row| {
            columns
                .iter()
                .map(|c| row[*c].as_str())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

/// Runs tools/istat/refresh.py with `args`; `None` (a visible skip) without python3, except
/// on CI.
fn refresh(args: &[std::ffi::OsString]) -> Option<std::process::Output> {
    let result = std::process::Command::new("python3")
        .arg(repo_root().join("tools/istat/refresh.py"))
        .args(args)
        .output();
    if result.is_err() {
        common::skip_without("python3", "apt-get install python3");
    }
    result.ok()
}

/// The script on the fixture's two releases and variations list, writing into `out`.
fn refresh_fixture(out: &Path) -> Option<std::process::Output> {
    let istat = fixture("istat");
    let release = |date: &str| {
        format!(
            "{date}={}",
            istat.join(format!("elenco-{date}.csv")).display()
        )
    };
    refresh(&[
        "--release".into(),
        release("2024-01-01").into(),
        "--release".into(),
        release("2026-01-01").into(),
        "--variations".into(),
        istat.join("variazioni.csv").into(),
        "--out".into(),
        out.into(),
    ])
}

#[test]
fn the_refresh_script_reads_istat_files_and_dates_every_row() {
    let out = tempfile::tempdir().unwrap();
    let Some(output) = refresh_fixture(out.path()) else {
        return;
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let comuni = read_table(&out.path().join("comuni.csv"));
    let units = read_table(&out.path().join("unita-sovracomunali.csv"));
    let c = [
        "nome",
        "codice_unita",
        "valido_dal",
        "valido_al",
        "successori",
    ];
    // The 2024 file is Windows-1252: the accent survives.
    assert_eq!(rows_of(&comuni, "013041", &c), ["Cantù|013|||"]);
    // A merger, dated by the variations list, naming the new Comune.
    assert_eq!(
        rows_of(&comuni, "108002", &c),
        ["Aicurzio|108||2025-02-28|108056"]
    );
    assert_eq!(
        rows_of(&comuni, "108009", &c),
        ["Bernareggio|108||2025-02-28|108056"]
    );
    assert_eq!(
        rows_of(&comuni, "108056", &c),
        ["Bernareggio con Aicurzio|108|2025-03-01||"]
    );
    // A transfer between Provinces: a new code, found by its Codice Catastale.
    assert_eq!(
        rows_of(&comuni, "108003", &c),
        ["Arcore|108||2025-05-31|015250"]
    );
    assert_eq!(rows_of(&comuni, "015250", &c), ["Arcore|215|2025-06-01||"]);
    // Same code, another unit: two rows, the change dated at the release.
    assert_eq!(
        rows_of(&comuni, "092009", &c),
        ["Cagliari|292||2025-12-31|", "Cagliari|318|2026-01-01||"]
    );
    let u = [
        "sigla",
        "nome",
        "tipo",
        "valido_dal",
        "valido_al",
        "successori",
    ];
    // A dissolved unit: its Comuni went to Medio Campidano and to the Città metropolitana.
    assert_eq!(
        rows_of(&units, "111", &u),
        ["SU|Sud Sardegna|Provincia||2025-12-31|117 318"]
    );
    assert_eq!(
        rows_of(&units, "117", &u),
        ["VS|Medio Campidano|Provincia|2026-01-01||"]
    );
    assert_eq!(
        rows_of(&units, "292", &u),
        ["CA|Cagliari|Città metropolitana||2025-12-31|318"]
    );
    assert_eq!(
        rows_of(&units, "108", &u),
        ["MB|Monza e della Brianza|Provincia|||"]
    );
    let releases = std::fs::read_to_string(out.path().join("releases.csv")).unwrap();
    assert_eq!(
        releases,
        "data,titolo,comuni,unita\n2024-01-01,1° gennaio 2024,9,5\n2026-01-01,1° gennaio 2026,8,5\n"
    );
}

#[test]
fn the_refresh_script_refuses_a_file_without_istat_columns() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("elenco.csv");
    std::fs::write(&bad, "Codice;Nome\n001001;Agliè\n").unwrap();
    let Some(output) = refresh(&[
        "--release".into(),
        format!("2026-01-01={}", bad.display()).into(),
        "--out".into(),
        dir.path().join("out").into(),
    ]) else {
        return;
    };
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("missing (or duplicated) ISTAT columns"),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists());
}

/// The programme fixture with a Province record for each of `records` (sigla, Comuni).
fn site_with(records: &[(&str, &[&str])]) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = fixture_copy("programme");
    for (sigla, comuni) in records {
        let list = comuni
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!("sigla: {sigla}\ngroup: sud\ncomuni: [{list}]\n");
        std::fs::write(root.join(format!("data/provinces/{sigla}.yaml")), text).unwrap();
    }
    (dir, root)
}

fn build_at(root: &Path, date: &str) -> Result<portico::BuildReport, String> {
    let options = portico::BuildOptions {
        root: root.to_path_buf(),
        date: Some(date.parse().unwrap()),
        ..portico::BuildOptions::default()
    };
    portico::build(&options).map_err(|error| error.to_string())
}

#[test]
fn every_unit_of_the_sardinian_reform_builds_with_its_comuni() {
    let records: [(&str, &[&str]); 8] = [
        ("CA", &["118002"]),
        ("SS", &["112001", "112002"]),
        ("NU", &["114001"]),
        ("OR", &["115001"]),
        ("OT", &["113001"]),
        ("OG", &["116001", "116002"]),
        ("CI", &["119001"]),
        ("VS", &["117001"]),
    ];
    let (_dir, root) = site_with(&records);
    build_at(&root, "2026-03-01").unwrap();
    let public = root.join("public");
    // One of each kind: a Città metropolitana and a Provincia, with their Comuni.
    let sassari = std::fs::read_to_string(public.join("province/sassari/index.html")).unwrap();
    for text in [
        "Città metropolitana di Sassari (SS, ISTAT 312, Sardegna)",
        "Alghero",
        "Anela",
    ] {
        assert!(sassari.contains(text), "the page of Sassari lacks {text:?}");
    }
    let ogliastra = std::fs::read_to_string(public.join("province/ogliastra/index.html")).unwrap();
    for text in [
        "Provincia dell&#39;Ogliastra (OG, ISTAT 116, Sardegna)",
        "Arzana",
        "Bari Sardo",
    ] {
        assert!(
            ogliastra.contains(text),
            "the page of Ogliastra lacks {text:?}"
        );
    }
    let open_data = std::fs::read_to_string(public.join("opendata/province.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&open_data).unwrap();
    let province = |sigla: &str| {
        json["province"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["sigla"] == sigla)
            .cloned()
            .unwrap()
    };
    assert_eq!(province("SS")["tipo"], "Città metropolitana");
    assert_eq!(province("SS")["codice_istat"], "312");
    assert_eq!(province("OG")["tipo"], "Provincia");
    assert_eq!(province("OG")["codice_istat"], "116");
    assert!(
        json["fonte"]
            .as_str()
            .unwrap()
            .contains("al 1° gennaio 2026")
    );
}

#[test]
fn sud_sardegna_builds_at_a_date_before_the_reform_only() {
    let (_dir, root) = site_with(&[("SU", &["111001", "111002"]), ("SS", &["090003"])]);
    build_at(&root, "2024-06-01").unwrap();
    let public = root.join("public");
    let page = std::fs::read_to_string(public.join("province/sud-sardegna/index.html")).unwrap();
    assert!(page.contains("Arbus") && page.contains("Armungia"));
    let sassari = std::fs::read_to_string(public.join("province/sassari/index.html")).unwrap();
    assert!(sassari.contains("Provincia di Sassari (SS, ISTAT 090, Sardegna)"));
    assert!(sassari.contains("Alghero (090003)"));
    let json = std::fs::read_to_string(public.join("opendata/province.json")).unwrap();
    assert!(json.contains("al 22 gennaio 2024"));
    let error = build_at(&root, "2026-03-01").unwrap_err();
    assert!(
        error.contains("`SU` (Sud Sardegna) was dissolved on 2026-01-01"),
        "{error}"
    );
    assert!(
        error.contains("the Comune Alghero has another ISTAT code"),
        "{error}"
    );
}

#[test]
fn an_unquoted_istat_code_keeps_its_leading_zero() {
    let (_dir, root) = fixture_copy("programme");
    std::fs::write(
        root.join("data/provinces/FC.yaml"),
        "sigla: FC\ngroup: nord\ncomuni: [040012]\n",
    )
    .unwrap();
    build_at(&root, "2026-03-01").unwrap();
    let page =
        std::fs::read_to_string(root.join("public/province/forli-cesena/index.html")).unwrap();
    assert!(
        page.contains("Forlì (040012)"),
        "the Comune 040012 is listed"
    );
}

#[test]
fn the_portal_credits_the_istat_release_it_used() {
    let (_output, public, _report) = common::build_portal();
    let page = std::fs::read_to_string(public.join("province/index.html")).unwrap();
    assert!(
        page.contains("Fonte: ISTAT, codici delle unità territoriali al 1° gennaio 2026"),
        "the credit names the release"
    );
}
