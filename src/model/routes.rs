//! The route table: every URL of the portal's own sections (Provinces, calendar, archive, open
//! data, search, news) is made here and nowhere else. The model gives data-born pages their
//! paths from it, the render phase names its outputs with it, and templates reach it through
//! the `url_for(kind=…, id=…)` function, so a section that moves changes in one place.
//!
//! Pages written in Markdown keep the URLs their files give them; this table only holds what
//! code and templates would otherwise spell out by hand.

use std::fmt;

use super::SitePath;

/// The content folders of the portal's sections, whose `_index.md` lists the data-born pages.
pub const PROVINCES_SECTION: &str = "province/_index.md";
pub const CALENDAR_SECTION: &str = "calendario/_index.md";
pub const ARCHIVE_SECTION: &str = "archivio/_index.md";

const PROVINCES: &str = "province";
const CALENDAR: &str = "calendario";
const ARCHIVE: &str = "archivio";
const OPEN_DATA: &str = "opendata";
const SEARCH: &str = "cerca";
const NEWS: &str = "avvisi";
const CONTACTS: &str = "contatti";

/// A way to narrow the calendar or the archive to some records, each with a static page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Filter {
    /// The calendar of one group.
    CalendarGroup,
    CalendarProvince,
    CalendarStep,
    CalendarKind,
    /// The calendar of one month, valued `YYYY-MM`: `/calendario/2026/03/`.
    CalendarMonth,
    ArchiveRegion,
    /// The archive of one group.
    ArchiveGroup,
    ArchiveYear,
    ArchiveKeyword,
}

impl Filter {
    /// The dimension's name as templates and `data-filter` attributes see it.
    pub fn dimension(self) -> &'static str {
        match self {
            Filter::CalendarGroup | Filter::ArchiveGroup => "group",
            Filter::CalendarProvince => "province",
            Filter::CalendarStep => "step",
            Filter::CalendarKind => "kind",
            Filter::CalendarMonth => "month",
            Filter::ArchiveRegion => "region",
            Filter::ArchiveYear => "year",
            Filter::ArchiveKeyword => "keyword",
        }
    }

    /// The list the filter narrows: the calendar or the archive.
    fn base(self) -> &'static str {
        match self {
            Filter::CalendarGroup
            | Filter::CalendarProvince
            | Filter::CalendarStep
            | Filter::CalendarKind
            | Filter::CalendarMonth => CALENDAR,
            _ => ARCHIVE,
        }
    }

    /// The URL segment after the list's own: `/calendario/gruppo/<id>/`; none for months,
    /// whose value is the path (`/calendario/2026/03/`).
    fn segment(self) -> &'static str {
        match self {
            Filter::CalendarMonth => "",
            Filter::CalendarGroup | Filter::ArchiveGroup => "gruppo",
            Filter::CalendarProvince => "provincia",
            Filter::CalendarStep => "tappa",
            Filter::CalendarKind => "tipo",
            Filter::ArchiveRegion => "regione",
            Filter::ArchiveYear => "anno",
            Filter::ArchiveKeyword => "parola-chiave",
        }
    }
}

