//! The last good build, in memory, and what changed between two builds.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use bytes::Bytes;

use crate::output::{OutputData, OutputFile};

/// One servable file: rendered bytes, or a file copied from the site as it is.
#[derive(Debug, Clone)]
pub enum Served {
    Bytes(Bytes),
    File(PathBuf),
}

/// Output path (`avvisi/index.html`) → content, with a fingerprint per file to tell what a
/// rebuild changed.
#[derive(Debug, Default, Clone)]
pub struct Store {
    files: HashMap<String, (Served, u64)>,
}

impl Store {
    pub fn from_outputs(outputs: Vec<OutputFile>) -> Store {
        let files = outputs
            .into_iter()
            .map(|file| {
                let (served, fingerprint) = match file.data {
                    OutputData::Bytes(bytes) => {
                        let fingerprint = fingerprint_bytes(&bytes);
                        (Served::Bytes(bytes), fingerprint)
                    }
                    OutputData::Copy(path) => {
                        let fingerprint = fingerprint_file(&path);
                        (Served::File(path), fingerprint)
                    }
                };
                (file.path, (served, fingerprint))
            })
            .collect();
        Store { files }
    }

    pub fn get(&self, output_path: &str) -> Option<&Served> {
        self.files.get(output_path).map(|(served, _)| served)
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
            .filter(|(path, (_, fingerprint))| {
                self.files.get(*path).map(|(_, old)| old) != Some(fingerprint)
            })
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
}

fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Copied files are fingerprinted by size and modification time: reading every static file on
/// every save would cost more than it tells.
fn fingerprint_file(path: &std::path::Path) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut hasher);
    if let Ok(metadata) = std::fs::metadata(path) {
        metadata.len().hash(&mut hasher);
        if let Ok(modified) = metadata.modified() {
            modified.hash(&mut hasher);
        }
    }
    hasher.finish()
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
