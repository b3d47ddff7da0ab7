//! Document facts kept between builds (see [`FileCache`]).

use std::fmt;
use std::path::Path;

use super::{DocumentError, DocumentFacts, inspect};
use crate::load::file_cache::{FileCache, Stamp};

/// Facts read from documents, by path. Only facts are kept, never a refusal.
#[derive(Clone, Default)]
pub struct DocumentCache {
    entries: FileCache<DocumentFacts>,
}

impl DocumentCache {
    pub fn forget(&self, paths: &[std::path::PathBuf]) {
        self.entries.forget(paths);
    }

    /// The facts of `path` (a PDF's page count when `is_pdf`): from the cache when the file's
    /// length and modification time are those it was read with, otherwise read again.
    pub fn facts(&self, path: &Path, is_pdf: bool) -> Result<DocumentFacts, DocumentError> {
        let stamp = Stamp::of(path).map_err(DocumentError::Unreadable)?;
        if let Some(facts) = self.entries.get(path, stamp) {
            return Ok(facts);
        }
        let facts = inspect(path, is_pdf)?;
        self.entries.put(path, stamp, facts.clone());
        Ok(facts)
    }
}

impl fmt::Debug for DocumentCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentCache({} files)", self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

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
