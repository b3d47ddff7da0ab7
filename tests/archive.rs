//! The restitution archive, the Atom feeds and the open data: every feed read with a real feed
//! parser, every JSON with a JSON parser and every CSV with a CSV parser, checked against the data.

mod common;

use std::path::Path;

use common::{fixture_copy, repo_root};
use portico::BuildOptions;
use portico::model::data::ProgrammeData;

fn build(root: &Path, output: &Path) -> (std::sync::Arc<ProgrammeData>, Vec<String>) {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output_dir: Some(output.to_path_buf()),
        date: Some("2026-11-26".parse().unwrap()),
        ..BuildOptions::default()
    };
    let built = portico::pipeline::render(&options).unwrap_or_else(|error| panic!("{error}"));
    portico::output::write_site(output, &built.files).unwrap();
    let news: Vec<String> = built
        .site
        .pages
        .iter()
        .filter(|page| page.content_path.starts_with("avvisi/"))
        .map(|page| page.permalink.to_string())
        .collect();
    let data = built.site.data.clone().expect("the site has data");
    (data, news)
}

fn atom(path: &Path) -> atom_syndication::Feed {
    let text = std::fs::read_to_string(path).unwrap();
    text.parse::<atom_syndication::Feed>()
        .unwrap_or_else(|error| panic!("{path:?} is not valid Atom: {error}"))
}

#[test]
fn works_and_news_feeds_are_valid_atom_with_ids_and_dates_from_the_data() {
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    let (data, news) = build(&repo_root(), &public);
    let works = atom(&public.join("archivio/atom.xml"));
    let published: Vec<_> = data.project_works.iter().filter(|w| w.published).collect();
    assert!(!published.is_empty());
    assert_eq!(works.entries().len(), published.len());
    assert_eq!(
        works.id(),
        "https://provincecomuni.example/archivio/atom.xml"
    );
    for work in &published {
        let province = &data[work.province];
        let id = format!("https://provincecomuni.example/archivio/{}/", province.slug);
        let entry = works
            .entries()
            .iter()
            .find(|entry| entry.id() == id)
            .unwrap_or_else(|| panic!("no entry {id}"));
        assert_eq!(entry.title().as_str(), work.title);
        let published_at = work.publication_date.unwrap().timestamp();
        assert_eq!(
            entry.published().unwrap().timestamp(),
            published_at.as_second()
        );
    }
    let news_feed = atom(&public.join("avvisi/atom.xml"));
    assert_eq!(news_feed.entries().len(), news.len());
    for entry in news_feed.entries() {
        assert!(news.contains(&entry.id().to_owned()), "{}", entry.id());
    }
    // Feeds are announced in every page's <head>.
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains("application/atom+xml"));
}

#[test]
fn open_data_json_and_csv_match_the_data() {
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    let (data, _) = build(&repo_root(), &public);
    let json = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(public.join("opendata").join(name)).unwrap())
            .unwrap_or_else(|error| panic!("{name}: {error}"))
    };
    let csv_rows = |name: &str| -> (csv::StringRecord, Vec<csv::StringRecord>) {
        let mut reader = csv::Reader::from_path(public.join("opendata").join(name)).unwrap();
        let header = reader.headers().unwrap().clone();
        let rows = reader.records().map(|r| r.unwrap()).collect();
        (header, rows)
    };

    let provinces = json("province.json");
    assert_eq!(
        provinces["province"].as_array().unwrap().len(),
        data.provinces.len()
    );
    let (header, rows) = csv_rows("province.csv");
    assert_eq!(&header[0], "sigla");
    assert_eq!(rows.len(), data.provinces.len());
    for (row, province) in rows.iter().zip(&data.provinces) {
        assert_eq!(&row[0], province.sigla);
        assert_eq!(
            &row[1], province.unit.name,
            "names come from ISTAT, accents intact"
        );
    }

    let events = json("eventi.json");
    let listed = events["eventi"].as_array().unwrap();
    assert_eq!(listed.len(), data.events.len());
    for (item, event) in listed.iter().zip(&data.events) {
        assert_eq!(item["id"], event.id.as_str());
        assert_eq!(item["inizio"], event.start.written().as_str());
    }
    let (header, rows) = csv_rows("eventi.csv");
    // Thirteen columns of data, and `avvertenza` while the portal shows demonstration data.
    assert_eq!(header.len(), 14);
    assert_eq!(&header[13], "avvertenza");
    assert_eq!(rows.len(), data.events.len());

    let works = json("project-work.json");
    let published = data.project_works.iter().filter(|w| w.published).count();
    assert_eq!(works["project_work"].as_array().unwrap().len(), published);
    let (_, rows) = csv_rows("project-work.csv");
    assert_eq!(rows.len(), published);
    // The DCAT-AP_IT catalogue of these files is checked in tests/dcat.rs.
}

#[test]
fn documents_are_published_with_size_pages_and_hash() {
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("public");
    let (data, _) = build(&repo_root(), &public);
    for work in data.project_works.iter().filter(|w| w.published) {
        let province = &data[work.province];
        for document in &work.documents {
            let file = public
                .join("archivio")
                .join(&province.slug)
                .join(&document.file_name);
            let bytes = std::fs::read(&file).unwrap();
            assert_eq!(bytes.len() as u64, document.size);
            assert!(document.pages.unwrap() >= 1);
            use sha2::Digest;
            let hash: String = sha2::Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(hash, document.sha256);
        }
    }
}

#[test]
fn spreadsheet_formulas_in_data_are_neutralised_in_csv() {
    let (_dir, root) = fixture_copy("programme");
    let work = root.join("data/project-works/MB/project-work.yaml");
    let text = std::fs::read_to_string(&work).unwrap().replace(
        "title: Un servizio associato per il personale dei Comuni brianzoli",
        "title: \"=HYPERLINK(\\\"https://example.org\\\",\\\"clic\\\")\"",
    );
    std::fs::write(&work, text).unwrap();
    let public = root.join("public");
    build(&root, &public);
    let mut reader = csv::Reader::from_path(public.join("opendata/project-work.csv")).unwrap();
    let row = reader.records().next().unwrap().unwrap();
    assert!(row[1].starts_with("'=HYPERLINK"), "{:?}", &row[1]);
}

#[test]
fn archive_pages_render_as_snapshotted() {
    let (_dir, root) = fixture_copy("programme");
    let public = root.join("public");
    build(&root, &public);
    for page in [
        "archivio/index.html",
        "archivio/monza-e-della-brianza/index.html",
        "archivio/anno/2026/index.html",
    ] {
        let text = std::fs::read_to_string(public.join(page)).unwrap();
        insta::assert_snapshot!(format!("programme__{}", page.replace('/', "__")), text);
    }
}

#[test]
fn documents_of_unpublished_works_stay_unpublished() {
    let (_dir, root) = fixture_copy("programme");
    let work = root.join("data/project-works/MB/project-work.yaml");
    let text = std::fs::read_to_string(&work)
        .unwrap()
        .replace("published: true", "published: false");
    std::fs::write(&work, text).unwrap();
    let public = root.join("public");
    build(&root, &public);
    assert!(
        !public
            .join("archivio/monza-e-della-brianza/project-work.pdf")
            .exists()
    );
    assert!(
        !public
            .join("archivio/monza-e-della-brianza/index.html")
            .exists()
    );
}
