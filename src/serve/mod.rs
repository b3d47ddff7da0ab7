//! `portico serve`: the editors' preview. Builds the site into memory (never into `public/`),
//! serves it on loopback, watches the sources and, after each change, rebuilds (rendering only
//! the outputs that read what changed, see `render::incremental`) and tells the
//! open browser tabs: the ones whose page changed reload, a CSS-only change swaps stylesheets,
//! and a failed build shows its located errors over the page while the last good build keeps
//! being served.

mod http;
pub mod store;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{RwLock, mpsc};

use crate::load::Caches;
use crate::load::content::ParsedContent;
use crate::model::markdown_cache::MarkdownCache;
use crate::pipeline::{BuildError, BuildOptions, Preview, Update};
use store::{Store, url_path};

/// Called with the address once the server listens (the CLI prints it, tests connect).
pub type OnReady = Box<dyn FnOnce(SocketAddr) + Send>;

/// How `portico serve` was asked to run.
pub struct ServeOptions {
    pub root: PathBuf,
    pub config_file: Option<PathBuf>,
    pub interface: IpAddr,
    pub port: u16,
    pub include_drafts: bool,
    /// Preview pages and works dated after the reference date too (`--future`).
    pub include_future: bool,
    pub date: Option<jiff::civil::Date>,
    pub on_ready: Option<OnReady>,
}

/// Why the preview could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot watch the site's files: {0}")]
    Watch(#[from] notify::Error),
    #[error("cannot start the server: {0}")]
    Runtime(#[source] std::io::Error),
}

/// Shared between the HTTP tasks and the rebuild loop.
pub struct State {
    store: RwLock<Arc<Store>>,
    clients: Clients,
    /// The rendered errors of the last build, when it failed.
    last_error: Mutex<Option<String>>,
    /// The last good build, kept whole to patch it after a change (taken out while a rebuild
    /// runs: rebuilds run one at a time).
    preview: Mutex<Option<Preview>>,
    /// Files changed since the last good build (kept across failed builds).
    pending: Mutex<Vec<PathBuf>>,
}

impl State {
    /// What a newly connected tab must know at once: the current error, if any.
    fn current_status_message(&self) -> Option<Bytes> {
        let error = self.last_error.lock().ok()?.clone()?;
        Some(event(
            &serde_json::json!({ "kind": "error", "text": error }),
        ))
    }
}

/// The open event streams, one per browser tab.
#[derive(Default)]
struct Clients {
    senders: Mutex<Vec<mpsc::Sender<Bytes>>>,
}

impl Clients {
    fn subscribe(&self, first: Option<Bytes>) -> mpsc::Receiver<Bytes> {
        let (sender, receiver) = mpsc::channel(16);
        // A comment line opens the stream at once, so the browser knows it is connected.
        let _ = sender.try_send(Bytes::from_static(b": portico\n\n"));
        if let Some(message) = first {
            let _ = sender.try_send(message);
        }
        if let Ok(mut senders) = self.senders.lock() {
            senders.push(sender);
        }
        receiver
    }

    /// Sends to every open tab and forgets the closed ones.
    fn broadcast(&self, message: Bytes) {
        if let Ok(mut senders) = self.senders.lock() {
            senders.retain(|sender| match sender.try_send(message.clone()) {
                Ok(()) => true,
                Err(mpsc::error::TrySendError::Full(_)) => true,
                Err(mpsc::error::TrySendError::Closed(_)) => false,
            });
        }
    }

    fn count(&self) -> usize {
        self.senders.lock().map(|s| s.len()).unwrap_or(0)
    }
}

/// A server-sent event carrying one JSON message.
fn event(message: &serde_json::Value) -> Bytes {
    Bytes::from(format!("data: {message}\n\n"))
}

/// Runs the preview until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    runtime.block_on(run(options))
}

