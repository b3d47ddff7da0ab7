//! `portico new focus-group <SIGLA>`: an entry of `data/focus-group.yaml`, the Provinces of the
//! Fase 2 focus groups. The file holds a list, so the entry is appended (the file is created
//! with its header when missing).

use std::path::{Path, PathBuf};

use super::{NewError, unit};
use crate::load::data::{FocusGroupFile, parse_file};

const HEADER: &str =
    "# Le Province che hanno partecipato ai focus group della Fase 2. Il referente di una di
# loro fa da peer reviewer al Webinar 4: un project work la nomina con `peer_reviewer: <SIGLA>`.
# Campi e valori ammessi: docs/dati.md (§5.14).

provinces:
";

/// Appends an entry for `sigla` to `data/focus-group.yaml` and returns the file's path.
pub(super) fn new_focus_group(root: &Path, sigla: &str) -> Result<PathBuf, NewError> {
    let unit = unit(sigla)?;
    let path = root.join("data/focus-group.yaml");
    let existing = if path.exists() {
        if let Ok(file) = parse_file::<FocusGroupFile>(&path, root)
            && file
                .value
                .provinces
                .iter()
                .any(|p| p.sigla.value == unit.sigla)
        {
            return Err(NewError::Listed {
                file: path,
                sigla: unit.sigla.clone(),
            });
        }
        std::fs::read_to_string(&path).map_err(|source| NewError::Write {
            path: path.clone(),
            source,
        })?
    } else {
        HEADER.to_owned()
    };
    let separator = if existing.ends_with('\n') { "" } else { "\n" };
    let text = format!(
        "{existing}{separator}
  # {name}. Nome e tipo vengono da ISTAT tramite la sigla.
  - sigla: {sigla}
    # Il referente che partecipa alla peer review: ruolo, e se si vuole nome e ufficio.
    referent:
      role: Referente per la peer review
      office: Servizio personale
    # Un contatto pubblico dell'ufficio, facoltativo: viene pubblicato.
    # contact:
    #   email: personale@provincia.example.it
",
        name = crate::validate::full_name(unit),
        sigla = unit.sigla,
    );
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| NewError::Write {
            path: path.clone(),
            source,
        })?;
    }
    std::fs::write(&path, text).map_err(|source| NewError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}
