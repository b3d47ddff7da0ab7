//! Where a problem comes from: a file of the site, a setting of the config file, a template
//! built into portico, an output the site makes of its own accord, an option given on the
//! command line, or an environment variable.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// What a [`super::Diagnostic`] points at. Messages name it the way a person finds it: a
/// file by its path (relative to the site root where possible), an option by its flag.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A file of the site, or the config file given with `--config`.
    File(PathBuf),
    /// One setting of a file (`[feeds] site` of `config.toml`): an editor opens `file`, the
    /// setting says what to look for in it.
    Setting {
        file: PathBuf,
        setting: &'static str,
    },
    /// A template compiled into portico, by its template name (`sitemap.xml`): a site
    /// overrides it with a file of its own, it cannot edit it.
    BuiltIn(&'static str),
    /// An output the site makes without any file asking for it (`sitemap`, `robots.txt`).
    Generated(&'static str),
    /// A command-line option, such as `--base-url`: there is no file to open.
    Option(&'static str),
    /// An environment variable, such as `SOURCE_DATE_EPOCH`.
    Environment(&'static str),
}

impl Origin {
    /// The command-line option `flag` (written with its dashes).
    pub fn option(flag: &'static str) -> Self {
        Origin::Option(flag)
    }

    /// The environment variable `name`.
    pub fn environment(name: &'static str) -> Self {
        Origin::Environment(name)
    }

    /// The setting `setting` of `file`, such as `[feeds] site` of `config.toml`.
    pub fn setting(file: impl Into<PathBuf>, setting: &'static str) -> Self {
        Origin::Setting {
            file: file.into(),
            setting,
        }
    }

    /// The file, for a problem found in one (or in one of its settings): `None` for what no
    /// editor can change, such as a built-in template or an option.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Origin::File(path) | Origin::Setting { file: path, .. } => Some(path),
            Origin::BuiltIn(_)
            | Origin::Generated(_)
            | Origin::Option(_)
            | Origin::Environment(_) => None,
        }
    }

    /// The origin as the path messages showed before origins had a type: a file's own path,
    /// anything else its text read as a path.
    pub fn shown_path(&self) -> Cow<'_, Path> {
        match self {
            Origin::File(path) => Cow::Borrowed(path),
            Origin::Option(name) | Origin::Environment(name) => Cow::Borrowed(Path::new(name)),
            Origin::Setting { .. } | Origin::BuiltIn(_) | Origin::Generated(_) => {
                Cow::Owned(PathBuf::from(self.to_string()))
            }
        }
    }

    /// The key diagnostics are sorted by: the shown path, so that reports keep the order they
    /// had when every origin was a path (an option sorts as if its name were one).
    pub(super) fn sort_path(&self) -> Cow<'_, Path> {
        self.shown_path()
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Setting { file, setting } => write!(f, "{} ({setting})", file.display()),
            Origin::BuiltIn(name) => write!(f, "(built-in) {name}"),
            Origin::Generated(what) => write!(f, "({what})"),
            Origin::Option(name) | Origin::Environment(name) => f.write_str(name),
        }
    }
}

impl From<PathBuf> for Origin {
    fn from(path: PathBuf) -> Self {
        Origin::File(path)
    }
}

impl From<&Path> for Origin {
    fn from(path: &Path) -> Self {
        Origin::File(path.to_path_buf())
    }
}

impl From<&PathBuf> for Origin {
    fn from(path: &PathBuf) -> Self {
        Origin::File(path.clone())
    }
}

/// A path written as text (`"data/programme.yaml"`); an option is never a bare string, it is
/// made with [`Origin::option`].
impl From<&str> for Origin {
    fn from(path: &str) -> Self {
        Origin::File(PathBuf::from(path))
    }
}

impl From<&String> for Origin {
    fn from(path: &String) -> Self {
        Origin::File(PathBuf::from(path))
    }
}

impl From<String> for Origin {
    fn from(path: String) -> Self {
        Origin::File(PathBuf::from(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_is_shown_by_its_flag_and_has_no_file() {
        let origin = Origin::option("--base-url");
        assert_eq!(origin.to_string(), "--base-url");
        assert_eq!(origin.file(), None);
    }

    #[test]
    fn a_file_is_shown_by_its_path() {
        let origin = Origin::from("data/groups.yaml");
        assert_eq!(origin.to_string(), "data/groups.yaml");
        assert_eq!(origin.file(), Some(Path::new("data/groups.yaml")));
    }

    #[test]
    fn a_built_in_template_is_shown_by_its_name_and_has_no_file() {
        let origin = Origin::BuiltIn("sitemap.xml");
        assert_eq!(origin.to_string(), "(built-in) sitemap.xml");
        assert_eq!(origin.file(), None);
    }

    #[test]
    fn a_generated_output_is_shown_in_parentheses_and_has_no_file() {
        let origin = Origin::Generated("robots.txt");
        assert_eq!(origin.to_string(), "(robots.txt)");
        assert_eq!(origin.file(), None);
    }

    #[test]
    fn a_setting_is_shown_after_its_file_and_opens_that_file() {
        let origin = Origin::setting("config.toml", "[feeds] site");
        assert_eq!(origin.to_string(), "config.toml ([feeds] site)");
        assert_eq!(origin.file(), Some(Path::new("config.toml")));
    }

    #[test]
    fn every_origin_sorts_as_its_text_would_as_a_path() {
        let origins = [
            Origin::from("content/a.md"),
            Origin::setting("config.toml", "taxonomy feed"),
            Origin::BuiltIn("atom.xml"),
            Origin::Generated("sitemap"),
            Origin::option("--base-url"),
            Origin::environment("SOURCE_DATE_EPOCH"),
            Origin::from("config.toml"),
            Origin::setting("config.toml", "[feeds] site"),
        ];
        let mut typed: Vec<&Origin> = origins.iter().collect();
        typed.sort_by(|a, b| a.sort_path().cmp(&b.sort_path()));
        let mut texts: Vec<PathBuf> = origins
            .iter()
            .map(|o| PathBuf::from(o.to_string()))
            .collect();
        texts.sort();
        let typed: Vec<PathBuf> = typed.iter().map(|o| PathBuf::from(o.to_string())).collect();
        assert_eq!(typed, texts);
        assert_eq!(
            Origin::BuiltIn("sitemap.xml").sort_path(),
            Path::new("(built-in) sitemap.xml")
        );
    }
}
