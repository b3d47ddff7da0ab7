//! `portico serve` end to end: the HTTP surface against raw requests, and live reload in a real
//! headless Chromium (Debian's chromium + chromium-driver) driven through WebDriver.

mod common;

use common::browser::{Browser, wait_until};
use common::fixture_copy;
use common::preview::Preview;
use std::time::Duration;

#[test]
fn preview_serves_only_the_built_site_with_the_right_types() {
    let (_dir, root) = fixture_copy("programme");
    // A symlink in static/ pointing outside the site must never be served.
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", root.join("static/passwd")).unwrap();
    let preview = Preview::start(&root);

    assert!(preview.get("/").0.contains("200"));
    for attack in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/etc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/passwd",
        "http://127.0.0.1/../../etc/passwd",
    ] {
        let (status, body) = preview.get(attack);
        assert!(!body.contains("root:x:0:0"), "{attack} leaked /etc/passwd");
        assert!(
            status.contains("400") || status.contains("404"),
            "{attack}: {status}"
        );
    }
    let (status, _) =
        preview.raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert!(status.contains("405"), "{status}");
    let (status, _) = preview.raw("DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(status.contains("405"), "{status}");
    let (status, body) = preview.get("/non-esiste/");
    assert!(status.contains("404"));
    assert!(
        body.contains("Non trovata"),
        "the site's 404.html is served"
    );

    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        ("/calendario/calendario.ics", "text/calendar; charset=utf-8"),
        ("/archivio/atom.xml", "application/atom+xml; charset=utf-8"),
        (
            "/archivio/monza-e-della-brianza/project-work.pdf",
            "application/pdf",
        ),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
    ] {
        assert_eq!(preview.header(path, "content-type"), expected, "{path}");
    }
    // The preview never writes the output folder.
    assert!(!root.join("public").exists());
}

#[test]
fn live_reload_follows_edits_in_a_real_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let (_dir, root) = fixture_copy("programme");
    let preview = Preview::start(&root);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = browser.session().await;
        let source = || async { client.source().await.unwrap_or_default() };

        // 1. Markdown: the home page follows an edit of content/_index.md.
        client.goto(&preview.url("/")).await.unwrap();
        wait_until("the home page", || async {
            source().await.contains("Programma di prova")
        })
        .await;
        let home = root.join("content/_index.md");
        let text = std::fs::read_to_string(&home).unwrap();
        std::fs::write(&home, format!("{text}\nUn paragrafo scritto dal test.\n")).unwrap();
        wait_until("the Markdown edit", || async {
            source().await.contains("Un paragrafo scritto dal test.")
        })
        .await;

        // 2. Data: a Province page follows an edit of its YAML file.
        client
            .goto(&preview.url("/province/monza-e-della-brianza/"))
            .await
            .unwrap();
        let province = root.join("data/provinces/MB.yaml");
        let original = std::fs::read_to_string(&province).unwrap();
        std::fs::write(
            &province,
            original.replace("Servizio personale", "Ufficio del test"),
        )
        .unwrap();
        wait_until("the data edit", || async {
            source().await.contains("Ufficio del test")
        })
        .await;

        // 3. Template: the page follows an edit of templates/province.html.
        let template = root.join("templates/province.html");
        let text = std::fs::read_to_string(&template).unwrap();
        std::fs::write(
            &template,
            text.replace(
                "<p>Gruppo:",
                "<p id=\"marcatore\">Modello cambiato</p><p>Gruppo:",
            ),
        )
        .unwrap();
        wait_until("the template edit", || async {
            source().await.contains("Modello cambiato")
        })
        .await;

        // 4. Invalid YAML: the overlay shows the file and the line.
        std::fs::write(&province, "sigla: MB\ngroup: [nord\n").unwrap();
        wait_until("the error overlay", || async {
            let text = source().await;
            text.contains("portico-error-overlay")
                && text.contains("File data/provinces/MB.yaml, riga 2")
        })
        .await;

        // 5. Fixing the file removes the overlay and shows the page again.
        std::fs::write(&province, original).unwrap();
        wait_until("the overlay to go", || async {
            let text = source().await;
            !text.contains("portico-error-overlay") && text.contains("Servizio personale")
        })
        .await;
        client.close().await.unwrap();
    });
    let log = preview.log.lock().unwrap().join("\n");
    assert!(log.contains("changed"), "{log}");
}

