//! Incremental re-rendering when the site is loaded again (`render_since`, the preview's path for
//! edits that change the site's shape): only the jobs that read what changed are rendered
//! again, and the result is byte for byte the result of a full build. The preview's in-place
//! updates are tested in tests/incremental_edits.rs.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, repo_root};
use portico::BuildOptions;
use portico::pipeline::{BuiltSite, render, render_since};

/// A copy of the bundled portal.
fn portal_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for part in ["content", "data", "themes"] {
        copy_dir(&repo_root().join(part), &root.join(part));
    }
    std::fs::copy(repo_root().join("config.toml"), root.join("config.toml")).unwrap();
    (dir, root)
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        date: Some("2026-11-26".parse().unwrap()),
        ..BuildOptions::default()
    }
}

/// Edits `file` with `edit`, renders incrementally from `before`, and checks the result equals a
/// full build. Returns the incremental render.
fn edit_and_compare(
    root: &Path,
    before: &BuiltSite,
    file: &str,
    edit: impl Fn(String) -> String,
) -> BuiltSite {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    let options = options(root);
    let incremental =
        render_since(&options, Some((&before.memo, &[path]))).unwrap_or_else(|e| panic!("{e}"));
    let full = render(&options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(incremental.files.len(), full.files.len(), "{file}");
    for (a, b) in incremental.files.iter().zip(&full.files) {
        assert_eq!(a.path, b.path);
        assert!(
            a.data == b.data,
            "after editing {file}, {} differs from a full build",
            a.path
        );
    }
    eprintln!(
        "{file}: re-rendered {} of {} jobs",
        incremental.rendered_jobs, incremental.total_jobs
    );
    incremental
}

#[test]
fn edits_re_render_only_what_depends_on_them_and_match_a_full_build() {
    let (_dir, root) = portal_copy();
    let first = render(&options(&root)).unwrap();
    let total = first.total_jobs;

    // A Markdown page: its own page, and what lists or reads it.
    let after_page = edit_and_compare(&root, &first, "content/progetto.md", |text| {
        text.replace(
            "Il progetto è finanziato",
            "Il progetto, come noto, è finanziato",
        )
    });
    assert!(
        after_page.rendered_jobs <= 5,
        "{} of {total}",
        after_page.rendered_jobs
    );

    // A Province's data: the data-born pages and lists, not the Markdown pages.
    let after_data = edit_and_compare(&root, &after_page, "data/provinces/MB.yaml", |text| {
        text.replace("notes: ", "notes: Nota aggiunta. ")
    });
    // The notes show on the Province's page only (and in the open data and the sitemap).
    assert!(
        after_data.rendered_jobs <= 6,
        "{} of {total}",
        after_data.rendered_jobs
    );

    // An event's time shows in its page, its Province's, the calendar lists and the feeds.
    let after_event = edit_and_compare(&root, &after_data, "data/events.yaml", |text| {
        text.replacen("start: 2026-01-20T10:00", "start: 2026-01-20T15:00", 1)
    });
    assert!(
        after_event.rendered_jobs > 5,
        "{} of {total}",
        after_event.rendered_jobs
    );
    assert!(
        after_event.rendered_jobs < total / 2,
        "{} of {total}",
        after_event.rendered_jobs
    );
    // An event moved to a month without events: a new month page, and the months around it
    // link to it (their pages read the list of all events, not only their own).
    let after_move = edit_and_compare(&root, &after_event, "data/events.yaml", |text| {
        text.replacen("start: 2026-01-20T15:00", "start: 2026-08-20T15:00", 1)
    });
    assert!(
        after_move
            .files
            .iter()
            .any(|f| f.path == "calendario/2026/08/index.html"),
        "no page for the new month"
    );
    let after_data = after_move;

    // A template: the pages that use it.
    let events = after_data
        .site
        .pages
        .iter()
        .filter(|page| page.content_path.starts_with("data/events#"))
        .count();
    let after_template = edit_and_compare(
        &root,
        &after_data,
        "themes/italia/templates/event.html",
        |text| {
            text.replace(
                "<article class=\"event-page\">",
                "<article class=\"event-page\" data-test>",
            )
        },
    );
    assert_eq!(
        after_template.rendered_jobs, events,
        "only the event pages use event.html"
    );

    // The config: everything.
    let after_config = edit_and_compare(&root, &after_template, "config.toml", |text| {
        text.replace("limit = 20", "limit = 19")
    });
    assert_eq!(after_config.rendered_jobs, after_config.total_jobs);

    // A new page: its section and the lists, plus itself.
    let new_page = root.join("content/avvisi/nuovo.md");
    std::fs::write(
        &new_page,
        "---\ntitle: Nuovo avviso\ndate: 2026-11-20\n---\nTesto.\n",
    )
    .unwrap();
    let options = options(&root);
    let added = render_since(&options, Some((&after_config.memo, &[new_page]))).unwrap();
    let full = render(&options).unwrap();
    assert!(
        added.files == full.files,
        "adding a page differs from a full build"
    );
    assert!(added.rendered_jobs < added.total_jobs);
}
