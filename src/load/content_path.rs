//! The name of a page or section by where its file is: its path relative to `content/`.

use crate::text_type::text_type;

text_type! {
    /// A content file's path relative to `content/`, with `/` separators (`avvisi/primo.md`,
    /// `_index.md`): what `@/` links name, what the preview tells files apart by, and the last
    /// tie-break of every sort. A page born from data has one too (`data/provinces/MB.yaml`,
    /// `data/events#<id>`), so links and dependencies treat both alike. It reads as the text it
    /// holds (`Deref<Target = str>`), so comparisons and lookups by `&str` work.
    ContentPath;
}

impl ContentPath {
    /// The section index of `content/` itself.
    pub const ROOT_INDEX: &'static str = "_index.md";

    pub fn new(path: impl Into<String>) -> Self {
        ContentPath(path.into())
    }

    /// Whether the file is a section's `_index.md`.
    pub fn is_section_index(&self) -> bool {
        self.0 == Self::ROOT_INDEX || self.0.ends_with("/_index.md")
    }
}

impl From<&str> for ContentPath {
    fn from(path: &str) -> Self {
        ContentPath(path.to_owned())
    }
}

impl From<String> for ContentPath {
    fn from(path: String) -> Self {
        ContentPath(path)
    }
}
