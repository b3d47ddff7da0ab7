//! `nginx-redirects.map`: the site's aliases as an nginx `map`, so that a server answers an
//! old address with a real `301` instead of the alias page's meta refresh (which stays, for
//! hosts such as GitHub Pages that cannot redirect). deploy/nginx.conf includes it.

use crate::model::Site;
use crate::output::{OutputData, OutputFile};

/// Where the map is written, relative to the output folder.
pub const MAP_PATH: &str = "nginx-redirects.map";

/// One line per address of every alias (`/vecchio/`, `/vecchio`, `/vecchio/index.html`), from
/// the path under the base path to the target's permalink, sorted.
pub fn redirect_map(site: &Site) -> OutputFile {
    let base_path = site.config.base_path();
    let mut lines = Vec::new();
    for (alias, target) in site.aliases() {
        // `$` would start an nginx variable: such an alias keeps only its meta refresh page.
        if alias.value.as_str().contains('$') || target.contains('$') {
            continue;
        }
        for from in addresses(alias.value.as_str()) {
            lines.push(format!("\"{base_path}{from}\" \"{target}\";\n"));
        }
    }
    lines.sort();
    lines.dedup();
    let mut text = String::from(
        "# Written by portico from the site's aliases: old address -> new one (301).\n",
    );
    text.extend(lines);
    OutputFile {
        path: MAP_PATH.to_owned(),
        data: OutputData::Bytes(text.into_bytes().into()),
    }
}

/// The addresses a visitor may type for a folder-like alias: with and without the final
/// slash, and with `index.html`.
fn addresses(path: &str) -> Vec<String> {
    match path.strip_suffix('/') {
        Some(bare) if !bare.is_empty() => vec![
            bare.to_owned(),
            path.to_owned(),
            format!("{path}index.html"),
        ],
        _ => vec![path.to_owned()],
    }
}

#[cfg(test)]
mod tests {
    use super::addresses;

    #[test]
    fn a_folder_alias_answers_with_and_without_slash_and_index() {
        assert_eq!(
            addresses("/notizie/"),
            ["/notizie", "/notizie/", "/notizie/index.html"]
        );
        assert_eq!(addresses("/vecchio.html"), ["/vecchio.html"]);
    }
}
