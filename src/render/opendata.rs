//! Open data under `/opendata/`: Provinces, events and published project works as JSON and as
//! CSV (RFC 4180, UTF-8, header row), and a DCAT-AP_IT catalogue (JSON-LD and Turtle, see
//! [`super::dcat`]) describing them.
//! Licence CC BY 4.0; ISTAT data credited.

use serde_json::{Value, json};

use crate::model::Site;
use crate::model::data::{ProgrammeData, document_path};
use crate::model::refs::Ref;
use crate::model::routes::Route;
use crate::output::{OutputData, OutputFile};

/// One dataset: its file name stem, title, description, keywords, and rows.
struct Dataset {
    stem: &'static str,
    title: &'static str,
    keywords: &'static [&'static str],
    description: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    json: Value,
}

use super::dcat::LICENCE_URL;

/// The datasets the portal publishes, as (stem, title) pairs, for the `/opendata/` page.
pub const DATASETS: &[(&str, &str)] = &[
    ("province", "Province partecipanti"),
    ("eventi", "Calendario degli eventi"),
    ("project-work", "Project work pubblicati"),
];

/// Every open data file of the site.
pub fn render(site: &Site, data: &ProgrammeData) -> Vec<OutputFile> {
    let mut datasets = [provinces(site, data), events(site, data), works(site, data)];
    if let Some(note) = site.config.demo_note() {
        datasets
            .iter_mut()
            .for_each(|dataset| mark_demo(dataset, note));
    }
    let mut files = Vec::new();
    for dataset in &datasets {
        let json = serde_json::to_string_pretty(&dataset.json).unwrap_or_default() + "\n";
        files.push(OutputFile {
            path: Route::OpenData(&format!("{}.json", dataset.stem))
                .path()
                .output_file(),
            data: OutputData::Bytes(json.into_bytes().into()),
        });
        files.push(OutputFile {
            path: Route::OpenData(&format!("{}.csv", dataset.stem))
                .path()
                .output_file(),
            data: OutputData::Bytes(csv(&dataset.header, &dataset.rows).into()),
        });
    }
    let entries: Vec<super::dcat::Entry> = datasets
        .iter()
        .map(|d| super::dcat::Entry {
            stem: d.stem,
            title: d.title,
            description: &d.description,
            keywords: d.keywords,
        })
        .collect();
    let catalogue = super::dcat::catalogue(site, data, &entries);
    let json_ld = serde_json::to_string_pretty(&catalogue.to_json_ld()).unwrap_or_default() + "\n";
    for (name, text) in [
        ("catalogo.jsonld", json_ld),
        ("catalogo.ttl", catalogue.to_turtle()),
    ] {
        files.push(OutputFile {
            path: Route::OpenData(name).path().output_file(),
            data: OutputData::Bytes(text.into_bytes().into()),
        });
    }
    files
}

/// Says in every form of `dataset` that its data are a demonstration: its description (and so
/// the catalogue's), an `avvertenza` field of the JSON and an `avvertenza` column of the CSV.
fn mark_demo(dataset: &mut Dataset, note: &str) {
    dataset.description = format!("{note} {}", dataset.description);
    if let Some(object) = dataset.json.as_object_mut() {
        object.insert("avvertenza".into(), note.into());
    }
    dataset.header.push("avvertenza".to_owned());
    for row in &mut dataset.rows {
        row.push(crate::config::DEMO_MARK.to_owned());
    }
}

