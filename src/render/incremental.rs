//! What each render job read, so that after a change only the jobs that read a changed input
//! are rendered again (`portico serve`).
//!
//! A job's inputs are known two ways: statically from the job (a page reads its own file, its
//! section, its neighbours; a list reads the pages it lists; every job reads its templates) and
//! dynamically, recorded while Tera runs the template functions (`get_page`, `get_section`,
//! `get_data`, `get_url`). A change to the config or the UI strings re-renders everything.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use std::sync::{Arc, Mutex};
use std::thread::ThreadId;

use super::search::SearchDocument;
use crate::model::ContentPath;
use crate::output::OutputFile;

/// Something a render job can read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// A file of `content/`, by its path there (`avvisi/a.md`).
    Content(ContentPath),
    /// The URL of a page or section (`get_url(path="@/...")` reads only that).
    Url(ContentPath),
    /// Some record of the programme data changed (read by what lists all of them).
    Data,
    /// One record as a page shows it (`province:MB`, `event:mb-fase-a`, `work:MB`), or one
    /// list of `get_data` (`get_data:events`). Known changed by comparing fingerprints.
    Record(String),
    /// A template, by name.
    Template(String),
    /// The set of pages itself: a page added, removed or moved.
    Structure,
    /// The front matter of some page (titles, dates, terms): all the sitemap and the taxonomy
    /// list show of every page, so they need not read each page. Any change to a content file
    /// may touch it, except the preview's patch of a body alone.
    FrontMatter,
    /// Everything (config, UI strings).
    Global,
}

pub type Inputs = BTreeSet<Input>;

/// What the jobs being rendered read, handed to the template functions when they are
/// registered. Tera calls a function with its arguments only, not with the job that renders, so
/// the recorder tells jobs apart by the thread rendering them: a job renders on one thread from
/// start to end, and nothing in a render hands work to another thread.
#[derive(Debug, Default)]
pub struct Recorder {
    /// `None` when nothing is kept (a build to disk keeps no memo).
    reads: Option<Mutex<HashMap<ThreadId, Inputs>>>,
}

impl Recorder {
    pub fn on() -> Recorder {
        Recorder {
            reads: Some(Mutex::new(HashMap::new())),
        }
    }

    pub fn off() -> Recorder {
        Recorder { reads: None }
    }

    /// Notes that the job rendering on this thread read `input` (called by template functions;
    /// a read outside [`Recorder::recording`] is not kept).
    pub fn record(&self, input: Input) {
        if let Some(Ok(mut reads)) = self.reads.as_ref().map(Mutex::lock)
            && let Some(read) = reads.get_mut(&std::thread::current().id())
        {
            read.insert(input);
        }
    }

    /// Runs `render` (one job) and returns what it read.
    pub fn recording<T>(&self, render: impl FnOnce() -> T) -> (T, Inputs) {
        let thread = std::thread::current().id();
        if let Some(Ok(mut reads)) = self.reads.as_ref().map(Mutex::lock) {
            reads.insert(thread, Inputs::new());
        }
        let result = render();
        let read = match self.reads.as_ref().map(Mutex::lock) {
            Some(Ok(mut reads)) => reads.remove(&thread).unwrap_or_default(),
            _ => Inputs::new(),
        };
        (result, read)
    }
}

/// What a rendered job left: its outputs, what it read, and its page's search entry.
#[derive(Debug, Clone)]
pub struct MemoJob {
    pub outputs: Vec<OutputFile>,
    pub read: Inputs,
    pub search: Option<Arc<SearchDocument>>,
}

/// The outputs of a render and what each job read, by job (its output path).
#[derive(Debug, Clone, Default)]
pub struct RenderMemo {
    pub jobs: HashMap<String, MemoJob>,
    /// The permalink of every page and section (by content path), to tell when one moved, and
    /// an edit from an addition or a removal.
    pub permalinks: HashMap<ContentPath, String>,
    /// A fingerprint of every data record's view and of every `get_data` list.
    pub records: HashMap<String, u64>,
    /// For each input, the jobs that read it, and each job's place in the plan: the preview's
    /// patch finds the jobs to render without looking at the others.
    pub readers: HashMap<Input, Vec<usize>>,
    /// Job keys in plan order (`readers` holds indices into it).
    pub order: Vec<String>,
}

impl RenderMemo {
    /// Indexes who reads what, once the jobs are in.
    pub(super) fn index_readers(&mut self) {
        let mut readers: HashMap<Input, Vec<usize>> = HashMap::new();
        for (position, key) in self.order.iter().enumerate() {
            for input in self.jobs.get(key).into_iter().flat_map(|job| &job.read) {
                readers.entry(input.clone()).or_default().push(position);
            }
        }
        self.readers = readers;
    }

    /// Plan positions of the jobs that read something in `changes`, in plan order.
    pub fn readers_of(&self, changes: &Changes) -> Vec<usize> {
        if changes.inputs.contains(&Input::Global) {
            return (0..self.order.len()).collect();
        }
        let mut positions: Vec<usize> = changes
            .inputs
            .iter()
            .filter_map(|input| self.readers.get(input))
            .flatten()
            .copied()
            .collect();
        positions.sort_unstable();
        positions.dedup();
        positions
    }
}

