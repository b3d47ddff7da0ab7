//! What the reference date keeps off the site: pages, news and works dated after it are not
//! published yet (`--future` publishes them), and an `updated` date after it is an error (a
//! page cannot have been revised on a day still to come).

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content::{ContentFile, ContentKind};
use crate::model::data::ProgrammeData;
use crate::time::LocalDateTime;

/// Whether `moment` falls on a day after `today`.
fn after(moment: Option<&LocalDateTime>, today: jiff::civil::Date) -> bool {
    moment.is_some_and(|moment| moment.date() > today)
}

/// A page whose `date` is after the reference date: not published yet.
pub fn is_future(file: &ContentFile, today: jiff::civil::Date) -> bool {
    matches!(&file.kind, ContentKind::Page(front) if after(front.date.as_ref(), today))
}

/// Project works whose publication date is after the reference date leave the archive, the
/// feeds and the open data until that day: they are unpublished, as if `published: false`.
pub fn hold_back_future_works(data: &mut ProgrammeData, today: jiff::civil::Date) {
    for work in &mut data.project_works {
        if after(work.publication_date.as_ref(), today) {
            work.published = false;
        }
    }
}

/// Every `updated` date after the reference date, located at its line in the front matter. A
/// page published ahead of its own `date` with `--future` may carry a later `updated` too.
pub fn future_updates(
    files: &[&ContentFile],
    today: jiff::civil::Date,
    include_future: bool,
) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for file in files {
        let (updated, date) = match &file.kind {
            ContentKind::Page(front) => (front.updated.as_ref(), front.date.as_ref()),
            ContentKind::Section(front) => (front.updated.as_ref(), None),
        };
        let Some(updated) = updated.filter(|updated| updated.date() > today) else {
            continue;
        };
        // A page published ahead of its date with `--future` is all in the future.
        if include_future && after(date, today) {
            continue;
        }
        let mut problem = Diagnostic::new(
            file.shown_path.clone(),
            format!(
                "`updated` is {}, after the reference date {}",
                crate::time::date_it(updated.date()),
                crate::time::date_it(today)
            ),
        )
        .label("a page cannot have been updated on a day still to come")
        .help("write the day the page was last changed (today or earlier), or remove `updated`");
        if let Some(range) = key_range(file, "updated") {
            problem = problem.at_bytes(&file.text, range);
        }
        problems.push(problem);
    }
    problems
}

/// The byte range of the value of the top-level key `name` in the file's front matter.
fn key_range(file: &ContentFile, name: &str) -> Option<std::ops::Range<usize>> {
    let front = &file.text[file.front_matter.clone()];
    let mut offset = file.front_matter.start;
    for line in front.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(name)
            && let Some(value) = rest.strip_prefix(':')
        {
            let value_start = offset + name.len() + 1 + (value.len() - value.trim_start().len());
            let value_end = offset + line.trim_end().len();
            return Some(value_start..value_end.max(value_start + 1));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::content::parse_content_file;

    fn file(text: &str) -> ContentFile {
        parse_content_file(text.into(), "content/a.md".into(), "a.md".into()).unwrap()
    }

    #[test]
    fn an_update_after_the_reference_date_is_located_at_its_value() {
        let page = file("---\ntitle: A\ndate: 2026-01-10\nupdated: 2026-03-01\n---\nx\n");
        let today = jiff::civil::date(2026, 2, 1);
        let problems = future_updates(&[&page], today, false);
        let problem = problems.iter().next().expect("one problem");
        let at = problem.location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (4, 10));
        assert!(future_updates(&[&page], jiff::civil::date(2026, 3, 1), false).is_empty());
    }

    #[test]
    fn a_future_page_may_be_updated_up_to_its_date_when_published_ahead() {
        let page = file("---\ntitle: A\ndate: 2026-05-10\nupdated: 2026-04-01\n---\nx\n");
        let today = jiff::civil::date(2026, 2, 1);
        assert!(is_future(&page, today));
        assert!(future_updates(&[&page], today, true).is_empty());
        assert_eq!(future_updates(&[&page], today, false).len(), 1);
    }
}