/// Under load from `wrk` for 30 seconds while a file keeps changing, with slow clients that
/// never finish their request and a client sending oversized headers, the preview answers every
/// request and keeps answering. Loopback only, bounded in time.
#[test]
fn preview_holds_load_while_files_change() {
    let wrk = std::path::Path::new("/usr/bin/wrk");
    if !wrk.exists() {
        common::skip_without("/usr/bin/wrk", "apt-get install wrk");
        return;
    }
    let (_dir, root) = fixture_copy("programme");
    let preview = Preview::start(&root);

    // Slow clients: requests that never end must not hold the server.
    let slow: Vec<std::net::TcpStream> = (0..50)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(&preview.address).unwrap();
            use std::io::Write;
            stream.write_all(b"GET / HTTP/1.1\r\nHost: ").unwrap();
            stream
        })
        .collect();
    // Oversized headers are refused, not buffered.
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    let (status, _) = preview.raw(&huge);
    assert!(
        !status.contains("200"),
        "an oversized request was served: {status}"
    );

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let stop = std::sync::Arc::clone(&stop);
        let home = root.join("content/_index.md");
        let original = std::fs::read_to_string(&home).unwrap();
        std::thread::spawn(move || {
            let mut edits = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::fs::write(&home, format!("{original}\nModifica {edits}.\n")).unwrap();
                edits += 1;
                std::thread::sleep(std::time::Duration::from_millis(400));
            }
            edits
        })
    };
    let output = std::process::Command::new(wrk)
        .args(["-t2", "-c16", "-d30s", "--timeout", "5s"])
        .arg(preview.url("/province/monza-e-della-brianza/"))
        .output()
        .unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let edits = editor.join().unwrap();
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    eprintln!("wrk, 30 s, 16 connections, {edits} edits meanwhile:\n{report}");
    assert!(output.status.success(), "{report}");
    assert!(!report.contains("Socket errors"), "{report}");
    assert!(!report.contains("Non-2xx"), "{report}");
    assert!(report.contains("Requests/sec"), "{report}");
    assert!(edits > 20);
    // Still answering, with the slow clients still connected.
    assert!(preview.get("/").0.contains("200"));
    drop(slow);
}

/// Ten tabs on ten pages share one event stream: over HTTP/1.1 a browser opens six connections
/// per host, so a stream per tab would leave the seventh tab loading forever. An edit of one
/// page reloads that tab only, and every tab can still navigate and fetch.
#[test]
fn live_reload_serves_ten_tabs_and_reloads_only_the_edited_one() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let (_dir, root) = fixture_copy("programme");
    let preview = Preview::start(&root);
    let pages = [
        "/",
        "/archivio/",
        "/calendario/",
        "/province/",
        "/province/bari/",
        "/province/forli-cesena/",
        "/province/monza-e-della-brianza/",
        "/calendario/tipo/webinar/",
        "/archivio/anno/2026/",
        "/calendario/gruppo/nord/",
    ];
    common::browser::runtime().block_on(async {
        let client = browser.session().await;
        // A starved tab shows as a navigation that never ends: fail in seconds, not minutes.
        let timeouts = fantoccini::wd::TimeoutConfiguration::new(
            Some(std::time::Duration::from_secs(20)),
            Some(std::time::Duration::from_secs(20)),
            None,
        );
        client.update_timeouts(timeouts).await.unwrap();
        let mut tabs = Vec::new();
        for (index, page) in pages.iter().enumerate() {
            if index > 0 {
                let tab = client.new_window(true).await.unwrap();
                client.switch_to_window(tab.handle).await.unwrap();
            }
            client.goto(&preview.url(page)).await.unwrap();
            // A mark that only this load of the page carries: a reload drops it.
            client
                .execute("window.porticoMark = true;", Vec::new())
                .await
                .unwrap();
            tabs.push(client.window().await.unwrap());
        }
        let marked = |tab: fantoccini::wd::WindowHandle| {
            let client = &client;
            async move {
                client.switch_to_window(tab).await.unwrap();
                let mark = client
                    .execute("return window.porticoMark === true;", Vec::new())
                    .await
                    .unwrap();
                mark.as_bool().unwrap_or(false)
            }
        };

        let home = root.join("content/_index.md");
        let text = std::fs::read_to_string(&home).unwrap();
        std::fs::write(&home, format!("{text}\nScritto con dieci schede aperte.\n")).unwrap();
        wait_until("the edited tab to reload", || async {
            !marked(tabs[0].clone()).await
                && client
                    .source()
                    .await
                    .unwrap_or_default()
                    .contains("Scritto con dieci schede aperte.")
        })
        .await;
        for (tab, page) in tabs.iter().zip(pages).skip(1) {
            assert!(
                marked(tab.clone()).await,
                "{page} reloaded, but it did not change"
            );
        }
        for (tab, page) in tabs.iter().zip(pages) {
            client.switch_to_window(tab.clone()).await.unwrap();
            let status = client
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     fetch('/sitemap.xml').then(r => done(r.status)).catch(e => done(String(e)));",
                    Vec::new(),
                )
                .await
                .unwrap();
            assert_eq!(status, 200, "{page} cannot fetch");
            client.goto(&preview.url("/archivio/")).await.unwrap();
            let title = client.title().await.unwrap();
            assert!(!title.is_empty(), "{page} cannot navigate");
        }
        client.close().await.unwrap();
    });
}

