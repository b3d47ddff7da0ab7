//! Facts about a published document, read from the file itself: size, SHA-256 and, for PDFs,
//! the page count. Editors never type them.

use std::path::Path;

use sha2::{Digest, Sha256};

mod cache;
mod format;
mod referenced;

pub use cache::DocumentCache;
pub use format::{DocumentFormat, extension};
pub use referenced::{FileLookup, ReferencedFiles, referenced_files, relative_inside};

/// What the build knows about a document file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFacts {
    pub size: u64,
    /// Lowercase hexadecimal SHA-256 of the bytes.
    pub sha256: String,
    /// Number of pages, for PDFs.
    pub pages: Option<u32>,
}

/// Why a document cannot be published.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("the file cannot be read: {0}")]
    Unreadable(std::io::Error),
    #[error("the file is not a PDF (it does not start with %PDF-)")]
    NotPdf,
    #[error(
        "the PDF is incomplete: it has no end-of-file marker or cross-reference table (cut off while copying?)"
    )]
    Incomplete,
    #[error(
        "the PDF is protected by a password or encrypted: publish it without protection, so that anyone (and a screen reader) can open it"
    )]
    Encrypted,
    #[error("the PDF is damaged: {0}")]
    Damaged(String),
    #[error("the PDF cannot be read: {0}")]
    Unparsable(String),
    #[error("the PDF has no pages")]
    NoPages,
    #[error("the PDF has too many pages")]
    TooManyPages,
}

impl DocumentError {
    /// What the editor can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            DocumentError::Unreadable(_) => "check that the file exists and can be read",
            DocumentError::Encrypted => {
                "export or save the PDF again without a password or restrictions"
            }
            DocumentError::Incomplete | DocumentError::Damaged(_) => {
                "copy the file again from the original, or export it again as PDF"
            }
            _ => "export the document again as a real file of that type",
        }
    }
}

/// Reads `path`; `is_pdf` says the file is declared as a PDF, so it must be one.
pub fn inspect(path: &Path, is_pdf: bool) -> Result<DocumentFacts, DocumentError> {
    let bytes = std::fs::read(path).map_err(DocumentError::Unreadable)?;
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

/// The page count of a PDF opened fully, or why the bytes are not a PDF a reader can open:
/// cut off (no end-of-file marker or cross-reference table), damaged (a page tree with missing
/// objects, a page count that does not match, a content stream that does not decode) or
/// protected by a password.
pub fn pdf_pages(bytes: &[u8]) -> Result<u32, DocumentError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(DocumentError::NotPdf);
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !contains(tail, b"%%EOF") || !contains(bytes, b"startxref") {
        return Err(DocumentError::Incomplete);
    }
    let document = match lopdf::Document::load_mem(bytes) {
        Ok(document) => document,
        Err(_) if contains(bytes, b"/Encrypt") => return Err(DocumentError::Encrypted),
        Err(error) => return Err(DocumentError::Unparsable(error.to_string())),
    };
    if document.was_encrypted() || document.is_encrypted() {
        return Err(DocumentError::Encrypted);
    }
    let pages = pdf_page_tree(&document)?;
    u32::try_from(pages).map_err(|_| DocumentError::TooManyPages)
}

/// Content streams larger than this once decoded are not decoded: a check, not a renderer.
const MAX_DECODED_PAGE: usize = 64 * 1024 * 1024;

