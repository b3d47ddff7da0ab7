//! Every URL the site claims, and the error when two files claim one.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::Builder;
use crate::diagnostics::{Diagnostic, Location};
use crate::model::{Page, Section, SitePath, Taxonomy};

impl Builder<'_> {
    /// Every URL a page, section, alias or taxonomy claims; two claims on one URL are an error
    /// naming both.
    pub(super) fn known_paths(
        &mut self,
        sections: &[Section],
        pages: &[Page],
        taxonomies: &[Taxonomy],
    ) -> HashMap<SitePath, String> {
        let mut claims: BTreeMap<SitePath, Vec<Claim>> = BTreeMap::new();
        let mut claim = |path: &SitePath, claim: Claim| {
            claims.entry(path.clone()).or_default().push(claim);
        };
        for section in sections {
            claim(&section.path, Claim::of(&section.file, None, "the section"));
            for alias in &section.aliases {
                claim(
                    &alias.value,
                    Claim::of(&alias.file, alias.at.clone(), "an alias"),
                );
            }
        }
        for page in pages {
            claim(
                &page.path,
                Claim::of(&page.file, page.path_written_at.clone(), "the page"),
            );
            for alias in &page.aliases {
                claim(
                    &alias.value,
                    Claim::of(&alias.file, alias.at.clone(), "an alias"),
                );
            }
        }
        for taxonomy in taxonomies {
            let config_file = PathBuf::from("config.toml");
            claim(
                &taxonomy.path,
                Claim::of(&config_file, None, "a taxonomy list"),
            );
            for term in &taxonomy.terms {
                claim(&term.path, Claim::of(&config_file, None, "a taxonomy term"));
            }
        }
        let mut known = HashMap::with_capacity(claims.len());
        for (path, claimants) in claims {
            if claimants.len() > 1 {
                // Point at the claim written in a file (a `path` or an alias) when there is one:
                // that is the line to change.
                let reported = claimants
                    .iter()
                    .position(|claim| claim.at.is_some())
                    .unwrap_or(1);
                let other = &claimants[usize::from(reported == 0)];
                let claim = &claimants[reported];
                self.problems.push(
                    claim
                        .diagnostic(format!("two files claim the URL {path}"))
                        .label(format!("{} here", claim.what))
                        .help(format!(
                            "{} {} also has this URL: change a `slug`, `path` or alias",
                            other.what,
                            other.file.display()
                        )),
                );
            }
            let owner = claimants[0].file.display().to_string();
            known.insert(path, owner);
        }
        known
    }
}

/// Who claims a URL, for the duplicate-URL message.
struct Claim {
    file: PathBuf,
    at: Option<Location>,
    what: &'static str,
}

impl Claim {
    fn of(file: &std::path::Path, at: Option<Location>, what: &'static str) -> Self {
        Claim {
            file: file.to_path_buf(),
            at,
            what,
        }
    }

    fn diagnostic(&self, message: String) -> Diagnostic {
        let diagnostic = Diagnostic::new(&self.file, message);
        match &self.at {
            Some(at) => diagnostic.at(at.clone()),
            None => diagnostic,
        }
    }
}