/// The error overlay on a 390 px window: it takes focus, has a label and a close button, says in
/// Italian where the problem is, keeps the caret under its column, passes axe-core, and gives
/// focus back when Escape or "Chiudi" closes it.
#[test]
fn the_error_overlay_is_an_accessible_dialog() {
    let Some((browser, axe)) = Browser::with_axe() else {
        return;
    };
    let (_dir, root) = fixture_copy("programme");
    let preview = Preview::start(&root);
    let province = root.join("data/provinces/MB.yaml");
    let original = std::fs::read_to_string(&province).unwrap();
    common::browser::runtime().block_on(async {
        let client = browser.session().await;
        client.set_window_size(390, 844).await.unwrap();
        client
            .goto(&preview.url("/province/monza-e-della-brianza/"))
            .await
            .unwrap();
        let script = |source: &'static str| {
            let client = &client;
            async move { client.execute(source, Vec::new()).await.unwrap() }
        };
        let focus_a_link =
            "const a = document.querySelector('a[href]'); a.id = 'fuoco'; a.focus();";
        let overlay_open = || async {
            script("return !!document.getElementById('portico-error-overlay');")
                .await
                .as_bool()
                == Some(true)
        };
        script(focus_a_link).await;

        // A line longer than the window: wrapping it would move the caret off its column.
        let long = "x".repeat(120);
        std::fs::write(&province, format!("sigla: MB\nnotes: '{long}' dopo\n")).unwrap();
        wait_until("the error overlay", overlay_open).await;
        let facts = script(
            "const o = document.getElementById('portico-error-overlay');
             const label = document.getElementById(o.getAttribute('aria-labelledby'));
             return [o.getAttribute('role'), label ? label.textContent : '',
                     o.contains(document.activeElement), document.activeElement.textContent,
                     o.innerText];",
        )
        .await;
        assert_eq!(facts[0], "alertdialog");
        assert_eq!(facts[1], "La build non è riuscita");
        assert_eq!(facts[2], true, "focus is inside the overlay");
        assert_eq!(facts[3], "Chiudi");
        let text = facts[4].as_str().unwrap();
        assert!(
            text.contains("File data/provinces/MB.yaml, riga 2, colonna 129"),
            "{text}"
        );
        assert!(text.contains("C'è un problema da correggere"), "{text}");

        // The caret sits exactly under the character it points at, one line below it.
        let geometry = script(
            "const pre = document.querySelector('#portico-error-overlay pre');
             const node = pre.firstChild;
             const lines = node.data.split('\\n');
             const caretLine = lines.findIndex(l => /\\|\\s*\\^/.test(l));
             const start = i => lines.slice(0, i).reduce((n, l) => n + l.length + 1, 0);
             const column = lines[caretLine].indexOf('^');
             const box = (line) => {
               const r = document.createRange();
               r.setStart(node, start(line) + column); r.setEnd(node, start(line) + column + 1);
               return r.getBoundingClientRect();
             };
             const target = box(caretLine - 1), caret = box(caretLine);
             return [Math.abs(target.left - caret.left), caret.top - target.top,
                     parseFloat(getComputedStyle(pre).lineHeight),
                     pre.scrollWidth > pre.clientWidth];",
        )
        .await;
        assert!(geometry[0].as_f64().unwrap() < 0.5, "{geometry:?}");
        let (step, line) = (geometry[1].as_f64().unwrap(), geometry[2].as_f64().unwrap());
        assert!((step - line).abs() < 1.0, "the line wrapped: {geometry:?}");
        assert_eq!(geometry[3], true, "the long line scrolls sideways");
        let violations = common::browser::axe_violations(&client, &axe).await;
        assert!(violations.is_empty(), "{violations:#?}");

        // Escape closes it and focus goes back to the link.
        let key = fantoccini::key::Key::Escape.to_string();
        client
            .active_element()
            .await
            .unwrap()
            .send_keys(&key)
            .await
            .unwrap();
        assert!(!overlay_open().await);
        assert_eq!(script("return document.activeElement.id;").await, "fuoco");

        // A new error opens it again; "Chiudi" closes it.
        std::fs::write(&province, "sigla: MB\ngroup: [sud\n").unwrap();
        wait_until("the overlay again", overlay_open).await;
        client
            .active_element()
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        assert!(!overlay_open().await);
        assert_eq!(script("return document.activeElement.id;").await, "fuoco");

        // A common diagnostic is worded in Italian, the terminal's English beside it.
        std::fs::write(&province, original.replacen("group:", "gruppo:", 1)).unwrap();
        wait_until("the overlay in Italian", overlay_open).await;
        let text =
            script("return document.getElementById('portico-error-overlay').innerText;").await;
        let text = text.as_str().unwrap();
        assert!(
            text.contains("Errore: chiave sconosciuta `gruppo`"),
            "{text}"
        );
        assert!(text.contains("(unknown key `gruppo`)"), "{text}");
        client.close().await.unwrap();
    });
    std::fs::write(&province, original).unwrap();
}

