//! Values read from files, kept between builds by the file's length and modification time.
//! The preview rebuilds on every save: reading a large PDF again (SHA-256, page tree), or
//! parsing every data file when one changed, would cost each rebuild.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

/// What says a file is unchanged: its length and its modification time. An editor's save
/// changes the time; a copy that keeps the time (`cp -p`) but not the content changes the
/// length, or is the same file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(path: &Path) -> std::io::Result<Stamp> {
        let metadata = std::fs::metadata(path)?;
        Ok(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

/// Values by path, each with the stamp of the file it was read from. Clones share one cache:
/// the build options hold it, so the preview keeps it between builds. Only what was read
/// successfully is kept: a file that failed is read again next time.
pub struct FileCache<V> {
    entries: Arc<Mutex<HashMap<PathBuf, (Stamp, V)>>>,
}

impl<V: Clone> FileCache<V> {
    /// The value of `path` when the file still has `stamp`, the one it was read with. A file
    /// system without modification times never answers from the cache.
    pub fn get(&self, path: &Path, stamp: Stamp) -> Option<V> {
        // A panic elsewhere while the lock was held cannot leave an entry half written.
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
            .filter(|(known, _)| *known == stamp && stamp.modified.is_some())
            .map(|(_, value)| value.clone())
    }

    /// Keeps `value`, read from `path` when it had `stamp` (taken before reading, so that a
    /// save during the read makes the next build read again).
    pub fn put(&self, path: &Path, stamp: Stamp, value: V) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_path_buf(), (stamp, value));
    }

    /// The value of `path`: from the cache when the file still has the stamp it was read with
    /// and `usable` accepts the value, otherwise from `read`, then kept. A file whose stamp
    /// cannot be taken is read every time.
    pub fn get_or_read<E>(
        &self,
        path: &Path,
        usable: impl FnOnce(&V) -> bool,
        read: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        // Taken before reading, so that a save during the read makes the next build read again.
        let stamp = Stamp::of(path).ok();
        let cached = stamp.and_then(|stamp| self.get(path, stamp));
        if let Some(value) = cached.filter(|value| usable(value)) {
            return Ok(value);
        }
        let value = read()?;
        if let Some(stamp) = stamp {
            self.put(path, stamp, value.clone());
        }
        Ok(value)
    }

    /// Forgets `paths`: the watcher said they changed, and a save within the file system's
    /// time resolution that keeps the length would leave the stamp as it was.
    pub fn forget(&self, paths: &[PathBuf]) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        for path in paths {
            entries.remove(path);
        }
    }

    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<V> Clone for FileCache<V> {
    fn clone(&self) -> Self {
        FileCache {
            entries: Arc::clone(&self.entries),
        }
    }
}

impl<V> Default for FileCache<V> {
    fn default() -> Self {
        FileCache {
            entries: Arc::default(),
        }
    }
}

impl<V: Clone> std::fmt::Debug for FileCache<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileCache({} files)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::{FileCache, Stamp};

    #[test]
    fn a_forgotten_file_is_read_again_even_with_its_old_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("MB.yaml");
        std::fs::write(&path, "sigla: MB\n").unwrap();
        let stamp = Stamp::of(&path).unwrap();
        let cache: FileCache<u32> = FileCache::default();
        cache.put(&path, stamp, 1);
        assert_eq!(cache.clone().get(&path, stamp), Some(1));
        // A save within the file system's time resolution that keeps the length leaves the
        // stamp as it was: the watcher's word is what tells it.
        cache.forget(std::slice::from_ref(&path));
        assert_eq!(cache.get(&path, stamp), None);
        assert!(cache.is_empty());
    }
}
