//! Bodies rendered by an earlier load of the preview. After a new page or a config edit the
//! site is loaded again; a body whose file's text, Markdown options and `@/` link targets are
//! what they were renders to what it rendered, so its HTML is taken from here.

use crate::model::ContentPath;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

use crate::load::content::ContentFile;
use crate::markdown::{LinkTarget, MarkdownOptions, Rendered};

/// Rendered bodies by content path. Clones share the cache; only the preview keeps one (it
/// holds every page's text and HTML a second time).
#[derive(Clone, Default)]
pub struct MarkdownCache {
    bodies: Arc<Mutex<HashMap<ContentPath, CachedBody>>>,
}

/// A body as rendered, with everything its HTML depends on.
#[derive(Clone)]
pub(super) struct CachedBody {
    text: Arc<str>,
    options: OptionsKey,
    /// Each `@/` link's target, with the URL it resolved to.
    targets: Vec<(String, Option<String>)>,
    rendered: Rendered,
}

/// The Markdown options, owned.
#[derive(Clone, PartialEq, Eq)]
struct OptionsKey {
    smart_punctuation: bool,
    allow_raw_html: bool,
    base_path: String,
}

impl OptionsKey {
    fn of(options: MarkdownOptions<'_>) -> OptionsKey {
        OptionsKey {
            smart_punctuation: options.smart_punctuation,
            allow_raw_html: options.allow_raw_html,
            base_path: options.base_path.to_owned(),
        }
    }
}

impl CachedBody {
    /// `rendered`, the body of `file` rendered with `options`, each link resolved by `resolve`.
    pub(super) fn new(
        file: &ContentFile,
        rendered: &Rendered,
        options: MarkdownOptions<'_>,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> CachedBody {
        CachedBody {
            text: Arc::clone(&file.text),
            options: OptionsKey::of(options),
            targets: targets(rendered, resolve),
            rendered: rendered.clone(),
        }
    }
}

impl MarkdownCache {
    /// The body of `file` as rendered before, if it would render the same now.
    pub(super) fn reuse(
        &self,
        file: &ContentFile,
        options: MarkdownOptions<'_>,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Rendered> {
        let bodies = self.bodies.lock().unwrap_or_else(PoisonError::into_inner);
        let cached = bodies.get(&file.content_path)?;
        let same = (Arc::ptr_eq(&cached.text, &file.text) || cached.text == file.text)
            && cached.options == OptionsKey::of(options)
            && cached.targets == targets(&cached.rendered, resolve);
        same.then(|| cached.rendered.clone())
    }

    /// Keeps the bodies of this load: `kept` are the content paths of every body it has (the
    /// others, files gone, are forgotten), `fresh` the bodies it rendered.
    pub(super) fn keep(&self, kept: &HashSet<&str>, fresh: Vec<(ContentPath, CachedBody)>) {
        let mut bodies = self.bodies.lock().unwrap_or_else(PoisonError::into_inner);
        bodies.retain(|path, _| kept.contains(path.as_str()));
        bodies.extend(fresh);
    }
}

impl std::fmt::Debug for MarkdownCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = self
            .bodies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len();
        write!(f, "MarkdownCache({count} bodies)")
    }
}

fn targets(
    rendered: &Rendered,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Vec<(String, Option<String>)> {
    rendered
        .links
        .iter()
        .filter_map(|link| match &link.target {
            LinkTarget::Content { path, .. } => Some((path.clone(), resolve(path))),
            _ => None,
        })
        .collect()
}
