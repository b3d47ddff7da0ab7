//! `portico init`: the programme portal by default, the bundled portal with `--demo` (one
//! source: the repository's own files), the generic skeleton with `--bare`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{portico, repo_root, tree};

/// What a site folder holds that a build reads, as the repository has it.
const SITE_PARTS: &[&str] = &["config.toml", "content", "data", "themes"];

/// Site inputs a build would also read: the repository has none, so `init --demo` (which
/// writes only `SITE_PARTS`) misses nothing.
const OTHER_SITE_INPUTS: &[&str] = &["static", "templates", "translations.toml"];

fn init(site: &Path, flags: &[&str]) -> String {
    let output = portico()
        .arg("init")
        .arg(site)
        .args(flags)
        .assert()
        .success();
    String::from_utf8_lossy(&output.get_output().stderr).into_owned()
}

/// The files of `SITE_PARTS` under `root`, keyed by path from `root`.
fn site_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for part in SITE_PARTS {
        let path = root.join(part);
        if path.is_file() {
            files.insert((*part).to_owned(), std::fs::read(&path).unwrap());
        } else if path.is_dir() {
            for (file, bytes) in tree(&path) {
                files.insert(format!("{part}/{file}"), bytes);
            }
        }
    }
    files
}

/// Builds `site` for a fixed date and returns stderr; the build must succeed.
fn build(site: &Path) -> String {
    let output = portico()
        .arg("--root")
        .arg(site)
        .args(["build", "--date", "2026-11-26"])
        .assert()
        .success();
    String::from_utf8_lossy(&output.get_output().stderr).into_owned()
}

#[test]
fn init_demo_is_the_bundled_portal() {
    for other in OTHER_SITE_INPUTS {
        assert!(
            !repo_root().join(other).exists(),
            "the repository has {other}: add it to what init embeds (build.rs) and to SITE_PARTS"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("demo");
    init(&site, &["--demo"]);
    let written = tree(&site);
    let expected = site_files(&repo_root());
    assert!(expected.len() > 50, "{} files", expected.len());
    let missing: Vec<&String> = expected
        .keys()
        .filter(|k| !written.contains_key(*k))
        .collect();
    let extra: Vec<&String> = written
        .keys()
        .filter(|k| !expected.contains_key(*k))
        .collect();
    let differ: Vec<&String> = expected
        .iter()
        .filter(|(k, bytes)| written.get(*k).is_some_and(|w| w != *bytes))
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "init --demo differs from the repository's portal:\nmissing {missing:?}\nextra {extra:?}\ndifferent {differ:?}"
    );
    build(&site);
}

#[test]
fn init_makes_the_programme_portal_that_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portale");
    init(&site, &[]);
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    assert!(config.contains("theme = \"italia\""), "{config}");
    assert_eq!(
        std::fs::read(site.join("data/programme.yaml")).unwrap(),
        std::fs::read(repo_root().join("data/programme.yaml")).unwrap(),
        "the programme's path is the bundled one"
    );
    assert!(
        !site.join("templates").exists(),
        "init wrote templates overriding the theme"
    );
    for record in ["data/provinces", "data/project-works"] {
        let yaml = tree(&site.join(record));
        assert!(
            yaml.keys().all(|f| !f.ends_with(".yaml")),
            "{record}: {yaml:?}"
        );
    }
    let stderr = build(&site);
    assert!(!stderr.to_lowercase().contains("warning"), "{stderr}");
    assert!(!stderr.contains("override"), "{stderr}");
    for page in [
        "calendario/index.html",
        "province/index.html",
        "archivio/index.html",
        "cerca/index.html",
        "opendata/index.html",
        "percorso/index.html",
        "privacy/index.html",
        "note-legali/index.html",
        "accessibilita/index.html",
    ] {
        assert!(site.join("public").join(page).is_file(), "no {page}");
    }
    // A second init must not overwrite the site.
    portico().arg("init").arg(&site).assert().code(1);
}

/// Every key of the bundled portal's config.toml is also in the programme portal's, set or
/// commented: a setting added to one cannot be forgotten in the other.
#[test]
fn the_programme_config_names_every_key_of_the_bundled_one() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portale");
    init(&site, &[]);
    let new = std::fs::read_to_string(site.join("config.toml")).unwrap();
    let bundled: toml::Table =
        toml::from_str(&std::fs::read_to_string(repo_root().join("config.toml")).unwrap()).unwrap();
    let mut missing = Vec::new();
    let mut keys = Vec::new();
    collect_keys(&bundled, "", &mut keys);
    for (table, key) in keys {
        let line = new
            .lines()
            .map(|l| l.trim_start_matches('#').trim_start())
            .any(|l| l.starts_with(&format!("{key} =")));
        let header = table.is_empty() || new.contains(&format!("[{table}]"));
        if !line || !header {
            missing.push(format!("[{table}] {key}"));
        }
    }
    assert!(
        missing.is_empty(),
        "not in the programme's config.toml: {missing:?}"
    );
}

fn collect_keys(table: &toml::Table, prefix: &str, keys: &mut Vec<(String, String)>) {
    for (key, value) in table {
        match value {
            toml::Value::Table(inner) => {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                collect_keys(inner, &name, keys);
            }
            _ => keys.push((prefix.to_owned(), key.clone())),
        }
    }
}

#[test]
fn only_missing_restores_a_deleted_section_and_keeps_edits() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portale");
    init(&site, &[]);
    std::fs::remove_file(site.join("content/calendario/_index.md")).unwrap();
    std::fs::write(
        site.join("content/progetto.md"),
        "---\ntitle: Mio\n---\nTesto mio.\n",
    )
    .unwrap();
    let stderr = init(&site, &["--only-missing"]);
    assert!(stderr.starts_with("Created 1 files"), "{stderr}");
    assert!(site.join("content/calendario/_index.md").is_file());
    assert_eq!(
        std::fs::read_to_string(site.join("content/progetto.md")).unwrap(),
        "---\ntitle: Mio\n---\nTesto mio.\n"
    );
}

#[test]
fn init_bare_makes_a_generic_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("nuovo");
    init(&site, &["--bare"]);
    assert!(!site.join("themes").exists());
    build(&site);
    assert!(site.join("public/chi-siamo/index.html").exists());
}
