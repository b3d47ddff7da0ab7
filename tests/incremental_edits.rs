//! The preview's safety net: after every kind of edit an editor makes (front matter, body, a
//! new or deleted page, a data record, a template, a UI string, the config, a broken file and
//! its fix), the preview's outputs in memory equal a fresh build's, byte for byte.

mod common;

use std::path::{Path, PathBuf};

use common::portal_copy;
use portico::BuildOptions;
use portico::load::Caches;
use portico::load::content::ParsedContent;
use portico::model::markdown_cache::MarkdownCache;
use portico::pipeline::{BuildError, Preview, Update, render};

/// The options of a fresh build: nothing remembered from an earlier one.
fn fresh_options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        date: Some("2026-11-26".parse().unwrap()),
        plain_asset_names: true,
        ..BuildOptions::default()
    }
}

/// What the preview of a site keeps between its rebuilds.
type Kept = (Caches, MarkdownCache);

thread_local! {
    /// The preview's caches of each site, shared by its rebuilds as `serve` shares them.
    static CACHES: std::cell::RefCell<std::collections::HashMap<PathBuf, Kept>> =
        Default::default();
}

/// The options of the preview: what it parsed and rendered is kept between its rebuilds,
/// content files and Markdown bodies included, as in `serve`.
fn options(root: &Path) -> BuildOptions {
    let (caches, markdown) = CACHES.with(|caches| {
        let mut caches = caches.borrow_mut();
        let kept = caches.entry(root.to_path_buf()).or_insert_with(|| {
            let sources = Caches {
                content: Some(ParsedContent::default()),
                ..Caches::default()
            };
            (sources, MarkdownCache::default())
        });
        kept.clone()
    });
    BuildOptions {
        caches,
        markdown_cache: Some(markdown),
        ..fresh_options(root)
    }
}

/// The preview's outputs equal a fresh build of the site as it is now on disk.
fn assert_matches_fresh_build(root: &Path, preview: &Preview, after: &str) {
    let fresh = render(&fresh_options(root)).unwrap_or_else(|e| panic!("{after}: {e}"));
    let paths = |files: &[portico::output::OutputFile]| {
        files.iter().map(|f| f.path.clone()).collect::<Vec<_>>()
    };
    assert_eq!(
        paths(&preview.built.files),
        paths(&fresh.files),
        "{after}: the preview has other files than a fresh build"
    );
    for (a, b) in preview.built.files.iter().zip(&fresh.files) {
        assert!(
            a.data == b.data,
            "{after}: {} differs from a fresh build",
            a.path
        );
    }
}

/// The preview's data views equal those of a fresh build, every one of them (some are in no
/// output of the bundled theme: the groups' Province cards, for one).
fn assert_views_match_fresh_build(root: &Path, preview: &Preview, after: &str) {
    let fresh = Preview::build(&fresh_options(root)).unwrap_or_else(|e| panic!("{after}: {e}"));
    let json = |preview: &Preview| {
        let views = preview.built.views().data.as_ref();
        views.map(|views| views.to_json())
    };
    assert!(
        json(preview) == json(&fresh),
        "{after}: the data views differ from a fresh build's"
    );
}

/// Edits the site's file `file` with `edit` (or removes it when `edit` returns `None`), brings
/// the preview up to date and compares it with a fresh build. Returns the update.
fn edit(
    root: &Path,
    preview: &mut Preview,
    file: &str,
    edit: impl Fn(Option<String>) -> Option<String>,
) -> Update {
    let path = root.join(file);
    let before = std::fs::read_to_string(&path).ok();
    match edit(before.clone()) {
        Some(text) => {
            assert!(
                before.as_ref() != Some(&text),
                "{file}: the edit changes nothing"
            );
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(&path, text).unwrap();
        }
        None => std::fs::remove_file(&path).unwrap(),
    }
    let update = preview
        .update(&options(root), std::slice::from_ref(&path))
        .unwrap_or_else(|e| panic!("after editing {file}: {e}"));
    assert_matches_fresh_build(root, preview, file);
    if file.starts_with("data/") {
        assert_views_match_fresh_build(root, preview, file);
    }
    eprintln!(
        "{file}: {} of {} jobs rendered{}",
        update.rendered_jobs,
        update.total_jobs,
        if update.whole {
            ", site loaded again"
        } else {
            ""
        }
    );
    update
}

