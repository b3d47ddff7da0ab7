//! Checks of the build's settings before anything is read: the config file, the theme, and
//! an output folder that may be replaced whole.

use std::path::{Path, PathBuf};

use super::{BuildError, BuildOptions};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Origin, suggestion};
use crate::load::content::shown;

/// The config with the command line's overrides: (config, its file, the output folder).
pub(super) fn configure(options: &BuildOptions) -> Result<(Config, PathBuf, PathBuf), BuildError> {
    let root = &options.root;
    let config_path = options
        .config_file
        .clone()
        .unwrap_or_else(|| root.join("config.toml"));
    let mut config = load_config(&config_path, root)?;
    if let Some(base_url) = &options.base_url {
        if !is_http_url(base_url) {
            return Err(Diagnostics::from(
                Diagnostic::new(
                    Origin::option("--base-url"),
                    format!("`{base_url}` is not an absolute http(s) URL"),
                )
                .help("write it with its scheme, e.g. --base-url https://anteprima.example.it"),
            )
            .into());
        }
        config.base_url = toml::Spanned::new(0..0, base_url.clone());
    }
    let output_dir = root.join(options.output_dir.as_ref().unwrap_or(&config.output_dir));
    check_output_dir(root, &output_dir, &config_path)?;
    Ok((config, config_path, output_dir))
}

fn is_http_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://"))
        && !url.contains(char::is_whitespace)
}

/// The output folder is replaced whole by every build: it must not be the site itself, hold
/// it, or be one of its source folders.
fn check_output_dir(root: &Path, output_dir: &Path, config_path: &Path) -> Result<(), Diagnostics> {
    let absolute = |path: &Path| -> PathBuf {
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        normalise(&path)
    };
    let site = absolute(root);
    let output = absolute(output_dir);
    let sources = [
        "content",
        "data",
        "static",
        "templates",
        "themes",
        "reference",
        "src",
        ".git",
    ];
    let dangerous = site.starts_with(&output)
        || sources
            .iter()
            .any(|source| output.starts_with(site.join(source)));
    // An existing folder that does not look like a built site (no index.html or sitemap.xml)
    // is someone's files: never replace it.
    let foreign = output.is_dir()
        && std::fs::read_dir(&output).is_ok_and(|mut entries| entries.next().is_some())
        && !output.join("index.html").exists()
        && !output.join("sitemap.xml").exists();
    if dangerous || foreign {
        let shown_path = shown(config_path, root);
        let shown_output = output.strip_prefix(&site).map_or_else(
            |_| output.display().to_string(),
            |relative| format!("`{}`", relative.display()),
        );
        return Err(Diagnostic::new(
            shown_path,
            format!("the output folder {shown_output} would replace the site's own files"),
        )
        .label("every build replaces the output folder whole")
        .help(
            "use a folder of its own, such as `public` (output_dir in config.toml or --output-dir)",
        )
        .into());
    }
    Ok(())
}

/// Removes `.` and `..` from a path without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// The site's config, or a located error when there is none.
fn load_config(config_path: &Path, root: &Path) -> Result<Config, Diagnostics> {
    let shown_path = shown(config_path, root);
    if !config_path.exists() {
        return Err(Diagnostic::new(&shown_path, "the site has no config file")
            .help(format!(
                "run portico in the site folder, pass --root <folder>, or create {} (`portico init` makes one)",
                shown_path.display()
            ))
            .into());
    }
    Config::load(config_path, &shown_path)
}

/// A `theme` that names no folder of `themes/`, with the themes there are.
pub(super) fn missing_theme(
    root: &Path,
    config_path: &Path,
    name: &toml::Spanned<String>,
) -> Diagnostic {
    let available: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|entries| {
            let mut names: Vec<String> = entries
                .flatten()
                .filter(|entry| entry.path().is_dir())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default();
    let shown_path = shown(config_path, root);
    let text = std::fs::read_to_string(config_path).unwrap_or_default();
    let help =
        suggestion(name.get_ref(), available.iter().map(String::as_str)).unwrap_or_else(|| {
            if available.is_empty() {
                "there is no themes/ folder: add one, or remove `theme` to use only templates/"
                    .to_owned()
            } else {
                format!("themes available: {}", available.join(", "))
            }
        });
    Diagnostic::new(
        shown_path,
        format!("the theme `{}` does not exist", name.get_ref()),
    )
    .at_bytes(&text, name.span())
    .label(format!("expected a folder themes/{}", name.get_ref()))
    .help(help)
}
