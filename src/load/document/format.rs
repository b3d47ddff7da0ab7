//! The types of file a document or material may have, known by their extension.

use std::fmt;
use std::path::Path;

use serde::Serialize;

/// A file type that may be published. Serialised (and shown) by its name: "PDF", "ODT".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DocumentFormat {
    Pdf,
    Odt,
    Ods,
    Docx,
    Xlsx,
    Csv,
}

impl DocumentFormat {
    /// Every format, in the order messages list their extensions.
    pub const ALL: [DocumentFormat; 6] = [
        DocumentFormat::Pdf,
        DocumentFormat::Odt,
        DocumentFormat::Ods,
        DocumentFormat::Docx,
        DocumentFormat::Xlsx,
        DocumentFormat::Csv,
    ];

    /// The format a file's extension declares (case ignored), if it may be published.
    pub fn of_path(path: &Path) -> Option<DocumentFormat> {
        let extension = extension(path);
        DocumentFormat::ALL
            .into_iter()
            .find(|format| format.extension() == extension)
    }

    /// The extension, lowercase and without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Odt => "odt",
            DocumentFormat::Ods => "ods",
            DocumentFormat::Docx => "docx",
            DocumentFormat::Xlsx => "xlsx",
            DocumentFormat::Csv => "csv",
        }
    }

    /// The name people know the format by: "PDF".
    pub fn name(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "PDF",
            DocumentFormat::Odt => "ODT",
            DocumentFormat::Ods => "ODS",
            DocumentFormat::Docx => "DOCX",
            DocumentFormat::Xlsx => "XLSX",
            DocumentFormat::Csv => "CSV",
        }
    }

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Odt => "application/vnd.oasis.opendocument.text",
            DocumentFormat::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            DocumentFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            DocumentFormat::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            DocumentFormat::Csv => "text/csv",
        }
    }
}

impl fmt::Display for DocumentFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A path's extension, lowercase, or "" when it has none.
pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_known_by_extension_in_any_case_and_serialise_by_name() {
        assert_eq!(
            DocumentFormat::of_path(Path::new("a/Relazione.PDF")),
            Some(DocumentFormat::Pdf)
        );
        assert_eq!(DocumentFormat::of_path(Path::new("a.exe")), None);
        assert_eq!(DocumentFormat::of_path(Path::new("README")), None);
        for format in DocumentFormat::ALL {
            let json = serde_json::to_string(&format).unwrap();
            assert_eq!(json, format!("\"{}\"", format.name()));
        }
    }
}
