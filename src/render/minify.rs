//! HTML minification, behind the `minify` cargo feature (minify-html is a large share of a cold
//! build). Without the feature, pages are written as rendered.

#[cfg(feature = "minify")]
pub fn minify_html(html: &[u8]) -> Vec<u8> {
    use std::sync::OnceLock;
    static SETTINGS: OnceLock<minify_html::Cfg> = OnceLock::new();
    let settings = SETTINGS.get_or_init(|| {
        // Spec-compliant settings only: every page must still pass the Nu Html Checker.
        let mut settings = minify_html::Cfg::new();
        settings.keep_html_and_head_opening_tags = true;
        settings.keep_closing_tags = true;
        settings.minify_css = true;
        settings.minify_js = true;
        settings
    });
    minify_html::minify(html, settings)
}

#[cfg(not(feature = "minify"))]
pub fn minify_html(html: &[u8]) -> Vec<u8> {
    html.to_vec()
}
