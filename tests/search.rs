//! The search of `/cerca/`: the chunked index lists every page under the path of `base_url`,
//! words are found through their chunk, the portal's own query code (cerca.js, run in node)
//! ranks the fixed query list of bench/search-queries.tsv, and the search page works in
//! headless Chromium with the keyboard and passes axe-core.

mod common;

use std::path::Path;

use common::browser::{Browser, axe_violations, runtime, wait_until};
use common::preview::Preview;
use common::{build_portal, portal_copy, repo_root};
use portico::render::search::text::{fold, stem};
use serde_json::Value;

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The URLs of the documents holding `word`, looked up as the browser does: the chunk with the
/// longest key that begins the folded word, the word's stem there, the stem's postings.
fn look_up(cerca: &Path, word: &str) -> Vec<String> {
    let manifest = read_json(&cerca.join("indice.json"));
    let listing = read_json(&cerca.join("documenti.json"));
    let folded = fold(word);
    let key = manifest["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .filter(|key| folded.starts_with(key))
        .max_by_key(|key| key.len())
        .unwrap_or_else(|| panic!("no chunk for {word}"));
    let chunk = read_json(&cerca.join(format!("t/{key}.json")));
    let stem = chunk["forms"][&folded]
        .as_str()
        .unwrap_or(&folded)
        .to_owned();
    if chunk["stems"].get(&stem).is_none() {
        return Vec::new();
    }
    assert_eq!(
        stem,
        self::stem(&folded),
        "the index stems {word} as Snowball does"
    );
    let flat = chunk["stems"][&stem]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut id = 0;
    flat.chunks(2)
        .map(|pair| {
            id += pair[0].as_u64().unwrap() as usize;
            listing[id]["url"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn every_page_is_listed_under_the_path_of_base_url() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let report = portico::build(&portico::BuildOptions {
        root: repo_root(),
        output_dir: Some(public.clone()),
        base_url: Some("https://example.it/portale/".to_owned()),
        date: Some("2026-11-26".parse().unwrap()),
        ..portico::BuildOptions::default()
    })
    .unwrap();
    let cerca = public.join("cerca");
    let listing = read_json(&cerca.join("documenti.json"));
    let urls: Vec<&str> = listing
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["url"].as_str().unwrap())
        .collect();
    for url in [
        "/portale/",
        "/portale/percorso/",
        "/portale/province/torino/",
        "/portale/calendario/kick-off/",
        "/portale/archivio/torino/",
        "/portale/avvisi/webinar-di-lancio/",
    ] {
        assert!(urls.contains(&url), "{url} is not indexed: {urls:?}");
    }
    let manifest = read_json(&cerca.join("indice.json"));
    assert_eq!(manifest["documents"].as_u64(), Some(urls.len() as u64));
    for (id, url) in urls.iter().enumerate() {
        let entry = read_json(&cerca.join(format!("d/{id}.json")));
        assert_eq!(entry["url"], *url, "entry {id} agrees with the listing");
    }
    let on_disk: u64 = walk_json(&cerca).iter().sum();
    assert_eq!(
        report.search_index_bytes.map(|bytes| bytes as u64),
        Some(on_disk),
        "the build reports the size of the whole index"
    );
}

fn walk_json(dir: &Path) -> Vec<u64> {
    let mut sizes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sizes.extend(walk_json(&path));
        } else if path.extension().is_some_and(|ext| ext == "json") {
            sizes.push(path.metadata().unwrap().len());
        }
    }
    sizes
}

#[test]
fn words_are_found_through_their_chunk() {
    let (_dir, public, _) = build_portal();
    let cerca = public.join("cerca");
    let find = |word: &str| {
        let found = look_up(&cerca, word);
        assert!(!found.is_empty(), "{word} finds nothing");
        found
    };
    // Accents fold both ways, and a Province's name finds its page.
    assert!(find("forli").contains(&"/province/forli-cesena/".to_owned()));
    assert_eq!(find("Forlì"), find("forli"));
    // Singular and plural share a stem, hence postings.
    assert_eq!(find("provincia"), find("province"));
    // Punctuation inside an acronym is folded; a number is a word.
    assert!(find("pico").contains(&"/calendario/p1-webinar-3/".to_owned()));
    assert!(find("4").contains(&"/percorso/".to_owned()));
    assert!(
        look_up(&cerca, "provinciaqx").is_empty(),
        "an unknown word finds nothing"
    );
}

#[test]
fn the_query_list_ranks_at_least_29_of_30_first() {
    let (_dir, public, _) = build_portal();
    let queries = repo_root().join("bench/search-queries.tsv");
    let Some(results) = run_node(&public, &queries) else {
        return;
    };
    let results = results.as_array().unwrap();
    assert!(
        results.len() >= 30,
        "the list has {} queries",
        results.len()
    );
    let mut misses = Vec::new();
    for result in results {
        let expected: Vec<&str> = result["expected"]
            .as_str()
            .unwrap()
            .split('|')
            .map(str::trim)
            .collect();
        let top = result["top"][0].as_str().unwrap_or("(nothing)");
        if !expected.contains(&top) {
            misses.push(format!("{}: {top}, expected {expected:?}", result["query"]));
        }
    }
    assert!(
        misses.len() * 30 <= results.len(),
        "{} of {} missed:\n{}",
        misses.len(),
        results.len(),
        misses.join("\n")
    );
}

/// Runs bench/search_run.js (the page's own engine) over `public`, or `None` where node is
/// missing outside CI.
fn run_node(public: &Path, queries: &Path) -> Option<Value> {
    let output = match std::process::Command::new("node")
        .arg(repo_root().join("bench/search_run.js"))
        .arg(public)
        .arg(queries)
        .output()
    {
        Ok(output) => output,
        Err(_) => {
            common::skip_without("node", "apt-get install nodejs");
            return None;
        }
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

#[test]
fn the_search_page_works_with_the_keyboard_and_passes_axe() {
    let Some((browser, axe_source)) = Browser::with_axe() else {
        return;
    };
    let site = portal_copy();
    let preview = Preview::start_on(site.path(), "2026-11-26");
    let runtime = runtime();
    runtime.block_on(async {
        let client = browser.session().await;
        client.goto(&preview.url("/cerca/?q=fase+4")).await.unwrap();
        let status = || async {
            let text = client.execute("return document.getElementById('cerca-stato').textContent", vec![]);
            text.await.unwrap().as_str().unwrap_or_default().to_owned()
        };
        wait_until("the result count", || async { status().await.contains("risultati") }).await;
        let said = status().await;
        assert!(said.starts_with("33 risultati per «fase 4»"), "{said}");
        let count = |selector: &'static str| {
            let client = client.clone();
            async move {
                let script = format!("return document.querySelectorAll('{selector}').length");
                client.execute(&script, vec![]).await.unwrap().as_u64().unwrap()
            }
        };
        assert_eq!(count("#cerca-risultati li").await, 10, "a first page of ten");
        assert!(count("#cerca-risultati mark").await > 0, "matched words are marked");
        let first = client
            .execute("return document.querySelector('#cerca-risultati a').getAttribute('href')", vec![])
            .await
            .unwrap();
        assert_eq!(first.as_str(), Some("/percorso/"));
        // "More" is a real button: Enter on it shows the next ten and moves focus to the first.
        client
            .execute("document.getElementById('cerca-altri').focus()", vec![])
            .await
            .unwrap();
        client
            .active_element()
            .await
            .unwrap()
            .send_keys("\u{E007}")
            .await
            .unwrap();
        wait_until("the second page", || async { count("#cerca-risultati li").await == 20 }).await;
        let focused = client
            .execute("return document.activeElement === document.querySelectorAll('#cerca-risultati a')[10]", vec![])
            .await
            .unwrap();
        assert_eq!(focused, Value::Bool(true), "focus moves to the first new result");
        // Filters: Province pages of Potenza only.
        client.goto(&preview.url("/cerca/?q=potenza&tipo=event&provincia=pz")).await.unwrap();
        wait_until("the filtered count", || async { status().await.contains("risultat") }).await;
        let hrefs = client
            .execute("return Array.from(document.querySelectorAll('#cerca-risultati a')).map(a => a.getAttribute('href'))", vec![])
            .await
            .unwrap();
        let hrefs: Vec<&str> = hrefs.as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert!(!hrefs.is_empty() && hrefs.iter().all(|h| h.starts_with("/calendario/pz-")), "{hrefs:?}");
        let violations = axe_violations(&client, &axe_source).await;
        assert!(violations.is_empty(), "axe on the search page with results: {violations:?}");
        client.close().await.unwrap();
    });
}