/// Whether the update rendered and showed some pages before the others (the serve log's
/// "page" step).
fn shown_first(update: &Update) -> bool {
    update.steps.iter().any(|(step, _)| *step == "page")
}

fn replace(from: &'static str, to: &'static str) -> impl Fn(Option<String>) -> Option<String> {
    move |text| {
        let text = text.expect("the file exists");
        assert!(text.contains(from), "`{from}` is not in the file");
        Some(text.replacen(from, to, 1))
    }
}

const NEWS: &str = "content/avvisi/webinar-di-lancio.md";

#[test]
fn every_kind_of_edit_leaves_the_preview_equal_to_a_fresh_build() {
    let site = portal_copy();
    let root: PathBuf = site.path().to_path_buf();
    let mut preview = Preview::build(&options(&root)).unwrap_or_else(|e| panic!("{e}"));
    let total = preview.built.total_jobs;

    // Front matter: a title shows in the page, the lists, the feeds, the sitemap. It keeps the
    // site's shape: the graph is patched, not loaded again.
    let title = edit(&root, &mut preview, NEWS, replace("title: ", "title: Ora "));
    assert!(!title.whole, "a title edit loaded the whole site again");
    // A body alone.
    let body = edit(&root, &mut preview, NEWS, |text| {
        Some(format!("{}\nUn paragrafo aggiunto.\n", text.unwrap()))
    });
    assert!(!body.whole, "a body edit loaded the whole site again");
    let body = body.rendered_jobs;
    assert!(body < total / 4, "a body edit rendered {body} of {total}");
    // A new date moves the page in its lists: the site is loaded again.
    let date = edit(&root, &mut preview, NEWS, |text| {
        let text = text.unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("date: "))
            .unwrap()
            .to_owned();
        Some(text.replacen(&line, "date: 2026-11-01", 1))
    });
    assert!(date.whole, "a date edit must reorder the lists");
    // A new heading: another page may link to it, so the site is loaded again.
    let heading = edit(&root, &mut preview, NEWS, |text| {
        Some(format!("{}\n## Una nuova sezione\n", text.unwrap()))
    });
    assert!(heading.whole, "a new heading must load the site again");
    // A page's new URL: the site is loaded again, and the pages that link to it with `@/`
    // (their text unchanged, their bodies kept from the last load) must link to the new one.
    for (from, to) in [
        (
            "updated: 2025-12-04\n",
            "updated: 2025-12-04\nslug: il-progetto\n",
        ),
        (
            "updated: 2025-12-04\nslug: il-progetto\n",
            "updated: 2025-12-04\n",
        ),
    ] {
        let moved = edit(
            &root,
            &mut preview,
            "content/progetto.md",
            replace(from, to),
        );
        assert!(moved.whole, "a page's new URL must load the site again");
    }
    // A new page, then the same page deleted.
    let added = "content/avvisi/nuovo-avviso.md";
    edit(&root, &mut preview, added, |_| {
        Some("---\ntitle: Nuovo avviso\ndate: 2026-11-20\n---\nTesto del nuovo avviso.\n".into())
    });
    edit(&root, &mut preview, added, |_| None);

    // A data record: a Province's notes, then an event's time.
    let province = edit(
        &root,
        &mut preview,
        "data/provinces/MB.yaml",
        replace("notes: ", "notes: Nota aggiunta. "),
    );
    assert!(
        !province.whole && shown_first(&province),
        "a Province's notes: in place, its page shown first"
    );
    // A Comune served: the Province's card changes, and with it the groups that list it.
    for (from, to) in [
        ("  - \"108002\"  # Aicurzio\n", ""),
        ("comuni:\n", "comuni:\n  - \"108002\"  # Aicurzio\n"),
    ] {
        let comuni = edit(
            &root,
            &mut preview,
            "data/provinces/MB.yaml",
            replace(from, to),
        );
        assert!(!comuni.whole && shown_first(&comuni));
    }
    let province = province.rendered_jobs;
    assert!(
        province < total / 4,
        "a Province edit rendered {province} of {total}"
    );
    let time = edit(
        &root,
        &mut preview,
        "data/events.yaml",
        replace("start: 2026-01-20T10:00", "start: 2026-01-20T15:00"),
    );
    assert!(!time.whole, "an event's time loaded the whole site again");
    assert!(
        shown_first(&time),
        "an edit of events alone shows their pages first"
    );
    // An event given the title of another of the same Province: both headings name their
    // day now, the other event's record unchanged (whichever way the preview takes).
    for (from, to) in [
        (
            "step: fase-b\n    province: MB\n",
            "step: fase-b\n    title: Fase intermedia A\n    province: MB\n",
        ),
        (
            "step: fase-b\n    title: Fase intermedia A\n    province: MB\n",
            "step: fase-b\n    province: MB\n",
        ),
    ] {
        edit(&root, &mut preview, "data/events.yaml", replace(from, to));
    }
    // A group's webinar with peer review: the pages of its group's Provinces and the focus
    // group's entries show it too.
    let review = edit(
        &root,
        &mut preview,
        "data/events.yaml",
        replace("start: 2026-06-25T10:00", "start: 2026-06-25T14:00"),
    );
    assert!(!review.whole && shown_first(&review));
    // An event's day moves it in the calendar's lists: the site is loaded again.
    let day = edit(
        &root,
        &mut preview,
        "data/events.yaml",
        replace("start: 2026-01-20T15:00", "start: 2026-01-21T15:00"),
    );
    assert!(day.whole, "an event's new day must reorder the lists");

    // A template used by one page, a partial, the base of every page.
    let one = edit(
        &root,
        &mut preview,
        "themes/italia/templates/percorso.html",
        |text| Some(format!("{}\n<!-- una nota -->\n", text.unwrap())),
    );
    assert!(!one.whole, "a template edit loaded the whole site again");
    let one = one.rendered_jobs;
    assert!(one == 1, "a one-page template rendered {one} jobs");
    edit(
        &root,
        &mut preview,
        "themes/italia/templates/partials/breadcrumbs.html",
        |text| Some(text.unwrap().replacen("<nav", "<nav data-prova", 1)),
    );
    edit(
        &root,
        &mut preview,
        "themes/italia/templates/base.html",
        |text| Some(text.unwrap().replacen("<body", "<body data-prova", 1)),
    );

    // A UI string, then the config.
    let strings = edit(
        &root,
        &mut preview,
        "themes/italia/translations.toml",
        replace(
            "published_on = \"Pubblicato il\"",
            "published_on = \"Pubblicato in data\"",
        ),
    );
    assert!(
        !strings.whole,
        "a UI string edit loaded the whole site again"
    );
    edit(
        &root,
        &mut preview,
        "config.toml",
        replace("limit = 20", "limit = 19"),
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_build_and_its_fix_matches_a_fresh_build() {
    let site = portal_copy();
    let root: PathBuf = site.path().to_path_buf();
    let options = options(&root);
    let mut preview = Preview::build(&options).unwrap_or_else(|e| panic!("{e}"));
    let good = preview.built.files.clone();

    // A broken link in a page's body: reported at the page, nothing served changes; the same
    // file saved twice is one change, and its fix is updated in place.
    let page = root.join(NEWS);
    let page_text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{page_text}\n[Vedi](@/non-esiste.md)\n")).unwrap();
    let Err(BuildError::Input(problems)) = preview.update(&options, std::slice::from_ref(&page))
    else {
        panic!("a broken link must fail the update");
    };
    let message = problems.render(false);
    assert!(
        message.contains(NEWS) && message.contains("non-esiste.md"),
        "{message}"
    );
    assert!(
        preview.built.files == good,
        "a failed update changes nothing"
    );
    std::fs::write(&page, format!("{page_text}\nUn altro paragrafo.\n")).unwrap();
    let fixed = preview
        .update(&options, &[page.clone(), page.clone()])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!fixed.whole, "the fix of a body is updated in place");
    assert_matches_fresh_build(&root, &preview, "a body's broken link fixed");
    let good = preview.built.files.clone();

    // A data record with an unknown group: reported, nothing served changes.
    let path = root.join("data/provinces/MB.yaml");
    let original = std::fs::read_to_string(&path).unwrap();
    let group = original
        .lines()
        .find(|line| line.starts_with("group: "))
        .expect("MB has a group")
        .to_owned();
    std::fs::write(&path, original.replacen(&group, "group: nessuno", 1)).unwrap();
    let Err(BuildError::Input(problems)) = preview.update(&options, std::slice::from_ref(&path))
    else {
        panic!("an unknown group must fail the update");
    };
    assert!(problems.render(false).contains("MB.yaml"));
    assert!(
        preview.built.files == good,
        "a failed update changes nothing"
    );

    // A broken template too, then both fixed in one save.
    let template = root.join("themes/italia/templates/percorso.html");
    let template_text = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, format!("{template_text}{{% if %}}")).unwrap();
    assert!(
        preview
            .update(&options, std::slice::from_ref(&template))
            .is_err()
    );
    std::fs::write(&path, original.replacen("notes: ", "notes: Corretto. ", 1)).unwrap();
    std::fs::write(&template, &template_text).unwrap();
    preview
        .update(&options, &[path, template.clone()])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_matches_fresh_build(&root, &preview, "the fix of two files");

    // A template a page renders with, deleted: the edit of templates alone still checks every
    // job's template.
    let good = preview.built.files.clone();
    std::fs::remove_file(&template).unwrap();
    let Err(BuildError::Input(problems)) =
        preview.update(&options, std::slice::from_ref(&template))
    else {
        panic!("a missing template must fail the update");
    };
    assert!(
        problems
            .render(false)
            .contains("missing template `percorso.html`"),
        "{}",
        problems.render(false)
    );
    assert!(
        preview.built.files == good,
        "a failed update changes nothing"
    );
    std::fs::write(&template, &template_text).unwrap();
    preview
        .update(&options, std::slice::from_ref(&template))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_matches_fresh_build(&root, &preview, "the template put back");
}

