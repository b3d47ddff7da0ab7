pub mod content;
pub mod content_path;
pub mod data;
pub mod document;
pub mod file_cache;
pub mod reference;
pub mod sigla_hint;
pub mod source;
pub mod static_files;
pub mod translations;
pub mod yaml;
pub mod yaml_errors;

/// What loading may remember from a previous build (the preview's): the data files parsed, the
/// facts of the documents the records name and, when kept, the content files parsed. Clones
/// share them.
#[derive(Debug, Clone, Default)]
pub struct Caches {
    pub data: data::ParsedFiles,
    pub documents: document::DocumentCache,
    /// Only the preview keeps content files: a build would hold every page's text until it
    /// ends.
    pub content: Option<content::ParsedContent>,
}

impl Caches {
    /// Forgets what was read from `paths` (absolute), which the watcher says changed.
    pub fn forget(&self, paths: &[std::path::PathBuf]) {
        self.data.forget(paths);
        self.documents.forget(paths);
        if let Some(content) = &self.content {
            content.forget(paths);
        }
    }
}
