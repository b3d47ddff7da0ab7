//! The last good build, in memory, and what changed between two builds.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::SystemTime;

use bytes::Bytes;

use crate::output::{OutputData, OutputFile};

/// One servable file: rendered bytes, or a file copied from the site as it is.
#[derive(Debug, Clone)]
pub enum Served {
    Bytes(Bytes),
    /// A copied file, with its size and modification time when it was listed: a change of
    /// either is a change of the file (reading every static file on every save would cost more
    /// than it tells).
    File(PathBuf, Option<(u64, SystemTime)>),
}

impl Served {
    fn from_output(data: OutputData) -> Option<Served> {
        match data {
            OutputData::Bytes(bytes) => Some(Served::Bytes(bytes)),
            OutputData::Copy(path) => {
                let stamp = std::fs::metadata(&path)
                    .ok()
                    .and_then(|meta| Some((meta.len(), meta.modified().ok()?)));
                Some(Served::File(path, stamp))
            }
            // Only a build writes to disk as it renders; the preview keeps bytes.
            OutputData::Staged => None,
        }
    }

    /// Whether two versions of a file are the same. Outputs reused by an incremental render
    /// share their bytes, so most comparisons stop at the pointer.
    fn same_as(&self, other: &Served) -> bool {
        match (self, other) {
            (Served::Bytes(a), Served::Bytes(b)) => {
                (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b
            }
            (Served::File(a, a_stamp), Served::File(b, b_stamp)) => {
                a == b && a_stamp == b_stamp && a_stamp.is_some()
            }
            _ => false,
        }
    }
}

/// Output path (`avvisi/index.html`) → content.
#[derive(Debug, Default, Clone)]
pub struct Store {
    files: HashMap<String, Served>,
}

impl Store {
    pub fn from_outputs(outputs: Vec<OutputFile>) -> Store {
        let files = outputs
            .into_iter()
            .filter_map(|file| Some((file.path, Served::from_output(file.data)?)))
            .collect();
        Store { files }
    }

    pub fn get(&self, output_path: &str) -> Option<&Served> {
        self.files.get(output_path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Output paths that differ between `self` (old) and `new`: changed, added or removed.
    pub fn changes(&self, new: &Store) -> BTreeSet<String> {
        let mut changed: BTreeSet<String> = new
            .files
            .iter()
            .filter(|(path, served)| !self.files.get(*path).is_some_and(|old| old.same_as(served)))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(
            self.files
                .keys()
                .filter(|path| !new.files.contains_key(*path))
                .cloned(),
        );
        changed
    }

    /// Replaces some files (the preview's patch) and returns the paths whose content changed.
    pub fn apply(&mut self, outputs: Vec<OutputFile>) -> BTreeSet<String> {
        let mut changed = BTreeSet::new();
        for file in outputs {
            let Some(served) = Served::from_output(file.data) else {
                continue;
            };
            if !self
                .files
                .get(&file.path)
                .is_some_and(|old| old.same_as(&served))
            {
                changed.insert(file.path.clone());
            }
            self.files.insert(file.path, served);
        }
        changed
    }
}

/// The URL path a browser shows for an output path: `a/b/index.html` → `/a/b/`.
pub fn url_path(output_path: &str) -> String {
    match output_path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{output_path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(files: &[(&str, &str)]) -> Store {
        Store::from_outputs(
            files
                .iter()
                .map(|(path, text)| OutputFile {
                    path: (*path).to_owned(),
                    data: OutputData::Bytes(bytes::Bytes::copy_from_slice(text.as_bytes())),
                })
                .collect(),
        )
    }

    #[test]
    fn changes_are_changed_added_and_removed_files() {
        let old = store(&[
            ("index.html", "1"),
            ("a/index.html", "a"),
            ("gone.css", "x"),
        ]);
        let new = store(&[("index.html", "2"), ("a/index.html", "a"), ("new.css", "y")]);
        let changes: Vec<String> = old.changes(&new).into_iter().collect();
        assert_eq!(changes, ["gone.css", "index.html", "new.css"]);
    }

    #[test]
    fn url_paths_of_outputs() {
        assert_eq!(url_path("index.html"), "/");
        assert_eq!(url_path("avvisi/index.html"), "/avvisi/");
        assert_eq!(url_path("css/portico.css"), "/css/portico.css");
    }
}
