//! `portico serve` end to end: the HTTP surface against raw requests, and live reload in a real
//! headless Chromium (Debian's chromium + chromium-driver) driven through WebDriver.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::fixture_copy;

/// A running `portico serve`, stopped when dropped.
struct Preview {
    child: Child,
    address: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Preview {
    fn start(root: &Path) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
            .args([
                "--root",
                root.to_str().unwrap(),
                "serve",
                "--port",
                "0",
                "--date",
                "2026-01-15",
            ])
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (ready, address) = std::sync::mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Anteprima su http://") {
                    let _ = ready.send(rest.split('/').next().unwrap_or_default().to_owned());
                }
                lines.lock().unwrap().push(line);
            }
        });
        let address = address
            .recv_timeout(Duration::from_secs(60))
            .expect("portico serve did not start");
        Preview {
            child,
            address,
            log,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Sends raw bytes and returns the status line and the body.
    fn raw(&self, request: &str) -> (String, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text.lines().next().unwrap_or_default().to_owned();
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_owned())
            .unwrap_or_default();
        (status, body)
    }

    fn get(&self, path: &str) -> (String, String) {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        ))
    }

    fn header(&self, path: &str, name: &str) -> String {
        let (_, _) = self.get(path);
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .write_all(
                format!("HEAD {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
            )
            .unwrap();
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text.lines()
            .find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_owned())
            })
            .unwrap_or_default()
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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

fn browser_available() -> bool {
    Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists()
}

/// Waits until `check` holds, polling; panics with `what` after the time limit.
async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn live_reload_follows_edits_in_a_real_browser() {
    if !browser_available() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: .ci/run installs chromium and chromium-driver"
        );
        eprintln!(
            "skipped: /usr/bin/chromium and /usr/bin/chromedriver are needed (apt-get install chromium chromium-driver)"
        );
        return;
    }
    let (dir, root) = fixture_copy("programme");
    let preview = Preview::start(&root);
    let port = free_port();
    let _driver = Driver(
        Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let profile: PathBuf = dir.path().join("chromium-profile");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        let client = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session");
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
            text.contains("portico-error-overlay") && text.contains("data/provinces/MB.yaml:")
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
