//! End-to-end builds of the fixture site, the bundled portal and the init skeleton.

mod common;

use common::{fixture_copy, portico, repo_root, tree};
use portico::BuildOptions;

fn build_fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = fixture_copy("basic");
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    portico::build(&options).expect("the fixture site builds");
    (dir, root.join("public"))
}

#[test]
fn fixture_site_outputs_every_expected_file() {
    let (_dir, public) = build_fixture();
    let files: Vec<String> = tree(&public).into_keys().collect();
    insta::assert_snapshot!("fixture_file_list", files.join("\n"));
}

#[test]
fn fixture_pages_render_as_snapshotted() {
    let (_dir, public) = build_fixture();
    let pages = [
        "index.html",
        "blog/index.html",
        "blog/pagina/2/index.html",
        "blog/primo/index.html",
        "blog/secondo/index.html",
        "docs/index.html",
        "docs/uno/index.html",
        "docs/guida/index.html",
        "about/index.html",
        "tags/index.html",
        "tags/rust/index.html",
        "notizie/index.html",
        "atom.xml",
        "blog/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
    ];
    for page in pages {
        let text = std::fs::read_to_string(public.join(page)).unwrap();
        insta::assert_snapshot!(page.replace('/', "__"), text);
    }
}

#[test]
fn drafts_are_built_only_when_asked() {
    let (_dir, root) = fixture_copy("basic");
    let mut options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    portico::build(&options).unwrap();
    assert!(!root.join("public/blog/bozza/index.html").exists());
    options.include_drafts = true;
    let report = portico::build(&options).unwrap();
    assert!(root.join("public/blog/bozza/index.html").exists());
    assert_eq!(report.pages, 8);
}

#[test]
fn same_input_gives_byte_identical_output_whatever_the_thread_count() {
    let (_dir, fixture) = fixture_copy("basic");
    let outputs = tempfile::tempdir().unwrap();
    // The fixture, and the whole bundled portal with its data, feeds, open data and search index.
    for (name, root) in [("fixture", fixture), ("portal", repo_root())] {
        let mut trees = Vec::new();
        for threads in ["1", "2", "2"] {
            let output = outputs.path().join(format!("{name}-{}", trees.len()));
            portico()
                .env("RAYON_NUM_THREADS", threads)
                .args([
                    "--root",
                    root.to_str().unwrap(),
                    "build",
                    "--date",
                    "2026-11-26",
                    "--output-dir",
                ])
                .arg(&output)
                .assert()
                .success();
            trees.push(tree(&output));
        }
        assert!(trees[0].len() > 20);
        assert_eq!(trees[0], trees[1], "{name}: 1 thread and 2 threads differ");
        assert_eq!(
            trees[1], trees[2],
            "{name}: two builds with 2 threads differ"
        );
    }
}

#[test]
fn bundled_portal_builds() {
    let output = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: repo_root(),
        output_dir: Some(output.path().join("public")),
        ..BuildOptions::default()
    };
    let report = portico::build(&options).unwrap_or_else(|error| panic!("{error}"));
    // Every count of the summary matches what the repository holds.
    let markdown: Vec<std::path::PathBuf> = files_under(&repo_root().join("content"), "md");
    let sections = markdown
        .iter()
        .filter(|path| path.ends_with("_index.md"))
        .count();
    assert_eq!(report.sections, sections);
    assert_eq!(report.pages, markdown.len() - sections);
    let provinces = files_under(&repo_root().join("data/provinces"), "yaml").len();
    let events = std::fs::read_to_string(repo_root().join("data/events.yaml"))
        .unwrap()
        .lines()
        .filter(|line| line.trim_start().starts_with("- id:"))
        .count();
    let published_works = files_under(&repo_root().join("data/project-works"), "yaml")
        .iter()
        .filter(|path| {
            std::fs::read_to_string(path)
                .unwrap()
                .lines()
                .any(|line| line == "published: true")
        })
        .count();
    assert!(provinces > 0 && events > 0 && published_works > 0);
    assert_eq!(report.data_pages, provinces + events + published_works);
    assert_eq!(
        report.output_files,
        tree(&output.path().join("public")).len()
    );
    let home = std::fs::read_to_string(output.path().join("public/index.html")).unwrap();
    assert!(home.contains(r#"<html lang=it>"#) || home.contains(r#"<html lang="it">"#));
    assert!(output.path().join("public/404.html").exists());
    assert!(output.path().join("public/sitemap.xml").exists());
}

/// The files with extension `extension` below `dir`, at any depth.
fn files_under(dir: &std::path::Path, extension: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path, extension));
        } else if path.extension().is_some_and(|ext| ext == extension) {
            found.push(path);
        }
    }
    found
}

