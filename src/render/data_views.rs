//! What templates see of the programme data: the programme and its path, groups, Provinces
//! (identity from ISTAT, progress, timeline), events and project works. Labels of enum values
//! are left to the theme's translations (`trans(key="status_" ~ event.status)`); dates are given
//! both as data (`start`) and in Italian words (`when`).

use serde_json::{Value, json};

use crate::model::data::{
    Event, ProgrammeData, ProjectWork, Province, Step, document_path, material_path, work_path,
};
use crate::model::{Site, SitePath};
use crate::time::{LocalDateTime, date_it, date_time_it, month_name_it};

/// Views of every data record, built once per build.
pub struct DataViews {
    /// The month of the reference date as weeks of days, with the events of each day.
    pub month_grid: Value,
    /// Full event views (for their pages), same order as `events`.
    pub event_pages: Vec<Value>,
    pub programme: Value,
    pub groups: Value,
    /// Province cards, by name.
    pub provinces: Vec<Value>,
    /// Full Province views (for their pages), same order.
    pub province_pages: Vec<Value>,
    /// Event cards, in time order.
    pub events: Vec<Value>,
    pub project_works: Vec<Value>,
}

impl DataViews {
    pub fn new(site: &Site, data: &ProgrammeData) -> Self {
        let builder = Builder { site, data };
        let events: Vec<Value> = data.events.iter().map(|e| builder.event(e)).collect();
        let provinces: Vec<Value> = data
            .provinces
            .iter()
            .map(|p| builder.province_card(p))
            .collect();
        let project_works: Vec<Value> =
            data.project_works.iter().map(|w| builder.work(w)).collect();
        let province_pages = data
            .provinces
            .iter()
            .enumerate()
            .map(|(index, province)| {
                builder.province_page(index, province, &provinces, &events, &project_works)
            })
            .collect();
        let groups = Value::Array(
            data.groups
                .iter()
                .map(|group| {
                    json!({
                        "id": group.id,
                        "name": group.name,
                        "ics_url": builder.permalink(&group_calendar_path(&group.id).join_file("calendario.ics")),
                        "description": group.description,
                        "provinces": group.provinces.iter().map(|p| provinces[*p].clone()).collect::<Vec<_>>(),
                    })
                })
                .collect(),
        );
        let event_pages = data
            .events
            .iter()
            .zip(&events)
            .map(|(event, card)| builder.event_page(event, card))
            .collect();
        DataViews {
            month_grid: month_grid(site.today, data, &events),
            event_pages,
            programme: builder.programme(),
            groups,
            provinces,
            province_pages,
            events,
            project_works,
        }
    }

    /// What `get_data(name=...)` returns.
    pub fn get(&self, name: &str) -> Option<Value> {
        Some(match name {
            "programme" => self.programme.clone(),
            "groups" => self.groups.clone(),
            "provinces" => Value::Array(self.provinces.clone()),
            "events" => Value::Array(self.events.clone()),
            "project_works" => Value::Array(self.project_works.clone()),
            "published_works" => {
                let mut works: Vec<Value> = self
                    .project_works
                    .iter()
                    .filter(|work| work["published"] == Value::Bool(true))
                    .cloned()
                    .collect();
                // Newest first; ties by Province name for a stable order.
                works.sort_by(|a, b| {
                    b["publication_date"]
                        .as_str()
                        .cmp(&a["publication_date"].as_str())
                        .then_with(|| a["author"].as_str().cmp(&b["author"].as_str()))
                });
                Value::Array(works)
            }
            "work_keywords" => {
                // Every keyword of a published work, by slug, with how many works carry it.
                let mut keywords: std::collections::BTreeMap<String, (String, usize)> =
                    std::collections::BTreeMap::new();
                for work in self.project_works.iter().filter(|w| w["published"] == true) {
                    let names = work["keywords"].as_array().into_iter().flatten();
                    for name in names.filter_map(Value::as_str) {
                        let entry = keywords
                            .entry(slug::slugify(name))
                            .or_insert_with(|| (name.to_owned(), 0));
                        entry.1 += 1;
                    }
                }
                Value::Array(
                    keywords
                        .into_iter()
                        .map(|(slug, (name, count))| json!({ "slug": slug, "name": name, "count": count }))
                        .collect(),
                )
            }
            "month_grid" => self.month_grid.clone(),
            "upcoming_events" => Value::Array(
                self.events
                    .iter()
                    .filter(|event| event["past"] == Value::Bool(false))
                    .cloned()
                    .collect(),
            ),
            _ => return None,
        })
    }

