//! Views of project works: the card and page, how to cite, JSON-LD.

use serde_json::{Value, json};

use super::italian::size_it;
use super::shapes::{DocumentView, WorkSectionView, WorkView};
use super::{ViewMaker, json_ld, to_json};
use crate::load::data::DocumentRole;
use crate::model::data::{ProjectWork, document_path};
use crate::model::routes::Route;

impl ViewMaker<'_> {
    pub(super) fn work(&self, work: &ProjectWork) -> Value {
        let province = &self.data[work.province];
        let documents = self.work_documents(work);
        let permalink = self.permalink(&Route::Work(&province.slug).path());
        let year = work.publication_date.map(|d| d.date().year());
        let main_document = documents
            .iter()
            .find(|d| d.role == DocumentRole::Main)
            .cloned();
        let author = province.name.as_str();
        to_json(WorkView {
            province: self.province_link(work.province),
            author,
            group: self.group_link(province.group),
            region: &province.unit.region,
            region_slug: slug::slugify(&province.unit.region),
            title: &work.title,
            abstract_text: work.abstract_text.as_deref(),
            short_abstract: work
                .abstract_text
                .as_deref()
                .map(|text| first_words(text, 40)),
            published: work.published,
            main_document,
            how_to_cite: self.how_to_cite(work, author, year, &permalink),
            json_ld: self.work_json_ld(work, author, &permalink, &documents),
            sections: self.work_sections(work),
            peer_reviewer: work.peer_reviewer.map(|r| self.reviewer_link(r)),
            delivered: work.delivered.as_ref(),
            publication_date: work.publication_date.as_ref(),
            year,
            keyword_slugs: work.keywords.iter().map(slug::slugify).collect(),
            version: work.version.as_deref(),
            keywords: &work.keywords,
            licence: &work.licence,
            documents,
            permalink,
        })
    }

    /// How to cite the work: author (year). Title, version. Programme, promoter. URL.
    fn how_to_cite(
        &self,
        work: &ProjectWork,
        author: &str,
        year: Option<i16>,
        permalink: &str,
    ) -> String {
        let programme = &self.data.programme;
        format!(
            "{author} ({}). {}{}. Progetto «{}», {}. {permalink}",
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
        )
    }

    /// The state of each programme section of the work.
    fn work_sections<'a>(&'a self, work: &'a ProjectWork) -> Vec<WorkSectionView<'a>> {
        let programme = &self.data.programme;
        work.sections
            .iter()
            .map(|state| {
                let section = &programme[state.section];
                WorkSectionView {
                    id: &section.id,
                    number: section.number,
                    title: &section.title,
                    status: state.status,
                    summary: state.summary.as_deref(),
                    delivered: state.delivered.as_ref(),
                    feedback: state.feedback.as_ref(),
                }
            })
            .collect()
    }

    /// The work's documents, with their links and facts.
    fn work_documents<'a>(&self, work: &'a ProjectWork) -> Vec<DocumentView<'a>> {
        let province = &self.data[work.province];
        work.documents
            .iter()
            .map(|document| DocumentView {
                title: &document.title,
                role: document.role,
                file_name: &document.file_name,
                url: self.permalink(&document_path(province, document)),
                format: document.format,
                media_type: document.format.media_type(),
                size: document.size,
                size_label: format!("{}, {}", document.format, size_it(document.size)),
                pages: document.pages,
                sha256: &document.sha256,
            })
            .collect()
    }

    /// schema.org's `Report` for the work's page.
    fn work_json_ld(
        &self,
        work: &ProjectWork,
        author: &str,
        permalink: &str,
        documents: &[DocumentView],
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
                    "name": d.title,
                    "contentUrl": d.url,
                    "encodingFormat": d.media_type,
                    "contentSize": d.size,
                    "sha256": d.sha256,
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