async fn run(mut options: ServeOptions) -> Result<(), ServeError> {
    // Watch events carry absolute paths; messages show them relative to the site.
    if let Ok(absolute) = options.root.canonicalize() {
        options.root = absolute;
    }
    let address = SocketAddr::new(options.interface, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|source| ServeError::Listen { address, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| ServeError::Listen { address, source })?;
    let build_options = BuildOptions {
        root: options.root.clone(),
        config_file: options.config_file.clone(),
        base_url: Some(format!("http://{local}")),
        include_drafts: options.include_drafts,
        include_future: options.include_future,
        date: options.date,
        plain_asset_names: true,
        // Every rebuild after a new page or a config edit parses only the files that changed.
        caches: Caches {
            content: Some(ParsedContent::default()),
            ..Caches::default()
        },
        markdown_cache: Some(MarkdownCache::default()),
        ..BuildOptions::default()
    };
    let state = Arc::new(State {
        store: RwLock::new(Arc::new(Store::default())),
        clients: Clients::default(),
        last_error: Mutex::new(None),
        preview: Mutex::new(None),
        pending: Mutex::new(Vec::new()),
    });
    rebuild(&state, &build_options, Vec::new()).await;

    let (changes, mut changed) = mpsc::channel::<Vec<PathBuf>>(8);
    let _watcher = watch::watch(&options.root, changes)?;
    let rebuild_state = Arc::clone(&state);
    tokio::spawn(async move {
        while let Some(paths) = changed.recv().await {
            let shown: Vec<String> = paths
                .iter()
                .take(3)
                .map(|p| {
                    crate::load::content::shown(p, &build_options.root)
                        .display()
                        .to_string()
                })
                .collect();
            eprintln!("Change: {}", shown.join(", "));
            rebuild(&rebuild_state, &build_options, paths).await;
        }
    });

    if let Some(on_ready) = options.on_ready.take() {
        on_ready(local);
    }
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = service_fn(move |request| http::handle(Arc::clone(&state), request));
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                // Slow or silent clients are dropped instead of holding a task forever.
                .header_read_timeout(Duration::from_secs(10))
                .max_buf_size(64 * 1024)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Builds the site in memory; on success swaps it in and tells the tabs what changed, on
/// failure keeps the last good build and shows the errors in the terminal and in every tab.
async fn rebuild(state: &Arc<State>, options: &BuildOptions, changed: Vec<PathBuf>) {
    let started = Instant::now();
    let options_for_build = options.clone();
    let pending = {
        let mut pending = state.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.extend(changed);
        pending.clone()
    };
    let last = state
        .preview
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take();
    // An edited page's own output comes first, while the lists that show it still render.
    let (early_tx, mut early_rx) = tokio::sync::mpsc::unbounded_channel::<Update>();
    let task = tokio::task::spawn_blocking(move || match last {
        // The first build has nothing to reuse.
        Some(mut preview) if !pending.is_empty() => {
            let update = preview.update_showing_first(&options_for_build, &pending, &mut |early| {
                let _ = early_tx.send(early);
            });
            (Some(preview), update)
        }
        _ => match Preview::build(&options_for_build) {
            Ok(preview) => {
                let update = preview.whole();
                (Some(preview), Ok(update))
            }
            Err(error) => (None, Err(error)),
        },
    });
    // Ends when the update ends, which drops the sender.
    let early_state = Arc::clone(state);
    let shown = tokio::spawn(async move {
        let mut shown_early: Vec<String> = Vec::new();
        while let Some(early) = early_rx.recv().await {
            shown_early.extend(early.files.iter().map(|file| file.path.clone()));
            show_early(&early_state, early, started).await;
        }
        shown_early
    });
    let result = task.await;
    let shown_early = shown.await.unwrap_or_default();
    let Ok((preview, update)) = result else {
        return;
    };
    if update.is_err() && !shown_early.is_empty() {
        // The page shown early is not part of a good build: serve its last good version.
        if let Some(preview) = &preview {
            let last_good = preview
                .built
                .files
                .iter()
                .filter(|file| shown_early.contains(&file.path))
                .cloned()
                .collect();
            Arc::make_mut(&mut *state.store.write().await).apply(last_good);
        }
    }
    *state.preview.lock().unwrap_or_else(|e| e.into_inner()) = preview;
    match update {
        Ok(update) => publish(state, update, started).await,
        Err(BuildError::Input(problems)) => {
            eprint!("{}", problems.render(false));
            let text = problems.render(false);
            if let Ok(mut last) = state.last_error.lock() {
                *last = Some(text.clone());
            }
            state
                .clients
                .broadcast(event(&serde_json::json!({ "kind": "error", "text": text })));
        }
        Err(BuildError::Output(error)) => eprintln!("error: {error}"),
    }
}

/// Puts an edited page's new output into the store before the rest of its update, and tells
/// the tabs showing it.
async fn show_early(state: &Arc<State>, update: Update, started: Instant) {
    let changes = Arc::make_mut(&mut *state.store.write().await).apply(update.files);
    let paths: Vec<String> = changes.iter().map(|p| url_path(p)).collect();
    if !paths.is_empty() {
        state.clients.broadcast(event(
            &serde_json::json!({ "kind": "changed", "paths": paths }),
        ));
    }
    eprintln!(
        "Page shown in {} ms, before the pages that list it",
        started.elapsed().as_millis()
    );
}

/// Swaps a good build into the store and tells the tabs whose page changed.
async fn publish(state: &Arc<State>, update: Update, started: Instant) {
    let (rendered_jobs, total_jobs) = (update.rendered_jobs, update.total_jobs);
    let steps: Vec<String> = update
        .steps
        .iter()
        .map(|(step, took)| format!("{step} {:.1}", took.as_secs_f64() * 1000.0))
        .collect();
    state
        .pending
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
    let (file_count, changes) = {
        let mut store = state.store.write().await;
        let changes = if update.whole {
            let new = Store::from_outputs(update.files);
            let changes = store.changes(&new);
            *store = Arc::new(new);
            changes
        } else {
            // Copied only if a response still holds the old store.
            Arc::make_mut(&mut store).apply(update.files)
        };
        (store.len(), changes)
    };
    let had_error = state
        .last_error
        .lock()
        .map(|mut e| e.take().is_some())
        .unwrap_or(false);
    let paths: Vec<String> = changes.iter().map(|p| url_path(p)).collect();
    if had_error && paths.is_empty() {
        state
            .clients
            .broadcast(event(&serde_json::json!({ "kind": "ok" })));
    } else if !paths.is_empty() || had_error {
        state.clients.broadcast(event(
            &serde_json::json!({ "kind": "changed", "paths": paths }),
        ));
    }
    let steps = if steps.is_empty() {
        String::new()
    } else {
        format!(" (ms: {})", steps.join(", "))
    };
    eprintln!(
        "Built {file_count} files in {} ms: {rendered_jobs} of {total_jobs} outputs rendered, {} changed, {} open tabs told{steps}",
        started.elapsed().as_millis(),
        paths.len(),
        state.clients.count()
    );
}
