//! People's contacts: a referent's e-mail and phone reach the Province's page, as `mailto:`
//! and `tel:` links, only when the data marks them public.

mod common;

use common::portal_copy;

#[test]
fn a_referents_contacts_are_shown_only_when_marked_public() {
    let site = portal_copy();
    let file = site.path().join("data/provinces/AN.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let with_contacts = text.replacen(
        "  - role: Referente tecnico\n    office: Settore Risorse umane\n",
        "  - role: Referente tecnico\n    office: Settore Risorse umane\n    email: personale@provincia.ancona.it\n    phone: 071 5894 1\n    public: true\n  - role: Segreteria\n    email: riservata@provincia.ancona.it\n    phone: 071 000000\n",
        1,
    );
    assert_ne!(text, with_contacts, "the referent is in the data");
    std::fs::write(&file, with_contacts).unwrap();
    let public = common::build_in_process(site.path());
    let page = std::fs::read_to_string(public.join("province/ancona/index.html")).unwrap();
    assert!(
        page.contains("mailto:personale@provincia.ancona.it"),
        "{page}"
    );
    assert!(page.contains("tel:07158941"), "{page}");
    assert!(page.contains("Segreteria"));
    let everything: String = portico::output::list_tree(&public)
        .unwrap()
        .iter()
        .map(|path| {
            String::from_utf8_lossy(&std::fs::read(public.join(path)).unwrap()).into_owned()
        })
        .collect();
    assert!(
        !everything.contains("riservata@"),
        "a private e-mail was published"
    );
    assert!(
        !everything.contains("071 000000"),
        "a private phone was published"
    );
}
