//! Taxonomies and their terms, from the pages' front matter.

use std::collections::BTreeMap;

use super::{Builder, newest_first};
use crate::diagnostics::Diagnostic;
use crate::load::content::ContentFile;
use crate::model::{Page, SitePath, Taxonomy, Term};

impl Builder<'_> {
    pub(super) fn taxonomies(&mut self, files: &[ContentFile], pages: &[Page]) -> Vec<Taxonomy> {
        let mut taxonomies = Vec::new();
        for declared in &self.config.taxonomies {
            let path = SitePath::from_segments([declared.name.as_str()]);
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            for page in pages {
                let Some(names) = page.taxonomies.get(&declared.name) else {
                    continue;
                };
                for name in names {
                    let slug = slug::slugify(name);
                    if slug.is_empty() {
                        self.problems
                            .push(empty_term_problem(files, page, &declared.name, name));
                        continue;
                    }
                    let term = terms.entry(slug.clone()).or_insert_with(|| {
                        let term_path = path.join(&slug);
                        Term {
                            name: name.clone(),
                            permalink: self.permalink(&term_path),
                            path: term_path,
                            slug,
                            pages: Vec::new(),
                        }
                    });
                    // Pages come in order: a term written twice on one page is the last one.
                    if term.pages.last() != Some(&page.id) {
                        term.pages.push(page.id);
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            for term in &mut terms {
                term.pages
                    .sort_by(|a, b| newest_first(&pages[a.0], &pages[b.0]));
            }
            taxonomies.push(Taxonomy {
                name: declared.name.clone(),
                title: declared
                    .title
                    .clone()
                    .unwrap_or_else(|| declared.name.clone()),
                permalink: self.permalink(&path),
                path,
                paginate_by: declared.paginate_by,
                feed: declared.feed,
                terms,
            });
        }
        taxonomies
    }
}

fn empty_term_problem(
    files: &[ContentFile],
    page: &Page,
    taxonomy: &str,
    term: &str,
) -> Diagnostic {
    let file = &files[page.id.0];
    let at = file.text.find(term).unwrap_or(0);
    Diagnostic::new(
        &page.file,
        format!("the {taxonomy} term `{term}` has no letters or digits"),
    )
    .at_bytes(&file.text, at..at + term.len())
}
