//! ISTAT reference data, compiled into the binary from `reference/istat/` (Fonte: ISTAT,
//! CC BY 4.0): the supra-municipal units (Provinces, Città metropolitane, ...) and the Comuni.
//! A Province's name, kind and region are always read from here, never typed by editors.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const UNITS_CSV: &str = include_str!("../../reference/istat/unita-sovracomunali.csv");
const COMUNI_CSV: &str = include_str!("../../reference/istat/comuni.csv");

/// The credit line the portal shows wherever this data is used.
pub const CREDIT: &str =
    "Fonte: ISTAT, Elenco dei codici e delle denominazioni delle unità territoriali (CC BY 4.0)";

/// A supra-municipal unit: a Provincia, Città metropolitana, Libero consorzio, ...
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Unit {
    #[serde(rename = "codice_istat")]
    pub istat_code: String,
    pub sigla: String,
    #[serde(rename = "nome")]
    pub name: String,
    #[serde(rename = "tipo")]
    pub kind: String,
    #[serde(rename = "regione")]
    pub region: String,
    #[serde(rename = "codice_regione")]
    pub region_code: String,
}

/// A Comune with the sigla of its unit.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Comune {
    #[serde(rename = "codice_istat")]
    pub istat_code: String,
    #[serde(rename = "nome")]
    pub name: String,
    pub sigla: String,
    #[serde(rename = "codice_unita")]
    pub unit_code: String,
}

/// The reference tables with their indexes.
#[derive(Debug)]
pub struct Reference {
    pub units: Vec<Unit>,
    pub comuni: Vec<Comune>,
    unit_by_sigla: HashMap<String, usize>,
    comune_by_code: HashMap<String, usize>,
    comuni_per_sigla: HashMap<String, usize>,
}

impl Reference {
    /// The compiled-in tables, parsed once.
    pub fn istat() -> &'static Reference {
        static ISTAT: OnceLock<Reference> = OnceLock::new();
        ISTAT.get_or_init(|| {
            Reference::parse(UNITS_CSV, COMUNI_CSV)
                .expect("the vendored ISTAT files are valid (checked by tools/istat/refresh.py)")
        })
    }

    pub fn parse(units_csv: &str, comuni_csv: &str) -> Result<Reference, csv::Error> {
        let units: Vec<Unit> = csv::Reader::from_reader(units_csv.as_bytes())
            .deserialize()
            .collect::<Result<_, _>>()?;
        let comuni: Vec<Comune> = csv::Reader::from_reader(comuni_csv.as_bytes())
            .deserialize()
            .collect::<Result<_, _>>()?;
        let unit_by_sigla = units
            .iter()
            .enumerate()
            .map(|(index, unit)| (unit.sigla.clone(), index))
            .collect();
        let comune_by_code = comuni
            .iter()
            .enumerate()
            .map(|(index, comune)| (comune.istat_code.clone(), index))
            .collect();
        let mut comuni_per_sigla: HashMap<String, usize> = HashMap::new();
        for comune in &comuni {
            *comuni_per_sigla.entry(comune.sigla.clone()).or_default() += 1;
        }
        Ok(Reference {
            units,
            comuni,
            unit_by_sigla,
            comune_by_code,
            comuni_per_sigla,
        })
    }

    pub fn unit(&self, sigla: &str) -> Option<&Unit> {
        self.unit_by_sigla
            .get(sigla)
            .map(|index| &self.units[*index])
    }

    pub fn comune(&self, istat_code: &str) -> Option<&Comune> {
        self.comune_by_code
            .get(istat_code)
            .map(|index| &self.comuni[*index])
    }

    /// How many Comuni a unit has: the denominator of "share of Comuni served".
    pub fn comuni_count(&self, sigla: &str) -> usize {
        self.comuni_per_sigla.get(sigla).copied().unwrap_or(0)
    }

    pub fn siglas(&self) -> impl Iterator<Item = &str> {
        self.units.iter().map(|unit| unit.sigla.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendored_tables_are_complete() {
        let istat = Reference::istat();
        assert_eq!(istat.units.len(), 107);
        assert_eq!(istat.comuni.len(), 7896);
    }

    #[test]
    fn names_kinds_and_regions_come_from_the_sigla() {
        let istat = Reference::istat();
        let monza = istat.unit("MB").unwrap();
        assert_eq!(monza.name, "Monza e della Brianza");
        assert_eq!(monza.region, "Lombardia");
        let forli = istat.unit("FC").unwrap();
        assert_eq!(forli.name, "Forlì-Cesena");
        assert_eq!(istat.unit("MI").unwrap().kind, "Città metropolitana");
        assert!(istat.comuni_count("MB") > 50);
    }

    #[test]
    fn comuni_are_found_by_code() {
        let istat = Reference::istat();
        let comune = istat.comune("108033").unwrap();
        assert_eq!(comune.sigla, "MB");
    }
}
