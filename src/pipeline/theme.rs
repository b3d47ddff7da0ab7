//! What a theme needs from a site (`themes/<name>/theme.toml`), checked before rendering: a
//! missing section is a missing content file, named with the command that writes it, never an
//! unknown variable inside one of the theme's templates. Also which of the site's templates
//! replace the theme's, for the build summary.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content::{is_editor_leftover, relative_slash_path, shown};

/// `theme.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default)]
    content: Vec<NeededFile>,
    #[serde(default)]
    data: Vec<NeededFile>,
    #[serde(default)]
    config: Vec<NeededKey>,
}

/// A file under `content/` or `data/`; for content, the template its front matter names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NeededFile {
    file: String,
    #[serde(default)]
    template: Option<String>,
}

/// A dotted key of `config.toml` (`extra.owner`) and an example line for the help.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NeededKey {
    key: String,
    example: String,
}

/// The command that writes a file of the programme portal a site lacks.
const RESTORE: &str = "`portico init --only-missing .` in the site folder";

/// Every requirement of the theme in `theme_dir` that the site at `root` does not meet. A
/// theme without `theme.toml` requires nothing.
pub(super) fn theme_problems(root: &Path, theme_dir: &Path, config_path: &Path) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let manifest_path = theme_dir.join("theme.toml");
    let Ok(text) = std::fs::read_to_string(&manifest_path) else {
        return problems;
    };
    let manifest: Manifest = match toml::from_str(&text) {
        Ok(manifest) => manifest,
        Err(error) => {
            let problem = Diagnostic::new(shown(&manifest_path, root), error.message().to_owned());
            problems.push(match error.span() {
                Some(span) => problem.at_bytes(&text, span),
                None => problem,
            });
            return problems;
        }
    };
    let theme = theme_dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    for needed in &manifest.content {
        if !root.join("content").join(&needed.file).is_file() {
            problems.push(missing_content(&theme, needed));
        }
    }
    for needed in &manifest.data {
        if !root.join("data").join(&needed.file).is_file() {
            problems.push(
                Diagnostic::new(
                    format!("data/{}", needed.file),
                    format!("missing data file: the theme `{theme}` reads it"),
                )
                .help(format!(
                    "{RESTORE} writes it; its fields are in docs/dati.md"
                )),
            );
        }
    }
    missing_keys(&manifest.config, &theme, root, config_path, &mut problems);
    problems
}

fn missing_content(theme: &str, needed: &NeededFile) -> Diagnostic {
    let path = format!("content/{}", needed.file);
    let by_hand = match &needed.template {
        Some(template) => format!(", or create it with `template: {template}` in its front matter"),
        None => ", or create it with a `title` in its front matter".to_owned(),
    };
    Diagnostic::new(
        &path,
        format!("missing content file: the theme `{theme}` needs this page"),
    )
    .help(format!("{RESTORE} writes it{by_hand}"))
}

fn missing_keys(
    keys: &[NeededKey],
    theme: &str,
    root: &Path,
    config_path: &Path,
    problems: &mut Diagnostics,
) {
    let text = std::fs::read_to_string(config_path).unwrap_or_default();
    // The config has already parsed by now; a failure here only means nothing is found.
    let config: toml::Table = toml::from_str(&text).unwrap_or_default();
    for needed in keys {
        let mut parts: Vec<&str> = needed.key.split('.').collect();
        let Some(last) = parts.pop() else { continue };
        let table = parts.iter().try_fold(&config, |table, part| {
            table.get(*part).and_then(toml::Value::as_table)
        });
        if table.is_some_and(|table| table.contains_key(last)) {
            continue;
        }
        let header = if parts.is_empty() {
            "at the top of the file".to_owned()
        } else {
            format!("under [{}]", parts.join("."))
        };
        problems.push(
            Diagnostic::new(
                shown(config_path, root),
                format!("the theme `{theme}` needs `{}` in the config", needed.key),
            )
            .help(format!("add {header}: {}", needed.example)),
        );
    }
}

/// The templates of the site's `templates/` that replace one of the theme's, by name.
pub fn overriding_templates(root: &Path, theme_dir: Option<&Path>) -> Vec<String> {
    let Some(theme_templates) = theme_dir.map(|dir| dir.join("templates")) else {
        return Vec::new();
    };
    let site_templates = root.join("templates");
    if !site_templates.is_dir() {
        return Vec::new();
    }
    let mut names: Vec<String> = ignore::WalkBuilder::new(&site_templates)
        .standard_filters(false)
        .hidden(true)
        .build()
        .flatten()
        .filter(|entry| entry.file_type().is_some_and(|kind| kind.is_file()))
        .filter(|entry| !is_editor_leftover(entry.path()))
        .map(|entry| relative_slash_path(entry.path(), &site_templates))
        .filter(|name| theme_templates.join(name).is_file())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(config: &str, theme: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes/t/templates")).unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        std::fs::write(dir.path().join("themes/t/theme.toml"), theme).unwrap();
        dir
    }

    #[test]
    fn a_missing_key_of_a_subtable_is_named_with_its_table() {
        let dir = site(
            "title = \"x\"\n[extra]\nother = 1\n",
            "[[config]]\nkey = \"extra.owner\"\nexample = \"owner = \\\"UPI\\\"\"\n",
        );
        let root = dir.path();
        let problems = theme_problems(root, &root.join("themes/t"), &root.join("config.toml"));
        let text = problems.render(false);
        assert!(text.contains("needs `extra.owner`"), "{text}");
        assert!(text.contains("under [extra]"), "{text}");
    }

    #[test]
    fn present_files_and_keys_pass() {
        let dir = site(
            "title = \"x\"\n[extra]\nowner = \"UPI\"\n",
            "[[content]]\nfile = \"a.md\"\n[[config]]\nkey = \"extra.owner\"\nexample = \"x\"\n",
        );
        let root = dir.path();
        std::fs::write(root.join("content/a.md"), "---\ntitle: A\n---\n").unwrap();
        let problems = theme_problems(root, &root.join("themes/t"), &root.join("config.toml"));
        assert!(problems.is_empty(), "{}", problems.render(false));
    }

    #[test]
    fn a_site_template_with_a_theme_name_overrides_it() {
        let dir = site("", "");
        let root = dir.path();
        std::fs::write(root.join("themes/t/templates/base.html"), "t").unwrap();
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(root.join("templates/base.html"), "s").unwrap();
        std::fs::write(root.join("templates/own.html"), "s").unwrap();
        assert_eq!(
            overriding_templates(root, Some(&root.join("themes/t"))),
            vec!["base.html".to_owned()]
        );
    }
}
