//! Writing the built site: all or nothing.
//!
//! Files are written into a temporary folder beside the output folder; only when every file is
//! written is the new folder swapped in. On Linux the swap is one atomic `renameat2` exchange,
//! so at every instant the output folder is either the complete old site or the complete new
//! one, even if the process is killed. Leftover temporary folders of a killed build are removed
//! by the next one.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators: `avvisi/index.html`.
    pub path: String,
    pub data: OutputData,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputData {
    /// Rendered content, shared rather than copied when a render reuses it.
    Bytes(bytes::Bytes),
    /// A file copied as it is (static files, documents).
    Copy(PathBuf),
    /// Already written into the new output folder by a build (see [`Staging`]).
    Staged,
}

/// A failure to write the output: not the editors' input, so it carries the OS error.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

trait Context<T> {
    fn at(self, path: &Path) -> Result<T, WriteError>;
}

impl<T> Context<T> for io::Result<T> {
    fn at(self, path: &Path) -> Result<T, WriteError> {
        self.map_err(|source| WriteError {
            path: path.to_path_buf(),
            source,
        })
    }
}

const TEMP_MARK: &str = ".portico-tmp-";

/// Writes `files` as the new content of `output_dir`, replacing the old one atomically.
pub fn write_site(output_dir: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let staging = Staging::new(output_dir)?;
    files.par_iter().for_each(|file| {
        staging.write(file.clone());
    });
    staging.commit()
}

/// The new output folder while a build writes it, beside the old one. [`Staging::commit`]
/// swaps it in; dropped without a commit (a failed build), it is removed and the old folder
/// stays as it was.
#[derive(Debug)]
pub struct Staging {
    temp: PathBuf,
    output_dir: PathBuf,
    /// The first write that failed: the build stops with it.
    failure: Mutex<Option<WriteError>>,
    committed: bool,
}

impl Staging {
    pub fn new(output_dir: &Path) -> Result<Staging, WriteError> {
        let parent = match output_dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).at(&parent)?;
        if output_dir.exists() && !output_dir.is_dir() {
            return Err(WriteError {
                path: output_dir.to_path_buf(),
                source: io::Error::other("the output path exists and is not a folder"),
            });
        }
        remove_stale_temp_dirs(&parent, output_dir);
        let name = output_dir.file_name().map_or_else(
            || "public".into(),
            |name| name.to_string_lossy().into_owned(),
        );
        let temp = parent.join(format!(".{name}{TEMP_MARK}{}", std::process::id()));
        if temp.exists() {
            std::fs::remove_dir_all(&temp).at(&temp)?;
        }
        std::fs::create_dir(&temp).at(&temp)?;
        Ok(Staging {
            temp,
            output_dir: output_dir.to_path_buf(),
            failure: Mutex::new(None),
            committed: false,
        })
    }

    /// Writes `file` (from any thread) and returns it as [`OutputData::Staged`]: its bytes
    /// are on disk, no longer in memory. A failure is kept for [`Staging::commit`] to report;
    /// later writes are skipped.
    pub fn write(&self, file: OutputFile) -> OutputFile {
        let failed = self
            .failure
            .lock()
            .map_or(true, |failure| failure.is_some());
        if !failed
            && let Err(error) = self.write_file(&file)
            && let Ok(mut failure) = self.failure.lock()
        {
            failure.get_or_insert(error);
        }
        OutputFile {
            path: file.path,
            data: OutputData::Staged,
        }
    }

    fn write_file(&self, file: &OutputFile) -> Result<(), WriteError> {
        let target = self.temp.join(&file.path);
        let write = || match &file.data {
            OutputData::Bytes(bytes) => std::fs::write(&target, bytes),
            OutputData::Copy(source) => std::fs::copy(source, &target).map(drop),
            OutputData::Staged => Ok(()),
        };
        let written = match write() {
            // Folders are made when their first file needs them.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                if let Some(folder) = target.parent() {
                    std::fs::create_dir_all(folder).at(folder)?;
                }
                write()
            }
            other => other,
        };
        match (&file.data, written) {
            (OutputData::Copy(source), Err(error)) => Err(error).at(source),
            (_, written) => written.at(&target),
        }
    }

    /// Swaps the new folder in place of the output folder, then removes the old site.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let failure = self
            .failure
            .lock()
            .ok()
            .and_then(|mut failure| failure.take());
        if let Some(error) = failure {
            return Err(error);
        }
        swap_in(&self.temp, &self.output_dir)?;
        self.committed = true;
        // `temp` now holds the previous site (or nothing): drop it.
        remove_tree(&self.temp).at(&self.temp)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.temp);
        }
    }
}

/// Removes a folder and everything in it, its sub-folders in parallel.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries.collect::<io::Result<Vec<_>>>()?,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

/// Puts `new` in place of `output_dir`; afterwards `new` holds the old site, if there was one.
fn swap_in(new: &Path, output_dir: &Path) -> Result<(), WriteError> {
    if !output_dir.exists() {
        return std::fs::rename(new, output_dir).at(output_dir);
    }
    exchange(new, output_dir).at(output_dir)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere: two renames. A kill between them leaves the old site beside the output folder,
/// where the next build finds and removes it.
#[cfg(not(target_os = "linux"))]
fn exchange(new: &Path, output_dir: &Path) -> io::Result<()> {
    let old = new.with_extension("old");
    std::fs::rename(output_dir, &old)?;
    std::fs::rename(new, output_dir)?;
    std::fs::rename(old, new)
}

/// Removes temporary folders left by builds that were killed. A folder whose process is still
/// running (a parallel build of the same site) is left alone.
fn remove_stale_temp_dirs(parent: &Path, output_dir: &Path) {
    let Some(name) = output_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
    else {
        return;
    };
    let prefix = format!(".{name}{TEMP_MARK}");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = pid.trim_end_matches(".old");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|pid| pid != std::process::id() && process_is_running(pid));
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn process_is_running(pid: u32) -> bool {
    Path::new("/proc").is_dir() && Path::new(&format!("/proc/{pid}")).exists()
}

/// Paths of all files under `dir`, relative and sorted: used by tests and `check` to compare
/// trees.
pub fn list_tree(dir: &Path) -> io::Result<Vec<String>> {
    let mut paths = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
    {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_some_and(|kind| kind.is_file()) {
            paths.push(crate::load::content::relative_slash_path(entry.path(), dir));
        }
    }
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            data: OutputData::Bytes(bytes::Bytes::copy_from_slice(text.as_bytes())),
        }
    }

    #[test]
    fn replaces_the_whole_folder_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(
            &output,
            &[bytes("index.html", "1"), bytes("old/index.html", "x")],
        )
        .unwrap();
        write_site(
            &output,
            &[bytes("index.html", "2"), bytes("a/b/c.txt", "c")],
        )
        .unwrap();
        assert_eq!(list_tree(&output).unwrap(), ["a/b/c.txt", "index.html"]);
        assert_eq!(
            std::fs::read_to_string(output.join("index.html")).unwrap(),
            "2"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn stale_temp_folders_of_dead_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let stale = dir.path().join(format!(".public{TEMP_MARK}999999999"));
        std::fs::create_dir_all(stale.join("half")).unwrap();
        write_site(&output, &[bytes("index.html", "1")]).unwrap();
        assert!(!stale.exists());
    }

    #[test]
    fn a_file_where_the_output_folder_should_be_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        std::fs::write(&output, "not a folder").unwrap();
        assert!(write_site(&output, &[bytes("index.html", "1")]).is_err());
        assert_eq!(std::fs::read_to_string(&output).unwrap(), "not a folder");
    }
}
