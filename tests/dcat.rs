//! The open data catalogue of the bundled portal (`opendata/catalogo.jsonld` and `.ttl`):
//! validated by pyshacl against SEMIC's DCAT-AP SHACL shapes, the two files compared as RDF
//! graphs, and checked for what AgID's DCAT-AP_IT profile asks beyond the EU shapes.
//! `.ci/run` installs pyshacl and extracts the shapes into `.ci/shacl/` (see tests/dcat/README.md).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// (pyshacl, python of the same environment, shapes) when installed; on CI a missing tool fails.
fn shacl_tools() -> Option<(PathBuf, PathBuf, PathBuf)> {
    let folder = common::repo_root().join(".ci/shacl");
    let pyshacl = folder.join("venv/bin/pyshacl");
    let python = folder.join("venv/bin/python");
    let shapes = folder.join("dcat-ap-3.0.0-shacl.jsonld");
    if pyshacl.exists() && shapes.exists() {
        return Some((pyshacl, python, shapes));
    }
    common::skip_without(
        &format!("pyshacl and the DCAT-AP shapes in {}", folder.display()),
        "run .ci/run",
    );
    None
}

/// pyshacl's verdict on `data`: (conforms, report).
fn validate(pyshacl: &Path, shapes: &Path, data: &Path, format: &str) -> (bool, String) {
    let output = Command::new(pyshacl)
        .args(["-s"])
        .arg(shapes)
        .args(["-sf", "json-ld", "-df", format])
        .arg(data)
        .output()
        .expect("pyshacl runs");
    let report = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    // Exit 0: conforms; 1: violations; anything else: pyshacl could not run.
    match output.status.code() {
        Some(0) => (true, report),
        Some(1) => (false, report),
        _ => panic!("pyshacl failed on {}:\n{report}", data.display()),
    }
}

#[test]
fn catalogue_passes_the_dcat_ap_shapes_in_both_serialisations() {
    let Some((pyshacl, python, shapes)) = shacl_tools() else {
        return;
    };
    let (dir, public, _) = common::build_portal();
    // A dataset without title or description: the shapes must reject it, so that a validator
    // that loaded no shapes cannot pass.
    let control = dir.path().join("control.ttl");
    std::fs::write(
        &control,
        "<https://e.it/#d> a <http://www.w3.org/ns/dcat#Dataset> .\n",
    )
    .unwrap();
    assert!(
        !validate(&pyshacl, &shapes, &control, "turtle").0,
        "the shapes accepted an empty dataset"
    );

    let opendata = public.join("opendata");
    for (file, format) in [("catalogo.jsonld", "json-ld"), ("catalogo.ttl", "turtle")] {
        let (conforms, report) = validate(&pyshacl, &shapes, &opendata.join(file), format);
        assert!(conforms, "{file} violates DCAT-AP:\n{report}");
    }
    let same = Command::new(python)
        .args(["-c", "import sys, rdflib\nfrom rdflib.compare import isomorphic\na = rdflib.Graph().parse(sys.argv[1], format='json-ld')\nb = rdflib.Graph().parse(sys.argv[2], format='turtle')\nsys.exit(0 if len(a) > 100 and isomorphic(a, b) else 1)"])
        .arg(opendata.join("catalogo.jsonld"))
        .arg(opendata.join("catalogo.ttl"))
        .status()
        .unwrap();
    assert!(
        same.success(),
        "the JSON-LD and Turtle catalogues are not the same graph"
    );
}

