//! The preview's HTTP side: GET and HEAD only, paths resolved against the in-memory build (never
//! the disk tree, so `..`, encoded traversals and symlinks cannot reach anything else), correct
//! content types, `404.html` for missing pages, and the live-reload script injected into HTML.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::{Either, Full};
use hyper::body::{Body, Frame, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use tokio::sync::mpsc;

use super::State;
use super::store::Served;

/// Where the browser script and the event stream live; no site file can have these paths.
pub const RELOAD_SCRIPT_PATH: &str = "/__portico/livereload.js";
pub const EVENTS_PATH: &str = "/__portico/events";
const RELOAD_SCRIPT: &str = include_str!("livereload.js");

pub type ResponseBody = Either<Full<Bytes>, EventStream>;

/// Answers one request.
pub async fn handle(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<ResponseBody>, Infallible> {
    let head_only = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head_only {
        let mut response = text(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are allowed\n",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("GET, HEAD"));
        return Ok(response);
    }
    let path = request.uri().path();
    if path == EVENTS_PATH {
        return Ok(event_stream(&state));
    }
    if path == RELOAD_SCRIPT_PATH {
        return Ok(with_body(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            Bytes::from_static(RELOAD_SCRIPT.as_bytes()),
            head_only,
        ));
    }
    let Some(output_path) = output_path(path) else {
        return Ok(text(StatusCode::BAD_REQUEST, "bad path\n"));
    };
    let store = Arc::clone(&*state.store.read().await);
    if let Some(served) = store.get(&output_path) {
        return Ok(serve(&output_path, served.clone(), StatusCode::OK, head_only).await);
    }
    // `/avvisi` → `/avvisi/`: tell the browser, so that relative links resolve.
    let folder_index = format!("{output_path}/index.html");
    if !output_path.ends_with("index.html") && store.get(&folder_index).is_some() {
        let mut response = text(StatusCode::MOVED_PERMANENTLY, "");
        let location = format!("{}/", path.trim_end_matches('/'));
        if let Ok(value) = header::HeaderValue::from_str(&location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        return Ok(response);
    }
    match store.get("404.html") {
        Some(page) => Ok(serve("404.html", page.clone(), StatusCode::NOT_FOUND, head_only).await),
        None => Ok(text(StatusCode::NOT_FOUND, "not found\n")),
    }
}

/// The output file a URL path names, or `None` when the path is not a plain path inside the
/// site: `..` or `.` segments (also percent-encoded, once or twice), backslashes, NUL bytes.
pub fn output_path(url_path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?
        .into_owned();
    // A second decoding would be a bug of ours, not a feature: refuse what still looks encoded.
    if decoded.contains('%')
        && percent_encoding::percent_decode_str(&decoded)
            .decode_utf8()
            .ok()?
            != decoded
    {
        return None;
    }
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0']) {
        return None;
    }
    let relative = decoded.trim_start_matches('/');
    if relative
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    if relative.is_empty() || relative.ends_with('/') {
        Some(format!("{relative}index.html"))
    } else {
        Some(relative.to_owned())
    }
}

async fn serve(
    output_path: &str,
    served: Served,
    status: StatusCode,
    head_only: bool,
) -> Response<ResponseBody> {
    let bytes = match served {
        Served::Bytes(bytes) => bytes,
        Served::File(path, _) => match tokio::fs::read(&path).await {
            Ok(bytes) => Bytes::from(bytes),
            Err(_) => return text(StatusCode::NOT_FOUND, "not found\n"),
        },
    };
    let content_type = content_type(output_path);
    let bytes = if content_type.starts_with("text/html") {
        inject_reload_script(&bytes)
    } else {
        bytes
    };
    with_body(status, content_type, bytes, head_only)
}

/// Adds the live-reload script before `</body>` (or at the end).
fn inject_reload_script(html: &Bytes) -> Bytes {
    let tag = format!(r#"<script src="{RELOAD_SCRIPT_PATH}" defer></script>"#);
    let text = String::from_utf8_lossy(html);
    let injected = match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]),
        None => format!("{text}{tag}"),
    };
    Bytes::from(injected)
}

/// The media type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or_default();
    let file_name = path.rsplit('/').next().unwrap_or_default();
    if file_name == "atom.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    match extension {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "ttl" => "text/turtle; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

fn with_body(
    status: StatusCode,
    content_type: &'static str,
    bytes: Bytes,
    head_only: bool,
) -> Response<ResponseBody> {
    let length = bytes.len();
    let body = if head_only { Bytes::new() } else { bytes };
    let mut response = Response::new(Either::Left(Full::new(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        "x-content-type-options",
        header::HeaderValue::from_static("nosniff"),
    );
    if let Ok(value) = header::HeaderValue::from_str(&length.to_string()) {
        headers.insert(header::CONTENT_LENGTH, value);
    }
    response
}

fn text(status: StatusCode, message: &'static str) -> Response<ResponseBody> {
    with_body(
        status,
        "text/plain; charset=utf-8",
        Bytes::from_static(message.as_bytes()),
        false,
    )
}

/// A server-sent events stream: the browser keeps it open and receives reload and error
/// messages as they happen.
pub struct EventStream {
    receiver: mpsc::Receiver<Bytes>,
}

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.receiver
            .poll_recv(context)
            .map(|message| message.map(|bytes| Ok(Frame::data(bytes))))
    }
}

fn event_stream(state: &State) -> Response<ResponseBody> {
    let receiver = state.clients.subscribe(state.current_status_message());
    let mut response = Response::new(Either::Right(EventStream { receiver }));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_map_to_output_files() {
        assert_eq!(output_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            output_path("/avvisi/").as_deref(),
            Some("avvisi/index.html")
        );
        assert_eq!(output_path("/css/a.css").as_deref(), Some("css/a.css"));
        assert_eq!(
            output_path("/citt%C3%A0/").as_deref(),
            Some("città/index.html")
        );
    }

    #[test]
    fn traversal_in_any_encoding_is_refused() {
        for attack in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/..%5cetc%5cpasswd",
            "/a\\..\\b",
            "/a%00b",
            "/./index.html",
        ] {
            assert_eq!(output_path(attack), None, "{attack}");
        }
    }

    proptest::proptest! {
        /// Whatever a client sends, the resolved path stays inside the build.
        #[test]
        fn resolved_paths_never_climb(path in "(/|%2e|%2f|%5c|\\.|\\.\\.|[a-z]|%25|/)*") {
            if let Some(resolved) = output_path(&format!("/{path}")) {
                proptest::prop_assert!(!resolved.split('/').any(|segment| segment == ".." || segment == "."));
                proptest::prop_assert!(!resolved.starts_with('/') && !resolved.contains('\\'));
            }
        }
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(
            content_type("calendario/calendario.ics"),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(
            content_type("avvisi/atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(content_type("a/b.pdf"), "application/pdf");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
    }

    #[test]
    fn the_reload_script_goes_before_the_body_end() {
        let html = Bytes::from_static(b"<html><body><p>x</p></body></html>");
        let injected = inject_reload_script(&html);
        assert!(
            String::from_utf8_lossy(&injected).ends_with(
                r#"<script src="/__portico/livereload.js" defer></script></body></html>"#
            )
        );
    }
}
