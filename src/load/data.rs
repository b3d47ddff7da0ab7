//! `data/`: the programme's YAML records, parsed and located but not yet cross-checked.
//!
//! ```text
//! data/programme.yaml                    the programme, its project-work sections, phases and steps
//! data/groups.yaml                       the groups (percorsi) of Provinces
//! data/provinces/<SIGLA>.yaml            one file per participating Province
//! data/focus-group.yaml                  the Provinces of the Fase 2 focus groups
//! data/events.yaml or data/events/*.yaml the calendar: webinars, individual sessions, deadlines
//! data/project-works/<SIGLA>/*.yaml      a Province's project work, with its documents beside it
//! ```
//! Field by field reference: docs/dati.md.

use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;

use super::Caches;
use super::content::{is_editor_leftover, shown};
use super::document::{ReferencedFiles, referenced_files};
use super::file_cache::FileCache;
use super::source::read_text;
use super::yaml::{Spanned, YamlSource};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::time::LocalDateTime;

mod focus_group;
mod groups_field;
mod programme;
mod works;

pub use focus_group::{ContactRecord, FocusGroupFile, FocusGroupProvinceRecord};
pub use groups_field::{ALL_GROUPS, GroupsField};
pub use programme::{
    OrganisationRecord, OrganisationRole, PhaseRecord, ProgrammeRecord, SectionRecord, StepKind,
    StepRecord, StepScope,
};
pub use works::{
    DocumentRecord, DocumentRole, ProjectWorkRecord, SectionStatus, WorkSectionRecord,
};

/// A parsed YAML file: its records and the text they were read from, for located messages.
#[derive(Debug)]
pub struct DataFile<T> {
    pub shown_path: PathBuf,
    pub path: PathBuf,
    pub text: Arc<str>,
    pub value: T,
}

impl<T> DataFile<T> {
    pub fn yaml(&self) -> YamlSource<'_> {
        YamlSource::whole(&self.shown_path, &self.text)
    }
}

// ----- groups.yaml -----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub id: Spanned<String>,
    #[serde(deserialize_with = "crate::load::yaml::required_text")]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

// ----- provinces/<SIGLA>.yaml -----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceRecord {
    /// ISTAT car-plate code; must match the file name.
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub sigla: Spanned<String>,
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub group: Spanned<String>,
    /// Contacts by role; personal names are optional.
    #[serde(default)]
    pub referents: Vec<PersonRecord>,
    /// The internal project team (Fase intermedia A: "Costituzione team interno").
    #[serde(default)]
    pub team: Vec<PersonRecord>,
    /// ISTAT codes of the Comuni the shared service serves.
    #[serde(default)]
    pub comuni: Vec<Spanned<String>>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_text")]
    pub role: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub office: Option<String>,
    /// Work e-mail and phone: published (as `mailto:` and `tel:` links) only with
    /// `public: true`, the person's consent; otherwise they stay in the data file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing)]
    pub public: bool,
}

// ----- events -----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub id: Spanned<String>,
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub step: Spanned<String>,
    /// For per-group steps: one group...
    #[serde(default)]
    pub group: Option<Spanned<String>>,
    /// ...or several (`[percorso-1, percorso-2]`), or the whole programme (`all`).
    #[serde(default)]
    pub groups: Option<Spanned<GroupsField>>,
    /// For per-Province steps.
    #[serde(default)]
    pub province: Option<Spanned<String>>,
    /// Follows from the step; written, it must agree with it.
    #[serde(default)]
    pub kind: Option<Spanned<EventKind>>,
    /// Defaults to the step's title.
    #[serde(default)]
    pub title: Option<String>,
    pub start: Spanned<LocalDateTime>,
    /// Either `end` or `duration_minutes`; a deadline has neither.
    #[serde(default)]
    pub end: Option<Spanned<LocalDateTime>>,
    #[serde(default)]
    pub duration_minutes: Option<Spanned<u32>>,
    #[serde(default)]
    pub mode: Option<EventMode>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub meeting_url: Option<Spanned<String>>,
    /// The meeting link is published only when this is true.
    #[serde(default)]
    pub meeting_url_public: bool,
    /// As written (spanned, so that a status the date contradicts can be pointed at); absent
    /// means scheduled.
    #[serde(default)]
    pub status: Option<Spanned<EventStatus>>,
    /// Increases each time the event changes (iCalendar SEQUENCE).
    #[serde(default)]
    pub revision: u32,
    /// When the record last changed (iCalendar DTSTAMP / LAST-MODIFIED).
    pub updated: Spanned<LocalDateTime>,
    #[serde(default)]
    pub materials: Vec<MaterialRecord>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Webinar,
    Session,
    Deadline,
}

