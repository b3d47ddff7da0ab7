//! The site as a real web server publishes it: deploy/nginx.conf in Debian's nginx on loopback,
//! under a sub-path and at the root of a host.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use common::http::{Response, free_port, get};
use common::nginx::Nginx;
use common::{attribute_values, fixture, repo_root};

/// A site built for 26 November 2026 and served by nginx at `prefix` (`""` or `/portale`).
struct Served {
    nginx: Nginx,
    /// `http://127.0.0.1:<port>`.
    origin: String,
    /// The built site (inside the served folder, at `prefix`).
    site: PathBuf,
    /// The served folder: a test must bind it (not `..`) to keep it while nginx serves it.
    _www: tempfile::TempDir,
}

/// Builds the site at `root` for the address nginx will serve it at, then starts nginx;
/// `None` where nginx is not installed (see [`Nginx::start`]).
fn serve(root: PathBuf, prefix: &str) -> Option<Served> {
    let port = free_port();
    let www = tempfile::tempdir().unwrap();
    let origin = format!("http://127.0.0.1:{port}");
    let site = www.path().join(prefix.trim_start_matches('/'));
    let options = portico::BuildOptions {
        root,
        output_dir: Some(site.clone()),
        base_url: Some(format!("{origin}{prefix}/")),
        date: Some("2026-11-26".parse().unwrap()),
        ..portico::BuildOptions::default()
    };
    portico::build(&options).unwrap_or_else(|error| panic!("{error}"));
    let nginx = Nginx::start(www.path(), prefix, port)?;
    Some(Served {
        nginx,
        origin,
        site,
        _www: www,
    })
}

/// The links of the search index's list of entries (`cerca/documenti.json`, one
/// `{"url", "title", "kind"}` per result the search can give). Kept apart: the index's format
/// is its own module's business, and the crawl only needs its links.
fn search_index_links(json: &[u8]) -> Vec<String> {
    let entries: serde_json::Value = serde_json::from_slice(json).expect("the list is JSON");
    entries
        .as_array()
        .expect("the index lists its entries")
        .iter()
        .map(|entry| {
            entry["url"]
                .as_str()
                .expect("an entry has a URL")
                .to_owned()
        })
        .collect()
}

/// Every link an answer holds, by its type: HTML attributes, sitemap and feed entries,
/// iCalendar `URL` properties, search index entries.
fn links_in(response: &Response, path: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(&response.body);
    let kind = response.header("content-type");
    if kind.starts_with("text/html") {
        ["href", "src", "action", "data-index"]
            .iter()
            .flat_map(|name| attribute_values(&text, name))
            .collect()
    } else if kind.starts_with("application/xml") || kind.starts_with("application/atom+xml") {
        let locs = text
            .split("<loc>")
            .skip(1)
            .filter_map(|s| s.split("</loc>").next());
        let hrefs = text
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next());
        locs.chain(hrefs)
            .map(|link| link.replace("&amp;", "&"))
            .collect()
    } else if kind.starts_with("text/calendar") {
        let unfolded = text.replace("\r\n ", "");
        let urls = unfolded
            .lines()
            .filter_map(|line| line.strip_prefix("URL:"));
        urls.map(str::to_owned).collect()
    } else if kind.starts_with("text/css") {
        let urls = text
            .split("url(")
            .skip(1)
            .filter_map(|s| s.split(')').next());
        urls.map(|url| url.trim_matches(['"', '\'']).to_owned())
            .collect()
    } else if path.ends_with("cerca/documenti.json") {
        search_index_links(&response.body)
    } else {
        Vec::new()
    }
}

/// The path on this server that `link`, found in the page at `from`, points at; `None` for
/// links to other hosts, e-mail addresses and in-page anchors.
fn internal_path(link: &str, from: &str, origin: &str) -> Option<String> {
    let link = link.split('#').next().unwrap_or_default();
    if link.is_empty() || link.starts_with("mailto:") || link.starts_with("tel:") {
        return None;
    }
    if let Some(path) = link.strip_prefix(origin) {
        return Some(path.to_owned());
    }
    if link.contains("://") || link.starts_with("//") || link.starts_with("data:") {
        return None;
    }
    if link.starts_with('/') {
        return Some(link.to_owned());
    }
    let folder = &from[..=from.rfind('/').unwrap_or(0)];
    Some(format!("{folder}{link}"))
}

