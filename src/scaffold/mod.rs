//! `portico init`: a new portal skeleton that builds as it is.

use std::path::{Path, PathBuf};

/// The skeleton's files: (path in the new site, content).
const SKELETON: &[(&str, &str)] = &[
    ("config.toml", include_str!("skeleton/config.toml")),
    (
        "content/_index.md",
        include_str!("skeleton/content/_index.md"),
    ),
    (
        "content/chi-siamo.md",
        include_str!("skeleton/content/chi-siamo.md"),
    ),
    (
        "templates/base.html",
        include_str!("skeleton/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_str!("skeleton/templates/index.html"),
    ),
    (
        "templates/section.html",
        include_str!("skeleton/templates/section.html"),
    ),
    (
        "templates/page.html",
        include_str!("skeleton/templates/page.html"),
    ),
    (
        "templates/404.html",
        include_str!("skeleton/templates/404.html"),
    ),
];

/// Why a skeleton could not be written.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} already has a config.toml: init only creates new sites", .0.display())]
    AlreadyASite(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes the skeleton into `dir` (created if needed) and returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    if dir.join("config.toml").exists() {
        return Err(InitError::AlreadyASite(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    for (relative, text) in SKELETON {
        let path = dir.join(relative);
        let write = || -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, text)
        };
        write().map_err(|source| InitError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
