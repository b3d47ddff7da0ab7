//! docs/primi-passi.md followed literally: every block marked `sh prova` is run in a shell and
//! every block marked `yaml prova=<file>` becomes that file, in order, in an empty folder. The
//! portal it makes builds with no warning and passes the Nu Html Checker, axe-core on every
//! page and the link check.

mod common;

use std::path::{Path, PathBuf};

use common::checks::{axe_every_page, broken_links, every_page, nu_check};
use common::repo_root;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// The guide's reference date: SOURCE_DATE_EPOCH of noon, 26 November 2026.
const DATE: &str = "2026-11-26";
const SOURCE_DATE_EPOCH: &str = "1795690800";

/// A block the test replays: a shell script, or a file's whole text.
enum Step {
    Shell(String),
    File { path: String, text: String },
}

/// The marked blocks of the guide, in order.
fn steps(guide: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new(guide) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some((info.to_string(), String::new()));
            }
            Event::Text(text) => {
                if let Some((_, body)) = current.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((info, body)) = current.take() else {
                    continue;
                };
                if info == "sh prova" {
                    steps.push(Step::Shell(body));
                } else if let Some(path) = info.strip_prefix("yaml prova=") {
                    steps.push(Step::File {
                        path: path.to_owned(),
                        text: body,
                    });
                }
            }
            _ => {}
        }
    }
    steps
}

/// Runs `script` with bash in `cwd`, with the portico under test first on PATH; returns the
/// folder the script ended in and its stderr.
fn run(script: &str, cwd: &Path, scratch: &Path) -> (PathBuf, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_portico")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let where_file = scratch.join("cwd");
    let output = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c"])
        .arg(format!("{script}\npwd > '{}'", where_file.display()))
        .current_dir(cwd)
        .env("PATH", path)
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "`{script}` failed:\n{stderr}");
    let cwd = std::fs::read_to_string(&where_file).unwrap();
    (PathBuf::from(cwd.trim()), stderr)
}

#[test]
fn the_first_steps_guide_followed_literally_makes_a_valid_portal() {
    let guide = std::fs::read_to_string(repo_root().join("docs/primi-passi.md")).unwrap();
    let steps = steps(&guide);
    let shells = steps.iter().filter(|s| matches!(s, Step::Shell(_))).count();
    assert!(
        shells >= 7 && steps.len() - shells >= 4,
        "the guide lost its marked blocks"
    );

    let dir = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    // The guide's PDF "in the folder that holds `portale`".
    std::fs::copy(
        repo_root().join("data/project-works/MB/project-work.pdf"),
        dir.path().join("project-work-MB.pdf"),
    )
    .unwrap();
    let mut cwd = dir.path().to_path_buf();
    for step in &steps {
        match step {
            Step::Shell(script) => {
                let (next, stderr) = run(script, &cwd, scratch.path());
                assert!(
                    !stderr.to_lowercase().contains("warning"),
                    "`{script}`:\n{stderr}"
                );
                cwd = next;
            }
            Step::File { path, text } => {
                let file = cwd.join(path);
                assert!(
                    file.is_file(),
                    "the guide says to open {path}, which is not there"
                );
                std::fs::write(file, text).unwrap();
            }
        }
    }
    let public = cwd.join("public");
    for page in [
        "province/monza-e-della-brianza/index.html",
        "calendario/kick-off/index.html",
        "archivio/monza-e-della-brianza/index.html",
    ] {
        assert!(public.join(page).is_file(), "no {page}");
    }
    let (links, broken) = broken_links(&public, "https://www.example.it");
    assert!(links > 100, "only {links} links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    if let Some(errors) = nu_check(&public, scratch.path()) {
        assert!(errors.is_empty(), "Nu checker:\n{}", errors.join("\n"));
    }
    if let Some(violations) = axe_every_page(&cwd, DATE, &every_page(&public)) {
        assert!(violations.is_empty(), "axe:\n{}", violations.join("\n"));
    }
}
