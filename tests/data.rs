//! The programme data: the fixture `tests/fixtures/programme/` (a small programme with groups,
//! Provinces, events and a published project work) and the bundled portal's data pages.

mod common;

use common::{build_portal, fixture_copy, portico, repo_root};
use portico::BuildOptions;

/// Builds for 15 January 2026 with `--future`: the fixture's work is published on 10 April
/// 2026, and these tests are about how a published work is shown (tests/dates.rs is about
/// what the reference date holds back).
fn build(root: &std::path::Path) -> portico::BuildReport {
    let options = BuildOptions {
        root: root.to_path_buf(),
        date: Some("2026-01-15".parse().unwrap()),
        include_future: true,
        ..BuildOptions::default()
    };
    portico::build(&options).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn data_records_become_pages_and_template_data() {
    let (_dir, root) = fixture_copy("programme");
    let report = build(&root);
    // One page per Province (3), per event (7) and per published work (1).
    assert_eq!(report.data_pages, 3 + 7 + 1);
    let public = root.join("public");
    for page in [
        "index.html",
        "province/index.html",
        "province/monza-e-della-brianza/index.html",
        "province/forli-cesena/index.html",
    ] {
        let text = std::fs::read_to_string(public.join(page)).unwrap();
        insta::assert_snapshot!(format!("programme__{}", page.replace('/', "__")), text);
    }
    // The published work's document is copied under the archive.
    assert!(
        public
            .join("archivio/monza-e-della-brianza/project-work.pdf")
            .is_file()
    );
}

#[test]
fn province_pages_are_in_the_sitemap() {
    let (_dir, root) = fixture_copy("programme");
    build(&root);
    let sitemap = std::fs::read_to_string(root.join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://programma.example/province/bari/"));
}

#[test]
fn bundled_portal_publishes_the_path_and_every_province() {
    let (_output, public, report) = build_portal();
    let provinces = std::fs::read_dir(repo_root().join("data/provinces"))
        .unwrap()
        .count();
    assert!(
        provinces >= 12,
        "the demonstration set has a dozen Provinces or more"
    );
    assert!(
        report.data_pages > provinces,
        "Provinces and events are pages"
    );
    let public_provinces = std::fs::read_dir(public.join("province"))
        .unwrap()
        .filter(|entry| entry.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(public_provinces, provinces);
    let path = std::fs::read_to_string(public.join("percorso/index.html")).unwrap();
    // The seed's text, step by step.
    for text in [
        "Webinar di kick-off",
        "Costituzione",
        "Sessione individuale",
        "Webinar 4: Rifinitura finale e peer review",
        "Project work definitivo trasmesso ad AFOL MB",
    ] {
        assert!(path.contains(text), "/percorso/ lacks {text:?}");
    }
    let list = std::fs::read_to_string(public.join("province/index.html")).unwrap();
    assert!(
        list.contains("<caption>"),
        "the progress matrix is a captioned table"
    );
    assert!(
        list.contains("Dati dimostrativi"),
        "demonstration data is marked"
    );
}

#[test]
fn new_writes_records_that_validate() {
    let (_dir, root) = fixture_copy("programme");
    portico()
        .args([
            "--root",
            root.to_str().unwrap(),
            "new",
            "province",
            "to",
            "--group",
            "sud",
        ])
        .assert()
        .success();
    portico()
        .args([
            "--root",
            root.to_str().unwrap(),
            "new",
            "project-work",
            "TO",
        ])
        .assert()
        .success();
    for (id, step) in [("nuova-sessione", "fase-a"), ("nuovo-webinar", "kick-off")] {
        portico()
            .args([
                "--root",
                root.to_str().unwrap(),
                "new",
                "event",
                id,
                "--step",
                step,
            ])
            .assert()
            .success();
    }
    let created = std::fs::read_to_string(root.join("data/provinces/TO.yaml")).unwrap();
    assert!(created.contains("Città metropolitana di Torino"));
    portico()
        .args(["--root", root.to_str().unwrap(), "check"])
        .assert()
        .success();
    // An unknown sigla is refused with a suggestion, and nothing is written.
    portico()
        .args(["--root", root.to_str().unwrap(), "new", "province", "MBB"])
        .assert()
        .code(1);
    assert!(!root.join("data/provinces/MBB.yaml").exists());
}

#[test]
fn html_in_data_text_is_shown_as_text() {
    let (_dir, root) = fixture_copy("programme");
    let payload = r#"<script>alert(1)</script>\"><img src=x onerror=alert(2)>"#;
    let province = format!(
        "sigla: FC\ngroup: nord\nreferents:\n  - role: \"{payload}\"\ncomuni: [\"040012\"]\n"
    );
    std::fs::write(root.join("data/provinces/FC.yaml"), province).unwrap();
    let groups = format!(
        "groups:\n  - id: nord\n    name: \"Nord {payload}\"\n  - id: sud\n    name: Sud\n"
    );
    std::fs::write(root.join("data/groups.yaml"), groups).unwrap();
    build(&root);
    for page in ["province/forli-cesena/index.html", "province/index.html"] {
        let html = std::fs::read_to_string(root.join("public").join(page)).unwrap();
        assert!(!html.contains("<script>alert"), "{page} runs the script");
        assert!(!html.contains("<img src=x"), "{page} injects markup");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}: {html}"
        );
    }
}

#[test]
fn a_reviewer_whose_own_entry_is_wrong_is_reported_once_at_the_entry() {
    let (_dir, root) = fixture_copy("programme");
    std::fs::write(
        root.join("data/focus-group.yaml"),
        "provinces:\n  - sigla: XY\n    referent:\n      role: Referente\n",
    )
    .unwrap();
    let work = root.join("data/project-works/MB/project-work.yaml");
    let text = std::fs::read_to_string(&work).unwrap();
    std::fs::write(
        &work,
        text.replace("peer_reviewer: FC", "peer_reviewer: XY"),
    )
    .unwrap();
    let output = portico()
        .args([
            "--root",
            root.to_str().unwrap(),
            "build",
            "--date",
            "2026-01-15",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("unknown sigla `XY`"), "{stderr}");
    assert!(
        !stderr.contains("unknown Province `XY`"),
        "the reference to a known but invalid entry is reported again:\n{stderr}"
    );
}