/// Walks the page tree from the catalogue: every node must exist and be a page or a list of
/// pages, every page's content must decode, and the declared count must match the pages found.
fn pdf_page_tree(document: &lopdf::Document) -> Result<usize, DocumentError> {
    use lopdf::Object;
    let damaged = |what: &str| DocumentError::Damaged(what.to_owned());
    let catalog = document
        .catalog()
        .map_err(|_| damaged("its catalogue (/Root) is missing"))?;
    let root = catalog
        .get(b"Pages")
        .and_then(Object::as_reference)
        .map_err(|_| damaged("it has no page tree (/Pages)"))?;
    let mut pages = 0usize;
    let mut seen = std::collections::HashSet::new();
    let mut pending = vec![root];
    while let Some(id) = pending.pop() {
        if !seen.insert(id) {
            return Err(damaged("its page tree loops"));
        }
        let node = document
            .get_dictionary(id)
            .map_err(|_| damaged(&format!("object {} of its page tree is missing", id.0)))?;
        match node.get(b"Type").and_then(Object::as_name) {
            Ok(b"Pages") => {
                let kids = node
                    .get(b"Kids")
                    .and_then(Object::as_array)
                    .map_err(|_| damaged("a list of pages has no /Kids"))?;
                for kid in kids.iter().rev() {
                    pending.push(
                        kid.as_reference()
                            .map_err(|_| damaged("a page is not a reference"))?,
                    );
                }
            }
            Ok(b"Page") => {
                pages += 1;
                page_content_decodes(document, id)
                    .map_err(|what| damaged(&format!("page {pages}: {what}")))?;
            }
            _ => {
                return Err(damaged(&format!(
                    "object {} of its page tree is not a page",
                    id.0
                )));
            }
        }
    }
    let declared = document
        .get_dictionary(root)
        .and_then(|tree| tree.get(b"Count"))
        .and_then(Object::as_i64)
        .map_err(|_| damaged("its page tree has no page count"))?;
    if usize::try_from(declared).ok() != Some(pages) {
        return Err(damaged(&format!(
            "it declares {declared} pages but holds {pages}"
        )));
    }
    if pages == 0 {
        return Err(DocumentError::NoPages);
    }
    Ok(pages)
}

/// Every content stream of a page exists and decodes.
fn page_content_decodes(document: &lopdf::Document, page: lopdf::ObjectId) -> Result<(), String> {
    for id in document.get_page_contents(page) {
        let stream = document
            .get_object(id)
            .and_then(lopdf::Object::as_stream)
            .map_err(|_| format!("its content (object {}) is missing", id.0))?;
        if first_filter(&stream.dict) == Some(b"FlateDecode".as_slice()) {
            inflates(&stream.content)
                .map_err(|error| format!("its content does not decode ({error})"))?;
        }
    }
    Ok(())
}

/// The first filter a stream's bytes go through, if any.
fn first_filter(dict: &lopdf::Dictionary) -> Option<&[u8]> {
    match dict.get(b"Filter").ok()? {
        lopdf::Object::Name(name) => Some(name),
        lopdf::Object::Array(filters) => filters.first()?.as_name().ok(),
        _ => None,
    }
}

/// Whether zlib data inflates to its end. lopdf's own decoder forgives damage (it returns what
/// it could read), which is right for showing a page and wrong for checking one.
fn inflates(compressed: &[u8]) -> std::io::Result<()> {
    use std::io::Read;
    let decoder = flate2::read::ZlibDecoder::new(compressed);
    let read = std::io::copy(
        &mut decoder.take(MAX_DECODED_PAGE as u64),
        &mut std::io::sink(),
    )?;
    if read == MAX_DECODED_PAGE as u64 {
        return Err(std::io::Error::other(
            "it is larger than 64 MB once decoded",
        ));
    }
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_pdf_bytes_are_refused() {
        assert!(matches!(
            pdf_pages(b"MZ not a pdf"),
            Err(DocumentError::NotPdf)
        ));
        assert!(matches!(
            pdf_pages(b"%PDF-1.4\ngarbage"),
            Err(DocumentError::Incomplete)
        ));
    }

    /// A one-page PDF written by lopdf, whose page tree declares `declared` pages.
    fn pdf_declaring(declared: i64) -> Vec<u8> {
        use lopdf::{Document, Object, dictionary};
        let mut document = Document::with_version("1.5");
        let pages_id = document.new_object_id();
        let page_id = document.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        document.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page_id.into()],
                "Count" => declared,
            }),
        );
        let catalog_id = document.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
        });
        document.trailer.set("Root", catalog_id);
        let mut bytes = Vec::new();
        document.save_to(&mut bytes).unwrap();
        bytes
    }

    #[test]
    fn the_page_tree_is_walked_and_its_count_checked() {
        assert_eq!(pdf_pages(&pdf_declaring(1)).unwrap(), 1);
        let error = pdf_pages(&pdf_declaring(2)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the PDF is damaged: it declares 2 pages but holds 1"
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
