//! Document facts kept between builds: the preview rebuilds on every save, and reading a
//! large PDF again (SHA-256, page tree) when nothing changed would cost each rebuild.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use super::{DocumentError, DocumentFacts, inspect};

/// What says a file is unchanged: its length and its modification time. An editor's save
/// changes the time; a copy that keeps the time (`cp -p`) but not the content changes the
/// length, or is the same file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> Result<Stamp, DocumentError> {
        let metadata = std::fs::metadata(path).map_err(DocumentError::Unreadable)?;
        Ok(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

/// Facts read from documents, by path, with the stamp of the file they were read from.
/// Clones share one cache: the build options hold it, so the preview keeps it between builds.
/// Only facts are kept, never a refusal: a file that failed is read again next time.
#[derive(Clone, Default)]
pub struct DocumentCache {
    entries: Arc<Mutex<HashMap<PathBuf, (Stamp, DocumentFacts)>>>,
}

impl DocumentCache {
    /// The facts of `path` (a PDF's page count when `is_pdf`): from the cache when the file's
    /// length and modification time are those it was read with, otherwise read again.
    pub fn facts(&self, path: &Path, is_pdf: bool) -> Result<DocumentFacts, DocumentError> {
        let stamp = Stamp::of(path)?;
        // A panic elsewhere while the lock was held cannot leave an entry half written.
        let cached = self
            .entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
            .filter(|(known, _)| *known == stamp && stamp.modified.is_some())
            .map(|(_, facts)| facts.clone());
        if let Some(facts) = cached {
            return Ok(facts);
        }
        let facts = inspect(path, is_pdf)?;
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_path_buf(), (stamp, facts.clone()));
        Ok(facts)
    }
}

impl fmt::Debug for DocumentCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.entries.lock().map_or(0, |entries| entries.len());
        write!(f, "DocumentCache({count} files)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_modified(path: &Path, time: SystemTime) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(time).unwrap();
    }

    #[test]
    fn unchanged_files_are_not_read_again_and_changed_ones_are() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dati.csv");
        std::fs::write(&path, "a;b\n").unwrap();
        let then = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        set_modified(&path, then);
        let cache = DocumentCache::default();
        let first = cache.facts(&path, false).unwrap();

        // Other bytes of the same length, and the same time: the key is unchanged, so the
        // cache answers without reading (a read would give another SHA-256).
        std::fs::write(&path, "c;d\n").unwrap();
        set_modified(&path, then);
        assert_eq!(cache.facts(&path, false).unwrap(), first);

        // A save moves the time: read again.
        set_modified(&path, then + std::time::Duration::from_secs(60));
        let saved = cache.facts(&path, false).unwrap();
        assert_ne!(saved.sha256, first.sha256);
        assert_eq!(saved, inspect(&path, false).unwrap());

        // A different length at the old time: read again too.
        std::fs::write(&path, "a;b;c\n").unwrap();
        set_modified(&path, then);
        let longer = cache.facts(&path, false).unwrap();
        assert_eq!(longer.size, 6);
        assert_eq!(longer, inspect(&path, false).unwrap());
    }

    #[test]
    fn clones_share_the_cache_and_refusals_are_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("relazione.pdf");
        std::fs::write(&path, "not a pdf").unwrap();
        let cache = DocumentCache::default();
        assert!(cache.clone().facts(&path, true).is_err());
        assert_eq!(format!("{cache:?}"), "DocumentCache(0 files)");
        std::fs::write(&path, "a;b\n").unwrap();
        cache.clone().facts(&path, false).unwrap();
        assert_eq!(format!("{cache:?}"), "DocumentCache(1 files)");
    }
}
