//! Watching the site's sources: notify with a short debounce, so an editor's atomic save (write
//! a temporary file, rename it over the old one) or a burst of saves becomes one rebuild.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::RecursiveMode;
use notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::mpsc;

use crate::load::content::is_editor_leftover;

/// The folders and files a site is made of; everything else (public/, target/) is ignored.
const SOURCES: &[&str] = &[
    "config.toml",
    "translations.toml",
    "content",
    "data",
    "templates",
    "themes",
    "static",
];

/// How long to wait after the last event before rebuilding. An editor's atomic save (write a
/// temporary file, rename it) takes a millisecond or two; a longer burst simply rebuilds twice,
/// and the second build sees every change (the preview keeps the changes of failed builds).
const DEBOUNCE: Duration = Duration::from_millis(25);

/// Starts watching `root`; each debounced batch of relevant paths is sent on `changes`. The
/// returned value stops watching when dropped.
pub fn watch(root: &Path, changes: mpsc::Sender<Vec<PathBuf>>) -> Result<impl Drop, notify::Error> {
    // Events carry absolute paths: compare them with the absolute root.
    let root = root.canonicalize()?;
    let root_for_filter = root.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut paths: Vec<PathBuf> = events
            .into_iter()
            // A build reads every source: reading must not count as a change.
            .filter(|event| changes_content(&event.event.kind))
            .flat_map(|event| event.event.paths.clone())
            .filter(|path| is_source(&root_for_filter, path))
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = changes.blocking_send(paths);
        }
    })?;
    // The root itself, not recursively: a source folder created later is seen, and the root's
    // own files (config.toml) too, without watching public/ or target/.
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    for source in SOURCES {
        let path = root.join(source);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(debouncer)
}

fn changes_content(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    SOURCES.contains(&first.as_str()) && !is_editor_leftover(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/content/a.md")));
        assert!(is_source(root, Path::new("/site/config.toml")));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/site/content/.a.md.swp")));
        assert!(!is_source(root, Path::new("/site/content/a.md~")));
    }
}