fn provinces(site: &Site, data: &ProgrammeData) -> Dataset {
    let sections = &data.programme.sections;
    let mut header = columns(&[
        "sigla",
        "nome",
        "tipo",
        "regione",
        "codice_istat",
        "gruppo",
        "comuni_serviti",
        "comuni_totali",
    ]);
    header.extend(
        sections
            .iter()
            .map(|s| format!("stato_sezione_{}", s.number)),
    );
    header.push("url".to_owned());
    let mut rows = Vec::new();
    let mut records = Vec::new();
    for province in &data.provinces {
        let group = &data[province.group];
        let work = province.project_work.map(|w| &data[w]);
        let statuses: Vec<String> = Ref::all(sections.len())
            .map(|index| {
                let status = work
                    .and_then(|w| w.sections.iter().find(|s| s.section == index))
                    .map(|s| s.status)
                    .unwrap_or_default();
                serde_json::to_value(status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect();
        let url = site.permalink(&Route::Province(&province.slug).path());
        let mut row = vec![
            province.sigla.to_string(),
            province.unit.name.clone(),
            province.unit.kind.clone(),
            province.unit.region.clone(),
            province.unit.istat_code.clone(),
            group.id.to_string(),
            province.comuni.len().to_string(),
            province.comuni_total.to_string(),
        ];
        row.extend(statuses.iter().cloned());
        row.push(url.to_string());
        rows.push(row);
        records.push(json!({
            "sigla": province.sigla,
            "nome": province.unit.name,
            "tipo": province.unit.kind,
            "regione": province.unit.region,
            "codice_istat": province.unit.istat_code,
            "gruppo": { "id": group.id, "nome": group.name },
            "comuni_serviti": province.comuni.iter().map(|c| json!({ "codice_istat": c.istat_code, "nome": c.name })).collect::<Vec<_>>(),
            "comuni_totali": province.comuni_total,
            "stato_sezioni": sections.iter().zip(&statuses).map(|(s, status)| json!({ "sezione": s.id, "numero": s.number, "stato": status })).collect::<Vec<_>>(),
            "url": url,
        }));
    }
    Dataset {
        stem: "province",
        title: DATASETS[0].1,
        keywords: &[
            "Province",
            "Comuni",
            "servizi associati",
            "gestione del personale",
        ],
        description: format!(
            "Le Province che partecipano al programma {}, con gruppo, Comuni serviti e stato del project work. Nome, tipologia e regione: Fonte ISTAT.",
            data.programme.title
        ),
        header,
        rows,
        json: json!({ "fonte": super::data_views::istat_credit(site.today), "licenza": LICENCE_URL, "province": records }),
    }
}

fn events(site: &Site, data: &ProgrammeData) -> Dataset {
    let header = columns(&[
        "id",
        "titolo",
        "tipo",
        "tappa",
        "gruppo",
        "provincia",
        "inizio",
        "fine",
        "modalita",
        "stato",
        "revisione",
        "aggiornato",
        "url",
    ]);
    let mut rows = Vec::new();
    let mut records = Vec::new();
    for event in &data.events {
        let step = &data[event.step];
        let text = |value: Value| value.as_str().map(str::to_owned).unwrap_or_default();
        let kind = text(serde_json::to_value(event.kind).unwrap_or_default());
        let mode = event
            .mode
            .map(|m| text(serde_json::to_value(m).unwrap_or_default()))
            .unwrap_or_default();
        let status = text(serde_json::to_value(event.status).unwrap_or_default());
        let (group, province) = attendee_cells(data, event);
        let url = site.permalink(&Route::Event(&event.id).path());
        let end = event.end.map(|e| e.written()).unwrap_or_default();
        rows.push(vec![
            event.id.to_string(),
            event.title.clone(),
            kind.clone(),
            step.id.to_string(),
            group.clone(),
            province.clone(),
            event.start.written(),
            end.clone(),
            mode.clone(),
            status.clone(),
            event.revision.to_string(),
            event.updated.written(),
            url.to_string(),
        ]);
        records.push(json!({
            "id": event.id,
            "titolo": event.title,
            "tipo": kind,
            "tappa": step.id,
            "gruppo": (!group.is_empty()).then_some(group),
            "provincia": (!province.is_empty()).then_some(province),
            "inizio": event.start.written(),
            "fine": (!end.is_empty()).then_some(end),
            "modalita": (!mode.is_empty()).then_some(mode),
            "stato": status,
            "revisione": event.revision,
            "aggiornato": event.updated.written(),
            "url": url,
        }));
    }
    Dataset {
        stem: "eventi",
        title: DATASETS[1].1,
        keywords: &["calendario", "webinar", "scadenze"],
        description: "Webinar dei gruppi, sessioni individuali delle Province e scadenze del percorso, in ora italiana (Europe/Rome).".to_owned(),
        header,
        rows,
        json: json!({ "fuso_orario": "Europe/Rome", "licenza": LICENCE_URL, "eventi": records }),
    }
}

fn works(site: &Site, data: &ProgrammeData) -> Dataset {
    let header = columns(&[
        "provincia",
        "titolo",
        "abstract",
        "data_pubblicazione",
        "consegna",
        "versione",
        "licenza",
        "parole_chiave",
        "peer_reviewer",
        "documento",
        "sha256",
        "url",
    ]);
    let mut rows = Vec::new();
    let mut records = Vec::new();
    for work in data.project_works.iter().filter(|w| w.published) {
        let province = &data[work.province];
        let main = work
            .documents
            .iter()
            .find(|d| d.role == crate::load::data::DocumentRole::Main);
        let document_url = main
            .map(|d| String::from(site.permalink(&document_path(province, d))))
            .unwrap_or_default();
        let sha256 = main.map(|d| d.sha256.clone()).unwrap_or_default();
        let peer = work
            .peer_reviewer
            .map(|reviewer| data.reviewer(reviewer).0.to_owned())
            .unwrap_or_default();
        let url = site.permalink(&Route::Work(&province.slug).path());
        rows.push(vec![
            province.sigla.to_string(),
            work.title.clone(),
            work.abstract_text.clone().unwrap_or_default(),
            work.publication_date
                .map(|d| d.written())
                .unwrap_or_default(),
            work.delivered.map(|d| d.written()).unwrap_or_default(),
            work.version.clone().unwrap_or_default(),
            work.licence.id.clone(),
            work.keywords.join("; "),
            peer.clone(),
            document_url.clone(),
            sha256,
            url.to_string(),
        ]);
        records.push(json!({
            "provincia": province.sigla,
            "titolo": work.title,
            "abstract": work.abstract_text,
            "data_pubblicazione": work.publication_date,
            "consegna": work.delivered,
            "versione": work.version,
            "licenza": work.licence,
            "parole_chiave": work.keywords,
            "peer_reviewer": (!peer.is_empty()).then_some(peer),
            "documenti": work.documents.iter().map(|d| json!({
                "titolo": d.title,
                "url": site.permalink(&document_path(province, d)),
                "formato": d.format,
                "dimensione": d.size,
                "pagine": d.pages,
                "sha256": d.sha256,
            })).collect::<Vec<_>>(),
            "url": url,
        }));
    }
    Dataset {
        stem: "project-work",
        title: DATASETS[2].1,
        keywords: &["project work", "gestione del personale", "servizi associati"],
        description: "I project work definitivi pubblicati dalle Province, con abstract, licenza e documenti.".to_owned(),
        header,
        rows,
        json: json!({ "licenza": LICENCE_URL, "project_work": records }),
    }
}

/// RFC 4180 CSV. A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return at the start) gets a leading apostrophe, so it is shown as text.
fn columns(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

fn csv(header: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|cell| neutralise_formula(cell).into_owned()));
    }
    writer.into_inner().unwrap_or_default()
}

pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The group and Province columns of an event: several groups space-separated, as in the
/// calendar's `data-group`; a Province's sigla.
fn attendee_cells(data: &ProgrammeData, event: &crate::model::data::Event) -> (String, String) {
    let groups = event
        .attendees
        .groups(data.groups.len())
        .iter()
        .map(|g| data[*g].id.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let province = event
        .attendees
        .province()
        .map(|p| data[p].sigla.to_string())
        .unwrap_or_default();
    (groups, province)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise_formula("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise_formula("+39 02"), "'+39 02");
        assert_eq!(neutralise_formula("@cmd"), "'@cmd");
        assert_eq!(neutralise_formula("Monza"), "Monza");
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        let bytes = csv(
            &columns(&["a", "b"]),
            &[vec!["x, y".into(), "dice \"ciao\"".into()]],
        );
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "a,b\r\n\"x, y\",\"dice \"\"ciao\"\"\"\r\n"
        );
    }
}
