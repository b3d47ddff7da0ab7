//! The search index of `/cerca/`: every page and data-born page is in it, accents fold, and the
//! browser's stemmer (themes/italia/static/js/cerca.js) agrees with the index's (Rust).

mod common;

use common::{build_portal, repo_root};
use portico::render::search::{fold, stem};

fn index() -> serde_json::Value {
    let (_dir, public, report) = build_portal();
    assert!(
        report.search_index_bytes.unwrap() > 1000,
        "the build reports the index size"
    );
    serde_json::from_slice(&std::fs::read(public.join("cerca/indice.json")).unwrap()).unwrap()
}

#[test]
fn every_page_and_data_record_is_searchable() {
    let index = index();
    let documents = index["documents"].as_array().unwrap();
    let urls: Vec<&str> = documents.iter().map(|d| d[0].as_str().unwrap()).collect();
    for url in [
        "/",
        "/percorso/",
        "/province/torino/",
        "/calendario/p1-kick-off/",
        "/archivio/torino/",
        "/avvisi/webinar-di-lancio/",
    ] {
        assert!(urls.contains(&url), "{url} is not indexed");
    }
    let find = |word: &str| -> Vec<&str> {
        let term = stem(&fold(word));
        index["terms"][&term]
            .as_array()
            .map(|ids| {
                ids.iter()
                    .map(|id| urls[id.as_u64().unwrap() as usize])
                    .collect()
            })
            .unwrap_or_default()
    };
    // Accents fold: "Forlì" is found as "forli"; a Comune of Turin finds the Province page.
    assert!(find("forli").contains(&"/province/forli-cesena/"));
    assert!(find("Forlì").contains(&"/province/forli-cesena/"));
    // Singular and plural meet.
    assert_eq!(find("provincia"), find("province"));
    assert!(!find("webinar").is_empty());
}

#[test]
fn the_browser_stems_queries_like_the_index() {
    let words = [
        "provincia",
        "province",
        "servizio",
        "servizi",
        "comune",
        "comuni",
        "città",
        "Forlì",
        "banche",
        "analisi",
        "formazione",
        "webinar",
        "AFOL",
        "peer",
        "sessioni",
        "individuale",
    ];
    let script =
        std::fs::read_to_string(repo_root().join("themes/italia/static/js/cerca.js")).unwrap();
    let stem_source =
        &script[script.find("function fold").unwrap()..script.find("function terms").unwrap()];
    let program = format!(
        "{stem_source}\nconsole.log(JSON.stringify({:?}.map(w => stem(fold(w)))));",
        words
    );
    let output = match std::process::Command::new("node")
        .arg("-e")
        .arg(&program)
        .output()
    {
        Ok(output) => output,
        Err(_) => {
            common::skip_without("node", "apt-get install nodejs");
            return;
        }
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let from_js: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    let from_rust: Vec<String> = words.iter().map(|w| stem(&fold(w))).collect();
    assert_eq!(from_js, from_rust);
}
