//! The DCAT-AP_IT catalogue of the open data (`/opendata/catalogo.jsonld` and `.ttl`).
//!
//! It follows AgID's DCAT-AP_IT profile and passes the EU DCAT-AP SHACL shapes: publisher and
//! rights holder are the owner named in `[owner]` (a URI and its IPA code), dataset identifiers
//! are `codiceIPA:name`, dates are `xsd:date`, and every controlled value (language, theme,
//! frequency, file type, media type, licence type) is an IRI of its EU or IANA authority list,
//! typed with the class DCAT-AP expects, so range checks need no external vocabulary.

use super::rdf::Graph;
use crate::config::OwnerConfig;
use crate::model::Site;
use crate::model::data::ProgrammeData;
use crate::model::routes::Route;

/// What the catalogue says of one dataset; files are `<stem>.json` and `<stem>.csv`.
pub struct Entry<'a> {
    pub stem: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub keywords: &'a [&'a str],
}

pub const LICENCE_URL: &str = "https://creativecommons.org/licenses/by/4.0/";
const LICENCE_NAME: &str = "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)";
/// ADMS licence type of CC BY: reuse allowed with attribution.
const LICENCE_TYPE: &str = "http://purl.org/adms/licencetype/Attribution";
const AUTHORITY: &str = "http://publications.europa.eu/resource/authority";
const IANA_MEDIA_TYPES: &str = "http://www.iana.org/assignments/media-types";

