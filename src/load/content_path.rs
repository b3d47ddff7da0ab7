//! The name of a page or section by where its file is: its path relative to `content/`.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use serde::Serialize;

/// A content file's path relative to `content/`, with `/` separators (`avvisi/primo.md`,
/// `_index.md`): what `@/` links name, what the preview tells files apart by, and the last
/// tie-break of every sort. A page born from data has one too (`data/provinces/MB.yaml`,
/// `data/events#<id>`), so links and dependencies treat both alike. It reads as the text it
/// holds (`Deref<Target = str>`), so comparisons and lookups by `&str` work.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ContentPath(String);

impl ContentPath {
    /// The section index of `content/` itself.
    pub const ROOT_INDEX: &'static str = "_index.md";

    pub fn new(path: impl Into<String>) -> Self {
        ContentPath(path.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
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

impl Deref for ContentPath {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for ContentPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for ContentPath {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ContentPath {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for ContentPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
