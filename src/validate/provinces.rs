//! The participating Provinces: identity from ISTAT, group, Comuni served.

use std::collections::HashSet;

use super::{Checker, Referent, clone_people, find};
use crate::load::data::{DataFile, ProvinceRecord};
use crate::load::reference::Comune;
use crate::load::yaml::YamlSource;
use crate::model::data::{Group, Province};

impl Checker<'_> {
    pub(super) fn provinces(
        &mut self,
        files: &[DataFile<ProvinceRecord>],
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
                // Two-letter codes make poor did-you-mean material; the file name is a better hint.
                let help = match self.istat.unit(&file_stem) {
                    Some(unit) => format!("the file is named {file_stem}.yaml: did you mean `{file_stem}` ({})?", unit.name),
                    None => "write the car-plate code of the Province, as in reference/istat/unita-sovracomunali.csv".to_owned(),
                };
                self.push(
                    yaml.error_at(sigla, format!("unknown sigla `{}`", sigla.value))
                        .label("not the sigla of an Italian Province")
                        .help(help),
                );
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
            let Some(group) = find(group_ids.iter().copied(), &record.group.value) else {
                self.unknown(
                    &yaml,
                    &record.group,
                    Referent::Group,
                    &record.group.value,
                    &group_ids,
                );
                self.known_invalid
                    .insert((Referent::Province, sigla.value.clone()));
                continue;
            };
            let comuni = self.comuni(&yaml, record);
            provinces.push(Province {
                sigla: sigla.value.clone(),
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

    /// The Comuni a Province serves: ISTAT codes of its own Comuni, each once, by name.
    fn comuni(&mut self, yaml: &YamlSource, record: &ProvinceRecord) -> Vec<Comune> {
        let sigla = &record.sigla;
        let mut comuni = Vec::new();
        let mut seen = HashSet::new();
        for code in &record.comuni {
            match self.istat.comune(&code.value) {
            Some(comune) if comune.sigla != sigla.value => self.push(
                yaml.error_at(code, format!(
                    "the Comune {} ({}) is in the Province {}, not {}",
                    comune.istat_code, comune.name, comune.sigla, sigla.value
                ))
                .help("list only the Comuni of this Province"),
            ),
            Some(comune) => {
                if seen.insert(&comune.istat_code) {
                    comuni.push(comune.clone());
                } else {
                    self.push(
                        yaml.error_at(code, format!("the Comune {} ({}) is listed twice", code.value, comune.name)),
                    );
                }
            }
            None => self.push(
                yaml.error_at(code, format!("unknown Comune code `{}`", code.value))
                    .label("not an ISTAT code of a Comune")
                    .help("ISTAT codes have six digits, in quotes: \"108033\"; see reference/istat/comuni.csv"),
            ),
        }
        }
        comuni.sort_by(|a, b| a.name.cmp(&b.name));
        comuni
    }
}