    pub const NAMES: &'static [&'static str] = &[
        "programme",
        "groups",
        "provinces",
        "upcoming_events",
        "published_works",
        "work_keywords",
        "month_grid",
        "events",
        "project_works",
    ];
}

struct Builder<'a> {
    site: &'a Site,
    data: &'a ProgrammeData,
}

impl Builder<'_> {
    fn programme(&self) -> Value {
        let programme = &self.data.programme;
        let phases: Vec<Value> = programme
            .phases
            .iter()
            .map(|phase| {
                json!({
                    "id": phase.id,
                    "number": phase.number,
                    "title": phase.title,
                    "description": phase.description,
                    "goals": phase.goals,
                    "steps": phase.steps.iter().map(|s| self.step(&programme.steps[*s])).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "title": programme.title,
            "subtitle": programme.subtitle,
            "description": programme.description,
            "funding": programme.funding,
            "organisations": programme.organisations,
            "default_licence": programme.default_licence,
            "sections": programme.sections,
            "phases": phases,
            "istat_credit": istat_credit(self.site.today),
            "istat_release": istat_release(self.site.today),
            "organization_json_ld": json_ld(&super::structured_data::programme(
                programme,
                &self.permalink(&SitePath::root()),
            )),
        })
    }

    fn step(&self, step: &Step) -> Value {
        let programme = &self.data.programme;
        let phase = &programme.phases[step.phase];
        json!({
            "id": step.id,
            "title": step.title,
            "subtitle": step.subtitle,
            "kind": step.kind,
            "scope": step.scope,
            "objectives": step.objectives,
            "province_activities": step.province_activities,
            "support": step.support,
            "agenda": step.agenda,
            "expected_output": step.expected_output,
            "section": step.section.map(|s| &programme.sections[s]),
            "phase": { "id": phase.id, "number": phase.number, "title": phase.title },
        })
    }

    fn province_link(&self, index: usize) -> Value {
        let province = &self.data.provinces[index];
        json!({
            "sigla": province.sigla,
            "name": province.unit.name,
            "permalink": self.permalink(&province_path(province)),
        })
    }

    /// The full view of an event, for its page: the step's objectives and expected output,
    /// who takes part, and the add-to-calendar links.
    fn event_page(&self, event: &Event, card: &Value) -> Value {
        let programme = &self.data.programme;
        let step = &programme.steps[event.step];
        let mut view = card.clone();
        let members: Vec<Value> = match (event.group, event.province) {
            (Some(group), _) => self.data.groups[group]
                .provinces
                .iter()
                .map(|p| self.province_link(*p))
                .collect(),
            (_, Some(province)) => vec![self.province_link(province)],
            _ => Vec::new(),
        };
        view["step"] = self.step(step);
        let permalink = card["permalink"].as_str().unwrap_or_default();
        let title = card["title"].as_str().unwrap_or(&event.title);
        view["json_ld"] = Value::from(json_ld(&super::structured_data::event(
            programme, event, title, permalink,
        )));
        view["participants"] = Value::Array(members);
        view["google_calendar_url"] = Value::from(google_calendar_url(
            event,
            &self.permalink(&event_path(event)),
        ));
        view
    }

    fn province_card(&self, province: &Province) -> Value {
        let group = &self.data.groups[province.group];
        let work = province.project_work.map(|w| &self.data.project_works[w]);
        let progress: Vec<Value> = self
            .data
            .programme
            .sections
            .iter()
            .enumerate()
            .map(|(index, section)| {
                let status = work
                    .and_then(|w| w.sections.iter().find(|s| s.section == index))
                    .map(|s| s.status)
                    .unwrap_or_default();
                json!({ "section": section.id, "number": section.number, "title": section.title, "status": status })
            })
            .collect();
        let share = if province.comuni_total == 0 {
            0.0
        } else {
            province.comuni.len() as f64 * 100.0 / province.comuni_total as f64
        };
        json!({
            "sigla": province.sigla,
            "name": province.unit.name,
            "kind": province.unit.kind,
            "region": province.unit.region,
            "istat_code": province.unit.istat_code,
            "istat_release": istat_release(self.site.today),
            "slug": province.slug,
            "permalink": self.permalink(&province_path(province)),
            "group": { "id": group.id, "name": group.name },
            "comuni_count": province.comuni.len(),
            "comuni_total": province.comuni_total,
            "comuni_share": italian_decimal(share, 1),
            "ics_url": self.permalink(&province_path(province).join_file("calendario.ics")),
            "progress": progress,
            "work_published": work.is_some_and(|w| w.published),
        })
    }

    fn province_page(
        &self,
        index: usize,
        province: &Province,
        cards: &[Value],
        events: &[Value],
        works: &[Value],
    ) -> Value {
        let mut view = cards[index].clone();
        let own_events: Vec<Value> = province.events.iter().map(|e| events[*e].clone()).collect();
        let work = province.project_work.map(|w| &self.data.project_works[w]);
        let timeline: Vec<Value> = self
            .data
            .programme
            .steps
            .iter()
            .enumerate()
            .map(|(step_index, step)| {
                let event = province
                    .events
                    .iter()
                    .map(|e| (*e, &self.data.events[*e]))
                    .filter(|(_, event)| event.step == step_index && event.status != crate::load::data::EventStatus::Cancelled)
                    .map(|(e, _)| events[e].clone())
                    .next_back();
                let section_status = step.section.and_then(|section| {
                    work.and_then(|w| w.sections.iter().find(|s| s.section == section)).map(|s| s.status)
                });
                json!({
                    "step": { "id": step.id, "title": step.title, "kind": step.kind, "scope": step.scope },
                    "event": event,
                    "section_status": section_status,
                })
            })
            .collect();
        view["referents"] = serde_json::to_value(&province.referents).unwrap_or_default();
        view["team"] = serde_json::to_value(&province.team).unwrap_or_default();
        view["comuni"] = Value::Array(
            province
                .comuni
                .iter()
                .map(|c| json!({ "istat_code": c.istat_code, "name": c.name }))
                .collect(),
        );
        view["notes"] = json!(province.notes);
        view["events"] = Value::Array(own_events);
        view["timeline"] = Value::Array(timeline);
        view["project_work"] = province
            .project_work
            .map_or(Value::Null, |w| works[w].clone());
        view
    }

    fn event(&self, event: &Event) -> Value {
        let programme = &self.data.programme;
        let step = &programme.steps[event.step];
        let duration = event
            .end
            .map(|end| (end.timestamp() - event.start.timestamp()).as_secs() / 60);
        let last_day = event.end.unwrap_or(event.start).date();
        let path = event_path(event);
        json!({
            "id": event.id,
            "permalink": self.permalink(&path),
            "ics_url": self.permalink(&path.join_file("evento.ics")),
            "past": last_day < self.site.today,
            "month_key": event.start.date().strftime("%Y-%m").to_string(),
            "month": format!("{} {}", month_name_it(event.start.date().month()), event.start.date().year()),
            "duration_label": duration.map(|minutes| duration_it(minutes as u64)),
            "title": event.title,
            "kind": event.kind,
            "step": { "id": step.id, "title": step.title },
            "group": event.group.map(|g| json!({ "id": self.data.groups[g].id, "name": self.data.groups[g].name })),
            "province": event.province.map(|p| self.province_link(p)),
            "start": event.start,
            "end": event.end,
            "all_day": !event.start.has_time,
            "when": when_it(&event.start, event.end.as_ref()),
            "duration_minutes": duration,
            "mode": event.mode,
            "platform": event.platform,
            "location": event.location,
            "meeting_url": if event.meeting_url_public { event.meeting_url.clone() } else { None },
            "status": event.status,
            "revision": event.revision,
            "updated": event.updated,
            "materials": event.materials.iter().map(|material| {
                let url = match &material.file_name {
                    Some(name) => Some(self.permalink(&material_path(event, name))),
                    None => material.url.clone(),
                };
                let size_label = match (&material.format, material.size) {
                    (Some(format), Some(size)) => Some(format!("{format}, {}", size_it(size))),
                    _ => None,
                };
                json!({ "title": material.title, "url": url, "format": material.format, "size_label": size_label })
            }).collect::<Vec<_>>(),
            "notes": event.notes,
        })
    }

    fn work(&self, work: &ProjectWork) -> Value {
        let programme = &self.data.programme;
        let province = &self.data.provinces[work.province];
        let sections: Vec<Value> = work
            .sections
            .iter()
            .map(|state| {
                let section = &programme.sections[state.section];
                json!({
                    "id": section.id,
                    "number": section.number,
                    "title": section.title,
                    "status": state.status,
                    "summary": state.summary,
                    "delivered": state.delivered,
                    "feedback": state.feedback,
                })
            })
            .collect();
        let documents: Vec<Value> = work
            .documents
            .iter()
            .map(|document| {
                json!({
                    "title": document.title,
                    "role": document.role,
                    "file_name": document.file_name,
                    "url": self.permalink(&document_path(province, document)),
                    "format": document.format,
                    "media_type": document.media_type,
                    "size": document.size,
                    "size_label": format!("{}, {}", document.format, size_it(document.size)),
                    "pages": document.pages,
                    "sha256": document.sha256,
                })
            })
            .collect();
        let permalink = self.permalink(&work_path(province));
        let year = work.publication_date.map(|d| d.date().year());
        let group = &self.data.groups[province.group];
        let main_document = documents
            .iter()
            .find(|d| d["role"] == "main")
            .cloned()
            .unwrap_or(Value::Null);
        let kind_and_name = format!("{} di {}", province.unit.kind, province.unit.name);
        let how_to_cite = format!(
            "{kind_and_name} ({}). {}{}. Progetto «{}», {}. {permalink}",
            year.map_or_else(|| "s.d.".to_owned(), |y| y.to_string()),
            work.title,
            work.version
                .as_ref()
                .map_or_else(String::new, |v| format!(", versione {v}")),
            programme.title,
            programme
                .organisations
                .iter()
                .find(|o| o.role == crate::load::data::OrganisationRole::Promoter)
                .map_or("", |o| o.name.as_str()),
        );
        json!({
            "permalink": permalink,
            "province": self.province_link(work.province),
            "author": kind_and_name,
            "group": { "id": group.id, "name": group.name },
            "region": province.unit.region,
            "region_slug": slug::slugify(&province.unit.region),
            "title": work.title,
            "abstract": work.abstract_text,
            "short_abstract": work.abstract_text.as_deref().map(|text| first_words(text, 40)),
            "published": work.published,
            "main_document": main_document,
            "how_to_cite": how_to_cite,
            "json_ld": json_ld(&json!({
                "@context": "https://schema.org",
                "@type": "Report",
                "name": work.title,
                "abstract": work.abstract_text,
                "author": { "@type": "GovernmentOrganization", "name": kind_and_name },
                "datePublished": work.publication_date.map(|d| d.date().to_string()),
                "version": work.version,
                "keywords": work.keywords.join(", "),
                "license": work.licence.url,
                "inLanguage": "it",
                "url": permalink,
                "isPartOf": { "@type": "CreativeWorkSeries", "name": programme.title },
                "encoding": documents.iter().map(|d| json!({
                    "@type": "MediaObject",
                    "name": d["title"],
                    "contentUrl": d["url"],
                    "encodingFormat": d["media_type"],
                    "contentSize": d["size"],
                    "sha256": d["sha256"],
                })).collect::<Vec<_>>(),
            })),
            "sections": sections,
            "peer_reviewer": work.peer_reviewer.map(|p| self.province_link(p)),
            "delivered": work.delivered,
            "publication_date": work.publication_date,
            "year": year,
            "keyword_slugs": work.keywords.iter().map(slug::slugify).collect::<Vec<_>>(),
            "version": work.version,
            "keywords": work.keywords,
            "licence": work.licence,
            "documents": documents,
        })
    }

    fn permalink(&self, path: &SitePath) -> String {
        self.site.permalink(path)
    }
}

/// The month of `today` as a calendar grid: weeks from Monday, each day with its events.
fn month_grid(today: jiff::civil::Date, data: &ProgrammeData, cards: &[Value]) -> Value {
    let first = today.first_of_month();
    let last = today.last_of_month();
    let lead = i64::from(first.weekday().to_monday_zero_offset());
    let mut day = first
        .checked_sub(jiff::Span::new().days(lead))
        .unwrap_or(first);
    let mut weeks = Vec::new();
    while day <= last {
        let mut week = Vec::new();
        for _ in 0..7 {
            let events: Vec<Value> = data
                .events
                .iter()
                .zip(cards)
                .filter(|(event, _)| event.start.date() == day)
                .map(|(event, card)| json!({ "title": event.title, "permalink": card["permalink"], "status": event.status }))
                .collect();
            week.push(json!({
                "day": day.day(),
                "date": day.to_string(),
                "in_month": day.month() == today.month(),
                "today": day == today,
                "events": events,
            }));
            day = day.tomorrow().unwrap_or(day);
        }
        weeks.push(Value::Array(week));
    }
    json!({
        "label": format!("{} {}", month_name_it(today.month()), today.year()),
        "weekdays": ["lun", "mar", "mer", "gio", "ven", "sab", "dom"],
        "weekdays_long": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"],
        "weeks": weeks,
    })
}

/// JSON for a `<script type="application/ld+json">` block: `<` is escaped so that no text in
/// the data can close the script element; absent values are left out, never `null`.
fn json_ld(value: &Value) -> String {
    super::structured_data::without_nulls(value.clone())
        .to_string()
        .replace('<', "\\u003c")
}

/// The first `count` words of `text`, with an ellipsis when it was cut.
fn first_words(text: &str, count: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= count {
        words.join(" ")
    } else {
        format!("{}…", words[..count].join(" "))
    }
}

/// The URL of an event's page.
pub fn event_path(event: &Event) -> SitePath {
    SitePath::from_segments(["calendario", event.id.as_str()])
}

/// The calendar filtered to one group: `/calendario/gruppo/<id>/`.
pub fn group_calendar_path(group_id: &str) -> SitePath {
    SitePath::from_segments(["calendario", "gruppo", group_id])
}

/// "2 ore", "1 ora e 30 minuti", "45 minuti".
pub fn duration_it(minutes: u64) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    let hours_text = match hours {
        0 => String::new(),
        1 => "1 ora".to_owned(),
        n => format!("{n} ore"),
    };
    match (hours, rest) {
        (0, m) => format!("{m} minuti"),
        (_, 0) => hours_text,
        (_, m) => format!("{hours_text} e {m} minuti"),
    }
}

