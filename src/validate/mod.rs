//! Validation of the programme data as pure checks: from the records `load` read to the
//! model's [`ProgrammeData`], with every reference resolved, every rule checked and every problem
//! located at the offending value. Nothing here reads, renders or writes: the files a record
//! names were looked up and read by `load` (`LoadedData::files`).

mod dates;
mod event_groups;
mod events;
mod files;
mod focus_group;
pub mod names;
mod programme;
mod provinces;
mod works;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};
use crate::load::data::{LoadedData, PersonRecord};
use crate::load::document::ReferencedFiles;
use crate::load::reference::{Reference, Tables};
use crate::load::yaml::{Spanned, YamlSource};
use crate::model::data::{LICENCES, Licence, ProgrammeData, Reviewer};
use crate::model::refs::{Ref, with_refs};
use crate::time::LocalDateTime;

pub use names::full_name;

/// Validates everything read from `data/`. `root` is the site root: referenced files must
/// stay inside it. Provinces and Comuni are checked against ISTAT's tables valid on `today`,
/// and what the data says about time against `today` too: a contradiction is a warning,
/// returned beside the data (and among the errors when there are errors).
pub fn validate(
    data: &LoadedData,
    root: &Path,
    today: jiff::civil::Date,
) -> Result<(Option<ProgrammeData>, Diagnostics), Diagnostics> {
    if data.is_empty() {
        return Ok((None, Diagnostics::new()));
    }
    let mut problems = Diagnostics::new();
    let (Some(programme_file), Some(groups_file)) = (&data.programme, &data.groups) else {
        for (missing, what) in [
            (data.programme.is_none(), "data/programme.yaml"),
            (data.groups.is_none(), "data/groups.yaml"),
        ] {
            if missing {
                problems.push(
                    Diagnostic::new(what, "this file is missing")
                        .help("the programme data needs data/programme.yaml and data/groups.yaml; see docs/dati.md"),
                );
            }
        }
        return Err(problems);
    };
    let mut warnings = Diagnostics::new();
    let mut checker = Checker {
        problems: &mut problems,
        warnings: &mut warnings,
        known_invalid: HashSet::new(),
        root,
        files: &data.files,
        istat: Reference::istat().at(today),
        today,
    };
    let programme = checker.programme(programme_file);
    let groups = checker.groups(groups_file);
    let provinces = checker.provinces(&data.provinces, &groups);
    let focus_group = match &data.focus_group {
        Some(file) => checker.focus_group(file),
        None => Vec::new(),
    };
    let events = checker.events(&data.events, &programme, &groups, &provinces);
    let project_works =
        checker.project_works(&data.project_works, &programme, &provinces, &focus_group);
    let work_files = &data.project_works;
    let mut data = ProgrammeData {
        programme,
        groups,
        provinces,
        focus_group,
        events,
        project_works,
    };
    link(&mut data);
    checker.sections_by_date(work_files, &data);
    if !problems.is_empty() {
        problems.extend(warnings);
        problems.sort();
        return Err(problems);
    }
    warnings.sort();
    Ok((Some(data), warnings))
}

/// The references back from a record to those that point at it: a group's Provinces, a
/// Province's events and work, a focus-group Province's reviews.
fn link(data: &mut ProgrammeData) {
    let provinces: Vec<_> = with_refs(&data.provinces)
        .map(|(p, province)| (p, province.group))
        .collect();
    for &(p, group) in &provinces {
        data[group].provinces.push(p);
    }
    let events: Vec<_> = with_refs(&data.events)
        .flat_map(|(e, event)| {
            provinces
                .iter()
                .filter(|(p, group)| event.attendees.includes_province(*p, *group))
                .map(move |(p, _)| (*p, e))
        })
        .collect();
    for (p, e) in events {
        data[p].events.push(e);
    }
    let works: Vec<_> = with_refs(&data.project_works)
        .map(|(w, work)| (w, work.province, work.peer_reviewer))
        .collect();
    for (w, province, reviewer) in works {
        data[province].project_work = Some(w);
        if let Some(Reviewer::FocusGroup(f)) = reviewer {
            data[f].reviews.push(w);
        }
    }
}

/// The state of one validation: the problems found so far and what later checks must know.
struct Checker<'a> {
    problems: &'a mut Diagnostics,
    /// Data that contradicts the reference date: reported, but the site is still built.
    warnings: &'a mut Diagnostics,
    /// Records known by id whose own file has an error (a Province with a wrong group, say):
    /// a reference to one is not reported again as unknown.
    known_invalid: HashSet<(Referent, String)>,
    root: &'a Path,
    /// What `load` found at each path a record names.
    files: &'a ReferencedFiles,
    /// ISTAT's tables valid at the reference date.
    istat: Tables<'static>,
    /// The build's reference date: what has happened and what has not.
    today: jiff::civil::Date,
}