/// Waits until a line of the preview's log contains `text`, and returns how many lines it has.
fn wait_for_log(preview: &Preview, text: &str, after: usize) -> usize {
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        let log = preview.log.lock().unwrap().clone();
        if log.iter().skip(after).any(|line| line.contains(text)) {
            return log.len();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no `{text}` in the log: {log:#?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_edited_page_shown_first_is_taken_back_when_its_lists_fail() {
    let site = common::portal_copy();
    let root = site.path();
    // A list template that fails on one title: the page itself renders, its list does not.
    let section = root.join("themes/italia/templates/section.html");
    let loop_start = "{% for item in section.pages %}";
    let text = std::fs::read_to_string(&section).unwrap();
    let failing = format!(
        "{loop_start}{{% if item.title is containing(\"ROTTO\") %}}{{{{ variabile_inesistente }}}}{{% endif %}}"
    );
    std::fs::write(&section, text.replacen(loop_start, &failing, 1)).unwrap();
    let preview = Preview::start_on(root, "2026-11-26");
    let page = root.join("content/avvisi/webinar-di-lancio.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let url = "/avvisi/webinar-di-lancio/";

    std::fs::write(&page, original.replacen("title: ", "title: Ora ", 1)).unwrap();
    let seen = wait_for_log(&preview, "Page shown in", 0);
    let seen = wait_for_log(&preview, "outputs rendered", seen);
    assert!(preview.get(url).1.contains("Ora Webinar di lancio"));

    std::fs::write(&page, original.replacen("title: ", "title: ROTTO ", 1)).unwrap();
    let seen = wait_for_log(&preview, "Page shown in", seen);
    wait_for_log(&preview, "variabile_inesistente", seen);
    let body = preview.get(url).1;
    assert!(
        body.contains("Ora Webinar di lancio") && !body.contains("ROTTO"),
        "the last good page is served again"
    );
}
