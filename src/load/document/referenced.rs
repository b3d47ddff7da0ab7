//! The files data records name (a work's documents, an event's materials), looked up and read
//! while loading, so that validation decides on what was found without touching the disk.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::{DocumentCache, DocumentError, DocumentFacts, DocumentFormat};
use crate::load::data::LoadedData;

/// What is at a path a record names.
#[derive(Debug)]
pub enum FileLookup {
    Missing,
    /// A link whose target is outside the site.
    LeadsOutside,
    /// A folder, a device: anything but a regular file.
    NotAFile,
    /// A regular file of a type that may not be published: not read.
    Unpublishable,
    /// A regular file of a type that may be published: its facts, or why it cannot be.
    Read(Result<DocumentFacts, DocumentError>),
}

/// Every file the records name, by the path it is looked for at (its folder joined with what
/// the editor wrote).
#[derive(Debug, Default)]
pub struct ReferencedFiles(HashMap<PathBuf, FileLookup>);

impl ReferencedFiles {
    /// What was found at `path`; `None` when it was not looked up (the site root itself could
    /// not be resolved, so no file could be told inside or outside it).
    pub fn get(&self, path: &Path) -> Option<&FileLookup> {
        self.0.get(path)
    }
}

/// What an editor wrote, as a path inside the record's folder; `None` when it is absolute or
/// climbs out with `..`.
pub fn relative_inside(written: &str) -> Option<&Path> {
    let relative = Path::new(written);
    let escapes = relative.is_absolute()
        || written.starts_with(['/', '\\'])
        || relative
            .components()
            .any(|c| matches!(c, Component::ParentDir));
    (!escapes).then_some(relative)
}

/// Looks up every file `data` names, reading the facts of those that may be published (in
/// parallel, through `cache`).
pub fn referenced_files(
    data: &LoadedData,
    data_dir: &Path,
    root: &Path,
    cache: &DocumentCache,
) -> ReferencedFiles {
    let Ok(canonical_root) = root.canonicalize() else {
        return ReferencedFiles::default();
    };
    let documents = data.project_works.iter().flat_map(|file| {
        let folder = file.path.parent().unwrap_or(root);
        file.value
            .documents
            .iter()
            .filter_map(move |document| Some(folder.join(relative_inside(&document.file.value)?)))
    });
    let materials = data
        .events
        .iter()
        .flat_map(|file| &file.value.events)
        .flat_map(|event| &event.materials)
        .filter_map(|material| material.file.as_ref())
        .filter_map(|file| Some(data_dir.join(relative_inside(&file.value)?)));
    let mut paths: Vec<PathBuf> = documents.chain(materials).collect();
    paths.sort();
    paths.dedup();
    ReferencedFiles(
        paths
            .into_par_iter()
            .map(|path| {
                let found = look_up(&path, &canonical_root, cache);
                (path, found)
            })
            .collect(),
    )
}

fn look_up(path: &Path, canonical_root: &Path, cache: &DocumentCache) -> FileLookup {
    let Ok(metadata) = std::fs::symlink_metadata(path) else {
        return FileLookup::Missing;
    };
    let inside = path
        .canonicalize()
        .is_ok_and(|real| real.starts_with(canonical_root));
    if !inside {
        return FileLookup::LeadsOutside;
    }
    let real_metadata = std::fs::metadata(path).unwrap_or(metadata);
    if !real_metadata.is_file() {
        return FileLookup::NotAFile;
    }
    match DocumentFormat::of_path(path) {
        Some(format) => FileLookup::Read(cache.facts(path, format == DocumentFormat::Pdf)),
        None => FileLookup::Unpublishable,
    }
}
