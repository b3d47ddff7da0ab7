//! Files of `content/` that are not Markdown: where each is published.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::model::{Asset, ContentPath, Page};

/// `a/b/index.md` → `a/b/`: the folder whose files belong to that page.
pub(super) fn bundle_folder(content_path: &str) -> Option<String> {
    if content_path == "index.md" {
        return Some(String::new());
    }
    content_path
        .strip_suffix("/index.md")
        .map(|folder| format!("{folder}/"))
}

/// Files beside a page bundle (`a/index.md`) go next to its page; other files keep their place
/// under `content/`. Files of draft bundles are left out.
pub(super) fn assets(
    assets: &[(PathBuf, ContentPath)],
    pages: &[Page],
    draft_bundles: &[String],
) -> Vec<Asset> {
    let bundles: HashMap<String, String> = pages
        .iter()
        .filter_map(|page| {
            let folder = bundle_folder(&page.content_path)?;
            // A page whose `path` names a file (`/modulo.html`) keeps its files in that folder.
            let page_folder = match page.path.as_str().rsplit_once('/') {
                Some((folder, _)) => format!("{}/", folder.trim_start_matches('/')),
                None => String::new(),
            };
            Some((folder, page_folder.trim_start_matches('/').to_owned()))
        })
        .collect();
    assets
        .iter()
        .filter(|(_, content_path)| {
            !draft_bundles
                .iter()
                .any(|folder| content_path.starts_with(folder.as_str()))
        })
        .map(|(source, content_path)| {
            let (folder, name) = match content_path.rsplit_once('/') {
                Some((folder, name)) => (format!("{folder}/"), name),
                None => (String::new(), content_path.as_str()),
            };
            let output_file = match bundles.get(&folder) {
                Some(page_folder) => format!("{page_folder}{name}"),
                None => content_path.to_string(),
            };
            Asset {
                source: source.clone(),
                output_file,
            }
        })
        .collect()
}
