//! ISTAT reference data, compiled into the binary from `reference/istat/` (Fonte: ISTAT,
//! CC BY 4.0): the supra-municipal units (Provinces, Città metropolitane, ...) and the Comuni,
//! each row with the days it is valid for. A Province's name, kind and region are always read
//! from here, never typed by editors, and always from the rows valid at the build's reference
//! date ([`Reference::at`]).

use std::collections::HashMap;
use std::sync::OnceLock;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

const UNITS_CSV: &str = include_str!("../../reference/istat/unita-sovracomunali.csv");
const COMUNI_CSV: &str = include_str!("../../reference/istat/comuni.csv");
const RELEASES_CSV: &str = include_str!("../../reference/istat/releases.csv");

/// The days a row holds, both ends included; `None`: since before the first release used, or
/// still in the last one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Validity {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Validity {
    pub fn contains(&self, date: Date) -> bool {
        self.from.is_none_or(|from| from <= date) && self.to.is_none_or(|to| date <= to)
    }
}

/// A supra-municipal unit: a Provincia, Città metropolitana, Libero consorzio, ...
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub istat_code: String,
    pub sigla: String,
    pub name: String,
    pub kind: String,
    pub region: String,
    pub region_code: String,
    #[serde(skip)]
    pub valid: Validity,
    /// Codes of the units that hold this one's Comuni after it ended.
    #[serde(skip)]
    pub successors: Vec<String>,
}

/// A Comune with the sigla of its unit.
#[derive(Debug, Clone, Serialize)]
pub struct Comune {
    pub istat_code: String,
    pub name: String,
    pub sigla: String,
    pub unit_code: String,
    #[serde(skip)]
    pub valid: Validity,
    /// Codes of the Comuni that took this one's place after it ended.
    #[serde(skip)]
    pub successors: Vec<String>,
}

/// A release of ISTAT's list that the tables are taken from.
#[derive(Debug, Clone)]
pub struct Release {
    pub date: Date,
    /// The date as Italians write it: "1° gennaio 2026".
    pub title: String,
    pub comuni: usize,
    pub units: usize,
}

#[derive(Deserialize)]
struct ReleaseRow {
    data: String,
    titolo: String,
    comuni: usize,
    unita: usize,
}

#[derive(Deserialize)]
struct UnitRow {
    codice_istat: String,
    sigla: String,
    nome: String,
    tipo: String,
    regione: String,
    codice_regione: String,
    valido_dal: String,
    valido_al: String,
    successori: String,
}

#[derive(Deserialize)]
struct ComuneRow {
    codice_istat: String,
    nome: String,
    codice_unita: String,
    valido_dal: String,
    valido_al: String,
    successori: String,
}

/// Why the tables could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error("Comune {0} names unit {1}, which the units table does not have")]
    UnknownUnit(String, String),
    #[error("the releases table is empty")]
    NoRelease,
    #[error("`{0}` is not a date")]
    Date(String),
}

/// An ISO date, or `None` for an empty cell.
fn day(text: &str) -> Result<Option<Date>, ReferenceError> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| ReferenceError::Date(text.to_owned()))
}

fn validity(from: &str, to: &str) -> Result<Validity, ReferenceError> {
    Ok(Validity {
        from: day(from)?,
        to: day(to)?,
    })
}

/// Every row of the tables, of every date.
#[derive(Debug)]
pub struct Reference {
    pub units: Vec<Unit>,
    pub comuni: Vec<Comune>,
    /// Oldest first.
    pub releases: Vec<Release>,
}

fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<Vec<T>, csv::Error> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect()
}

fn codes(list: &str) -> Vec<String> {
    list.split_whitespace().map(str::to_owned).collect()
}