#[test]
fn check_reports_success_and_writes_nothing() {
    let (_dir, root) = fixture_copy("basic");
    let output = portico()
        .args(["--root", root.to_str().unwrap(), "check"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("Checked 7 pages: 7 from Markdown, 0 from data;"),
        "{stderr}"
    );
    assert!(!root.join("public").exists());
}

#[test]
fn build_prints_a_summary_and_phase_timings_with_verbose() {
    let (_dir, root) = fixture_copy("basic");
    let output = portico()
        .args(["--root", root.to_str().unwrap(), "-v", "build"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    for phase in ["config", "load", "model", "render", "write"] {
        assert!(stderr.contains(phase), "{stderr}");
    }
    assert!(
        stderr.contains("Built 7 pages: 7 from Markdown, 0 from data; 3 sections, 1 static files"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_with_two() {
    portico()
        .arg("build")
        .arg("--no-such-flag")
        .assert()
        .code(2);
    portico().arg("frobnicate").assert().code(2);
}

#[test]
fn site_templates_and_static_files_override_the_theme_file_by_file() {
    let (_dir, root) = fixture_copy("basic");
    let theme = root.join("themes/prova");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::create_dir_all(theme.join("static/css")).unwrap();
    // The theme has a 404 and a stylesheet; the site overrides the stylesheet only, and the
    // theme's 404 is used because the site's is removed.
    std::fs::write(
        theme.join("templates/404.html"),
        "<!DOCTYPE html><title>x</title><p>404 del tema</p>",
    )
    .unwrap();
    std::fs::remove_file(root.join("templates/404.html")).unwrap();
    std::fs::write(theme.join("templates/page.html"), "pagina del tema").unwrap();
    std::fs::write(theme.join("static/css/style.css"), "/* tema */").unwrap();
    std::fs::write(theme.join("static/css/tema.css"), "/* solo tema */").unwrap();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        config.replace(
            "output_dir = \"public\"",
            "output_dir = \"public\"\ntheme = \"prova\"",
        ),
    )
    .unwrap();
    let output = portico()
        .args(["--root", root.to_str().unwrap(), "build"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&output.get_output().stderr).into_owned();
    assert!(
        stderr.contains("\n  1 template of templates/ overrides the theme's: page.html\n"),
        "the summary names the overriding template: {stderr}"
    );
    let public = root.join("public");
    let read = |path: &str| std::fs::read_to_string(public.join(path)).unwrap();
    // Stylesheets carry a content hash in their names: `css/style.<hash>.css`.
    let hashed = |stem: &str| {
        let css = std::fs::read_dir(public.join("css")).unwrap();
        let names: Vec<String> = css
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(&format!("{stem}.")) && name.ends_with(".css"))
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        read(&format!("css/{}", names[0]))
    };
    assert!(
        read("404.html").contains("404 del tema"),
        "the theme's template is used"
    );
    assert!(
        read("blog/primo/index.html").contains("Il primo articolo"),
        "the site's page.html wins"
    );
    assert_eq!(
        hashed("style"),
        "body { font-family: sans-serif; }\n",
        "the site's static file wins"
    );
    assert_eq!(hashed("tema"), "/* solo tema */");
}
