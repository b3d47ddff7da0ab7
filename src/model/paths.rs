//! The two names of a place in the site: its path (`/avvisi/a/`), from which its output file
//! follows, and its permalink (the path under the base URL).

use std::fmt;

use serde::Serialize;

use crate::text_type::text_type;

/// A URL path inside the site: `/`, `/avvisi/primo-avviso/`, `/atom.xml`.
/// Folder-like paths end with `/` and are written as `index.html` inside that folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SitePath(String);

impl SitePath {
    pub fn root() -> Self {
        SitePath("/".to_owned())
    }

    /// A folder-like path from URL segments: `["avvisi", "a"]` → `/avvisi/a/`.
    pub fn from_segments<S: AsRef<str>>(segments: impl IntoIterator<Item = S>) -> Self {
        let mut path = String::from("/");
        for segment in segments {
            let segment = segment.as_ref();
            if !segment.is_empty() {
                path.push_str(segment);
                path.push('/');
            }
        }
        SitePath(path)
    }

    /// Normalises a path an editor wrote (`chi-siamo`, `/chi-siamo`, `/a/b.html`): a leading `/`,
    /// and a trailing one unless it names a file. Refuses anything that could leave the output
    /// folder or is not a plain URL path.
    pub fn parse(written: &str) -> Result<Self, &'static str> {
        let trimmed = written.trim().trim_start_matches('/');
        if written.contains("://") || written.starts_with("//") {
            return Err("a site path, not a full URL");
        }
        if trimmed
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        {
            return Err("a path without `.` or `..` segments");
        }
        if trimmed
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '\\' | '?' | '#' | '"' | '<' | '>'))
        {
            return Err("a path without spaces, `\\`, `?`, `#`, quotes or angle brackets");
        }
        let last = trimmed.rsplit('/').next().unwrap_or_default();
        let mut path = format!("/{trimmed}");
        if !path.ends_with('/') && !last.contains('.') {
            path.push('/');
        }
        Ok(SitePath(path.replace("//", "/")))
    }

    pub fn join(&self, segment: &str) -> Self {
        SitePath(format!("{}{segment}/", self.0))
    }

    pub fn join_file(&self, file: &str) -> Self {
        SitePath(format!("{}{file}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file this path is written to, relative to the output folder.
    pub fn output_file(&self) -> String {
        let relative = &self.0[1..];
        if relative.is_empty() || relative.ends_with('/') {
            format!("{relative}index.html")
        } else {
            relative.to_owned()
        }
    }
}

impl fmt::Display for SitePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_type! {
    /// The full URL of a page, section or file: the base URL followed by its [`SitePath`]
    /// (`https://example.org/avvisi/a/`). Templates, feeds and sitemaps show it; it reads as its
    /// text (`Deref<Target = str>`).
    Permalink;
}

impl Permalink {
    /// `path` under `base_url` (written without its final `/`).
    pub fn new(base_url: &str, path: &SitePath) -> Self {
        Permalink(format!("{base_url}{path}"))
    }

    /// The same URL pointing at an element of the page (`…/province/#focus-group-lc`).
    pub fn with_fragment(&self, fragment: &str) -> Self {
        Permalink(format!("{}#{fragment}", self.0))
    }
}

impl From<Permalink> for String {
    fn from(permalink: Permalink) -> String {
        permalink.0
    }
}

impl From<Permalink> for serde_json::Value {
    fn from(permalink: Permalink) -> serde_json::Value {
        serde_json::Value::String(permalink.0)
    }
}