impl Reference {
    /// The compiled-in tables, parsed once.
    pub fn istat() -> &'static Reference {
        static ISTAT: OnceLock<Reference> = OnceLock::new();
        ISTAT.get_or_init(|| {
            Reference::parse(UNITS_CSV, COMUNI_CSV, RELEASES_CSV)
                .expect("the vendored ISTAT files are valid (checked by tools/istat/refresh.py)")
        })
    }

    pub fn parse(units: &str, comuni: &str, releases: &str) -> Result<Reference, ReferenceError> {
        let units: Vec<Unit> = read::<UnitRow>(units)?
            .into_iter()
            .map(|row| {
                Ok(Unit {
                    valid: validity(&row.valido_dal, &row.valido_al)?,
                    successors: codes(&row.successori),
                    istat_code: row.codice_istat,
                    sigla: row.sigla,
                    name: row.nome,
                    kind: row.tipo,
                    region: row.regione,
                    region_code: row.codice_regione,
                })
            })
            .collect::<Result<_, ReferenceError>>()?;
        let sigla_of: HashMap<&str, &str> = units
            .iter()
            .map(|u| (u.istat_code.as_str(), u.sigla.as_str()))
            .collect();
        let comuni = read::<ComuneRow>(comuni)?
            .into_iter()
            .map(|row| {
                let sigla = sigla_of.get(row.codice_unita.as_str()).ok_or_else(|| {
                    ReferenceError::UnknownUnit(row.codice_istat.clone(), row.codice_unita.clone())
                })?;
                Ok(Comune {
                    sigla: (*sigla).to_owned(),
                    valid: validity(&row.valido_dal, &row.valido_al)?,
                    successors: codes(&row.successori),
                    istat_code: row.codice_istat,
                    name: row.nome,
                    unit_code: row.codice_unita,
                })
            })
            .collect::<Result<_, ReferenceError>>()?;
        let releases: Vec<Release> = read::<ReleaseRow>(releases)?
            .into_iter()
            .map(|row| {
                Ok(Release {
                    date: day(&row.data)?.ok_or(ReferenceError::Date(String::new()))?,
                    title: row.titolo,
                    comuni: row.comuni,
                    units: row.unita,
                })
            })
            .collect::<Result<_, ReferenceError>>()?;
        if releases.is_empty() {
            return Err(ReferenceError::NoRelease);
        }
        Ok(Reference {
            units,
            comuni,
            releases,
        })
    }

    /// The newest release out by `date`; before the first, the first (the oldest tables apply).
    pub fn release_at(&self, date: Date) -> &Release {
        self.releases
            .iter()
            .rev()
            .find(|r| r.date <= date)
            .unwrap_or(&self.releases[0])
    }

    /// The credit line the portal shows wherever this data is used, naming the release.
    pub fn credit_at(&self, date: Date) -> String {
        format!(
            "Fonte: ISTAT, Elenco dei codici e delle denominazioni delle unità territoriali al {} (CC BY 4.0)",
            self.release_at(date).title
        )
    }

    /// The tables as they were on `date`.
    pub fn at(&self, date: Date) -> Tables<'_> {
        let unit_by_sigla = index(&self.units, date, |u| (&u.valid, &u.sigla));
        let comune_by_code = index(&self.comuni, date, |c| (&c.valid, &c.istat_code));
        let mut comuni_per_sigla: HashMap<&str, usize> = HashMap::new();
        for &i in comune_by_code.values() {
            *comuni_per_sigla
                .entry(self.comuni[i].sigla.as_str())
                .or_default() += 1;
        }
        let release = self.release_at(date);
        Tables {
            reference: self,
            date,
            release,
            unit_by_sigla,
            comune_by_code,
            comuni_per_sigla,
        }
    }
}

/// Rows valid at `date`, by key.
fn index<T>(
    rows: &[T],
    date: Date,
    key: impl Fn(&T) -> (&Validity, &String),
) -> HashMap<&str, usize> {
    rows.iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let (valid, key) = key(row);
            valid.contains(date).then_some((key.as_str(), i))
        })
        .collect()
}

/// The reference tables valid at one date, with their indexes.
#[derive(Debug)]
pub struct Tables<'r> {
    reference: &'r Reference,
    pub date: Date,
    /// The release the tables of `date` come from.
    pub release: &'r Release,
    unit_by_sigla: HashMap<&'r str, usize>,
    comune_by_code: HashMap<&'r str, usize>,
    comuni_per_sigla: HashMap<&'r str, usize>,
}