#[test]
fn the_portal_under_a_sub_path_has_no_broken_internal_link() {
    let Some(Served {
        nginx,
        origin,
        _www,
        ..
    }) = serve(repo_root(), "/portale")
    else {
        return;
    };
    let seeds = [
        "/portale/",
        "/portale/sitemap.xml",
        "/portale/cerca/documenti.json",
    ];
    let mut queue: VecDeque<(String, String)> = seeds
        .iter()
        .map(|seed| ((*seed).to_owned(), "(start)".to_owned()))
        .collect();
    let mut seen: BTreeSet<String> = queue.iter().map(|(path, _)| path.clone()).collect();
    let mut broken = Vec::new();
    let mut from_index = 0;
    while let Some((path, from)) = queue.pop_front() {
        let response = get(nginx.port, &path, &[]);
        if response.status != 200 {
            broken.push(format!("{path} ({}), linked from {from}", response.status));
            continue;
        }
        for link in links_in(&response, &path) {
            let Some(target) = internal_path(&link, &path, &origin) else {
                continue;
            };
            from_index += usize::from(path.ends_with("documenti.json"));
            if seen.insert(target.clone()) {
                queue.push_back((target, path.clone()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    // The crawl reached the whole site: pages, feeds, calendars, documents, assets.
    assert!(seen.len() > 250, "only {} addresses reached", seen.len());
    assert!(from_index > 50, "the search index gave {from_index} links");
    for kind in [".ics", ".pdf", ".woff2", ".csv", "atom.xml", ".js"] {
        assert!(
            seen.iter().any(|path| path.ends_with(kind)),
            "no {kind} reached"
        );
    }
    assert!(
        seen.iter().all(|path| path.starts_with("/portale/")),
        "a link leaves /portale/"
    );
}

/// The `Content-Type` nginx must send for an output file.
fn expected_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or_default();
    match extension {
        _ if path.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "jsonld" => "application/ld+json; charset=utf-8",
        "ttl" => "text/turtle; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        other => panic!("no expected type for .{other}: add it to deploy/nginx.conf and here"),
    }
}

#[test]
fn the_shipped_nginx_config_serves_every_output_with_its_type_and_headers() {
    let Some(Served {
        nginx, site, _www, ..
    }) = serve(repo_root(), "")
    else {
        return;
    };
    let files = portico::output::list_tree(site.as_path()).unwrap();
    let mut wrong = Vec::new();
    for file in &files {
        let response = get(nginx.port, &format!("/{file}"), &[]);
        let (status, kind) = (response.status, response.header("content-type"));
        if file == "nginx-redirects.map" {
            assert_eq!(
                status, 404,
                "the redirect map is server configuration, not a page"
            );
        } else if status != 200 || kind != expected_type(file) {
            wrong.push(format!("/{file}: {status} {kind}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    let missing = get(nginx.port, "/non-esiste/", &[]);
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body,
        std::fs::read(site.as_path().join("404.html")).unwrap()
    );

    let page = get(nginx.port, "/percorso/", &[("Accept-Encoding", "gzip")]);
    assert_eq!(page.header("content-encoding"), "gzip");
    assert_eq!(page.header("cache-control"), "public, max-age=300");
    let policy = page.header("content-security-policy");
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(directive), "no {directive} in {policy}");
    }
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"),
        "{policy}"
    );
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert_eq!(
        page.header("referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    assert!(page.header("permissions-policy").contains("camera=()"));
    assert_eq!(
        missing.header("content-security-policy"),
        policy,
        "404 without headers"
    );

    let hashed: Vec<&String> = files
        .iter()
        .filter(|file| {
            file.starts_with("css/") || file.ends_with(".woff2") || file.ends_with(".js")
        })
        .collect();
    assert_eq!(
        hashed.len(),
        8,
        "two stylesheets, two scripts, four fonts: {hashed:?}"
    );
    for file in hashed {
        let asset = get(nginx.port, &format!("/{file}"), &[]);
        assert_eq!(
            asset.header("cache-control"),
            "public, max-age=31536000, immutable",
            "{file}"
        );
    }
    let redirect_map = std::fs::read_to_string(site.as_path().join("nginx-redirects.map")).unwrap();
    assert!(redirect_map.starts_with('#'), "{redirect_map}");
    assert!(nginx.error_log().is_empty(), "{}", nginx.error_log());
}

#[test]
fn every_alias_answers_with_a_301_to_its_page() {
    let Some(Served {
        nginx,
        origin,
        site,
        _www,
    }) = serve(fixture("basic"), "/portale")
    else {
        return;
    };
    // Alias pages are the pages with a meta refresh; each must be a server redirect too.
    let mut aliases = 0;
    for file in portico::output::list_tree(&site).unwrap() {
        let html = std::fs::read_to_string(site.join(&file)).unwrap_or_default();
        if !html.contains("http-equiv=refresh") && !html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        aliases += 1;
        let target = attribute_values(&html, "href").remove(0);
        let folder = format!("/portale/{}", file.trim_end_matches("index.html"));
        for path in [
            folder.clone(),
            folder.trim_end_matches('/').to_owned(),
            format!("/portale/{file}"),
        ] {
            let response = get(nginx.port, &path, &[]);
            assert_eq!(response.status, 301, "{path}");
            assert_eq!(response.header("location"), target, "{path}");
            let target_path = target.strip_prefix(&origin).unwrap();
            assert_eq!(get(nginx.port, target_path, &[]).status, 200, "{target}");
        }
    }
    assert_eq!(aliases, 2, "the fixture declares two aliases");
}

/// Console messages that break the "zero errors, zero violations" rule.
fn errors_and_violations(console: Vec<String>) -> Vec<String> {
    console
        .into_iter()
        .filter(|m| m.starts_with("SEVERE") || m.contains("Content Security Policy"))
        .collect()
}

#[test]
fn pages_run_under_the_shipped_csp_without_console_errors() {
    let Some(Served { nginx, _www, .. }) = serve(repo_root(), "") else {
        return;
    };
    let Some(browser) = common::browser::Browser::start() else {
        return;
    };
    let url = |path: &str| format!("http://127.0.0.1:{}{path}", nginx.port);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let problems = runtime.block_on(async {
        use common::browser::wait_until;
        use fantoccini::Locator;
        let client = browser.session().await;
        // Control: an inline script must be refused and reported, or this test sees nothing.
        client.goto(&url("/")).await.unwrap();
        client
            .execute(
                "const s = document.createElement('script'); s.textContent = 'window.x = 1';
                 document.body.appendChild(s);",
                Vec::new(),
            )
            .await
            .unwrap();
        let control = errors_and_violations(browser.console(&client).await);
        assert!(
            control
                .iter()
                .any(|m| m.contains("Content Security Policy")),
            "the control violation was not reported: {control:?}"
        );
        let mut problems = Vec::new();
        for page in ["/", "/province/bari/", "/archivio/"] {
            client.goto(&url(page)).await.unwrap();
            client.find(Locator::Css("main h1")).await.unwrap();
            problems.extend(errors_and_violations(browser.console(&client).await));
        }

        client.goto(&url("/calendario/")).await.unwrap();
        let filter = "a[data-filter^='group:']";
        client
            .execute(
                &format!("document.querySelector(\"{filter}\").click()"),
                Vec::new(),
            )
            .await
            .unwrap();
        wait_until("the calendar filter", || async {
            let status = client.find(Locator::Id("filtro-stato")).await.unwrap();
            !status.text().await.unwrap().is_empty()
        })
        .await;
        assert!(
            client
                .current_url()
                .await
                .unwrap()
                .path()
                .contains("/calendario/gruppo/")
        );
        problems.extend(errors_and_violations(browser.console(&client).await));

        client.goto(&url("/cerca/")).await.unwrap();
        let input = client.find(Locator::Id("cerca-testo")).await.unwrap();
        input.send_keys("webinar").await.unwrap();
        client
            .find(Locator::Css("#cerca-form button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_until("search results", || async {
            let results = client.find_all(Locator::Css("#cerca-risultati li")).await;
            results.is_ok_and(|items| !items.is_empty())
        })
        .await;
        problems.extend(errors_and_violations(browser.console(&client).await));
        client.close().await.unwrap();
        problems
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `portico --root <root> check <args>`: (exit code, stderr).
fn check(root: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = common::portico()
        .args(["--root", root.to_str().unwrap(), "check"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

#[test]
fn check_production_lists_every_missing_owner_field_and_demo_data() {
    let (code, stderr) = check(&repo_root(), &["--production"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`[extra] demo_data` is not false"),
        "{stderr}"
    );
    let config = std::fs::read_to_string(repo_root().join("config.toml")).unwrap();
    let demo_line = 1 + config
        .lines()
        .position(|line| line.starts_with("demo_data"))
        .expect("the portal's config says demo_data");
    assert!(
        stderr.contains(&format!("--> config.toml:{demo_line}:1")),
        "{stderr}"
    );
    // Every owner setting the bundled portal leaves empty or as an example, each located.
    for missing in [
        "`[owner] address` is empty",
        "`[owner] licence` is empty",
        "`[owner] ipa_code` is still an example",
        "`[owner.contact] email` is still an example",
        "`[owner.contact] phone` is empty",
        "`[owner.contact] pec` is empty",
        "`[owner.privacy] controller` is empty",
        "`[owner.privacy] dpo_email` is empty",
        "`[owner.privacy] hosting` is empty",
        "`[owner.privacy] log_retention` is empty",
        "`[owner.accessibility] statement_url` is empty",
        "`[owner.accessibility] statement_date` is empty",
        "`base_url` is still an example address",
    ] {
        assert!(stderr.contains(missing), "{missing} not listed:\n{stderr}");
    }
    assert!(stderr.contains("--> data/events.yaml:1:3"), "{stderr}");
    assert!(stderr.contains("this file holds demonstration data"));
    // The theme and the legal pages carry no placeholder any more.
    assert!(!stderr.contains("still to be written"), "{stderr}");
    assert!(
        !stderr.contains("https URL"),
        "the portal's base_url is https: {stderr}"
    );

    let http = [
        "--production",
        "--base-url",
        "http://provincecomuni.example",
    ];
    let (_, stderr) = check(&repo_root(), &http);
    assert!(
        stderr.contains("`http://provincecomuni.example` is not an https URL"),
        "{stderr}"
    );
    assert_eq!(check(&repo_root(), &[]).0, Some(0), "a plain check passes");
}

#[test]
fn a_portal_with_every_owner_field_filled_in_passes_and_shows_them() {
    let (site, public) = common::ready_portal();
    let (code, stderr) = check(site.path(), &["--production"]);
    assert_eq!(code, Some(0), "{stderr}");
    // demo_data = false: a plain build checks the same, and publishes the owner's facts.
    let output = common::portico()
        .args(["--root", site.path().to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = |path: &str| std::fs::read_to_string(public.join(path)).unwrap();
    let privacy = page("privacy/index.html");
    for fact in [
        "Piazza Cardelli 4",
        "mailto:rpd@upinet.it",
        "30 giorni",
        "mailto:upi@pec.upinet.it",
    ] {
        assert!(privacy.contains(fact), "{fact} not on the privacy page");
    }
    let contacts = page("contatti/index.html");
    assert!(
        contacts.contains("href=tel:+39066840341")
            || contacts.contains("href=\"tel:+39066840341\"")
    );
    assert!(page("accessibilita/index.html").contains("20 settembre 2026"));
    assert!(page("note-legali/index.html").contains("Creative Commons Attribuzione 4.0"));

    // A placeholder written in a page is found and located, and refuses the build.
    let legal = site.path().join("content/note-legali.md");
    let text = std::fs::read_to_string(&legal).unwrap();
    std::fs::write(
        &legal,
        text.replacen("## Licenza", "Da completare.\n\n## Licenza", 1),
    )
    .unwrap();
    let (code, stderr) = check(site.path(), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("a part of this page is still to be written"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/note-legali.md:"), "{stderr}");
}
