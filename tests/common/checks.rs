//! The real validators run over a built site: the Nu Html Checker, axe-core in headless
//! Chromium on every page, and every internal link and anchor. Each check that needs a tool
//! returns `None` when the tool is missing (a visible skip; a failure under CI).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::attribute_values;
use super::browser::{Browser, WCAG_21_AA, axe_violations_tagged, runtime};
use super::preview::Preview;

/// The Nu Html Checker's errors on every HTML file under `public`, after making sure it
/// rejects a broken control page (written under `scratch`) so that a silent checker cannot pass.
pub fn nu_check(public: &Path, scratch: &Path) -> Option<Vec<String>> {
    let vnu = super::tool("vnu-jar/build/dist/vnu.jar")?;
    let control = scratch.join("control");
    std::fs::create_dir_all(&control).unwrap();
    std::fs::write(control.join("broken.html"), "<!DOCTYPE html><html lang=it><head><title>x</title></head><body><p><div></p></body></html>").unwrap();
    assert!(
        !nu_errors(&vnu, &control).is_empty(),
        "the Nu checker accepted a broken page"
    );
    Some(nu_errors(&vnu, public))
}

/// The Nu Html Checker's errors for every HTML file under `dir`.
fn nu_errors(vnu: &Path, dir: &Path) -> Vec<String> {
    let output = std::process::Command::new("java")
        .args(["-jar"])
        .arg(vnu)
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .arg(dir)
        .output()
        .expect("java runs the Nu Html Checker");
    let report: serde_json::Value = serde_json::from_slice(&output.stderr)
        .or_else(|_| serde_json::from_slice(&output.stdout))
        .expect("the checker's JSON report");
    report["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            format!(
                "{}: {}",
                m["url"].as_str().unwrap_or_default(),
                m["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

/// Every page under `public` as a URL path (`a/index.html` → `/a/`), and a missing one.
pub fn every_page(public: &Path) -> Vec<String> {
    let files = portico::output::list_tree(public).unwrap();
    let mut pages: Vec<String> = files
        .iter()
        .filter(|f| f.ends_with(".html") && f.as_str() != "404.html")
        .map(|f| format!("/{}", f.strip_suffix("index.html").unwrap_or(f)))
        .collect();
    pages.push("/non-esiste/".to_owned());
    pages
}

/// axe-core with WCAG 2.1 A and AA and its best-practice rules (landmarks, headings, regions)
/// on each of `pages` of the site at `site`, served by the preview for `date`, in one browser.
pub fn axe_every_page(site: &Path, date: &str, pages: &[String]) -> Option<Vec<String>> {
    let (browser, axe_source) = Browser::with_axe()?;
    // The preview serves the site at its own address, so stylesheets load as on the real site.
    let preview = Preview::start_on(site, date);
    let tags: Vec<&str> = WCAG_21_AA
        .iter()
        .copied()
        .chain(["best-practice"])
        .collect();
    let violations = runtime().block_on(async {
        let client = browser.session().await;
        // A control page axe must fault on a best-practice rule (no <h1>, content outside any
        // landmark), so that a silent axe or a dropped tag cannot pass.
        client
            .goto("data:text/html,<!DOCTYPE html><html lang=it><title>x</title><p>x</p></html>")
            .await
            .unwrap();
        let found = axe_violations_tagged(&client, &axe_source, &tags).await;
        assert!(
            found.iter().any(|v| v.starts_with("page-has-heading-one")),
            "axe missed a best-practice rule: {found:?}"
        );
        let mut violations = Vec::new();
        for page in pages {
            client.goto(&preview.url(page)).await.unwrap();
            let found = axe_violations_tagged(&client, &axe_source, &tags).await;
            violations.extend(found.into_iter().map(|v| format!("{page}: {v}")));
        }
        client.close().await.unwrap();
        violations
    });
    Some(violations)
}

/// Every `href` and `src` of every HTML page under `public` that points inside the site
/// (published at `base`) and finds no file or no anchor: (links seen, broken ones).
pub fn broken_links(public: &Path, base: &str) -> (usize, Vec<String>) {
    let files = portico::output::list_tree(public).unwrap();
    let mut ids: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(public.join(file)).unwrap();
        ids.insert(
            file.clone(),
            attribute_values(&html, "id").into_iter().collect(),
        );
        for target in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            links.push((file.clone(), target));
        }
    }
    let mut broken = Vec::new();
    for (from, target) in &links {
        let Some(path) = internal_path(target, base) else {
            continue;
        };
        let (path, anchor) = match path.split_once('#') {
            Some((path, anchor)) => (path.to_owned(), Some(anchor.to_owned())),
            None => (path, None),
        };
        let file = if path.is_empty() {
            from.clone()
        } else {
            let relative = path.trim_start_matches('/');
            if relative.is_empty() || relative.ends_with('/') {
                format!("{relative}index.html")
            } else {
                relative.to_owned()
            }
        };
        if !public.join(&file).is_file() {
            broken.push(format!("{from}: {target} (no {file})"));
            continue;
        }
        if let Some(anchor) = anchor.filter(|a| !a.is_empty())
            && !ids.get(&file).is_some_and(|ids| ids.contains(&anchor))
        {
            broken.push(format!("{from}: {target} (no #{anchor} in {file})"));
        }
    }
    (links.len(), broken)
}

/// The path of a link inside the site, or `None` for links elsewhere.
pub fn internal_path(target: &str, base: &str) -> Option<String> {
    if let Some(rest) = target.strip_prefix(base) {
        return Some(if rest.is_empty() {
            "/".to_owned()
        } else {
            rest.to_owned()
        });
    }
    if target.starts_with('#') || (target.starts_with('/') && !target.starts_with("//")) {
        return Some(target.to_owned());
    }
    None
}
