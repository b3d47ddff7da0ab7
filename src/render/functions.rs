//! Template functions (`get_url`, `get_page`, `get_section`, `get_taxonomy_url`, `network_map`,
//! `trans`) and filters (`date_it`, `slugify`) that portico adds to Tera. Documented in
//! docs/templates.md.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use tera::{Result as TeraResult, Tera};

use super::incremental::{Input, Recorder};
use super::views::Views;
use crate::diagnostics::suggestion;
use crate::model::{Site, routes};
use crate::time::{LocalDateTime, date_it, date_time_it, weekday_date_it};

pub use crate::load::translations::Translations;

pub fn register_filters(tera: &mut Tera) {
    // Tera always provides `get_env`; a page that depends on the environment of the machine
    // that built it breaks byte-identical builds and can leak secrets of CI.
    tera.register_function("get_env", |_: &HashMap<String, Value>| {
        Err(tera::Error::msg(
            "get_env is disabled: pages must not depend on the machine that builds them; put the value in config.toml [extra]",
        ))
    });
    tera.register_filter("date_it", date_it_filter);
    tera.register_filter("slugify", slugify_filter);
}

/// Registers the functions that read the site graph. They share the graph and its views with
/// the jobs; nothing is copied per function.
pub fn register_functions(
    tera: &mut Tera,
    site: &Arc<Site>,
    views: &Arc<Views>,
    translations: Arc<Translations>,
    recorder: &Arc<Recorder>,
) {
    register_urls(tera, site, recorder);
    register_lookups(tera, site, views, recorder);
    register_map(tera, site, recorder);
    register_trans(tera, site.config.language().to_owned(), translations);
}

/// `get_url`, `url_for` and `get_taxonomy_url`.
fn register_urls(tera: &mut Tera, site: &Arc<Site>, recorder: &Arc<Recorder>) {
    let base_url = site.config.base_url().to_owned();
    let url_site = Arc::clone(site);
    let reads = Arc::clone(recorder);
    tera.register_function("get_url", move |args: &HashMap<String, Value>| {
        let path = required_str(args, "path", "get_url")?;
        if let Some(content_path) = path.strip_prefix("@/") {
            reads.record(Input::Url(content_path.into()));
            return url_site
                .permalink_of_content(content_path)
                .map(Value::from)
                .ok_or_else(|| {
                    not_found(
                        "get_url",
                        "content file",
                        content_path,
                        url_site.content_paths(),
                    )
                });
        }
        let path = path.trim_start_matches('/');
        let path = url_site.hashed_assets.output_path(path);
        Ok(Value::from(format!("{base_url}/{path}")))
    });

    let route_site = Arc::clone(site);
    tera.register_function("url_for", move |args: &HashMap<String, Value>| {
        url_for(&route_site, args)
    });

    let taxonomy_site = Arc::clone(site);
    let reads = Arc::clone(recorder);
    tera.register_function("get_taxonomy_url", move |args: &HashMap<String, Value>| {
        let kind = required_str(args, "kind", "get_taxonomy_url")?;
        reads.record(Input::Structure);
        let name = required_str(args, "name", "get_taxonomy_url")?;
        // Terms are matched by slug, so "Fase 3" and "fase 3" name the same term.
        let slug = slug::slugify(name);
        taxonomy_site
            .taxonomies
            .iter()
            .filter(|taxonomy| taxonomy.name == kind)
            .flat_map(|taxonomy| &taxonomy.terms)
            .find(|term| term.slug == slug)
            .map(|term| Value::from(term.permalink.as_str()))
            .ok_or_else(|| {
                tera::Error::msg(format!("get_taxonomy_url: no term `{name}` in `{kind}`"))
            })
    });
}

/// `get_page`, `get_section` and `get_data`: views of the graph, each read recorded.
fn register_lookups(
    tera: &mut Tera,
    site: &Arc<Site>,
    views: &Arc<Views>,
    recorder: &Arc<Recorder>,
) {
    let page_site = Arc::clone(site);
    let page_views = Arc::clone(views);
    let reads = Arc::clone(recorder);
    tera.register_function("get_page", move |args: &HashMap<String, Value>| {
        let path = required_str(args, "path", "get_page")?;
        let path = path.trim_start_matches("@/");
        reads.record(Input::Content(path.into()));
        match page_site.pages_by_content_path.get(path) {
            Some(id) => Ok(page_views.page(&page_site, *id)),
            None => Err(not_found(
                "get_page",
                "page",
                path,
                page_site.pages_by_content_path.keys(),
            )),
        }
    });

    let section_site = Arc::clone(site);
    let section_views = Arc::clone(views);
    let reads = Arc::clone(recorder);
    tera.register_function("get_section", move |args: &HashMap<String, Value>| {
        let path = required_str(args, "path", "get_section")?;
        let path = path.trim_start_matches("@/");
        let Some(id) = section_site.sections_by_content_path.get(path) else {
            return Err(not_found(
                "get_section",
                "section",
                path,
                section_site.sections_by_content_path.keys(),
            ));
        };
        // A section's view lists its pages: reading it reads them all.
        reads.record(Input::Content(path.into()));
        reads.record(Input::Structure);
        for page in &section_site.section(*id).pages {
            reads.record(Input::Content(
                section_site.page(*page).content_path.clone(),
            ));
        }
        Ok(section_views.section_with_pages(&section_site, *id).clone())
    });

    let data_views = Arc::clone(views);
    let reads = Arc::clone(recorder);
    tera.register_function("get_data", move |args: &HashMap<String, Value>| {
        let name = required_str(args, "name", "get_data")?;
        reads.record(Input::Record(format!("get_data:{name}")));
        let data = data_views
            .data
            .as_ref()
            .ok_or_else(|| tera::Error::msg("get_data: this site has no data/ folder, and the theme shows the programme's data: create data/programme.yaml and data/groups.yaml (docs/dati.md)"))?;
        data.get(name).ok_or_else(|| {
            let hint = suggestion(name, super::data_views::DataViews::names())
                .map_or_else(String::new, |s| format!(" ({s})"));
            tera::Error::msg(format!("get_data: no data named `{name}`{hint}"))
        })
    });
}

