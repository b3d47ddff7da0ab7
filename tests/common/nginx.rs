//! Debian's nginx running the shipped deploy/nginx.conf, unprivileged, on loopback: its own
//! prefix, pid, logs and temporary folders in a temporary folder.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NGINX: &str = "/usr/sbin/nginx";

/// A running nginx; stopped when dropped.
pub struct Nginx {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl Nginx {
    /// Serves `www` on 127.0.0.1:`port` with the shipped configuration, the site being at
    /// `prefix` (`""` or `/portale`) inside `www`. `None` (with a message) where nginx is not
    /// installed; on CI that is a failure: `.ci/run` installs it.
    pub fn start(www: &Path, prefix: &str, port: u16) -> Option<Nginx> {
        if !Path::new(NGINX).exists() {
            super::skip_without(NGINX, "apt-get install nginx");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let shipped =
            std::fs::read_to_string(super::repo_root().join("deploy/nginx.conf")).unwrap();
        let site = dir.path().join("site.conf");
        std::fs::write(&site, adapt(&shipped, www, prefix, port)).unwrap();
        let main = dir.path().join("nginx.conf");
        std::fs::write(&main, main_config(dir.path(), &site)).unwrap();
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&main)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let nginx = Nginx { child, port, dir };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "nginx did not start: {}",
                nginx.error_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(nginx)
    }

    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The shipped configuration with only its root, port and the site's prefix changed. Each
/// replaced directive must be found: a changed configuration fails here, not silently.
fn adapt(shipped: &str, www: &Path, prefix: &str, port: u16) -> String {
    let site = www.join(prefix.trim_start_matches('/'));
    let replacements: [(&str, String); 5] = [
        (
            "root /srv/portico/public;",
            format!("root {};", www.display()),
        ),
        (
            "include /srv/portico/public/nginx-redirects.map;",
            format!("include {};", site.join("nginx-redirects.map").display()),
        ),
        ("listen 80;", format!("listen 127.0.0.1:{port};")),
        ("listen [::]:80;", String::new()),
        (
            "error_page 404 /404.html;",
            format!("error_page 404 {prefix}/404.html;"),
        ),
    ];
    let mut adapted = shipped.to_owned();
    for (from, to) in replacements {
        assert!(adapted.contains(from), "deploy/nginx.conf has no `{from}`");
        adapted = adapted.replacen(from, &to, 1);
    }
    adapted
}

/// The main configuration a test runs: one process in the foreground, every path of its own
/// inside `dir`, and the shipped server block included in `http`.
fn main_config(dir: &Path, site: &Path) -> String {
    let dir = dir.display();
    format!(
        "daemon off;\nmaster_process off;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log warn;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {dir}/body;\n  proxy_temp_path {dir}/proxy;\n\
         fastcgi_temp_path {dir}/fastcgi;\n  uwsgi_temp_path {dir}/uwsgi;\n  scgi_temp_path {dir}/scgi;\n\
         include {};\n}}\n",
        site.display()
    )
}
