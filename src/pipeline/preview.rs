//! The preview's last good build and how a change is brought into it: an edit of one page's
//! body alone is patched in; anything else reloads the site and re-renders what read it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::{BuildError, BuildOptions, BuiltSite, load, render_loaded};
use crate::load::content::shown;
use crate::output::OutputFile;
use crate::render::{Destination, RenderMemo, broken_site_links};

/// The preview's last good build, kept whole so that the next change can patch it.
pub struct Preview {
    pub built: BuiltSite,
    /// Each content file's front matter as written, to tell an edit of a body alone.
    front_matters: HashMap<String, String>,
}

/// What a rebuild of the preview produced.
pub struct Update {
    /// Every output file when `whole`, else only the ones the patch rendered again.
    pub files: Vec<OutputFile>,
    pub whole: bool,
    pub rendered_jobs: usize,
    pub total_jobs: usize,
}

impl Preview {
    /// The first build of the preview: everything rendered, in memory.
    pub fn build(options: &BuildOptions) -> Result<Preview, BuildError> {
        Preview::render(options, None)
    }

    fn render(
        options: &BuildOptions,
        previous: Option<(&RenderMemo, &[PathBuf])>,
    ) -> Result<Preview, BuildError> {
        let mut loaded = load(options, true)?;
        let front_matters = std::mem::take(&mut loaded.front_matters);
        let built = render_loaded(options, loaded, previous, Destination::Memory)?;
        Ok(Preview {
            built,
            front_matters,
        })
    }

    /// Brings the preview up to date after `changed` files (absolute, or relative to the
    /// root). An edit of one page's body alone is patched in: that page is read and rendered
    /// again, with the pages that list it. Anything else loads the whole site again and
    /// renders what read something that changed. On error the preview is left as it was.
    pub fn update(
        &mut self,
        options: &BuildOptions,
        changed: &[PathBuf],
    ) -> Result<Update, BuildError> {
        // The same file saved twice since the last good build is one change.
        let mut changed = changed.to_vec();
        changed.sort();
        changed.dedup();
        if let Some(update) = self.patch(options, &changed)? {
            return Ok(update);
        }
        *self = Preview::render(options, Some((&self.built.memo, &changed)))?;
        Ok(self.whole())
    }

    /// The whole preview as an update: every file.
    pub fn whole(&self) -> Update {
        Update {
            files: self.built.files.clone(),
            whole: true,
            rendered_jobs: self.built.rendered_jobs,
            total_jobs: self.built.total_jobs,
        }
    }

    /// The patch of one page whose body alone changed, or `None` when the change is not that.
    fn patch(
        &mut self,
        options: &BuildOptions,
        changed: &[PathBuf],
    ) -> Result<Option<Update>, BuildError> {
        let root = &options.root;
        let [path] = changed else {
            return Ok(None);
        };
        let path = if path.is_absolute() {
            path.clone()
        } else {
            root.join(path)
        };
        let content_dir = root.join("content");
        let Ok(relative) = path.strip_prefix(&content_dir) else {
            return Ok(None);
        };
        let content_path = crate::load::content::relative_slash_path(&path, &content_dir);
        let site = &self.built.site;
        let Some(&id) = site.pages_by_content_path.get(&content_path) else {
            return Ok(None);
        };
        if relative.extension().is_none_or(|ext| ext != "md") || site.page(id).data.is_some() {
            return Ok(None);
        }
        // Anything unusual (unreadable, bad front matter) takes the full path, which reports it.
        let shown_path = shown(&path, root);
        let Ok(text) = crate::load::source::read_text(&path, &shown_path) else {
            return Ok(None);
        };
        let Ok(file) =
            crate::load::content::parse_content_file(text.into(), shown_path, content_path.clone())
        else {
            return Ok(None);
        };
        let front_matter = &file.text[file.front_matter.clone()];
        if self.front_matters.get(&content_path).map(String::as_str) != Some(front_matter) {
            return Ok(None);
        }
        let content = crate::model::links::render_page_body(site, &file)?;
        // Another page may link to a heading of this one: new headings take the full path.
        if content.anchors != site.page(id).content.anchors {
            return Ok(None);
        }
        if !content.site_links.is_empty() {
            let mut problems = broken_site_links(&content.site_links, &self.built.files);
            problems.sort();
            problems.into_result(())?;
        }
        let built = &mut self.built;
        let Some(patched) = crate::render::patch_page_body(
            &mut built.site,
            &mut built.views,
            &built.templates,
            Arc::clone(&built.translations),
            &mut built.memo,
            id,
            content,
        )?
        else {
            return Ok(None);
        };
        for file in &patched.files {
            match built
                .files
                .binary_search_by(|known| known.path.cmp(&file.path))
            {
                Ok(index) => built.files[index] = file.clone(),
                Err(index) => built.files.insert(index, file.clone()),
            }
        }
        built.rendered_jobs = patched.rendered_jobs;
        Ok(Some(Update {
            files: patched.files,
            whole: false,
            rendered_jobs: patched.rendered_jobs,
            total_jobs: patched.total_jobs,
        }))
    }
}
