//! Where a problem comes from: a file of the site, an option given on the command line, or an
//! environment variable.

use std::fmt;
use std::path::{Path, PathBuf};

/// What a [`super::Diagnostic`] points at. Messages name it the way a person finds it: a
/// file by its path (relative to the site root where possible), an option by its flag.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A file of the site, or the config file given with `--config`.
    File(PathBuf),
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

    /// The file, for a problem found in one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Origin::File(path) => Some(path),
            Origin::Option(_) | Origin::Environment(_) => None,
        }
    }

    /// The key diagnostics are sorted by. An option sorts as if its name were a path, which
    /// is how the reports were ordered before origins had a type (their text stays identical).
    pub(super) fn sort_path(&self) -> &Path {
        match self {
            Origin::File(path) => path,
            Origin::Option(name) | Origin::Environment(name) => Path::new(name),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(path) => write!(f, "{}", path.display()),
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
}