/// `network_map(group=…)`: the SVG map of the network and the words for its caption
/// (render/map.rs); `group` (a group's id, optional) highlights that group's Provinces.
fn register_map(tera: &mut Tera, site: &Arc<Site>, recorder: &Arc<Recorder>) {
    let map_site = Arc::clone(site);
    let reads = Arc::clone(recorder);
    tera.register_function("network_map", move |args: &HashMap<String, Value>| {
        // Names, pages and groups of the Provinces: what the Provinces' list shows too.
        reads.record(Input::Record("get_data:provinces".to_owned()));
        reads.record(Input::Record("get_data:groups".to_owned()));
        let group = match args.get("group") {
            None | Some(Value::Null) => None,
            Some(Value::String(id)) if id.is_empty() => None,
            Some(Value::String(id)) => Some(id.as_str()),
            Some(_) => {
                return Err(tera::Error::msg(
                    "network_map: `group` must be a group's id",
                ));
            }
        };
        let map = super::map::network_map(&map_site, group)
            .map_err(|error| tera::Error::msg(format!("network_map: {error}")))?;
        serde_json::to_value(map).map_err(|error| tera::Error::msg(error.to_string()))
    });
}

/// `trans(key=…)`: the theme's UI strings in the site's language (or `lang`).
fn register_trans(tera: &mut Tera, language: String, translations: Arc<Translations>) {
    tera.register_function("trans", move |args: &HashMap<String, Value>| {
        let key = required_str(args, "key", "trans")?;
        let lang = args
            .get("lang")
            .and_then(Value::as_str)
            .unwrap_or(&language);
        let strings = translations.get(lang).ok_or_else(|| {
            tera::Error::msg(format!("trans: no translations for language `{lang}`"))
        })?;
        strings
            .get(key)
            .map(|text| Value::from(text.as_str()))
            .ok_or_else(|| {
                let hint = suggestion(key, strings.keys().map(String::as_str))
                    .map_or_else(String::new, |s| format!(" ({s})"));
                tera::Error::msg(format!(
                    "trans: no string `{key}` in the `{lang}` translations{hint}"
                ))
            })
    });
}

/// `url_for(kind="calendar_group", id=group.id)`: the permalink of a route of the portal's
/// sections (see [`crate::model::routes`]). It depends only on the configuration, so it records
/// no input. An `id` may be text or a number (a year).
fn url_for(site: &Site, args: &HashMap<String, Value>) -> TeraResult<Value> {
    let kind = required_str(args, "kind", "url_for")?;
    let id = match args.get("id") {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Number(number)) => Some(number.to_string()),
        Some(_) => return Err(tera::Error::msg("url_for: `id` must be text or a number")),
    };
    let route = routes::by_kind(kind, id.as_deref())
        .map_err(|error| tera::Error::msg(format!("url_for: {error}")))?;
    Ok(Value::from(site.permalink(&route.path())))
}

fn required_str<'a>(
    args: &'a HashMap<String, Value>,
    name: &str,
    function: &str,
) -> TeraResult<&'a str> {
    args.get(name).and_then(Value::as_str).ok_or_else(|| {
        tera::Error::msg(format!(
            "{function} needs a text argument `{name}`: {function}({name}=\"...\")"
        ))
    })
}

fn not_found<'a, Known: std::ops::Deref<Target = str> + 'a>(
    function: &str,
    what: &str,
    name: &str,
    known: impl Iterator<Item = &'a Known>,
) -> tera::Error {
    let known: Vec<&str> = known.map(|name| &**name).collect();
    let hint =
        suggestion(name, known.iter().copied()).map_or_else(String::new, |s| format!(" ({s})"));
    tera::Error::msg(format!("{function}: no {what} `{name}`{hint}"))
}

/// `{{ page.date | date_it }}` → "giovedì 4 dicembre 2025, ore 10:00";
/// `format="date"` → "4 dicembre 2025"; `format="weekday"` → "giovedì 4 dicembre 2025";
/// `format="iso"` → "2025-12-04"; `format="month"` → "dicembre 2025".
fn date_it_filter(value: &Value, args: &HashMap<String, Value>) -> TeraResult<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("date_it expects a date text such as \"2025-12-04\""))?;
    let moment = LocalDateTime::parse(text)
        .map_err(|error| tera::Error::msg(format!("date_it: {error}")))?;
    let format = args.get("format").and_then(Value::as_str).unwrap_or("full");
    let formatted = match format {
        "full" => date_time_it(&moment),
        "weekday" => weekday_date_it(moment.date()),
        "date" => date_it(moment.date()),
        "iso" => moment.date().to_string(),
        "month" => format!(
            "{} {}",
            crate::time::month_name_it(moment.date().month()),
            moment.date().year()
        ),
        "time" => moment.civil.strftime("%H:%M").to_string(),
        other => {
            return Err(tera::Error::msg(format!(
                "date_it: unknown format `{other}` (use full, weekday, date, month, time or iso)"
            )));
        }
    };
    Ok(Value::from(formatted))
}

fn slugify_filter(value: &Value, _: &HashMap<String, Value>) -> TeraResult<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("slugify expects text"))?;
    Ok(Value::from(slug::slugify(text)))
}
