//! `portico init` (a new site, see [`init`]) and `portico new` (a commented data record).

use std::path::{Path, PathBuf};

mod focus_group;
mod init;

use init::write_with_folders;
pub use init::{InitError, SiteKind, init, init_files, write_missing};

/// What `portico new` can create.
#[derive(Debug, Clone)]
pub enum NewRecord {
    /// `data/provinces/<SIGLA>.yaml`.
    Province {
        sigla: String,
        group: Option<String>,
    },
    /// `data/events/<id>.yaml`; `groups` (`all` or `a,b`) for an event of several groups.
    Event {
        id: String,
        step: Option<String>,
        groups: Option<String>,
    },
    /// An entry of `data/focus-group.yaml`.
    FocusGroup { sigla: String },
    /// `data/project-works/<SIGLA>/project-work.yaml`.
    ProjectWork { sigla: String },
}

/// Why `portico new` refused.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("`{sigla}` is not the sigla of an Italian Province{}", .suggestion.as_ref().map(|s| format!(": {s}")).unwrap_or_default())]
    UnknownSigla {
        sigla: String,
        suggestion: Option<String>,
    },
    #[error("`{0}` is not usable as an id: use lowercase letters, digits and dashes, e.g. `{1}`")]
    BadId(String, String),
    #[error("{} already exists: edit it instead", .0.display())]
    Exists(PathBuf),
    #[error("{} already lists {sigla}: edit it instead", .file.display())]
    Listed { file: PathBuf, sigla: String },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes a commented, valid skeleton of a data record under `root/data/` and returns its path.
pub fn new_record(root: &Path, record: &NewRecord) -> Result<PathBuf, NewError> {
    let (relative, text) = match record {
        NewRecord::Province { sigla, group } => {
            let unit = unit(sigla)?;
            let group = group.as_deref().unwrap_or("percorso-1");
            (
                format!("data/provinces/{}.yaml", unit.sigla),
                province_skeleton(unit, group),
            )
        }
        NewRecord::FocusGroup { sigla } => return focus_group::new_focus_group(root, sigla),
        NewRecord::Event { id, step, groups } => {
            if slug::slugify(id) != *id {
                return Err(NewError::BadId(id.clone(), slug::slugify(id)));
            }
            let step = step.as_deref().unwrap_or("fase-a");
            let attendee = match groups {
                Some(groups) => groups_line(groups),
                None => attendee_line(root, step),
            };
            (
                format!("data/events/{id}.yaml"),
                event_skeleton(id, step, &attendee),
            )
        }
        NewRecord::ProjectWork { sigla } => {
            let unit = unit(sigla)?;
            (
                format!("data/project-works/{}/project-work.yaml", unit.sigla),
                project_work_skeleton(unit, &section_ids(root)),
            )
        }
    };
    let path = root.join(relative);
    if path.exists() {
        return Err(NewError::Exists(path));
    }
    write_with_folders(&path, text.as_bytes()).map_err(|source| NewError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// The unit of `sigla` in ISTAT's tables of the reference date (`SOURCE_DATE_EPOCH`, else
/// today in Italy), as a build would check it.
fn unit(sigla: &str) -> Result<&'static crate::load::reference::Unit, NewError> {
    let reference = crate::load::reference::Reference::istat();
    let newest = reference.releases[reference.releases.len() - 1].date;
    let istat = reference.at(crate::time::reference_date(None).unwrap_or(newest));
    let upper = sigla.to_uppercase();
    istat.unit(&upper).ok_or_else(|| NewError::UnknownSigla {
        sigla: sigla.to_owned(),
        suggestion: crate::load::sigla_hint::sigla_suggestion(&istat, sigla),
    })
}

fn province_skeleton(unit: &crate::load::reference::Unit, group: &str) -> String {
    format!(
        "# {full_name} ({region}). Nome, tipologia e regione vengono da ISTAT tramite la sigla:
# non vanno scritti qui. Campi e valori ammessi: docs/dati.md.
sigla: {sigla}
# L'id di un gruppo di data/groups.yaml.
group: {group}
# Referenti per ruolo; il nome è facoltativo.
referents:
  - role: Referente tecnico
    office: Servizio personale
# Il team interno del progetto.
team:
  - role: Responsabile del progetto
# Codici ISTAT (sei cifre, tra virgolette) dei Comuni serviti: vedi docs/dati.md, «Trova i codici ISTAT dei Comuni».
comuni: []
notes: >
  Note sulla Provincia (facoltative).
",
        full_name = crate::validate::full_name(unit),
        region = unit.region,
        sigla = unit.sigla,
    )
}

/// `group: <id>` or `province: <SIGLA>` as the step asks, with the site's first group or
/// Province, so that the skeleton validates as written.
fn attendee_line(root: &Path, step: &str) -> String {
    use crate::load::data::{GroupsFile, ProgrammeRecord, StepScope};
    let programme =
        crate::load::data::parse_file::<ProgrammeRecord>(&root.join("data/programme.yaml"), root);
    let scope = programme.ok().and_then(|file| {
        file.value
            .phases
            .iter()
            .flat_map(|phase| phase.steps.iter())
            .find(|s| s.id.value == step)
            .map(|s| s.scope)
    });
    if scope == Some(StepScope::Group) {
        let group =
            crate::load::data::parse_file::<GroupsFile>(&root.join("data/groups.yaml"), root)
                .ok()
                .and_then(|file| file.value.groups.first().map(|g| g.id.value.clone()))
                .unwrap_or_else(|| "id-del-gruppo".to_owned());
        return format!(
            "    # La tappa si tiene con un gruppo: l'id del gruppo (data/groups.yaml).\n    group: {group}"
        );
    }
    let mut siglas: Vec<String> = std::fs::read_dir(root.join("data/provinces"))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    e.path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                })
                .collect()
        })
        .unwrap_or_default();
    siglas.sort();
    let sigla = siglas.first().cloned().unwrap_or_else(|| "XX".to_owned());
    format!(
        "    # La tappa si tiene con ciascuna Provincia: la sigla della Provincia.\n    province: {sigla}"
    )
}

