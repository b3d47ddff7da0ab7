//! Embeds the files `portico init` writes, found by walking folders at compile time, so no
//! hand-kept list can drift from them:
//! - `PORTAL`: the bundled portal of the repository (`config.toml`, `content/`, `data/`,
//!   `themes/`), which is exactly what `portico init --demo` writes;
//! - `PROGRAMME`: `src/scaffold/programme/`, the files a new programme portal has in place of
//!   the demonstration data (commented config, empty data files with examples);
//! - `SKELETON`: `src/scaffold/skeleton/`, the generic site of `portico init --bare`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut code = String::new();
    let trees: [(&str, &[&str], &str); 3] = [
        ("PORTAL", &["config.toml", "content", "data", "themes"], ""),
        ("PROGRAMME", &["."], "src/scaffold/programme"),
        ("SKELETON", &["."], "src/scaffold/skeleton"),
    ];
    for (name, parts, base) in trees {
        let base = root.join(base);
        let mut files = Vec::new();
        for part in parts {
            let path = base.join(part);
            // A folder named here is scanned whole by cargo: a file added to it rebuilds.
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, &mut files);
        }
        files.sort();
        writeln!(code, "pub static {name}: &[(&str, &[u8])] = &[").unwrap();
        for file in files {
            let relative = file.strip_prefix(&base).expect("under base");
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            writeln!(
                code,
                "    ({relative:?}, include_bytes!({:?})),",
                file.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("embedded_sites.rs"), code).expect("OUT_DIR is writable");
}

/// Every file under `path` (or `path` itself), leaving out what is never part of a site:
/// hidden files, editor leftovers and built output.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let leftover = (name.starts_with('.') && name != ".")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.contains(".portico-tmp-")
        || name == "public";
    if leftover {
        return;
    }
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("readable folder")
            .map(|entry| entry.expect("readable entry").path())
            .collect();
        entries.sort();
        for entry in entries {
            collect(&entry, files);
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}