/// One URL of the portal, named by what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    /// The list of Provinces, `/province/` (focus-group Provinces are entries on it).
    Provinces,
    /// A Province's page, by slug: `/province/<slug>/`.
    Province(&'a str),
    /// A Province's iCalendar feed: `/province/<slug>/calendario.ics`.
    ProvinceFeed(&'a str),
    /// An event's page, by id: `/calendario/<id>/`.
    Event(&'a str),
    /// An event's own iCalendar file: `/calendario/<id>/evento.ics`.
    EventFeed(&'a str),
    /// A material file published beside its event's page.
    EventFile { event: &'a str, file: &'a str },
    /// Every event as iCalendar: `/calendario/calendario.ics`.
    CalendarFeed,
    /// A static filtered view of the calendar or the archive.
    Filtered(Filter, &'a str),
    /// The iCalendar feed of a calendar filter (groups and steps have one).
    FilteredFeed(Filter, &'a str),
    /// A published project work's page, by its Province's slug: `/archivio/<slug>/`.
    Work(&'a str),
    /// A document published beside its work's page.
    WorkFile { province: &'a str, file: &'a str },
    /// The archive's Atom feed.
    ArchiveFeed,
    /// One open data file (`province.json`, `eventi.csv`...).
    OpenData(&'a str),
    /// The DCAT-AP_IT catalogue of the open data.
    Catalogue,
    /// The search index's manifest, which the browser loads first.
    SearchIndex,
    /// Another file of the search index (`t/<key>.json`, `documenti.json`...).
    SearchFile(&'a str),
    /// The news section's Atom feed.
    NewsFeed,
    /// The contacts page (`content/contatti.md`), linked from every page's footer.
    Contacts,
}

impl Route<'_> {
    /// The route's path inside the site.
    pub fn path(&self) -> SitePath {
        match *self {
            Route::Provinces => SitePath::from_segments([PROVINCES]),
            Route::Province(slug) => SitePath::from_segments([PROVINCES, slug]),
            Route::ProvinceFeed(slug) => Route::Province(slug).path().join_file("calendario.ics"),
            Route::Event(id) => SitePath::from_segments([CALENDAR, id]),
            Route::EventFeed(id) => Route::Event(id).path().join_file("evento.ics"),
            Route::EventFile { event, file } => Route::Event(event).path().join_file(file),
            Route::CalendarFeed => SitePath::from_segments([CALENDAR]).join_file("calendario.ics"),
            Route::Filtered(Filter::CalendarMonth, month) => {
                SitePath::from_segments([CALENDAR].into_iter().chain(month.split('-')))
            }
            Route::Filtered(filter, value) => {
                SitePath::from_segments([filter.base(), filter.segment(), value])
            }
            Route::FilteredFeed(filter, value) => Route::Filtered(filter, value)
                .path()
                .join_file("calendario.ics"),
            Route::Work(slug) => SitePath::from_segments([ARCHIVE, slug]),
            Route::WorkFile { province, file } => Route::Work(province).path().join_file(file),
            Route::ArchiveFeed => SitePath::from_segments([ARCHIVE]).join_file("atom.xml"),
            Route::OpenData(file) => SitePath::from_segments([OPEN_DATA]).join_file(file),
            Route::Catalogue => Route::OpenData("catalogo.jsonld").path(),
            Route::SearchIndex => Route::SearchFile("indice.json").path(),
            Route::SearchFile(file) => SitePath::from_segments([SEARCH]).join_file(file),
            Route::NewsFeed => SitePath::from_segments([NEWS]).join_file("atom.xml"),
            Route::Contacts => SitePath::from_segments([CONTACTS]),
        }
    }
}

/// The names templates give routes in `url_for(kind=…)`, with whether they need an `id`.
pub const KINDS: &[(&str, bool)] = &[
    ("province", true),
    ("province_feed", true),
    ("event", true),
    ("event_feed", true),
    ("calendar_feed", false),
    ("calendar_group", true),
    ("calendar_group_feed", true),
    ("calendar_province", true),
    ("calendar_step", true),
    ("calendar_kind", true),
    ("calendar_step_feed", true),
    ("work", true),
    ("archive_feed", false),
    ("archive_region", true),
    ("archive_group", true),
    ("archive_year", true),
    ("archive_keyword", true),
    ("opendata", true),
    ("catalogue", false),
    ("search_index", false),
    ("news_feed", false),
    ("contacts", false),
];

/// Why `url_for` could not name a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    UnknownKind(String),
    MissingId(String),
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::UnknownKind(kind) => {
                let names = KINDS.iter().map(|(name, _)| *name);
                let hint = crate::diagnostics::suggestion(kind, names)
                    .map_or_else(String::new, |s| format!(" ({s})"));
                write!(f, "no route kind `{kind}`{hint}")
            }
            RouteError::MissingId(kind) => {
                write!(
                    f,
                    "the route `{kind}` needs an `id`: url_for(kind=\"{kind}\", id=…)"
                )
            }
        }
    }
}

/// The route a template names with `url_for(kind, id)`.
pub fn by_kind<'a>(kind: &str, id: Option<&'a str>) -> Result<Route<'a>, RouteError> {
    let needs_id = KINDS
        .iter()
        .find(|(name, _)| *name == kind)
        .map(|(_, needs_id)| *needs_id)
        .ok_or_else(|| RouteError::UnknownKind(kind.to_owned()))?;
    let id = match (needs_id, id) {
        (true, None) => return Err(RouteError::MissingId(kind.to_owned())),
        (_, id) => id.unwrap_or_default(),
    };
    Ok(match kind {
        "province" => Route::Province(id),
        "province_feed" => Route::ProvinceFeed(id),
        "event" => Route::Event(id),
        "event_feed" => Route::EventFeed(id),
        "calendar_feed" => Route::CalendarFeed,
        "calendar_group" => Route::Filtered(Filter::CalendarGroup, id),
        "calendar_group_feed" => Route::FilteredFeed(Filter::CalendarGroup, id),
        "calendar_province" => Route::Filtered(Filter::CalendarProvince, id),
        "calendar_step" => Route::Filtered(Filter::CalendarStep, id),
        "calendar_kind" => Route::Filtered(Filter::CalendarKind, id),
        "calendar_step_feed" => Route::FilteredFeed(Filter::CalendarStep, id),
        "work" => Route::Work(id),
        "archive_feed" => Route::ArchiveFeed,
        "archive_region" => Route::Filtered(Filter::ArchiveRegion, id),
        "archive_group" => Route::Filtered(Filter::ArchiveGroup, id),
        "archive_year" => Route::Filtered(Filter::ArchiveYear, id),
        "archive_keyword" => Route::Filtered(Filter::ArchiveKeyword, id),
        "opendata" => Route::OpenData(id),
        "catalogue" => Route::Catalogue,
        "search_index" => Route::SearchIndex,
        "contacts" => Route::Contacts,
        _ => Route::NewsFeed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_routes_nest_under_their_sections() {
        assert_eq!(Route::Province("monza").path().as_str(), "/province/monza/");
        assert_eq!(
            Route::ProvinceFeed("monza").path().as_str(),
            "/province/monza/calendario.ics"
        );
        assert_eq!(
            Route::EventFeed("kick-off").path().as_str(),
            "/calendario/kick-off/evento.ics"
        );
        assert_eq!(
            Route::Filtered(Filter::ArchiveKeyword, "pnrr")
                .path()
                .as_str(),
            "/archivio/parola-chiave/pnrr/"
        );
        assert_eq!(
            Route::FilteredFeed(Filter::CalendarGroup, "percorso-1")
                .path()
                .as_str(),
            "/calendario/gruppo/percorso-1/calendario.ics"
        );
        assert_eq!(
            Route::Filtered(Filter::CalendarMonth, "2026-03")
                .path()
                .as_str(),
            "/calendario/2026/03/"
        );
    }

    #[test]
    fn every_kind_templates_can_name_resolves() {
        for (kind, needs_id) in KINDS {
            let route = by_kind(kind, Some("x")).unwrap();
            assert!(route.path().as_str().starts_with('/'), "{kind}");
            assert_eq!(by_kind(kind, None).is_err(), *needs_id, "{kind}");
        }
        // Two kinds never share a route.
        let paths: std::collections::HashSet<_> = KINDS
            .iter()
            .map(|(kind, _)| by_kind(kind, Some("x")).unwrap().path())
            .collect();
        assert_eq!(paths.len(), KINDS.len());
    }

    #[test]
    fn an_unknown_kind_suggests_the_nearest() {
        let error = by_kind("evnt", Some("x")).unwrap_err();
        assert!(error.to_string().contains("`event`"), "{error}");
    }
}
