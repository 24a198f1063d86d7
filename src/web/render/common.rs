//! Text helpers shared by the shell, the items and the panel.

use web_sys::Element;

use crate::template::Template;

/// A template text in the viewer's locale.
pub(super) fn title(t: &Template, x: &crate::text::locale::Text, locale: &str) -> String {
    x.get(locale, &t.default_locale).to_string()
}

/// Writes text only when it differs: an unchanged node is never invalidated.
pub(super) fn set_text(e: &Element, s: &str) {
    if e.text_content().as_deref() != Some(s) {
        e.set_text_content(Some(s));
    }
}

/// A score as the form shows it.
pub(super) fn score_text(x: f64) -> String {
    crate::text::number::format_score(x)
}
