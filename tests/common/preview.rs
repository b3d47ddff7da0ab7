//! A running `portico serve` for tests, and raw HTTP requests to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running `portico serve`, stopped when dropped.
pub struct Preview {
    child: Child,
    pub address: String,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Preview {
    /// Serves `root` as it would be on 15 January 2026.
    pub fn start(root: &Path) -> Preview {
        Preview::start_on(root, "2026-01-15")
    }

    /// Serves `root` as it would be on `date`, with what is dated later too (`--future`: the
    /// fixtures' blogs and works are dated after the dates the tests preview them for).
    pub fn start_on(root: &Path, date: &str) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portico"))
            .args([
                "--root",
                root.to_str().unwrap(),
                "serve",
                "--port",
                "0",
                "--date",
                date,
                "--future",
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

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Sends raw bytes and returns the status line and the body.
    pub fn raw(&self, request: &str) -> (String, String) {
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

    pub fn get(&self, path: &str) -> (String, String) {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        ))
    }

    pub fn header(&self, path: &str, name: &str) -> String {
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
