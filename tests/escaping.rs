//! Editors' text is text: HTML and script payloads in every text field of data records and
//! front matter appear as text in every page, feed, calendar, JSON and CSV, never as markup.

mod common;

use common::{build_with_cli, fixture_copy, tree};

const PAYLOAD: &str = r#"<script>alert(1)</script>"><img src=x onerror=alert(2)>"#;

/// The payload as a double-quoted YAML string.
fn yaml(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn payloads_in_every_text_field_stay_text_in_every_output() {
    let (_dir, root) = fixture_copy("programme");
    let p = yaml(PAYLOAD);
    let write = |path: &str, text: String| std::fs::write(root.join(path), text).unwrap();
    write(
        "data/groups.yaml",
        format!(
            "groups:\n  - id: nord\n    name: {p}\n    description: {p}\n  - id: sud\n    name: Sud\n"
        ),
    );
    write(
        "data/provinces/MB.yaml",
        format!(
            "sigla: MB\ngroup: nord\nreferents:\n  - role: {p}\n    name: {p}\n    office: {p}\nteam:\n  - role: {p}\ncomuni: [\"108033\"]\nnotes: {p}\n"
        ),
    );
    let events = std::fs::read_to_string(root.join("data/events.yaml"))
        .unwrap()
        .replace("    step: kick-off\n    group: nord\n", &format!("    step: kick-off\n    group: nord\n    title: {p}\n    notes: {p}\n    platform: {p}\n    location: {p}\n"));
    write("data/events.yaml", events);
    let work = std::fs::read_to_string(root.join("data/project-works/MB/project-work.yaml"))
        .unwrap()
        .replace(
            "title: Un servizio associato per il personale dei Comuni brianzoli",
            &format!("title: {p}"),
        )
        .replace(
            "abstract: Il progetto descrive il servizio associato.",
            &format!("abstract: {p}"),
        )
        .replace(
            "keywords: [personale, servizi associati]",
            &format!("keywords: [{p}]"),
        )
        .replace("  - title: Project work", &format!("  - title: {p}"));
    write("data/project-works/MB/project-work.yaml", work);
    write(
        "content/avviso.md",
        format!(
            "---\ntitle: {p}\ndescription: {p}\ndate: 2026-01-10\nextra:\n  nota: {p}\n---\n{PAYLOAD}\n\n[x](javascript:alert(3))\n"
        ),
    );

    build_with_cli(&root);
    let outputs = tree(&root.join("public"));
    let mut checked = 0;
    for (path, bytes) in &outputs {
        let text = String::from_utf8_lossy(bytes);
        let markup = path.ends_with(".html") || path.ends_with(".xml");
        if markup {
            assert!(
                !text.contains("<script>alert"),
                "{path} carries a live <script>"
            );
            assert!(!text.contains("<img src=x"), "{path} carries a live <img>");
            let lower = text.to_lowercase();
            assert!(
                !lower.contains("href=\"javascript:") && !lower.contains("href=javascript:"),
                "{path} carries a javascript: link"
            );
        }
        if path.ends_with(".csv") {
            for line in text.lines() {
                assert!(
                    !line.split(',').any(|cell| cell.starts_with('=')),
                    "{path}: formula cell in {line}"
                );
            }
        }
        if text.contains("alert(1)") {
            checked += 1;
        }
    }
    // The payload is shown (escaped) in many outputs, not silently dropped.
    assert!(checked > 10, "the payload reached only {checked} outputs");
    let province =
        String::from_utf8_lossy(&outputs["province/monza-e-della-brianza/index.html"]).into_owned();
    assert!(province.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let feed = String::from_utf8_lossy(&outputs["calendario/calendario.ics"]).into_owned();
    assert!(
        feed.contains("<script>alert(1)</script>\\\"><img src=x onerror=alert(2)>")
            || feed.contains("alert(1)")
    );
    let json: serde_json::Value =
        serde_json::from_slice(&outputs["opendata/project-work.json"]).unwrap();
    assert_eq!(
        json["project_work"][0]["titolo"], PAYLOAD,
        "JSON keeps the text exactly"
    );
}
