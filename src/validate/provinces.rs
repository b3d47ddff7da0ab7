//! The participating Provinces: identity from ISTAT, group, Comuni served.

use std::collections::HashSet;
use std::sync::Arc;

use super::{Checker, Referent, clone_people, find};
use crate::diagnostics::Diagnostic;
use crate::load::data::{DataFile, ProvinceRecord};
use crate::load::reference::Comune;
use crate::load::yaml::{Spanned, YamlSource};
use crate::model::data::{Group, Province, Sigla};

impl Checker<'_> {
    pub(super) fn provinces(
        &mut self,
        files: &[Arc<DataFile<ProvinceRecord>>],
        groups: &[Group],
    ) -> Vec<Province> {
        let group_ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
        let mut provinces = Vec::new();
        for file in files {
            let yaml = file.yaml();
            let record = &file.value;
            let sigla = &record.sigla;
            let file_stem = file
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Some(unit) = self.istat.unit(&sigla.value) else {
                let diagnostic = self.unknown_sigla(&yaml, sigla, &file_stem);
                self.push(diagnostic);
                self.known_invalid.insert((Referent::Province, file_stem));
                continue;
            };
            if file_stem != sigla.value {
                self.push(
                    yaml.error_at(
                        sigla,
                        format!("the sigla `{}` does not match the file name", sigla.value),
                    )
                    .label(format!("this file is {}", file.shown_path.display()))
                    .help(format!(
                        "rename the file to {}.yaml, or correct the sigla",
                        sigla.value
                    )),
                );
                self.known_invalid
                    .insert((Referent::Province, file_stem.clone()));
            }
            // A bad group does not hide the file's other problems: the Comuni are checked too.
            let group = find(group_ids.iter().copied(), &record.group.value);
            if group.is_none() {
                self.unknown(
                    &yaml,
                    &record.group,
                    Referent::Group,
                    &record.group.value,
                    &group_ids,
                );
                self.known_invalid
                    .insert((Referent::Province, sigla.value.clone()));
            }
            let comuni = self.province_comuni(&yaml, record, &sigla.value);
            let Some(group) = group else {
                continue;
            };
            provinces.push(Province {
                sigla: Sigla::new(sigla.value.clone()),
                name: super::names::full_name(unit),
                slug: slug::slugify(&unit.name),
                unit: unit.clone(),
                group,
                referents: clone_people(&record.referents),
                team: clone_people(&record.team),
                comuni,
                comuni_total: self.istat.comuni_count(&sigla.value),
                notes: record.notes.clone(),
                file: file.shown_path.clone(),
                events: Vec::new(),
                project_work: None,
            });
        }
        provinces.sort_by(|a, b| a.unit.name.cmp(&b.unit.name));
        provinces
    }

    /// The Comuni a Province serves, each checked against ISTAT: known, of this Province, once.
    fn province_comuni(
        &mut self,
        yaml: &YamlSource,
        record: &ProvinceRecord,
        sigla: &str,
    ) -> Vec<Comune> {
        let mut comuni = Vec::new();
        let mut seen = HashSet::new();
        for code in &record.comuni {
            match self.istat.comune(&code.value) {
                Some(comune) if comune.sigla != sigla => self.push(
                    yaml.error_at(
                        code,
                        format!(
                            "the Comune {} ({}) is in the Province {}, not {}",
                            comune.istat_code, comune.name, comune.sigla, sigla
                        ),
                    )
                    .help("list only the Comuni of this Province"),
                ),
                Some(comune) => {
                    if seen.insert(&comune.istat_code) {
                        comuni.push(comune.clone());
                    } else {
                        self.push(yaml.error_at(
                            code,
                            format!(
                                "the Comune {} ({}) is listed twice",
                                code.value, comune.name
                            ),
                        ));
                    }
                }
                None => {
                    let diagnostic = self.unknown_comune(yaml, code);
                    self.push(diagnostic);
                }
            }
        }
        comuni.sort_by(|a, b| a.name.cmp(&b.name));
        comuni
    }

    /// A sigla of no unit at the reference date: superseded (named successors), not yet
    /// valid, or unknown (the file name as a hint: two letters make poor did-you-mean material).
    pub(super) fn unknown_sigla(
        &self,
        yaml: &YamlSource,
        sigla: &Spanned<String>,
        file_stem: &str,
    ) -> Diagnostic {
        if let Some(why) = self.istat.superseded_unit(&sigla.value) {
            return yaml
                .error_at(sigla, why.message)
                .label(format!("not an ISTAT unit on {}", self.istat.date))
                .help(why.help);
        }
        let help = match self.istat.unit(file_stem) {
            Some(unit) => format!(
                "the file is named {file_stem}.yaml: did you mean `{file_stem}` ({})?",
                unit.name
            ),
            None => crate::load::sigla_hint::sigla_suggestion(&self.istat, &sigla.value)
                .unwrap_or_else(|| {
                    "write the car-plate code of the Province (MB for Monza e della Brianza)"
                        .to_owned()
                }),
        };
        yaml.error_at(sigla, format!("unknown sigla `{}`", sigla.value))
            .label("not the sigla of an Italian Province")
            .help(help)
    }

    /// A code of no Comune at the reference date: renumbered, merged, not yet valid, or unknown.
    fn unknown_comune(&self, yaml: &YamlSource, code: &Spanned<String>) -> Diagnostic {
        match self.istat.superseded_comune(&code.value) {
            Some(why) => yaml
                .error_at(code, why.message)
                .label(format!("not an ISTAT code on {}", self.istat.date))
                .help(why.help),
            None => yaml
                .error_at(code, format!("unknown Comune code `{}`", code.value))
                .label("not an ISTAT code of a Comune")
                .help("ISTAT codes have six digits, in quotes: \"108033\"; see reference/istat/comuni.csv"),
        }
    }
}