const PREFIXES: &[(&str, &str)] = &[
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("dcatapit", "http://dati.gov.it/onto/dcatapit#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// Who publishes the data: the `[owner]` of the config, or else the programme's promoter
/// (then without IPA code or contact point, which only `[owner]` can give).
struct Publisher<'a> {
    name: &'a str,
    uri: String,
    ipa_code: Option<&'a str>,
    owner: Option<&'a OwnerConfig>,
}

fn publisher<'a>(site: &'a Site, data: &'a ProgrammeData) -> Publisher<'a> {
    if let Some(owner) = &site.config.owner {
        return Publisher {
            name: &owner.name,
            uri: owner.uri.get_ref().clone(),
            ipa_code: Some(owner.ipa_code.get_ref()),
            owner: Some(owner),
        };
    }
    let promoter = data
        .programme
        .organisations
        .iter()
        .find(|o| o.role == crate::load::data::OrganisationRole::Promoter);
    Publisher {
        name: promoter.map_or(site.config.title.as_str(), |o| o.name.as_str()),
        uri: promoter
            .and_then(|o| o.url.clone())
            .unwrap_or_else(|| format!("{}/", site.config.base_url())),
        ipa_code: None,
        owner: None,
    }
}

/// The catalogue as one graph, ready to be written as JSON-LD and as Turtle.
pub fn catalogue(site: &Site, data: &ProgrammeData, entries: &[Entry]) -> Graph {
    let base = site.config.base_url();
    // The folder of the open data files, where the datasets' landing page is.
    let folder = site.permalink(&Route::OpenData("").path());
    let publisher = publisher(site, data);
    let (issued, modified) = date_range(data, site.today);
    let mut graph = Graph::new(PREFIXES);

    let catalogue = graph.resource(
        &format!("{folder}#catalogo"),
        &["dcat:Catalog", "dcatapit:Catalog"],
    );
    catalogue
        .text(
            "dct:title",
            &format!("Dati aperti del programma {}", data.programme.title),
            "it",
        )
        .text(
            "dct:description",
            &format!(
                "{}{}. {}",
                site.config
                    .demo_note()
                    .map_or(String::new(), |note| format!("{note} ")),
                data.programme.subtitle,
                crate::load::reference::Reference::istat().credit_at(site.today)
            ),
            "it",
        )
        .iri("dct:publisher", &publisher.uri)
        .typed("dct:issued", &issued, "xsd:date")
        .typed("dct:modified", &modified, "xsd:date")
        .iri("dct:language", language())
        .iri("foaf:homepage", format!("{base}/"))
        .iri("dcat:themeTaxonomy", format!("{AUTHORITY}/data-theme"))
        .iri("dct:license", LICENCE_URL);
    for entry in entries {
        catalogue.iri("dcat:dataset", format!("{folder}#{}", entry.stem));
    }
    for entry in entries {
        dataset(&mut graph, &folder, entry, &publisher, (&issued, &modified));
    }
    agent(&mut graph, &publisher);
    if let Some(owner) = publisher.owner {
        contact_point(&mut graph, &folder, owner);
    }
    authorities(&mut graph, &folder, base);
    graph
}

fn dataset(
    graph: &mut Graph,
    folder: &str,
    entry: &Entry,
    publisher: &Publisher,
    dates: (&str, &str),
) {
    let identifier = format!("{}:{}", publisher.ipa_code.unwrap_or("portale"), entry.stem);
    let node = graph.resource(
        &format!("{folder}#{}", entry.stem),
        &["dcat:Dataset", "dcatapit:Dataset"],
    );
    node.plain("dct:identifier", &identifier)
        .text("dct:title", entry.title, "it")
        .text("dct:description", entry.description, "it")
        .typed("dct:issued", dates.0, "xsd:date")
        .typed("dct:modified", dates.1, "xsd:date")
        .iri("dct:language", language())
        .iri("dcat:theme", format!("{AUTHORITY}/data-theme/GOVE"))
        .iri(
            "dct:accrualPeriodicity",
            format!("{AUTHORITY}/frequency/IRREG"),
        )
        .iri("dct:publisher", &publisher.uri)
        .iri("dct:rightsHolder", &publisher.uri)
        .iri("dcat:landingPage", folder);
    for keyword in entry.keywords {
        node.text("dcat:keyword", keyword, "it");
    }
    if publisher.owner.is_some() {
        node.iri("dcat:contactPoint", format!("{folder}#punto-di-contatto"));
    }
    let formats = [
        ("json", "JSON", "application/json"),
        ("csv", "CSV", "text/csv"),
    ];
    for (extension, _, _) in formats {
        node.iri(
            "dcat:distribution",
            format!("{folder}#{}-{extension}", entry.stem),
        );
    }
    for (extension, format, media_type) in formats {
        let file = format!("{folder}{}.{extension}", entry.stem);
        graph
            .resource(
                &format!("{folder}#{}-{extension}", entry.stem),
                &["dcat:Distribution", "dcatapit:Distribution"],
            )
            .text("dct:title", &format!("{} ({format})", entry.title), "it")
            .iri("dct:format", format!("{AUTHORITY}/file-type/{format}"))
            .iri("dcat:mediaType", format!("{IANA_MEDIA_TYPES}/{media_type}"))
            .iri("dcat:accessURL", folder)
            .iri("dcat:downloadURL", &file)
            .iri("dct:license", LICENCE_URL);
        graph.resource(&file, &["rdfs:Resource"]);
        graph.resource(
            &format!("{AUTHORITY}/file-type/{format}"),
            &["dct:MediaTypeOrExtent"],
        );
        graph.resource(
            &format!("{IANA_MEDIA_TYPES}/{media_type}"),
            &["dct:MediaType"],
        );
    }
}

/// Publisher and rights holder: an organisation named by its URI, with its IPA code.
fn agent(graph: &mut Graph, publisher: &Publisher) {
    let node = graph.resource(
        &publisher.uri,
        &["foaf:Agent", "foaf:Organization", "dcatapit:Agent"],
    );
    node.text("foaf:name", publisher.name, "it");
    if let Some(code) = publisher.ipa_code {
        node.plain("dct:identifier", code);
    }
}

/// The contact card of `[owner.contact]`: e-mail, and PEC and phone when given.
fn contact_point(graph: &mut Graph, folder: &str, owner: &OwnerConfig) {
    let contact = &owner.contact;
    let node = graph.resource(
        &format!("{folder}#punto-di-contatto"),
        &["vcard:Kind", "vcard:Organization", "dcatapit:Organization"],
    );
    node.text("vcard:fn", &contact.name, "it").iri(
        "vcard:hasEmail",
        format!("mailto:{}", contact.email.get_ref()),
    );
    // An empty PEC or phone is one not given yet (config.toml keeps the key, empty).
    if let Some(pec) = contact.pec.as_ref().filter(|p| !p.get_ref().is_empty()) {
        node.iri("vcard:hasEmail", format!("mailto:{}", pec.get_ref()));
    }
    if let Some(phone) = contact.phone.as_ref().filter(|p| !p.get_ref().is_empty()) {
        let number: String = phone.get_ref().chars().filter(|c| *c != ' ').collect();
        node.blank("vcard:hasTelephone", "telefono");
        graph
            .blank_node("telefono", &["vcard:Voice"])
            .iri("vcard:hasValue", format!("tel:{number}"));
    }
}

/// The controlled values the catalogue points at, each typed with the class DCAT-AP expects.
fn authorities(graph: &mut Graph, folder: &str, base: &str) {
    graph.resource(&language(), &["dct:LinguisticSystem"]);
    graph
        .resource(&format!("{AUTHORITY}/data-theme"), &["skos:ConceptScheme"])
        .text("dct:title", "Data Theme", "en");
    graph
        .resource(&format!("{AUTHORITY}/data-theme/GOVE"), &["skos:Concept"])
        .iri("skos:inScheme", format!("{AUTHORITY}/data-theme"))
        .text("skos:prefLabel", "Governo e settore pubblico", "it");
    graph.resource(&format!("{AUTHORITY}/frequency/IRREG"), &["dct:Frequency"]);
    graph
        .resource(
            LICENCE_URL,
            &["dct:LicenseDocument", "dcatapit:LicenseDocument"],
        )
        .text("foaf:name", LICENCE_NAME, "it")
        .iri("dct:type", LICENCE_TYPE);
    graph
        .resource(LICENCE_TYPE, &["skos:Concept"])
        .text("skos:prefLabel", "Attribuzione", "it");
    graph.resource(folder, &["foaf:Document", "rdfs:Resource"]);
    graph.resource(&format!("{base}/"), &["foaf:Document"]);
}

fn language() -> String {
    format!("{AUTHORITY}/language/ITA")
}

/// First and last date in the data (event updates, work publications), as `YYYY-MM-DD`:
/// the catalogue's issue and modification dates. Without any date, the build's reference day.
fn date_range(data: &ProgrammeData, today: jiff::civil::Date) -> (String, String) {
    let dates: Vec<jiff::civil::Date> = data
        .events
        .iter()
        .map(|e| e.updated.date())
        .chain(
            data.project_works
                .iter()
                .filter_map(|w| w.publication_date.map(|d| d.date())),
        )
        .collect();
    let first = dates.iter().min().copied();
    let last = dates.iter().max().copied();
    match (first, last) {
        (Some(first), Some(last)) => (first.to_string(), last.to_string()),
        _ => (today.to_string(), today.to_string()),
    }
}
