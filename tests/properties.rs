//! Property tests (proptest, stable Rust): no panic on arbitrary input, and the stated
//! properties of the parsers and writers hold.

use portico::load::content::split_front_matter;
use portico::markdown::{self, MarkdownOptions};
use portico::model::SitePath;
use portico::render::ics::{fold, unfold};
use portico::time::LocalDateTime;
use proptest::prelude::*;
use std::path::Path;

const OPTIONS: MarkdownOptions<'static> = MarkdownOptions {
    base_path: "",
    smart_punctuation: true,
    allow_raw_html: false,
};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text: splitting never panics, and ranges stay inside the text.
    #[test]
    fn front_matter_splitting_never_panics(text in ".*") {
        if let Ok(split) = split_front_matter(&text, Path::new("a.md")) {
            prop_assert!(split.front_matter.end <= split.body_start);
            prop_assert!(split.body_start <= text.len());
        }
    }

    /// Front matter and body written between `---` lines come back exactly.
    #[test]
    fn front_matter_and_body_come_back(yaml in "[a-z]{1,8}: [a-zà-ù ]{0,20}\n", body in "[^-]{0,200}") {
        let text = format!("---\n{yaml}---\n{body}");
        let split = split_front_matter(&text, Path::new("a.md")).unwrap();
        prop_assert_eq!(&text[split.front_matter.clone()], yaml.as_str());
        prop_assert_eq!(&text[split.body_start..], body.as_str());
    }

    /// Folding then unfolding gives back the line, and no physical line exceeds 75 octets,
    /// whatever the characters (accents, emoji).
    #[test]
    fn ics_fold_then_unfold_is_the_identity(line in "\\PC{0,400}") {
        let folded = fold(&line);
        prop_assert_eq!(unfold(&folded), line);
        for physical in folded.split("\r\n") {
            prop_assert!(physical.len() <= 75);
        }
    }

    /// Any date-time that exists once in Italy round-trips through the text templates get.
    #[test]
    fn local_date_times_round_trip(
        year in 1990i16..2100, month in 1i8..=12, day in 1i8..=28, hour in 0i8..24, minute in 0i8..60
    ) {
        let text = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}");
        if let Ok(moment) = LocalDateTime::parse(&text) {
            let again = LocalDateTime::parse(&moment.written()).unwrap();
            prop_assert_eq!(again, moment);
            prop_assert_eq!(again.timestamp(), moment.timestamp());
        }
    }

    /// Date parsing never panics on arbitrary text.
    #[test]
    fn date_parsing_never_panics(text in "\\PC{0,40}") {
        let _ = LocalDateTime::parse(&text);
    }

    /// Markdown rendering never panics, and `@/` links to known pages always resolve.
    #[test]
    fn markdown_links_resolve(prefix in "[a-zA-Z .,*_]{0,80}", anchor in "[a-z]{0,10}") {
        let text = format!("{prefix} [link](@/avvisi/a.md#{anchor}) {prefix}");
        let resolve = |path: &str| (path == "avvisi/a.md").then(|| "https://e.it/avvisi/a/".to_owned());
        let (rendered, broken) = markdown::render(&text, OPTIONS, &resolve);
        prop_assert!(broken.is_empty());
        let expected = format!("href=\"https://e.it/avvisi/a/#{anchor}\"");
        prop_assert!(rendered.html.contains(&expected));
    }

    #[test]
    fn markdown_never_panics(text in "\\PC{0,600}") {
        let (_rendered, _broken) = markdown::render(&text, OPTIONS, &|_| None);
    }

    /// Slugs are lowercase ASCII letters, digits and dashes, and slugging a slug changes nothing.
    #[test]
    fn slugs_are_url_safe_and_stable(text in "\\PC{0,60}") {
        let slug = slug::slugify(&text);
        prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        prop_assert_eq!(slug::slugify(&slug), slug.clone());
    }

    /// An editor's path never leaves the output folder.
    #[test]
    fn site_paths_never_climb(text in "[a-z./\\\\ %]{0,40}") {
        if let Ok(path) = SitePath::parse(&text) {
            prop_assert!(path.as_str().starts_with('/'));
            prop_assert!(!path.as_str().split('/').any(|s| s == ".." || s == "."));
            prop_assert!(!path.output_file().starts_with('/'));
        }
    }

    /// The YAML data loaders never panic: they return a value or a located error.
    #[test]
    fn data_loaders_never_panic(text in "\\PC{0,300}") {
        let file = Path::new("data/provinces/MB.yaml");
        let source = portico::load::yaml::YamlSource::whole(file, &text);
        let _ = source.parse::<portico::load::data::ProvinceRecord>();
        let _ = source.parse::<portico::load::data::EventsFile>();
        let _ = source.parse::<portico::load::data::ProjectWorkRecord>();
    }
}
