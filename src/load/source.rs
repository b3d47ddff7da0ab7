//! Reading text files the way editors write them: UTF-8, with or without a byte-order mark,
//! with LF or CRLF line endings. Anything else is a located error, never a panic.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Location};

/// Files larger than this are refused before they are read: a page of several megabytes is a
/// mistake (a pasted export, a binary renamed), and a runaway file must not exhaust memory.
pub const MAX_TEXT_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads `path` as text, names it `shown_as` in messages, drops a leading BOM and turns CRLF
/// into LF so that every parser downstream sees one kind of line ending (line and column
/// numbers are unchanged by this).
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    let metadata = std::fs::metadata(path).map_err(|error| io_problem(shown_as, &error))?;
    if metadata.is_dir() {
        return Err(Diagnostic::new(shown_as, "expected a file, found a folder")
            .help("rename or remove the folder"));
    }
    if metadata.len() > MAX_TEXT_FILE_BYTES {
        return Err(Diagnostic::new(
            shown_as,
            format!(
                "the file is {} MB, more than the {} MB a text file may have",
                metadata.len() / (1024 * 1024),
                MAX_TEXT_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|error| io_problem(shown_as, &error))?;
    decode_text(bytes, shown_as)
}

/// The pure half of [`read_text`].
pub fn decode_text(bytes: Vec<u8>, shown_as: &Path) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let bytes = error.into_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid_up_to]);
        let line = prefix.matches('\n').count() + 1;
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        let column = prefix[line_start..].chars().count() + 1;
        let shown_line =
            String::from_utf8_lossy(&bytes[valid_up_to - (prefix.len() - line_start)..])
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
        Diagnostic::new(shown_as, "the file is not valid UTF-8 text")
            .at(Location {
                line,
                column,
                line_text: shown_line,
                underline: 1,
            })
            .label("this byte is not UTF-8")
            .help("save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)")
    })?;
    if text.contains('\0') {
        let at = text.find('\0').unwrap_or_default();
        return Err(Diagnostic::new(shown_as, "the file contains a NUL byte")
            .at_bytes(&text, at..at + 1)
            .help("this looks like a binary file; text files cannot contain NUL bytes"));
    }
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    Ok(if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

fn io_problem(shown_as: &Path, error: &std::io::Error) -> Diagnostic {
    let message = match error.kind() {
        std::io::ErrorKind::NotFound => {
            "the file does not exist (it may have been moved or deleted)".to_owned()
        }
        std::io::ErrorKind::PermissionDenied => {
            "the file cannot be read: permission denied".to_owned()
        }
        _ => format!("the file cannot be read: {error}"),
    };
    Diagnostic::new(shown_as, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
        decode_text(bytes.to_vec(), Path::new("a.md"))
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\r\n").unwrap(), "a\nb\n");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let error = decode(b"ok\nca\xFFt\n").unwrap_err();
        let at = error.location.unwrap();
        assert_eq!((at.line, at.column), (2, 3));
        assert!(error.message.contains("not valid UTF-8"));
    }

    #[test]
    fn a_file_gone_between_walk_and_read_is_reported() {
        let error = read_text(
            Path::new("/nonexistent/portico/a.md"),
            Path::new("content/a.md"),
        )
        .unwrap_err();
        assert!(
            error.message.contains("does not exist"),
            "{}",
            error.message
        );
    }

    #[test]
    fn nul_byte_is_refused() {
        let error = decode(b"a\0b").unwrap_err();
        assert!(error.message.contains("NUL"));
    }
}
