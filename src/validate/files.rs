//! Files a record names (documents, materials): inside the site, of an allowed type, with
//! the facts `load` read from them.

use std::path::{Path, PathBuf};

use super::Checker;
use crate::load::document::{DocumentFormat, FileLookup, relative_inside};
use crate::load::yaml::{Spanned, YamlSource};

impl Checker<'_> {
    /// A file an editor named: relative, inside `base` and the site root, a regular file (not a
    /// link leading out), of an allowed type, with its facts.
    pub(super) fn referenced_file(
        &mut self,
        yaml: &YamlSource,
        written: &Spanned<String>,
        base: &Path,
    ) -> Option<FoundFile> {
        let Some(relative) = relative_inside(&written.value) else {
            self.push(
                yaml.error_at(
                    written,
                    format!("`{}` points outside the site", written.value),
                )
                .label("expected a path inside the folder of this record, without `..`")
                .help("put the file beside the YAML file and write just its name"),
            );
            return None;
        };
        let path = base.join(relative);
        let facts = match self.files.get(&path)? {
            FileLookup::Missing => {
                self.push(
                    yaml.error_at(
                        written,
                        format!("the file `{}` does not exist", written.value),
                    )
                    .label(format!(
                        "expected a file at {}",
                        crate::load::content::shown(&path, self.root).display()
                    )),
                );
                return None;
            }
            FileLookup::LeadsOutside => {
                self.push(
                    yaml.error_at(
                        written,
                        format!("`{}` is a link leading outside the site", written.value),
                    )
                    .help("copy the file into the site instead of linking to it"),
                );
                return None;
            }
            FileLookup::NotAFile => {
                self.push(yaml.error_at(written, format!("`{}` is not a file", written.value)));
                return None;
            }
            FileLookup::Unpublishable => return self.unpublishable(yaml, written, relative),
            FileLookup::Read(facts) => facts,
        };
        let format = DocumentFormat::of_path(relative)?;
        let facts = match facts {
            Ok(facts) => facts,
            Err(problem) => {
                self.push(
                    yaml.error_at(written, format!("`{}`: {problem}", written.value))
                        .label(format!("declared as {format} by its extension"))
                        .help(problem.help()),
                );
                return None;
            }
        };
        Some(FoundFile {
            file_name: relative
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            format,
            size: facts.size,
            sha256: facts.sha256.clone(),
            pages: facts.pages,
            path,
        })
    }

    /// A file of a type that may not be published: the types that may.
    fn unpublishable(
        &mut self,
        yaml: &YamlSource,
        written: &Spanned<String>,
        relative: &Path,
    ) -> Option<FoundFile> {
        let extension = crate::load::document::extension(relative);
        let allowed: Vec<&str> = DocumentFormat::ALL
            .iter()
            .map(|format| format.extension())
            .collect();
        self.push(
            yaml.error_at(
                written,
                format!("files of type `.{extension}` cannot be published"),
            )
            .help(format!("allowed types: {}", allowed.join(", "))),
        );
        None
    }
}

/// A file a record names, found and read.
pub(super) struct FoundFile {
    pub(super) path: PathBuf,
    pub(super) file_name: String,
    pub(super) format: DocumentFormat,
    pub(super) size: u64,
    pub(super) sha256: String,
    pub(super) pages: Option<u32>,
}