impl EventKind {
    /// As written in the data.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Webinar => "webinar",
            EventKind::Session => "session",
            EventKind::Deadline => "deadline",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventMode {
    Online,
    InPerson,
    Hybrid,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    #[default]
    Scheduled,
    Confirmed,
    Postponed,
    Cancelled,
    Held,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaterialRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub title: Spanned<String>,
    /// A file under `data/`, or...
    #[serde(default)]
    pub file: Option<Spanned<String>>,
    /// ...a link elsewhere.
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// `data/events.yaml` (or each file of `data/events/`) holds a list under `events:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventsFile {
    pub events: Vec<EventRecord>,
}

/// `data/groups.yaml` holds a list under `groups:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupsFile {
    pub groups: Vec<GroupRecord>,
}

/// Everything read from `data/`.
#[derive(Debug, Default)]
pub struct LoadedData {
    pub programme: Option<Arc<DataFile<ProgrammeRecord>>>,
    pub groups: Option<Arc<DataFile<GroupsFile>>>,
    pub provinces: Vec<Arc<DataFile<ProvinceRecord>>>,
    pub focus_group: Option<Arc<DataFile<FocusGroupFile>>>,
    pub events: Vec<Arc<DataFile<EventsFile>>>,
    pub project_works: Vec<Arc<DataFile<ProjectWorkRecord>>>,
    /// The files the records name, looked up and read (documents, materials).
    pub files: ReferencedFiles,
}

impl LoadedData {
    pub fn is_empty(&self) -> bool {
        self.programme.is_none()
            && self.groups.is_none()
            && self.provinces.is_empty()
            && self.focus_group.is_none()
            && self.events.is_empty()
            && self.project_works.is_empty()
    }
}

/// A data record is a few kilobytes; a bigger file is a mistake, and is refused before it is
/// parsed so it cannot cost time or memory.
pub const MAX_DATA_FILE_BYTES: u64 = 4_000_000;

/// Data files parsed by an earlier build, kept by file length and time (see [`FileCache`]):
/// after a save the preview parses only the file that changed.
#[derive(Clone, Default)]
pub struct ParsedFiles {
    entries: FileCache<Arc<dyn Any + Send + Sync>>,
}

impl ParsedFiles {
    pub fn forget(&self, paths: &[PathBuf]) {
        self.entries.forget(paths);
    }

    /// The parsed file at `path`: from the cache when unchanged since it was parsed.
    fn parse<T>(&self, path: &Path, root: &Path) -> Result<Arc<DataFile<T>>, Diagnostics>
    where
        T: serde::de::DeserializeOwned + Send + Sync + 'static,
    {
        let read = || -> Result<Arc<dyn Any + Send + Sync>, Diagnostics> {
            Ok(Arc::new(parse_file::<T>(path, root)?))
        };
        let parsed = self
            .entries
            .get_or_read(path, |parsed| parsed.is::<DataFile<T>>(), read)?;
        // Always of that type (`usable` checked a cached one, `read` made a new one); were it
        // not, the file is simply parsed again.
        match parsed.downcast::<DataFile<T>>() {
            Ok(parsed) => Ok(parsed),
            Err(_) => Ok(Arc::new(parse_file::<T>(path, root)?)),
        }
    }
}

impl std::fmt::Debug for ParsedFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ParsedFiles({} files)", self.entries.len())
    }
}

