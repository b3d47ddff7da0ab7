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

/// A route as templates name it in `url_for(kind=…, id=…)`.
struct NamedRoute {
    kind: &'static str,
    needs_id: bool,
    route: for<'a> fn(&'a str) -> Route<'a>,
}

const fn with_id(kind: &'static str, route: for<'a> fn(&'a str) -> Route<'a>) -> NamedRoute {
    NamedRoute {
        kind,
        needs_id: true,
        route,
    }
}

const fn without_id(kind: &'static str, route: for<'a> fn(&'a str) -> Route<'a>) -> NamedRoute {
    NamedRoute {
        needs_id: false,
        ..with_id(kind, route)
    }
}

/// Every route templates can name, listed once: lookups and did-you-means read it.
const NAMED_ROUTES: &[NamedRoute] = &[
    with_id("province", |id| Route::Province(id)),
    with_id("province_feed", |id| Route::ProvinceFeed(id)),
    with_id("event", |id| Route::Event(id)),
    with_id("event_feed", |id| Route::EventFeed(id)),
    without_id("calendar_feed", |_| Route::CalendarFeed),
    with_id("calendar_group", |id| {
        Route::Filtered(Filter::CalendarGroup, id)
    }),
    with_id("calendar_group_feed", |id| {
        Route::FilteredFeed(Filter::CalendarGroup, id)
    }),
    with_id("calendar_province", |id| {
        Route::Filtered(Filter::CalendarProvince, id)
    }),
    with_id("calendar_step", |id| {
        Route::Filtered(Filter::CalendarStep, id)
    }),
    with_id("calendar_kind", |id| {
        Route::Filtered(Filter::CalendarKind, id)
    }),
    with_id("calendar_step_feed", |id| {
        Route::FilteredFeed(Filter::CalendarStep, id)
    }),
    with_id("work", |id| Route::Work(id)),
    without_id("archive_feed", |_| Route::ArchiveFeed),
    with_id("archive_region", |id| {
        Route::Filtered(Filter::ArchiveRegion, id)
    }),
    with_id("archive_group", |id| {
        Route::Filtered(Filter::ArchiveGroup, id)
    }),
    with_id("archive_year", |id| {
        Route::Filtered(Filter::ArchiveYear, id)
    }),
    with_id("archive_keyword", |id| {
        Route::Filtered(Filter::ArchiveKeyword, id)
    }),
    with_id("opendata", |id| Route::OpenData(id)),
    without_id("catalogue", |_| Route::Catalogue),
    without_id("search_index", |_| Route::SearchIndex),
    without_id("news_feed", |_| Route::NewsFeed),
    without_id("contacts", |_| Route::Contacts),
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
                let names = NAMED_ROUTES.iter().map(|named| named.kind);
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
    let named = NAMED_ROUTES
        .iter()
        .find(|named| named.kind == kind)
        .ok_or_else(|| RouteError::UnknownKind(kind.to_owned()))?;
    match (named.needs_id, id) {
        (true, None) => Err(RouteError::MissingId(kind.to_owned())),
        (_, id) => Ok((named.route)(id.unwrap_or_default())),
    }
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
        for NamedRoute { kind, needs_id, .. } in NAMED_ROUTES {
            let route = by_kind(kind, Some("x")).unwrap();
            assert!(route.path().as_str().starts_with('/'), "{kind}");
            assert_eq!(by_kind(kind, None).is_err(), *needs_id, "{kind}");
        }
        // Two kinds never share a route.
        let paths: std::collections::HashSet<_> = NAMED_ROUTES
            .iter()
            .map(|named| by_kind(named.kind, Some("x")).unwrap().path())
            .collect();
        assert_eq!(paths.len(), NAMED_ROUTES.len());
    }

    #[test]
    fn an_unknown_kind_suggests_the_nearest() {
        let error = by_kind("evnt", Some("x")).unwrap_err();
        assert!(error.to_string().contains("`event`"), "{error}");
    }
}
