//! The bundled portal checked with real tools: the Nu Html Checker on every page, axe-core
//! (WCAG 2.1 A and AA and best practices) in headless Chromium on every page, and every internal link
//! and anchor resolved. `.ci/run` installs vnu-jar and axe-core from npm into `.ci/tools/`.

mod common;

use std::collections::BTreeSet;

use common::browser::{Browser, runtime};
use common::checks::{axe_every_page, broken_links, every_page, internal_path, nu_check};
use common::preview::Preview;
use common::{attribute_values, build_portal, portal_copy};

#[test]
fn every_page_passes_the_nu_html_checker() {
    let (dir, public, _) = build_portal();
    let Some(errors) = nu_check(&public, dir.path()) else {
        return;
    };
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

/// axe-core with WCAG 2.1 A and AA and its best-practice rules (landmarks, headings, regions)
/// on every page, in one browser.
#[test]
fn every_page_passes_axe_with_best_practices() {
    let (_dir, public, _) = build_portal();
    let pages = every_page(&public);
    assert!(pages.len() > 100, "{} pages", pages.len());
    let site = portal_copy();
    let Some(violations) = axe_every_page(site.path(), "2026-11-26", &pages) else {
        return;
    };
    assert!(
        violations.is_empty(),
        "{} violations:\n{}",
        violations.len(),
        violations.join("\n")
    );
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let (_dir, public, _) = build_portal();
    let (links, broken) = broken_links(&public, "https://provincecomuni.example");
    assert!(
        links > 1000,
        "only {links} links found: the scanner is broken"
    );
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// The home page and everything it loads (stylesheets, scripts, fonts), compressed as a web
/// server would send it, stays under 150 KB: the portal must be fast on a phone.
#[test]
fn home_page_weighs_under_150_kb_transferred() {
    let (_dir, public, _) = build_portal();
    let base = "https://provincecomuni.example";
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    let mut resources: BTreeSet<String> = BTreeSet::new();
    for target in attribute_values(&home, "href")
        .into_iter()
        .chain(attribute_values(&home, "src"))
    {
        let Some(path) = internal_path(&target, base) else {
            continue;
        };
        if path.ends_with(".css") || path.ends_with(".js") {
            resources.insert(path.trim_start_matches('/').to_owned());
        }
    }
    // Fonts and pictures the stylesheets load (all of them, as if every weight were used).
    for stylesheet in resources.clone().iter().filter(|r| r.ends_with(".css")) {
        let css = std::fs::read_to_string(public.join(stylesheet)).unwrap();
        let folder = std::path::Path::new(stylesheet)
            .parent()
            .unwrap()
            .to_path_buf();
        for url in css
            .split("url(")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
        {
            let url = url.trim_matches(['"', '\'', ' ']);
            let resolved = normalise(&folder.join(url));
            resources.insert(resolved);
        }
    }
    let gzip = |bytes: &[u8]| -> usize {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap().len()
    };
    let mut total = gzip(home.as_bytes());
    let mut listing = vec![format!("index.html: {total} B")];
    for resource in &resources {
        let bytes = std::fs::read(public.join(resource))
            .unwrap_or_else(|_| panic!("{resource} is missing"));
        let already_compressed = resource.ends_with(".woff2")
            || resource.ends_with(".png")
            || resource.ends_with(".jpg");
        let size = if already_compressed {
            bytes.len()
        } else {
            gzip(&bytes)
        };
        listing.push(format!("{resource}: {size} B"));
        total += size;
    }
    eprintln!("home page transfer: {total} bytes\n{}", listing.join("\n"));
    assert!(
        resources.iter().any(|r| r.ends_with(".woff2")),
        "the fonts were not found: {listing:?}"
    );
    assert!(
        total < 150_000,
        "the home page weighs {total} bytes:\n{}",
        listing.join("\n")
    );
}

/// `css/../fonts/a.woff2` → `fonts/a.woff2`.
fn normalise(path: &std::path::Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// The portal on a 390×844 phone: the first content heading on the first screen, nothing wider
/// than the screen, a folded main menu that opens, the progress matrix stacked with its whole
/// caption, the month grid as a list of days with readable events, and today marked in words.
/// On a 1280 px screen the menu is open without a click.
#[test]
fn the_portal_fits_a_phone() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = portal_copy();
    let preview = Preview::start_on(site.path(), "2026-11-26");
    runtime().block_on(async {
        let client = browser.session().await;
        let eval = |source: &'static str| {
            let client = &client;
            async move { client.execute(source, Vec::new()).await.unwrap() }
        };
        client.set_window_size(390, 844).await.unwrap();
        for page in [
            "/",
            "/province/",
            "/province/torino/",
            "/calendario/",
            "/calendario/2026/03/",
            "/percorso/",
            "/archivio/torino/",
        ] {
            client.goto(&preview.url(page)).await.unwrap();
            let layout = eval(
                "const h1 = document.querySelector('main h1');
                 return [innerWidth, h1.getBoundingClientRect().top + scrollY,
                         document.documentElement.scrollWidth];",
            )
            .await;
            assert_eq!(layout[0], 390, "{page}: the viewport is not a phone's");
            let top = layout[1].as_f64().unwrap();
            assert!(top < 400.0, "{page}: the <h1> starts at {top} px");
            assert!(layout[2].as_f64().unwrap() <= 390.0, "{page} is wider than the phone: {layout:?}");
        }

        // The menu is folded, and opens with a tap on "Menu".
        let menu_shown = "return [...document.querySelectorAll('.main-nav li a')].every(a => a.checkVisibility());";
        assert_eq!(eval(menu_shown).await, false, "the menu is not folded");
        client
            .find(fantoccini::Locator::Css(".main-menu summary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        assert_eq!(eval(menu_shown).await, true, "the menu does not open");

        // The calendar: the month's days with events, readable; today in words and outlined.
        client.goto(&preview.url("/calendario/")).await.unwrap();
        let calendar = eval(
            "const cells = [...document.querySelectorAll('.month-grid td')].filter(c => c.checkVisibility());
             const events = [...document.querySelectorAll('.month-grid .day-event')];
             const today = document.querySelector('.month-grid td[aria-current=date]');
             return [cells.length, cells.every(c => c.querySelector('.day-event') || c === today),
                     Math.min(...events.map(e => e.getBoundingClientRect().width)),
                     today.innerText, getComputedStyle(today).outlineStyle];",
        )
        .await;
        assert!(calendar[0].as_u64().unwrap() >= 2, "{calendar:?}");
        assert_eq!(calendar[1], true, "a day without events is listed: {calendar:?}");
        assert!(calendar[2].as_f64().unwrap() > 100.0, "events are dots: {calendar:?}");
        assert!(calendar[3].as_str().unwrap().contains("oggi"), "{calendar:?}");
        assert_eq!(calendar[4], "solid", "{calendar:?}");

        // The progress matrix: every cell and the caption within the screen.
        client.goto(&preview.url("/province/")).await.unwrap();
        let overflow = eval(
            "const parts = [...document.querySelectorAll('.matrix caption, .matrix td, .matrix th[scope=row]')];
             return parts.filter(p => p.getBoundingClientRect().right > innerWidth + 0.5).map(p => p.textContent);",
        )
        .await;
        assert_eq!(overflow, serde_json::json!([]), "cut off on a phone");

        client.set_window_size(1280, 1024).await.unwrap();
        client.goto(&preview.url("/")).await.unwrap();
        assert_eq!(eval(menu_shown).await, true, "the menu is folded on a wide screen");
        client.close().await.unwrap();
    });
}

/// Every page declares the SVG favicon and its PNG fallback, and the PNG is a real 180×180 image
/// with transparency (made by tools/favicon-png.sh from the SVG).
#[test]
fn the_favicon_has_a_png_fallback() {
    let (_dir, public, _) = build_portal();
    let html = std::fs::read_to_string(public.join("index.html")).unwrap();
    let hrefs = attribute_values(&html, "href");
    for icon in ["img/favicon.svg", "img/favicon.png"] {
        assert!(
            hrefs.iter().any(|h| h.ends_with(icon)),
            "{icon} is not declared"
        );
    }
    let png = std::fs::read(public.join("img/favicon.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (180, 180));
    assert_eq!(png[25], 6, "RGBA: the rounded corners stay transparent");
}
