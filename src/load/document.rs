//! Facts about a published document, read from the file itself: size, SHA-256 and, for PDFs,
//! the page count. Editors never type them.

use std::path::Path;

use sha2::{Digest, Sha256};

/// What the build knows about a document file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFacts {
    pub size: u64,
    /// Lowercase hexadecimal SHA-256 of the bytes.
    pub sha256: String,
    /// Number of pages, for PDFs.
    pub pages: Option<u32>,
}

/// Reads `path`; `is_pdf` says the file is declared as a PDF, so it must be one.
pub fn inspect(path: &Path, is_pdf: bool) -> Result<DocumentFacts, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("the file cannot be read: {error}"))?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let pages = if is_pdf {
        Some(pdf_pages(&bytes)?)
    } else {
        None
    };
    Ok(DocumentFacts {
        size: bytes.len() as u64,
        sha256,
        pages,
    })
}

/// The page count of a PDF, or why the bytes are not a readable PDF.
pub fn pdf_pages(bytes: &[u8]) -> Result<u32, String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("the file is not a PDF (it does not start with %PDF-)".to_owned());
    }
    let document = lopdf::Document::load_mem(bytes)
        .map_err(|error| format!("the PDF cannot be read: {error}"))?;
    let pages = document.get_pages().len();
    if pages == 0 {
        return Err("the PDF has no pages".to_owned());
    }
    u32::try_from(pages).map_err(|_| "the PDF has too many pages".to_owned())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_pdf_bytes_are_refused() {
        assert!(
            pdf_pages(b"MZ not a pdf")
                .unwrap_err()
                .contains("not a PDF")
        );
        assert!(
            pdf_pages(b"%PDF-1.4\ngarbage")
                .unwrap_err()
                .contains("cannot be read")
        );
    }

    #[test]
    fn sha256_of_known_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "abc").unwrap();
        let facts = inspect(&path, false).unwrap();
        assert_eq!(
            facts.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(facts.size, 3);
    }
}
