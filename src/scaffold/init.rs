//! `portico init`: a new site that builds as it is. The files are embedded at compile time by
//! `build.rs`, which walks the folders: the bundled portal of the repository is `--demo`.

use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_sites.rs"));
}

/// Which site `portico init` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SiteKind {
    /// The programme portal without demonstration data: the italia theme, the programme's
    /// path, every section and legal page, a commented config and empty data files.
    #[default]
    Programme,
    /// The bundled portal as the repository has it, demonstration data included.
    Demo,
    /// A generic site with its own templates and no theme.
    Bare,
}

/// Why a site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} already has a config.toml: init only creates new sites (`--only-missing` adds what a site lacks)", .0.display())]
    AlreadyASite(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The files of a new site of `kind`: (path in the site, content), sorted by path.
pub fn init_files(kind: SiteKind) -> Vec<(&'static str, &'static [u8])> {
    let mut files: Vec<(&'static str, &'static [u8])> = match kind {
        SiteKind::Demo => embedded::PORTAL.to_vec(),
        SiteKind::Bare => embedded::SKELETON.to_vec(),
        SiteKind::Programme => {
            let own = embedded::PROGRAMME;
            let shared = embedded::PORTAL
                .iter()
                .filter(|(path, _)| is_programme_file(path))
                .filter(|(path, _)| !own.iter().any(|(mine, _)| mine == path));
            own.iter().chain(shared).copied().collect()
        }
    };
    files.sort_by_key(|(path, _)| *path);
    files
}

/// What the programme portal takes from the bundled one: the themes, the programme's path
/// and every page that is not a record of a section (news items are examples), so every
/// section file and legal page, never demonstration data.
fn is_programme_file(path: &str) -> bool {
    if path.starts_with("themes/") || path == "data/programme.yaml" {
        return true;
    }
    path.strip_prefix("content/")
        .is_some_and(|page| !page.contains('/') || page.ends_with("/_index.md"))
}

/// Writes a new site of `kind` into `dir` (created if needed) and returns the files written.
pub fn init(dir: &Path, kind: SiteKind) -> Result<Vec<PathBuf>, InitError> {
    if dir.join("config.toml").exists() {
        return Err(InitError::AlreadyASite(dir.to_path_buf()));
    }
    write_files(dir, kind, true)
}

/// Writes the files of a new site of `kind` that `dir` does not have, leaving every existing
/// file as it is (a section file deleted by mistake, a theme file missing).
pub fn write_missing(dir: &Path, kind: SiteKind) -> Result<Vec<PathBuf>, InitError> {
    write_files(dir, kind, false)
}

fn write_files(dir: &Path, kind: SiteKind, overwrite: bool) -> Result<Vec<PathBuf>, InitError> {
    let mut written = Vec::new();
    for (relative, bytes) in init_files(kind) {
        let path = dir.join(relative);
        if !overwrite && path.exists() {
            continue;
        }
        write_with_folders(&path, bytes).map_err(|source| InitError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Writes `bytes` to `path`, creating the folders it needs.
pub(super) fn write_with_folders(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programme_portal_has_no_demonstration_records() {
        let files = init_files(SiteKind::Programme);
        let paths: Vec<&str> = files.iter().map(|(path, _)| *path).collect();
        assert!(paths.contains(&"data/programme.yaml"));
        assert!(paths.contains(&"content/calendario/_index.md"));
        assert!(paths.contains(&"themes/italia/templates/base.html"));
        assert!(
            !paths
                .iter()
                .any(|p| p.starts_with("data/provinces/") && p.ends_with(".yaml"))
        );
        assert!(
            !paths
                .iter()
                .any(|p| p.starts_with("content/avvisi/") && !p.ends_with("_index.md"))
        );
        assert!(!paths.iter().any(|p| p.starts_with("templates/")));
    }

    #[test]
    fn a_page_of_a_section_is_not_a_programme_file() {
        assert!(is_programme_file("content/privacy.md"));
        assert!(is_programme_file("content/avvisi/_index.md"));
        assert!(!is_programme_file("content/avvisi/webinar-di-lancio.md"));
        assert!(!is_programme_file("data/events.yaml"));
        assert!(!is_programme_file("config.toml"));
    }
}
