//! The order of each section's pages, their neighbours, and the sub-sections.

use super::Builder;
use crate::diagnostics::Diagnostic;
use crate::load::content::{ContentFile, SortBy};
use crate::model::{Page, Section, SectionId};

impl Builder<'_> {
    /// Fills each section's page list in its order, links neighbours, and lists sub-sections.
    pub(super) fn order_sections(
        &mut self,
        sections: &mut [Section],
        pages: &mut [Page],
        files: &[ContentFile],
    ) {
        for page in pages.iter() {
            sections[page.section.0].pages.push(page.id);
        }
        for section in sections.iter_mut() {
            if section.sort_by == SortBy::Date {
                for id in &section.pages {
                    let page = &pages[id.0];
                    if page.date.is_none() {
                        let text = files.get(id.0).map_or("", |file| &file.text);
                        self.problems.push(
                            Diagnostic::new(&page.file, "this page has no `date`")
                                .at_bytes(text, 0..3)
                                .label(format!(
                                    "its section {} sorts pages by date",
                                    section.file.display()
                                ))
                                .help("add a line such as `date: 2025-12-04` to the front matter"),
                        );
                    }
                }
            }
            let sort_by = section.sort_by;
            section
                .pages
                .sort_by(|a, b| section_order(sort_by, &pages[a.0], &pages[b.0]));
            if sort_by != SortBy::None {
                for pair in section.pages.windows(2) {
                    pages[pair[0].0].next = Some(pair[1]);
                    pages[pair[1].0].previous = Some(pair[0]);
                }
            }
        }
        let mut children: Vec<Vec<SectionId>> = vec![Vec::new(); sections.len()];
        for section in sections.iter() {
            if let Some(parent) = section.parent {
                children[parent.0].push(section.id);
            }
        }
        for (section, mut subsections) in sections.iter_mut().zip(children) {
            subsections.sort_by_key(|id| id.0);
            section.subsections = subsections;
        }
        let order: Vec<(Option<i64>, String)> = sections
            .iter()
            .map(|s| (s.weight, s.title.clone()))
            .collect();
        for section in sections.iter_mut() {
            section.subsections.sort_by(|a, b| {
                let (a, b) = (&order[a.0], &order[b.0]);
                a.0.unwrap_or(i64::MAX)
                    .cmp(&b.0.unwrap_or(i64::MAX))
                    .then_with(|| a.1.cmp(&b.1))
            });
        }
    }
}

/// The order of two pages of a section that sorts its pages by `sort_by`: total, the file
/// deciding last.
pub(super) fn section_order(sort_by: SortBy, a: &Page, b: &Page) -> std::cmp::Ordering {
    match sort_by {
        SortBy::Date => newest_first(a, b),
        SortBy::Weight => a
            .weight
            .unwrap_or(i64::MAX)
            .cmp(&b.weight.unwrap_or(i64::MAX))
            .then_with(|| a.title.cmp(&b.title)),
        SortBy::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
        SortBy::None => a.content_path.cmp(&b.content_path),
    }
    .then_with(|| a.content_path.cmp(&b.content_path))
}

/// Dated pages first, newest first, then by title and file.
pub(super) fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.content_path.cmp(&b.content_path))
}
