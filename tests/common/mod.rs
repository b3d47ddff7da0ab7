//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod browser;
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
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let options = portico::BuildOptions {
        root: repo_root(),
        output_dir: Some(public.clone()),
        date: Some("2026-11-26".parse().unwrap()),
        ..portico::BuildOptions::default()
    };
    let report = portico::build(&options).unwrap_or_else(|error| panic!("{error}"));
    (dir, public, report)
}

/// Runs `portico build` on `root` for 15 January 2026 and asserts it succeeded.
pub fn build_with_cli(root: &Path) {
    let status = assert_cmd::Command::cargo_bin("portico")
        .unwrap()
        .args([
            "--root",
            root.to_str().unwrap(),
            "build",
            "--date",
            "2026-01-15",
        ])
        .output()
        .unwrap()
        .status;
    assert!(status.success());
}

/// The portico binary, with colour off so messages compare as plain text.
pub fn portico() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("portico").unwrap();
    command.env("NO_COLOR", "1");
    command
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
