//! Files copied as they are: the theme's `static/`, then the site's `static/` (the site wins
//! when both have a file at the same path).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::content::{is_editor_leftover, relative_slash_path};

/// Output path (relative, `/`-separated) → source file, sorted by output path.
pub fn static_files(folders: &[PathBuf]) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    for folder in folders.iter().filter(|folder| folder.is_dir()) {
        for entry in ignore::WalkBuilder::new(folder)
            .standard_filters(false)
            .hidden(true)
            .build()
            .flatten()
        {
            let path = entry.path();
            if entry.file_type().is_some_and(|kind| kind.is_file()) && !is_editor_leftover(path) {
                files.insert(relative_slash_path(path, folder), path.to_path_buf());
            }
        }
    }
    files
}

/// The theme folder a config names, if any: `themes/<name>`.
pub fn theme_dir(root: &Path, theme: Option<&str>) -> Option<PathBuf> {
    theme.map(|name| root.join("themes").join(name))
}
