//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod browser;
pub mod checks;
pub mod http;
pub mod nginx;
pub mod preview;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The repository root (the bundled portal).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Copies a folder tree (files only; no symlinks in fixtures).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of fixture `name` in a fresh temporary folder, without any built output.
pub fn fixture_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_dir(&fixture(name), &root);
    let _ = std::fs::remove_dir_all(root.join("public"));
    (dir, root)
}

/// A copy of the bundled portal's sources (config, content, data, themes), as a fresh
/// checkout has them: no public/, no target/.
pub fn portal_copy() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    for part in ["config.toml", "content", "data", "themes"] {
        let from = repo_root().join(part);
        if from.is_dir() {
            copy_dir(&from, &site.path().join(part));
        } else {
            std::fs::copy(&from, site.path().join(part)).unwrap();
        }
    }
    site
}

/// Every file under `dir` with its bytes, keyed by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    portico::output::list_tree(dir)
        .unwrap()
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(dir.join(&path)).unwrap();
            (path, bytes)
        })
        .collect()
}

/// The bundled portal built for 26 November 2026 into a temporary folder: (folder, public/, report).
pub fn build_portal() -> (tempfile::TempDir, PathBuf, portico::BuildReport) {
    let (dir, public, options) = portal_options();
    let report = portico::build(&options).unwrap_or_else(|error| panic!("{error}"));
    (dir, public, report)
}

/// Options that build the bundled portal for 26 November 2026 into a fresh temporary folder.
fn portal_options() -> (tempfile::TempDir, PathBuf, portico::BuildOptions) {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let options = portico::BuildOptions {
        root: repo_root(),
        output_dir: Some(public.clone()),
        date: Some("2026-11-26".parse().unwrap()),
        ..portico::BuildOptions::default()
    };
    (dir, public, options)
}

/// Runs `portico build --future` on `root` for 15 January 2026 and asserts it succeeded
/// (`--future`: the programme fixture's work is published on 10 April 2026, and the tests that
/// use this helper look at every output, the work's included).
pub fn build_with_cli(root: &Path) {
    let status = build_command(root).output().unwrap().status;
    assert!(status.success());
}

/// The process `build_with_cli` runs, for a test that needs the child itself (to kill it).
pub fn build_command(root: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_portico"));
    command.args([
        "--root",
        root.to_str().unwrap(),
        "build",
        "--date",
        "2026-01-15",
        "--future",
    ]);
    command
}

/// Builds the site at `root` into `root/public` in process, for the reference date
/// `2026-11-26`, and returns the output folder.
pub fn build_in_process(root: &Path) -> PathBuf {
    let public = root.join("public");
    let options = portico::BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(public.clone()),
        date: Some("2026-11-26".parse().unwrap()),
        ..portico::BuildOptions::default()
    };
    portico::build(&options).unwrap_or_else(|error| panic!("{error}"));
    public
}

/// The portico binary, with colour off so messages compare as plain text.
pub fn portico() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("portico").unwrap();
    command.env("NO_COLOR", "1");
    command
}

/// Marks a test as skipped because `tool` is missing, or fails it under CI, where `.ci/run`
/// installs every tool. The line goes to the process's stderr directly rather than through
/// `eprintln!`, which the test harness captures and hides for a passing test: a skip must be
/// seen in the output of `cargo test`.
pub fn skip_without(tool: &str, how_to_install: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must have {tool}: .ci/run installs it ({how_to_install})"
    );
    use std::io::Write;
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: missing {tool} ({how_to_install})"
    );
}

/// The bundled portal built for 26 November 2026 into a temporary folder, with its validated
/// programme data: (folder, public/, data).
pub fn build_portal_with_data() -> (
    tempfile::TempDir,
    PathBuf,
    std::sync::Arc<portico::model::data::ProgrammeData>,
) {
    let (dir, public, options) = portal_options();
    let built = portico::pipeline::render(&options).unwrap_or_else(|error| panic!("{error}"));
    portico::output::write_site(&public, &built.files).unwrap();
    let data = built.site.data.clone().expect("the portal has data");
    (dir, public, data)
}

/// Where `.ci/run` installs the npm packages; `PORTICO_TOOLS` can point elsewhere.
pub fn tools() -> PathBuf {
    std::env::var_os("PORTICO_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".ci/tools/node_modules"))
}

/// `Some(path)` when the tool is installed; on CI a missing tool is a failure.
pub fn tool(relative: &str) -> Option<PathBuf> {
    let path = tools().join(relative);
    if path.exists() {
        return Some(path);
    }
    skip_without(
        &path.display().to_string(),
        "run .ci/run, or npm install vnu-jar axe-core in .ci/tools",
    );
    None
}

/// Values of `name="..."`, `name='...'` and unquoted `name=...` attributes (pages are minified).
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let mut values = Vec::new();
    let needle = format!(" {name}=");
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let value = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or_default(),
            _ => rest.split([' ', '>']).next().unwrap_or_default(),
        };
        values.push(value.replace("&amp;", "&"));
    }
    values
}

/// The bundled portal made ready to publish, as its owner would make it: every `[owner]`
/// setting filled in, `demo_data = false`, the data files' demonstration notice removed.
/// Returns the site folder and where to build it.
pub fn ready_portal() -> (tempfile::TempDir, PathBuf) {
    let site = portal_copy();
    let config_path = site.path().join("config.toml");
    let config = std::fs::read_to_string(&config_path).unwrap();
    let filled = [
        (
            "base_url = \"https://provincecomuni.example\"",
            "base_url = \"https://provincecomuni.upinet.it\"",
        ),
        ("ipa_code = \"demo_upi\"", "ipa_code = \"upi_00\""),
        (
            "address = \"\"",
            "address = \"Piazza Cardelli 4, 00186 Roma\"",
        ),
        ("licence = \"\"", "licence = \"CC-BY-4.0\""),
        (
            "email = \"dati@provincecomuni.example\"",
            "email = \"portale@upinet.it\"",
        ),
        ("phone = \"\"", "phone = \"+39 06 6840341\""),
        ("pec = \"\"", "pec = \"upi@pec.upinet.it\""),
        (
            "controller = \"\"",
            "controller = \"Unione Province d'Italia\"",
        ),
        ("dpo_email = \"\"", "dpo_email = \"rpd@upinet.it\""),
        (
            "hosting = \"\"",
            "hosting = \"Fornitore del servizio di hosting S.p.A.\"",
        ),
        ("log_retention = \"\"", "log_retention = \"30 giorni\""),
        (
            "statement_url = \"\"",
            "statement_url = \"https://form.agid.gov.it/view/00000000-0000-0000-0000-000000000000\"",
        ),
        (
            "# statement_date = 2026-09-20",
            "statement_date = 2026-09-20",
        ),
        ("demo_data = true", "demo_data = false"),
    ];
    let mut config = config;
    for (from, to) in filled {
        assert_eq!(config.matches(from).count(), 1, "`{from}` in config.toml");
        config = config.replacen(from, to, 1);
    }
    std::fs::write(&config_path, config).unwrap();
    let data = site.path().join("data");
    for path in portico::output::list_tree(&data).unwrap() {
        let file = data.join(&path);
        if path.ends_with(".yaml") {
            let text = std::fs::read_to_string(&file).unwrap();
            std::fs::write(&file, text.replace("DATI DIMOSTRATIVI", "Dati")).unwrap();
        }
    }
    let public = site.path().join("public");
    (site, public)
}