/// The inputs that changed since a [`RenderMemo`] was taken.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub inputs: Inputs,
}

impl Changes {
    /// Everything changed: render every job.
    pub fn everything() -> Changes {
        Changes {
            inputs: [Input::Global].into_iter().collect(),
        }
    }

    /// Whether a job that read `read` must be rendered again.
    pub fn touch(&self, read: &Inputs) -> bool {
        self.inputs.contains(&Input::Global) || read.iter().any(|input| self.inputs.contains(input))
    }

    /// What changed files of the site (absolute or relative to `root`) mean as inputs.
    /// `known_content` holds the content files of the previous build (its permalinks).
    pub fn from_paths(
        root: &Path,
        paths: &[PathBuf],
        known_content: &HashMap<ContentPath, String>,
    ) -> Changes {
        let mut inputs = Inputs::new();
        for path in paths {
            let relative = path.strip_prefix(root).unwrap_or(path);
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            match parts
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["content", rest @ ..] if !rest.is_empty() => {
                    let content_path = ContentPath::new(rest.join("/"));
                    // A file that appeared or disappeared changes the lists too.
                    if !known_content.contains_key(&content_path) || !path_exists(root, path) {
                        inputs.insert(Input::Structure);
                    }
                    if !content_path.ends_with(".md") {
                        // A picture or document beside the pages: copied, no page reads it.
                        continue;
                    }
                    inputs.insert(Input::Content(content_path));
                    inputs.insert(Input::FrontMatter);
                }
                // Which records changed is found by comparing their fingerprints after the build.
                ["data", ..] => {}
                ["templates", rest @ ..] | ["themes", _, "templates", rest @ ..]
                    if !rest.is_empty() =>
                {
                    inputs.insert(Input::Template(rest.join("/")));
                }
                ["static", ..] | ["themes", _, "static", ..] => {}
                _ => {
                    inputs.insert(Input::Global);
                }
            }
        }
        Changes { inputs }
    }
}

fn path_exists(root: &Path, path: &Path) -> bool {
    if path.is_absolute() {
        path.exists()
    } else {
        root.join(path).exists()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_files_map_to_inputs() {
        let root = Path::new("/site");
        let known: HashMap<ContentPath, String> =
            [("a.md".into(), "/a/".to_owned())].into_iter().collect();
        let changes = Changes::from_paths(root, &[PathBuf::from("/site/content/a.md")], &known);
        assert!(changes.inputs.contains(&Input::Content("a.md".into())));
        let template = Changes::from_paths(
            root,
            &[PathBuf::from("/site/themes/italia/templates/page.html")],
            &known,
        );
        assert_eq!(
            template.inputs,
            [Input::Template("page.html".into())]
                .into_iter()
                .collect::<Inputs>()
        );
        let config = Changes::from_paths(root, &[PathBuf::from("/site/config.toml")], &known);
        assert!(config.touch(&Inputs::new()));
        let data = Changes::from_paths(
            root,
            &[PathBuf::from("/site/data/provinces/MB.yaml")],
            &known,
        );
        assert!(
            data.inputs.is_empty(),
            "data changes are found by fingerprint"
        );
    }

    #[test]
    fn recording_collects_what_functions_read() {
        let recorder = Recorder::on();
        let ((), read) = recorder.recording(|| {
            recorder.record(Input::Data);
            recorder.record(Input::Content("a.md".into()));
        });
        assert_eq!(read.len(), 2);
        assert!(read.contains(&Input::Content("a.md".into())));
        // A read outside any recording is not kept for the next one.
        recorder.record(Input::Content("b.md".into()));
        let ((), read) = recorder.recording(|| recorder.record(Input::Data));
        assert!(!read.contains(&Input::Content("b.md".into())), "{read:?}");
        assert_eq!(read.len(), 1);
    }

    #[test]
    fn jobs_on_two_threads_record_apart() {
        let recorder = Recorder::on();
        let barrier = std::sync::Barrier::new(2);
        let (a, b) = std::thread::scope(|scope| {
            let job = |name: &'static str| {
                let (recorder, barrier) = (&recorder, &barrier);
                scope.spawn(move || {
                    recorder
                        .recording(|| {
                            // Both jobs are recording at once when each reads.
                            barrier.wait();
                            recorder.record(Input::Content(name.into()));
                            barrier.wait();
                        })
                        .1
                })
            };
            let (a, b) = (job("a.md"), job("b.md"));
            (a.join().unwrap(), b.join().unwrap())
        });
        assert_eq!(a, Inputs::from([Input::Content("a.md".into())]));
        assert_eq!(b, Inputs::from([Input::Content("b.md".into())]));
    }

    #[test]
    fn a_recorder_that_is_off_keeps_nothing() {
        let recorder = Recorder::off();
        let ((), read) = recorder.recording(|| recorder.record(Input::Data));
        assert!(read.is_empty());
    }
}
