//! Truthful on any date: what the portal says about time follows the reference date. Pages
//! dated later are not published (unless `--future`), an event's status follows its date, and
//! data that contradicts the date is a located warning that `--strict` turns into a failure.

mod common;

use std::path::Path;

use common::{portal_copy, portico};

/// Replaces the only occurrence of `from` in the site file `path`.
fn edit(site: &Path, path: &str, from: &str, to: &str) {
    let file = site.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.matches(from).count(), 1, "`{from}` in {path}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

fn build(site: &Path, future: bool) -> std::path::PathBuf {
    let public = site.join("public");
    let options = portico::BuildOptions {
        root: site.to_path_buf(),
        output_dir: Some(public.clone()),
        date: Some("2026-11-26".parse().unwrap()),
        include_future: future,
        ..portico::BuildOptions::default()
    };
    portico::build(&options).unwrap_or_else(|error| panic!("{error}"));
    public
}

/// Every output file that names `needle`, by path.
fn files_naming(public: &Path, needle: &str) -> Vec<String> {
    portico::output::list_tree(public)
        .unwrap()
        .into_iter()
        .filter(|path| {
            let bytes = std::fs::read(public.join(path)).unwrap_or_default();
            String::from_utf8_lossy(&bytes).contains(needle)
        })
        .collect()
}

#[test]
fn news_dated_after_the_reference_date_is_published_only_with_future() {
    let site = portal_copy();
    std::fs::write(
        site.path().join("content/avvisi/bando-futuro.md"),
        "---\ntitle: Avviso del futuro\ndate: 2027-02-01T09:00\n---\nTesto dell'avviso futuro.\n",
    )
    .unwrap();
    let public = build(site.path(), false);
    assert!(!public.join("avvisi/bando-futuro").exists());
    assert_eq!(
        files_naming(&public, "bando-futuro"),
        Vec::<String>::new(),
        "a list, feed, sitemap or index names the future page"
    );

    let public = build(site.path(), true);
    assert!(public.join("avvisi/bando-futuro/index.html").is_file());
    let naming = files_naming(&public, "bando-futuro");
    for expected in ["sitemap.xml", "avvisi/index.html", "avvisi/atom.xml"] {
        assert!(
            naming.iter().any(|path| path == expected),
            "{expected} not in {naming:?}"
        );
    }
}

#[test]
fn an_update_after_the_reference_date_is_a_located_error() {
    let site = portal_copy();
    edit(
        site.path(),
        "content/privacy.md",
        "updated: 2026-11-26",
        "updated: 2026-12-24",
    );
    let output = portico()
        .args(["--root", site.path().to_str().unwrap()])
        .args(["check", "--date", "2026-11-26"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let privacy = std::fs::read_to_string(site.path().join("content/privacy.md")).unwrap();
    let line = 1 + privacy
        .lines()
        .position(|line| line.starts_with("updated:"))
        .unwrap();
    assert!(
        stderr.contains(&format!("--> content/privacy.md:{line}:10")),
        "{stderr}"
    );
    assert!(stderr.contains("`updated` is 24 dicembre 2026"), "{stderr}");
}

#[test]
fn an_event_marked_held_in_the_future_is_a_warning_and_strict_fails() {
    let site = portal_copy();
    // vt-fase-c is on 2 December 2026, after the reference date.
    edit(
        site.path(),
        "data/events.yaml",
        "status: postponed",
        "status: held",
    );
    let root = site.path().to_str().unwrap();
    let output = portico()
        .args(["--root", root, "build", "--date", "2026-11-26"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: the event is marked held but has not taken place yet"),
        "{stderr}"
    );
    let events = std::fs::read_to_string(site.path().join("data/events.yaml")).unwrap();
    let record = events
        .lines()
        .position(|l| l.contains("id: vt-fase-c"))
        .unwrap();
    let status_line = (record..)
        .find(|n| events.lines().nth(*n).unwrap().contains("status: held"))
        .unwrap();
    assert!(
        stderr.contains(&format!("--> data/events.yaml:{}:13", status_line + 1)),
        "{stderr}"
    );
    assert!(stderr.contains(", 1 warning"), "{stderr}");
    // The page says what is true on the reference date.
    let page = std::fs::read_to_string(site.path().join("public/calendario/vt-fase-c/index.html"))
        .unwrap();
    assert!(
        page.contains("badge badge-scheduled\">Programmato"),
        "{page}"
    );

    let strict = portico()
        .args(["--root", root, "check", "--strict", "--date", "2026-11-26"])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.contains("error: the event is marked held but has not taken place yet"),
        "{stderr}"
    );
}

#[test]
fn a_past_event_still_scheduled_in_the_data_is_shown_as_held() {
    let site = portal_copy();
    let events = std::fs::read_to_string(site.path().join("data/events.yaml")).unwrap();
    // The first event (kick-off, 4 December 2025) without a status: the date decides.
    let first_status = events.find("    status: held\n").unwrap();
    let mut edited = events.clone();
    edited.replace_range(first_status..first_status + "    status: held\n".len(), "");
    std::fs::write(site.path().join("data/events.yaml"), edited).unwrap();
    let public = build(site.path(), false);
    let page = std::fs::read_to_string(public.join("calendario/kick-off/index.html")).unwrap();
    assert!(page.contains("badge badge-held\">Svolto"), "{page}");
}

#[test]
fn a_section_approved_before_its_step_is_a_located_warning() {
    let root = common::fixture("programme");
    let output = portico()
        .args(["--root", root.to_str().unwrap()])
        .args(["check", "--date", "2025-11-01"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "warnings do not stop a check: {stderr}"
    );
    assert!(
        stderr.contains(
            "warning: the section `s1` is marked approved before its step has taken place"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("--> data/project-works/MB/project-work.yaml:6:14"),
        "{stderr}"
    );
    assert!(stderr.contains("4 dicembre 2025, after the reference date 1 novembre 2025"));
    // s2 is due by a deadline, and delivering before it is on time: no warning.
    assert!(!stderr.contains("`s2`"), "{stderr}");
    assert!(stderr.contains(", 3 warnings"), "{stderr}");
    // Once the sessions have taken place, the same data contradicts nothing.
    let later = portico()
        .args(["--root", root.to_str().unwrap()])
        .args(["check", "--strict", "--date", "2026-04-01"])
        .output()
        .unwrap();
    assert!(
        later.status.success(),
        "{}",
        String::from_utf8_lossy(&later.stderr)
    );
}

#[test]
fn a_work_published_after_the_reference_date_waits_for_its_day() {
    let (_dir, root) = common::fixture_copy("programme");
    // The fixture's work has `publication_date: 2026-04-10`.
    let build_at = |date: &str, future: bool| {
        let options = portico::BuildOptions {
            root: root.clone(),
            date: Some(date.parse().unwrap()),
            include_future: future,
            ..portico::BuildOptions::default()
        };
        portico::build(&options).unwrap_or_else(|error| panic!("{error}"));
        let public = root.join("public");
        // Lists, feeds, sitemap and open data name the work's page (the fixture's own Province
        // template links its documents whatever their state, so it is left out).
        let listed = files_naming(&public, "archivio/monza-e-della-brianza/")
            .into_iter()
            .filter(|path| !path.starts_with("province/"))
            .count();
        let page = public.join("archivio/monza-e-della-brianza/index.html");
        (page.is_file(), listed)
    };
    assert_eq!(build_at("2026-01-15", false), (false, 0));
    let (page, naming) = build_at("2026-01-15", true);
    assert!(page && naming > 0);
    let (page, _) = build_at("2026-04-10", false);
    assert!(page, "published on its day");
}
