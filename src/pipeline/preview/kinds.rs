//! What changed files mean for the preview: which kind of edit they make.

use std::path::{Path, PathBuf};

/// What changed files mean for the preview.
pub(super) enum Edit {
    /// Templates only: the graph and its views stay, the templates are read again.
    Templates,
    /// The UI strings (`translations.toml`): everything renders again from the same graph.
    Strings,
    /// One page of `content/`, by its file.
    Page(PathBuf),
    /// Records of `data/` (YAML files only: a document changes what is published).
    Data,
    /// Anything else: the config, a document or static file, several pages, edits of
    /// different kinds together.
    Other,
}

impl Edit {
    pub(super) fn of(root: &Path, changed: &[PathBuf]) -> Edit {
        let parts = |path: &PathBuf| -> Vec<String> {
            path.strip_prefix(root)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        };
        let all = |test: fn(&[&str]) -> bool| {
            changed.iter().all(|path| {
                let parts = parts(path);
                test(&parts.iter().map(String::as_str).collect::<Vec<_>>())
            })
        };
        if changed.is_empty() {
            return Edit::Other;
        }
        if all(|parts| {
            matches!(
                parts,
                ["templates", _, ..] | ["themes", _, "templates", _, ..]
            )
        }) {
            return Edit::Templates;
        }
        if all(|parts| {
            matches!(
                parts,
                ["translations.toml"] | ["themes", _, "translations.toml"]
            )
        }) {
            return Edit::Strings;
        }
        if all(|parts| matches!(parts, ["data", .., last] if last.ends_with(".yaml"))) {
            return Edit::Data;
        }
        match changed {
            [path]
                if all(|parts| matches!(parts, ["content", .., last] if last.ends_with(".md"))) =>
            {
                Edit::Page(absolute(root, path))
            }
            _ => Edit::Other,
        }
    }
}

fn absolute(root: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::Edit;

    fn kind(changed: &[&str]) -> &'static str {
        let root = Path::new("/site");
        let changed: Vec<PathBuf> = changed.iter().map(|path| root.join(path)).collect();
        match Edit::of(root, &changed) {
            Edit::Templates => "templates",
            Edit::Strings => "strings",
            Edit::Page(_) => "page",
            Edit::Data => "data",
            Edit::Other => "other",
        }
    }

    #[test]
    fn changed_files_are_sorted_into_kinds_of_edit() {
        assert_eq!(kind(&["themes/italia/templates/base.html"]), "templates");
        assert_eq!(
            kind(&[
                "templates/page.html",
                "themes/italia/templates/partials/a.html"
            ]),
            "templates"
        );
        assert_eq!(kind(&["themes/italia/translations.toml"]), "strings");
        assert_eq!(kind(&["content/avvisi/a.md"]), "page");
        assert_eq!(
            kind(&["data/events.yaml", "data/provinces/MB.yaml"]),
            "data"
        );
        // A document changes what is published; two pages, or a page and a template, are
        // more than one page's edit.
        assert_eq!(kind(&["data/project-works/MB/pw.pdf"]), "other");
        assert_eq!(kind(&["content/a.md", "content/b.md"]), "other");
        assert_eq!(kind(&["content/a.md", "templates/page.html"]), "other");
        assert_eq!(kind(&["content/logo.png"]), "other");
        assert_eq!(kind(&["config.toml"]), "other");
        assert_eq!(kind(&[]), "other");
    }
}
