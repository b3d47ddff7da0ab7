//! Views of project works: the card and page, how to cite, JSON-LD.

use serde_json::{Value, json};

use super::italian::size_it;
use super::{ViewMaker, json_ld};
use crate::model::data::{ProjectWork, document_path};
use crate::model::routes::Route;

impl ViewMaker<'_> {
    pub(super) fn work(&self, work: &ProjectWork) -> Value {
        let programme = &self.data.programme;
        let province = &self.data[work.province];
        let sections = self.work_sections(work);
        let documents = self.work_documents(work);
        let permalink = self.permalink(&Route::Work(&province.slug).path());
        let year = work.publication_date.map(|d| d.date().year());
        let group = &self.data[province.group];
        let main_document = documents
            .iter()
            .find(|d| d["role"] == "main")
            .cloned()
            .unwrap_or(Value::Null);
        let kind_and_name = province.name.clone();
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
            "json_ld": self.work_json_ld(work, &kind_and_name, &permalink, &documents),
            "sections": sections,
            "peer_reviewer": work.peer_reviewer.map(|r| self.reviewer_link(r)),
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

    /// The state of each programme section of the work.
    fn work_sections(&self, work: &ProjectWork) -> Vec<Value> {
        let programme = &self.data.programme;
        work.sections
            .iter()
            .map(|state| {
                let section = &programme[state.section];
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
            .collect()
    }

    /// The work's documents, with their links and facts.
    fn work_documents(&self, work: &ProjectWork) -> Vec<Value> {
        let province = &self.data[work.province];
        work.documents
            .iter()
            .map(|document| {
                json!({
                    "title": document.title,
                    "role": document.role,
                    "file_name": document.file_name,
                    "url": self.permalink(&document_path(province, document)),
                    "format": document.format,
                    "media_type": document.format.media_type(),
                    "size": document.size,
                    "size_label": format!("{}, {}", document.format, size_it(document.size)),
                    "pages": document.pages,
                    "sha256": document.sha256,
                })
            })
            .collect()
    }

    /// schema.org's `Report` for the work's page.
    fn work_json_ld(
        &self,
        work: &ProjectWork,
        author: &str,
        permalink: &str,
        documents: &[Value],
    ) -> String {
        let programme = &self.data.programme;
        json_ld(
            json!({
                "@context": "https://schema.org",
                "@type": "Report",
                "name": work.title,
                "abstract": work.abstract_text,
                "author": { "@type": "GovernmentOrganization", "name": author },
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
            }),
            self.site.config.demo_note(),
        )
    }
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