impl<'r> Tables<'r> {
    pub fn unit(&self, sigla: &str) -> Option<&'r Unit> {
        self.unit_by_sigla
            .get(sigla)
            .map(|i| &self.reference.units[*i])
    }

    pub fn comune(&self, istat_code: &str) -> Option<&'r Comune> {
        self.comune_by_code
            .get(istat_code)
            .map(|i| &self.reference.comuni[*i])
    }

    /// How many Comuni a unit has: the denominator of "share of Comuni served".
    pub fn comuni_count(&self, sigla: &str) -> usize {
        self.comuni_per_sigla.get(sigla).copied().unwrap_or(0)
    }

    /// The siglas valid at the date, in the tables' order (deterministic did-you-mean).
    pub fn siglas(&self) -> impl Iterator<Item = &'r str> + '_ {
        let date = self.date;
        self.reference
            .units
            .iter()
            .filter(move |u| u.valid.contains(date))
            .map(|u| u.sigla.as_str())
    }

    /// The credit line the portal shows wherever this data is used, naming the release.
    pub fn credit(&self) -> String {
        self.reference.credit_at(self.date)
    }

    /// A unit of code `code` as it is at the date, else as it was last, for naming successors.
    fn unit_by_code(&self, code: &str) -> Option<&'r Unit> {
        let rows: Vec<&'r Unit> = self
            .reference
            .units
            .iter()
            .filter(|u| u.istat_code == code)
            .collect();
        at_or_last(&rows, self.date)
    }

    fn comune_by_code(&self, code: &str) -> Option<&'r Comune> {
        let rows: Vec<&'r Comune> = self
            .reference
            .comuni
            .iter()
            .filter(|c| c.istat_code == code)
            .collect();
        at_or_last(&rows, self.date)
    }

    /// Why `sigla` names no unit at this date, when it named one at another.
    pub fn superseded_unit(&self, sigla: &str) -> Option<Superseded> {
        let rows: Vec<&Unit> = self
            .reference
            .units
            .iter()
            .filter(|u| u.sigla == sigla)
            .collect();
        let named = |u: &Unit| format!("`{}` ({})", u.sigla, u.name);
        if let Some((ended, day)) = ended_before(&rows, self.date) {
            let heirs: Vec<String> = ended
                .successors
                .iter()
                .filter_map(|code| self.unit_by_code(code))
                .map(|u| format!("{} ({})", u.name, u.sigla))
                .collect();
            return Some(Superseded {
                message: format!("{} was dissolved on {day}", named(ended)),
                help: format!(
                    "its Comuni now belong to {}: write the sigla of the one this record is about (ISTAT's list of {})",
                    heirs.join(", "),
                    self.release.title
                ),
            });
        }
        let (future, from) = upcoming(&rows)?;
        Some(Superseded {
            message: format!("{} is an ISTAT unit only from {}", named(future), from),
            help: format!(
                "the reference date is {}: build with `--date {from}` or later, or use the sigla of that date",
                self.date
            ),
        })
    }

    /// Why `code` names no Comune at this date, when it named one at another.
    pub fn superseded_comune(&self, code: &str) -> Option<Superseded> {
        let rows: Vec<&Comune> = self
            .reference
            .comuni
            .iter()
            .filter(|c| c.istat_code == code)
            .collect();
        if let Some((ended, day)) = ended_before(&rows, self.date) {
            let heirs: Vec<&Comune> = ended
                .successors
                .iter()
                .filter_map(|c| self.comune_by_code(c))
                .collect();
            let listed = heirs
                .iter()
                .map(|c| format!("\"{}\" ({}, {})", c.istat_code, c.name, c.sigla))
                .collect::<Vec<_>>()
                .join(", ");
            let renumbered = matches!(heirs.as_slice(), [heir] if heir.name == ended.name);
            let (message, help) = match (renumbered, heirs.is_empty()) {
                (true, _) => (
                    format!(
                        "the Comune {} has another ISTAT code from {day}",
                        ended.name
                    ),
                    format!("write its code of that date: {listed}"),
                ),
                (false, false) => (
                    format!(
                        "the Comune {code} ({}) was merged into another on {day}",
                        ended.name
                    ),
                    format!("write the Comune it became: {listed}"),
                ),
                (false, true) => (
                    format!(
                        "the Comune {code} ({}) is no longer in ISTAT's list from {day}",
                        ended.name
                    ),
                    format!("see ISTAT's variations for {}", ended.name),
                ),
            };
            return Some(Superseded { message, help });
        }
        let (future, from) = upcoming(&rows)?;
        Some(Superseded {
            message: format!(
                "the Comune {code} ({}) exists only from {from}",
                future.name
            ),
            help: format!(
                "the reference date is {}: build with `--date {from}` or later",
                self.date
            ),
        })
    }
}

/// Rows with the days they hold.
trait Dated {
    fn valid(&self) -> &Validity;
}

impl Dated for Unit {
    fn valid(&self) -> &Validity {
        &self.valid
    }
}

impl Dated for Comune {
    fn valid(&self) -> &Validity {
        &self.valid
    }
}

/// The row valid at `date`, else the last one.
fn at_or_last<'a, T: Dated>(rows: &[&'a T], date: Date) -> Option<&'a T> {
    let valid = rows.iter().find(|row| row.valid().contains(date));
    valid.or(rows.last()).copied()
}

/// The row that ended last before `date`, and the first day it no longer held.
fn ended_before<'a, T: Dated>(rows: &[&'a T], date: Date) -> Option<(&'a T, Date)> {
    let row = rows
        .iter()
        .copied()
        .filter(|row| row.valid().to.is_some_and(|to| to < date))
        .max_by_key(|row| row.valid().to)?;
    let day = row
        .valid()
        .to
        .and_then(|to| to.tomorrow().ok())
        .unwrap_or(date);
    Some((row, day))
}

/// The row that starts first (after `date`, since none holds at it), and its first day.
fn upcoming<'a, T: Dated>(rows: &[&'a T]) -> Option<(&'a T, Date)> {
    rows.iter()
        .copied()
        .filter_map(|row| row.valid().from.map(|from| (row, from)))
        .min_by_key(|(_, from)| *from)
}

/// A code that is not valid at the reference date, and what replaced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superseded {
    pub message: String,
    pub help: String,
}

#[cfg(test)]
#[path = "reference_tests.rs"]
mod tests;