/// A link that opens Google Calendar's "new event" form filled in with the event.
fn google_calendar_url(event: &Event, page: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let dates = if event.start.has_time {
        let end = event.end.unwrap_or(event.start);
        format!(
            "{}/{}",
            event.start.civil.strftime("%Y%m%dT%H%M%S"),
            end.civil.strftime("%Y%m%dT%H%M%S")
        )
    } else {
        let day = event.start.date();
        let next = day.tomorrow().unwrap_or(day);
        format!("{}/{}", day.strftime("%Y%m%d"), next.strftime("%Y%m%d"))
    };
    let encode = |text: &str| utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
    format!(
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}&ctz=Europe%2FRome&details={}",
        encode(&event.title),
        dates,
        encode(page)
    )
}

/// The URL of a Province's page.
pub fn province_path(province: &Province) -> SitePath {
    SitePath::from_segments(["province", province.slug.as_str()])
}

/// "giovedì 4 dicembre 2025, ore 10:00–12:00"; across days, both ends in full.
pub fn when_it(start: &LocalDateTime, end: Option<&LocalDateTime>) -> String {
    match end {
        Some(end) if start.has_time && end.date() == start.date() => {
            format!("{}–{}", date_time_it(start), end.civil.strftime("%H:%M"))
        }
        Some(end) if start.has_time => format!("{} – {}", date_time_it(start), date_time_it(end)),
        Some(end) => format!("{} – {}", date_it(start.date()), date_it(end.date())),
        None => date_time_it(start),
    }
}