/// What a reference names: the kinds of record other records point at by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Referent {
    Group,
    Province,
    Section,
    Step,
}

impl Referent {
    /// The name messages use: "unknown group `x`".
    fn name(self) -> &'static str {
        match self {
            Referent::Group => "group",
            Referent::Province => "Province",
            Referent::Section => "section",
            Referent::Step => "step",
        }
    }
}

/// The record whose id is `wanted`, among `ids` (the ids of a list of records, in order).
fn find<'v, T>(ids: impl IntoIterator<Item = &'v str>, wanted: &str) -> Option<Ref<T>> {
    ids.into_iter().position(|id| id == wanted).map(Ref::new)
}

impl Checker<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.problems.push(diagnostic);
    }

    fn warn(&mut self, diagnostic: Diagnostic) {
        self.warnings.push(diagnostic.warning());
    }

    /// An unknown reference: "unknown group `x`", with a did-you-mean among `known`; nothing
    /// when the record is known but invalid (its own error is reported already).
    fn unknown<T>(
        &mut self,
        yaml: &YamlSource,
        value: &Spanned<T>,
        what: Referent,
        written: &str,
        known: &[&str],
    ) {
        if self.known_invalid.contains(&(what, written.to_owned())) {
            return;
        }
        let what = what.name();
        let help = suggestion(written, known.iter().copied()).or_else(|| {
            (!known.is_empty() && known.len() <= 12).then(|| format!("known: {}", known.join(", ")))
        });
        self.push(
            yaml.error_at(value, format!("unknown {what} `{written}`"))
                .label(format!("no {what} has this id"))
                .maybe_help(help),
        );
    }

    fn unique_ids<'v>(
        &mut self,
        yaml: &YamlSource,
        ids: impl IntoIterator<Item = &'v Spanned<String>>,
        what: &str,
    ) {
        let mut seen: HashMap<&str, &Spanned<String>> = HashMap::new();
        for id in ids {
            if !is_slug(&id.value) {
                self.push(
                    yaml.error_at(
                        id,
                        format!("the {what} id `{}` is not usable in a URL", id.value),
                    )
                    .label("expected lowercase letters, digits and dashes")
                    .help(format!("write it as `{}`", slug::slugify(&id.value))),
                );
            }
            if let Some(first) = seen.insert(&id.value, id) {
                let line = yaml.locate(&first.referenced).line;
                self.push(
                    yaml.error_at(id, format!("the {what} id `{}` is used twice", id.value))
                        .label("second use")
                        .help(format!(
                            "ids must be unique; the first use is on line {line}"
                        )),
                );
            }
        }
    }

    fn licence(&mut self, yaml: &YamlSource, written: &Spanned<String>) -> Licence {
        match LICENCES.iter().find(|(id, _, _)| *id == written.value) {
            Some((id, name, url)) => Licence {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                url: (*url).to_owned(),
            },
            None => {
                let known: Vec<&str> = LICENCES.iter().map(|(id, _, _)| *id).collect();
                self.push(
                    yaml.error_at(written, format!("unknown licence `{}`", written.value))
                        .label("expected an SPDX licence id")
                        .maybe_help(
                            suggestion(&written.value, known.iter().copied())
                                .or_else(|| Some(format!("allowed: {}", known.join(", ")))),
                        ),
                );
                Licence {
                    id: written.value.clone(),
                    name: written.value.clone(),
                    url: String::new(),
                }
            }
        }
    }

    fn url(&mut self, yaml: &YamlSource, written: &Spanned<String>) -> Option<String> {
        let url = written.value.trim();
        let valid = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() > "https://x".len()
            && !url.contains(char::is_whitespace)
            && !url.contains(['"', '<', '>']);
        if valid {
            Some(url.to_owned())
        } else {
            self.push(
                yaml.error_at(written, format!("`{}` is not a web address", written.value))
                    .label("expected an address starting with https://"),
            );
            None
        }
    }
}

/// The people as the site may show them: their e-mail and phone only where marked public.
fn clone_people(people: &[PersonRecord]) -> Vec<PersonRecord> {
    people
        .iter()
        .map(|person| PersonRecord {
            role: person.role.clone(),
            name: person.name.clone(),
            office: person.office.clone(),
            email: person.email.clone().filter(|_| person.public),
            phone: person.phone.clone().filter(|_| person.public),
            public: person.public,
        })
        .collect()
}

fn is_slug(id: &str) -> bool {
    !id.is_empty() && slug::slugify(id) == id
}

/// `start` plus `minutes`, staying in Italian local time across a daylight-saving change.
fn add_minutes(start: LocalDateTime, minutes: u32) -> LocalDateTime {
    let instant = start.timestamp() + jiff::SignedDuration::from_mins(i64::from(minutes));
    LocalDateTime::from_timestamp(instant)
}
