//! Debian's headless Chromium driven through chromedriver, for the browser tests.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running chromedriver and a fresh browser profile; stopped when dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver, or returns `None` (with a message) where Chromium is not installed.
    /// On CI a missing browser is a failure: `.ci/run` installs it.
    pub fn start() -> Option<Browser> {
        let available =
            Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists();
        if !available {
            super::skip_without(
                "/usr/bin/chromium and /usr/bin/chromedriver",
                "apt-get install chromium chromium-driver",
            );
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Browser {
            driver,
            port,
            profile: tempfile::tempdir().unwrap(),
        })
    }

    /// The browser and axe-core's source, or `None` (with a message) where either is missing.
    pub fn with_axe() -> Option<(Browser, String)> {
        let axe = super::tool("axe-core/axe.min.js")?;
        let browser = Browser::start()?;
        Some((browser, std::fs::read_to_string(axe).unwrap()))
    }

    /// A WebDriver session in headless Chromium, with the flags this machine needs (no
    /// sandbox as root, no background network traffic).
    pub async fn session(&self) -> fantoccini::Client {
        let profile: PathBuf = self.profile.path().join("profile");
        let mut capabilities = serde_json::Map::new();
        // The console, for tests that require a page without errors or policy violations.
        capabilities.insert(
            "goog:loggingPrefs".to_owned(),
            serde_json::json!({ "browser": "ALL" }),
        );
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--window-size=1280,1024",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session")
    }
}

impl Browser {
    /// The console messages of `client`'s pages since the last call, as `LEVEL message`
    /// (chromedriver's log endpoint; it clears what it returns).
    pub async fn console(&self, client: &fantoccini::Client) -> Vec<String> {
        let session = client.session_id().await.unwrap().expect("a session");
        let path = format!("/session/{session}/se/log");
        let response = super::http::post_json(self.port, &path, r#"{"type":"browser"}"#);
        assert_eq!(
            response.status,
            200,
            "{}",
            String::from_utf8_lossy(&response.body)
        );
        let log: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        log["value"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|entry| {
                format!(
                    "{} {}",
                    entry["level"].as_str().unwrap_or("?"),
                    entry["message"]
                )
            })
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Waits until `check` holds, polling; panics with `what` after 20 seconds.
pub async fn wait_until<F, Fut>(what: &str, mut check: F)
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

/// A single-threaded tokio runtime for a test's browser session.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Runs axe-core (`axe_source`, its `axe.min.js`) on the page open in `client`, WCAG 2.1 A and
/// AA rules: one line per violation (rule, impact, help, first nodes).
pub async fn axe_violations(client: &fantoccini::Client, axe_source: &str) -> Vec<String> {
    axe_violations_tagged(client, axe_source, WCAG_21_AA).await
}

/// axe-core's tags for WCAG 2.1 A and AA.
pub const WCAG_21_AA: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// As [`axe_violations`], with the rules of the given axe-core tags (e.g. `best-practice`).
pub async fn axe_violations_tagged(
    client: &fantoccini::Client,
    axe_source: &str,
    tags: &[&str],
) -> Vec<String> {
    client
        .execute(axe_source, Vec::new())
        .await
        .expect("axe loads");
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] } })
                .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' → ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![serde_json::json!(tags)],
        )
        .await
        .expect("axe runs");
    result
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect()
}