/// "1,2 MB", "850 kB", "312 byte": sizes as Italians write them (decimal units).
pub fn size_it(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} byte"),
        1_000..1_000_000 => format!("{} kB", italian_decimal(bytes as f64 / 1_000.0, 0)),
        _ => format!("{} MB", italian_decimal(bytes as f64 / 1_000_000.0, 1)),
    }
}

/// A number with a decimal comma: `italian_decimal(12.345, 1)` → "12,3".
pub fn italian_decimal(value: f64, decimals: usize) -> String {
    format!("{value:.decimals$}").replace('.', ",")
}

/// "Fonte: ISTAT ..." naming the release whose tables were used for the site's reference date.
pub fn istat_credit(today: jiff::civil::Date) -> String {
    crate::load::reference::Reference::istat().credit_at(today)
}

/// The date of that release as Italians write it: "1° gennaio 2026".
fn istat_release(today: jiff::civil::Date) -> &'static str {
    &crate::load::reference::Reference::istat()
        .release_at(today)
        .title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_italian_way() {
        assert_eq!(size_it(312), "312 byte");
        assert_eq!(size_it(850_400), "850 kB");
        assert_eq!(size_it(1_234_567), "1,2 MB");
    }

    #[test]
    fn a_meeting_reads_as_one_phrase() {
        let start = LocalDateTime::parse("2025-12-04T10:00").unwrap();
        let end = LocalDateTime::parse("2025-12-04T12:00").unwrap();
        assert_eq!(
            when_it(&start, Some(&end)),
            "giovedì 4 dicembre 2025, ore 10:00–12:00"
        );
        let deadline = LocalDateTime::parse("2026-09-30").unwrap();
        assert_eq!(when_it(&deadline, None), "mercoledì 30 settembre 2026");
    }
}