/// `groups: all` or `groups: [a, b]`, from the command line's `all` or `a,b`.
fn groups_line(groups: &str) -> String {
    let comment =
        "    # Un solo evento per più gruppi (`all`: tutti i gruppi di data/groups.yaml).";
    if groups.trim() == crate::load::data::ALL_GROUPS {
        return format!("{comment}\n    groups: all");
    }
    let ids: Vec<&str> = groups
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .collect();
    format!("{comment}\n    groups: [{}]", ids.join(", "))
}

fn event_skeleton(id: &str, step: &str, attendee: &str) -> String {
    format!(
        "# Un evento del calendario. Campi e valori ammessi: docs/dati.md.
events:
  - id: {id}
    # L'id di una tappa di data/programme.yaml (kick-off, fase-a, webinar-2, ...).
    step: {step}
{attendee}
    # Ora italiana. Le ore che non esistono o si ripetono al cambio dell'ora sono rifiutate.
    start: 2030-01-08T10:00
    duration_minutes: 60
    mode: online
    platform: Microsoft Teams
    status: scheduled
    # Aumentare di 1 a ogni modifica, e aggiornare `updated`: i calendari degli iscritti si aggiornano.
    revision: 1
    updated: 2026-01-05T09:00
"
    )
}

/// The project-work sections of the site's programme (`s1`, `s2`, ...), so the skeleton names
/// only sections that exist.
fn section_ids(root: &Path) -> Vec<String> {
    let path = root.join("data/programme.yaml");
    crate::load::data::parse_file::<crate::load::data::ProgrammeRecord>(&path, root)
        .map(|file| {
            file.value
                .sections
                .iter()
                .map(|s| s.id.value.clone())
                .collect()
        })
        .unwrap_or_else(|_| vec!["s1".to_owned()])
}

fn project_work_skeleton(unit: &crate::load::reference::Unit, sections: &[String]) -> String {
    let sections: String = sections
        .iter()
        .enumerate()
        .map(|(index, id)| {
            let status = if index == 0 {
                "in_progress"
            } else {
                "not_started"
            };
            format!("  - section: {id}\n    status: {status}\n")
        })
        .collect();
    format!(
        "# Il project work: {kind} di {name}. Campi e valori ammessi: docs/dati.md.
province: {sigla}
title: \"Project work: {kind} di {name}\"
# Diventa pubblico con `published: true`, quando ci sono abstract, documento principale e date.
published: false
sections:
{sections}# Il peer reviewer del Webinar 4: la sigla di una Provincia dei focus group della Fase 2
# (data/focus-group.yaml) o, se così si è deciso, di un'altra Provincia partecipante.
# peer_reviewer: XX
keywords: []
",
        kind = unit.kind,
        name = unit.name,
        sigla = unit.sigla,
    )
}