#[test]
fn an_edited_page_is_shown_first_and_kept_only_if_what_lists_it_renders() {
    let site = portal_copy();
    let root: PathBuf = site.path().to_path_buf();
    let options = options(&root);
    // A list template that fails on one title: the page itself renders, its list does not.
    let section = root.join("themes/italia/templates/section.html");
    let loop_start = "{% for item in section.pages %}";
    let text = std::fs::read_to_string(&section).unwrap();
    assert!(text.contains(loop_start));
    let failing = format!(
        "{loop_start}{{% if item.title is containing(\"ROTTO\") %}}{{{{ variabile_inesistente }}}}{{% endif %}}"
    );
    std::fs::write(&section, text.replacen(loop_start, &failing, 1)).unwrap();
    let mut preview = Preview::build(&options).unwrap_or_else(|e| panic!("{e}"));
    let page = root.join(NEWS);
    let original = std::fs::read_to_string(&page).unwrap();
    let own_output = "avvisi/webinar-di-lancio/index.html";

    std::fs::write(&page, original.replacen("title: ", "title: Ora ", 1)).unwrap();
    let mut early: Vec<Update> = Vec::new();
    let update = preview
        .update_showing_first(&options, std::slice::from_ref(&page), &mut |shown| {
            early.push(shown)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let early_paths: Vec<&str> = early
        .iter()
        .flat_map(|shown| shown.files.iter().map(|file| file.path.as_str()))
        .collect();
    assert_eq!(early_paths, [own_output], "the page alone comes first");
    assert!(update.rendered_jobs > 1, "then what lists it");
    assert_matches_fresh_build(&root, &preview, "a title shown first");

    let good = preview.built.files.clone();
    std::fs::write(&page, original.replacen("title: ", "title: ROTTO ", 1)).unwrap();
    let mut early: Vec<Update> = Vec::new();
    let result =
        preview.update_showing_first(&options, std::slice::from_ref(&page), &mut |shown| {
            early.push(shown)
        });
    assert_eq!(early.len(), 1, "the page was shown before its list failed");
    let Err(BuildError::Input(problems)) = result else {
        panic!("a list that fails must fail the update");
    };
    assert!(problems.render(false).contains("variabile_inesistente"));
    assert!(
        preview.built.files == good,
        "a failed update changes nothing"
    );
}
