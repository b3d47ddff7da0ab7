//! Tests of the Markdown renderer (kept apart so that markdown.rs stays under 500 lines).

use super::*;

const OPTIONS: MarkdownOptions<'static> = MarkdownOptions {
    base_path: "",
    smart_punctuation: true,
    allow_raw_html: false,
};

fn render_simple(text: &str) -> Rendered {
    let resolve = |path: &str| (path == "percorso.md").then(|| "/percorso/".to_owned());
    let (rendered, broken) = render(text, OPTIONS, &resolve);
    assert!(broken.is_empty(), "{broken:?}");
    rendered
}

#[test]
fn headings_get_unique_ids_and_nest_in_the_toc() {
    let rendered = render_simple("# Fase 3\n## Webinar\n## Webinar\n# Fase 4\n");
    assert!(rendered.html.contains(r#"<h1 id="fase-3">"#));
    assert!(rendered.html.contains(r#"<h2 id="webinar-1">"#));
    assert_eq!(rendered.toc.len(), 2);
    assert_eq!(rendered.toc[0].children.len(), 2);
    assert_eq!(rendered.toc[0].children[1].id, "webinar-1");
}

#[test]
fn explicit_ids_are_kept_and_never_reused() {
    let rendered = render_simple("## Obiettivi\n## Altro {#obiettivi}\n");
    assert!(
        rendered.html.contains(r#"<h2 id="obiettivi-1">Obiettivi"#),
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains(r#"<h2 id="obiettivi">Altro"#));
}

#[test]
fn content_links_resolve_and_are_recorded() {
    let text = "Vedi [il percorso](@/percorso.md#fase-a).";
    let rendered = render_simple(text);
    assert!(rendered.html.contains(r#"href="/percorso/#fase-a""#));
    let link = &rendered.links[0];
    assert_eq!(&text[link.span.clone()], "@/percorso.md#fase-a");
}

#[test]
fn broken_content_link_is_returned_with_its_span() {
    let text = "Vedi [x](@/manca.md).";
    let (_, broken) = render(text, OPTIONS, &|_| None);
    assert_eq!(broken.len(), 1);
    assert_eq!(&text[broken[0].0.clone()], "@/manca.md");
}

#[test]
fn links_from_the_root_get_the_base_path_and_are_still_checked_as_site_paths() {
    let options = MarkdownOptions {
        base_path: "/portale",
        ..OPTIONS
    };
    let text = "[a](/calendario/) [b](//altro.it/) [c](https://e.it/x) ![i](/img/x.png)";
    let (rendered, _) = render(text, options, &|_| None);
    assert!(
        rendered.html.contains("href=\"/portale/calendario/\""),
        "{}",
        rendered.html
    );
    assert!(
        rendered.html.contains("src=\"/portale/img/x.png\""),
        "{}",
        rendered.html
    );
    assert!(rendered.html.contains("href=\"//altro.it/\""));
    assert!(rendered.html.contains("href=\"https://e.it/x\""));
    assert!(matches!(&rendered.links[0].target, LinkTarget::SitePath(p) if p == "/calendario/"));
}

#[test]
fn aligned_table_cells_get_a_class_not_an_inline_style() {
    let rendered = render_simple("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
    assert!(!rendered.html.contains("style="), "{}", rendered.html);
    for side in ["left", "center", "right"] {
        assert!(
            rendered
                .html
                .contains(&format!("<td class=\"align-{side}\">")),
            "{}",
            rendered.html
        );
    }
}

#[test]
fn summary_ends_at_the_marker() {
    let rendered = render_simple("Primo.\n\n<!-- more -->\n\nSecondo.\n");
    assert_eq!(rendered.summary_html.as_deref(), Some("<p>Primo.</p>"));
    assert!(rendered.html.contains("Secondo."));
}

#[test]
fn raw_html_is_shown_as_text_unless_allowed() {
    let rendered = render_simple("<script>alert(1)</script>\n\nTesto <b>x</b>\n");
    assert!(!rendered.html.contains("<script>"));
    assert!(rendered.html.contains("&lt;script&gt;"));
    assert!(rendered.html.contains("&lt;b&gt;"));
    let allowed = MarkdownOptions {
        base_path: "",
        allow_raw_html: true,
        ..OPTIONS
    };
    let (rendered, _) = render("<b>x</b>", allowed, &|_| None);
    assert!(rendered.html.contains("<b>x</b>"));
}

#[test]
fn script_links_lead_nowhere() {
    let rendered =
        render_simple("[a](javascript:alert(1)) [b]( JaVaScRiPt:x) ![c](data:text/html,x)");
    assert!(
        !rendered.html.to_lowercase().contains("javascript:"),
        "{}",
        rendered.html
    );
    assert!(!rendered.html.contains("data:"), "{}", rendered.html);
}

#[test]
fn tables_footnotes_tasks_and_smart_quotes() {
    let rendered = render_simple(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\nNota[^1] \"citata\"\n\n[^1]: testo\n\n- [x] fatto\n",
    );
    assert!(rendered.html.contains("<table>"));
    assert!(rendered.html.contains("footnote-definition"));
    assert!(rendered.html.contains("checkbox"));
    assert!(rendered.html.contains("“citata”"));
}

#[test]
fn site_paths_and_own_anchors_are_recorded() {
    let rendered = render_simple("[a](/calendario/) [b](#sopra) [c](https://e.it/)");
    let targets: Vec<&LinkTarget> = rendered.links.iter().map(|l| &l.target).collect();
    assert_eq!(
        targets,
        [
            &LinkTarget::SitePath("/calendario/".into()),
            &LinkTarget::OwnAnchor("sopra".into())
        ]
    );
}