/// The catalogue's nodes by `@id`.
fn nodes(public: &Path) -> BTreeMap<String, Value> {
    let text = std::fs::read(public.join("opendata/catalogo.jsonld")).unwrap();
    let catalogue: Value = serde_json::from_slice(&text).unwrap();
    catalogue["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| (node["@id"].as_str().unwrap().to_owned(), node.clone()))
        .collect()
}

fn types(node: &Value) -> Vec<&str> {
    node["@type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect()
}

fn ids(value: &Value) -> Vec<&str> {
    match value {
        Value::Array(items) => items.iter().flat_map(ids).collect(),
        other => other["@id"].as_str().into_iter().collect(),
    }
}

/// DCAT-AP_IT (AgID, 1.0): the mandatory and recommended properties of each class the portal
/// publishes, with the DCAT-AP_IT class each node must also carry.
const PROFILE: &[(&str, &str, &[&str])] = &[
    (
        "dcat:Catalog",
        "dcatapit:Catalog",
        &[
            "dct:title",
            "dct:description",
            "dct:publisher",
            "dct:modified",
            "dcat:dataset",
            "dct:issued",
            "dct:language",
            "foaf:homepage",
            "dcat:themeTaxonomy",
        ],
    ),
    (
        "dcat:Dataset",
        "dcatapit:Dataset",
        &[
            "dct:identifier",
            "dct:title",
            "dct:description",
            "dct:modified",
            "dcat:theme",
            "dct:rightsHolder",
            "dct:accrualPeriodicity",
            "dcat:distribution",
            "dct:publisher",
            "dcat:contactPoint",
            "dct:issued",
            "dct:language",
            "dcat:landingPage",
            "dcat:keyword",
        ],
    ),
    (
        "dcat:Distribution",
        "dcatapit:Distribution",
        &[
            "dct:format",
            "dcat:accessURL",
            "dct:license",
            "dcat:downloadURL",
            "dcat:mediaType",
            "dct:title",
        ],
    ),
    (
        "foaf:Agent",
        "dcatapit:Agent",
        &["foaf:name", "dct:identifier"],
    ),
    (
        "vcard:Kind",
        "dcatapit:Organization",
        &["vcard:fn", "vcard:hasEmail"],
    ),
    (
        "dct:LicenseDocument",
        "dcatapit:LicenseDocument",
        &["foaf:name", "dct:type"],
    ),
];

#[test]
fn catalogue_has_what_dcat_ap_it_asks() {
    let (_dir, public, _) = common::build_portal();
    let nodes = nodes(&public);
    let mut problems = Vec::new();
    for (class, italian, properties) in PROFILE {
        let of_class: Vec<&Value> = nodes
            .values()
            .filter(|n| types(n).contains(class))
            .collect();
        if of_class.is_empty() {
            problems.push(format!("no {class}"));
        }
        for node in of_class {
            if !types(node).contains(italian) {
                problems.push(format!("{} is not a {italian}", node["@id"]));
            }
            for property in *properties {
                if node.get(*property).is_none() {
                    problems.push(format!("{} has no {property}", node["@id"]));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Publisher and rights holder: the `[owner]` of config.toml, by URI with its IPA code;
    // dataset identifiers are `codiceIPA:name`; dates are typed.
    let owner = &nodes["https://www.upinet.it"];
    assert_eq!(owner["foaf:name"]["@value"], "Unione Province d'Italia");
    assert_eq!(owner["dct:identifier"], "demo_upi");
    for dataset in nodes
        .values()
        .filter(|n| types(n).contains(&"dcat:Dataset"))
    {
        assert_eq!(ids(&dataset["dct:publisher"]), ["https://www.upinet.it"]);
        assert_eq!(ids(&dataset["dct:rightsHolder"]), ["https://www.upinet.it"]);
        assert!(
            dataset["dct:identifier"]
                .as_str()
                .unwrap()
                .starts_with("demo_upi:")
        );
        for date in ["dct:issued", "dct:modified"] {
            assert_eq!(dataset[date]["@type"], "xsd:date", "{date}");
            assert!(
                dataset[date]["@value"]
                    .as_str()
                    .unwrap()
                    .parse::<jiff::civil::Date>()
                    .is_ok()
            );
        }
        for distribution in ids(&dataset["dcat:distribution"]) {
            let distribution = &nodes[distribution];
            let media_type = ids(&distribution["dcat:mediaType"])[0];
            assert!(
                media_type.starts_with("http://www.iana.org/assignments/media-types/"),
                "{media_type}"
            );
            let file = ids(&distribution["dcat:downloadURL"])[0];
            let path = file.trim_start_matches("https://provincecomuni.example/");
            assert!(public.join(path).is_file(), "{file} is not published");
        }
    }
    let contact = &nodes["https://provincecomuni.example/opendata/#punto-di-contatto"];
    assert_eq!(
        ids(&contact["vcard:hasEmail"]),
        ["mailto:dati@provincecomuni.example"]
    );
    let licence = &nodes["https://creativecommons.org/licenses/by/4.0/"];
    assert_eq!(
        ids(&licence["dct:type"]),
        ["http://purl.org/adms/licencetype/Attribution"]
    );
    // The page of the open data links both serialisations.
    let page = std::fs::read_to_string(public.join("opendata/index.html")).unwrap();
    assert!(page.contains("catalogo.jsonld") && page.contains("catalogo.ttl"));
}