/// Reads every data file under `data_dir`, in parallel, and the files they name; `caches` may
/// remember both from a previous build. A site without `data/` has no data.
pub fn load_data(data_dir: &Path, root: &Path, caches: &Caches) -> Result<LoadedData, Diagnostics> {
    let parse = &caches.data;
    if !data_dir.is_dir() {
        return Ok(LoadedData::default());
    }
    let mut problems = Diagnostics::new();
    let single = |name: &str| {
        let path = data_dir.join(name);
        path.exists().then_some(path)
    };
    let programme = single("programme.yaml").map(|path| parse.parse(&path, root));
    let groups = single("groups.yaml").map(|path| parse.parse(&path, root));
    let focus_group = single("focus-group.yaml").map(|path| parse.parse(&path, root));
    let provinces = yaml_files(&data_dir.join("provinces"), false);
    let mut event_paths: Vec<PathBuf> = single("events.yaml").into_iter().collect();
    event_paths.extend(yaml_files(&data_dir.join("events"), false));
    let work_paths = yaml_files(&data_dir.join("project-works"), true);

    let provinces = collect(
        provinces.par_iter().map(|p| parse.parse(p, root)).collect(),
        &mut problems,
    );
    let events = collect(
        event_paths
            .par_iter()
            .map(|p| parse.parse(p, root))
            .collect(),
        &mut problems,
    );
    let project_works = collect(
        work_paths
            .par_iter()
            .map(|p| parse.parse(p, root))
            .collect(),
        &mut problems,
    );
    let programme = programme.and_then(|result| keep(result, &mut problems));
    let groups = groups.and_then(|result| keep(result, &mut problems));
    let focus_group = focus_group.and_then(|result| keep(result, &mut problems));
    let mut data = LoadedData {
        programme,
        groups,
        provinces,
        focus_group,
        events,
        project_works,
        files: ReferencedFiles::default(),
    };
    if problems.is_empty() {
        data.files = referenced_files(&data, data_dir, root, &caches.documents);
    }
    problems.into_result(data)
}

fn keep<T>(result: Result<T, Diagnostics>, problems: &mut Diagnostics) -> Option<T> {
    result.map_err(|found| problems.extend(found)).ok()
}

fn collect<T>(results: Vec<Result<T, Diagnostics>>, problems: &mut Diagnostics) -> Vec<T> {
    results
        .into_iter()
        .filter_map(|result| keep(result, problems))
        .collect()
}

/// `.yaml` files directly in `dir` (or one level down when `nested`, for project works), sorted.
fn yaml_files(dir: &Path, nested: bool) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .hidden(true)
        .max_depth(Some(if nested { 2 } else { 1 }))
        .build()
        .flatten()
        .map(|entry| entry.into_path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
                && !is_editor_leftover(path)
        })
        .collect();
    files.sort();
    files
}

/// Reads and parses one YAML file. An empty file is an error of its own: YAML would read it as
/// "nothing", which no record is.
pub fn parse_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    root: &Path,
) -> Result<DataFile<T>, Diagnostics> {
    let shown_path = shown(path, root);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_DATA_FILE_BYTES {
        return Err(Diagnostic::new(
            &shown_path,
            format!(
                "the file is {} MB; data files may have at most {} MB",
                size / 1_000_000,
                MAX_DATA_FILE_BYTES / 1_000_000
            ),
        )
        .help("a record is a few kilobytes: split the data, or move long text into a document")
        .into());
    }
    let text: Arc<str> = read_text(path, &shown_path)?.into();
    if text.trim().is_empty() {
        return Err(Diagnostic::new(&shown_path, "the file is empty")
            .help("write the record's fields, or delete the file")
            .into());
    }
    let value = YamlSource::whole(&shown_path, &text).parse()?;
    Ok(DataFile {
        shown_path,
        path: path.to_path_buf(),
        text,
        value,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{GroupsFile, ParsedFiles};

    #[test]
    fn an_unchanged_file_is_parsed_once_and_a_forgotten_one_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("groups.yaml");
        std::fs::write(&path, "groups: []\n").unwrap();
        let cache = ParsedFiles::default();
        let first = cache.parse::<GroupsFile>(&path, dir.path()).unwrap();
        let again = cache
            .clone()
            .parse::<GroupsFile>(&path, dir.path())
            .unwrap();
        assert!(Arc::ptr_eq(&first, &again), "parsed again");
        cache.forget(std::slice::from_ref(&path));
        let after = cache.parse::<GroupsFile>(&path, dir.path()).unwrap();
        assert!(
            !Arc::ptr_eq(&first, &after),
            "a forgotten file came from the cache"
        );
    }
}
