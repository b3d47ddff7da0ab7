//! Files a record names (documents, materials): inside the site, of an allowed type, with
//! their facts read from the file.

use std::path::{Path, PathBuf};

use super::Checker;
use crate::load::yaml::{Spanned, YamlSource};
use crate::model::data::DOCUMENT_TYPES;

impl Checker<'_> {
    /// A file an editor named: relative, inside `base` and the site root, a regular file (not a
    /// link leading out), of an allowed type.
    pub(super) fn referenced_file(
        &mut self,
        yaml: &YamlSource,
        written: &Spanned<String>,
        base: &Path,
    ) -> Option<FoundFile> {
        let relative = Path::new(&written.value);
        let escapes = relative.is_absolute()
            || written.value.starts_with(['/', '\\'])
            || relative
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir));
        if escapes {
            self.push(
                yaml.error_at(
                    written,
                    format!("`{}` points outside the site", written.value),
                )
                .label("expected a path inside the folder of this record, without `..`")
                .help("put the file beside the YAML file and write just its name"),
            );
            return None;
        }
        let path = base.join(relative);
        let canonical_root = self.root.canonicalize().ok()?;
        let metadata = match std::fs::symlink_metadata(&path) {
            Ok(metadata) => metadata,
            Err(_) => {
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
        };
        let inside = path
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&canonical_root));
        if !inside {
            self.push(
                yaml.error_at(
                    written,
                    format!("`{}` is a link leading outside the site", written.value),
                )
                .help("copy the file into the site instead of linking to it"),
            );
            return None;
        }
        let real_metadata = std::fs::metadata(&path).unwrap_or(metadata);
        if !real_metadata.is_file() {
            self.push(yaml.error_at(written, format!("`{}` is not a file", written.value)));
            return None;
        }
        let format = self.document_format(yaml, written, relative)?;
        let facts = match crate::load::document::inspect(&path, format == "PDF") {
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
            format: format.to_owned(),
            size: facts.size,
            sha256: facts.sha256,
            pages: facts.pages,
            path,
        })
    }

    /// The format of a file an editor named, from its extension, if it may be published.
    fn document_format(
        &mut self,
        yaml: &YamlSource,
        written: &Spanned<String>,
        relative: &Path,
    ) -> Option<&'static str> {
        let extension = relative
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let Some((_, format, _)) = DOCUMENT_TYPES.iter().find(|(ext, _, _)| *ext == extension)
        else {
            let allowed: Vec<&str> = DOCUMENT_TYPES.iter().map(|(ext, _, _)| *ext).collect();
            self.push(
                yaml.error_at(
                    written,
                    format!("files of type `.{extension}` cannot be published"),
                )
                .help(format!("allowed types: {}", allowed.join(", "))),
            );
            return None;
        };
        Some(format)
    }
}

/// A file a record names, found and read.
pub(super) struct FoundFile {
    pub(super) path: PathBuf,
    pub(super) file_name: String,
    pub(super) format: String,
    pub(super) size: u64,
    pub(super) sha256: String,
    pub(super) pages: Option<u32>,
}
