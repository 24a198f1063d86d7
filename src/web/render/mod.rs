//! Building the form's DOM once per template/locale/mode, and patching it after changes:
//! the shell (header, tools, section navigation, sections built in idle time) here, each
//! item in `item`, the result panel in `panel`.

use crate::document::Mode;
use crate::view::act::Act;

mod common;
mod item;
mod panel;
pub(super) mod part;

use super::dom::{self, add, attr, button, el, show, text};
use super::fieldkit;
use super::state::{FormState, SectionDom};
use crate::template::Template;
use crate::text::locale::Lang;
use crate::view;
use crate::view::words::{word, Word};
use common::*;
use item::*;
pub(super) use item::{more_box, note_box, patch_item, patch_sections};
pub(super) use panel::{panel, toggle_fold};
use web_sys::Element;

/// Rebuilds everything: called when the template, the assessment, the locale, the mode or
/// read-only changes. Answers never trigger this.
pub fn all(inner: &mut FormState) {
    clear(inner);
    let (doc, lang) = (inner.dom.clone(), inner.lang());
    let app = el(&doc, "div", "rc");
    attr(&app, "lang", if lang == Lang::Zh { "zh-CN" } else { "en" });
    dom::class(&app, "rc-readonly", inner.readonly);
    let _ = inner.root.append_child(&app);
    let error = el(&doc, "p", "rc-error");
    attr(&error, "role", "alert");
    show(&error, false);
    add(&app, &error);
    inner.error = Some(error.clone());
    let Some(t) = inner.template.clone() else {
        return;
    };
    if let Some(notice) = view::draft_notice(&inner.document, &t, lang) {
        let p = text(&doc, "p", "rc-notice", &notice);
        attr(&p, "role", "status");
        add(&app, &p);
    }
    let _ = app.insert_before(&header(inner, &t), Some(&error));
    review_notice(inner);
    fieldkit::site_bar(inner, &app, &error);
    let nav = el(&doc, "nav", "rc-nav");
    attr(&nav, "aria-label", word(Word::Sections, lang));
    let navlist = el(&doc, "ol", "rc-navlist");
    add(&nav, &navlist);
    add(&app, &nav);
    add(&app, &tools(inner));
    let body = el(&doc, "div", "rc-body");
    // The host page owns <main>; the form is a plain block and the panel a labelled region.
    let main = el(&doc, "div", "rc-form");
    add(&body, &main);
    let panel = el(&doc, "section", "rc-panel");
    attr(&panel, "aria-label", word(Word::Result, lang));
    attr(&panel, "id", "rc-result");
    dom::class(&panel, "rc-open", inner.panel_open);
    add(&body, &panel);
    add(&app, &body);
    for si in 0..t.sections.len() {
        let s = section(inner, &t, si);
        add(&main, &s.root);
        if let Some(li) = s.nav.parent_element() {
            add(&navlist, &li);
        }
        inner.sections.push(s);
    }
    inner.panel = Some(panel);
    // First evaluation: every item is painted from no state.
    inner.states = vec![None; t.items.len()];
    inner.items = (0..t.items.len()).map(|_| None).collect();
    inner.built = 0;
    inner.refresh();
    // The first screens now; the rest from `more` in idle time.
    build_sections(inner, usize::MAX, |built_items, _| {
        built_items < EAGER_ITEMS
    });
}

/// The latest review of the site's submission, under the header (none: removed).
pub(crate) fn review_notice(inner: &FormState) {
    if let Some(old) = inner.root.query_selector(".rc-review").ok().flatten() {
        old.remove();
    }
    let Some((state, note)) = &inner.review else {
        return;
    };
    let Some(text) = view::words::review(state, note, inner.lang()) else {
        return;
    };
    let (Some(app), Some(error)) = (
        inner.root.query_selector(".rc").ok().flatten(),
        inner.root.query_selector(".rc-error").ok().flatten(),
    ) else {
        return;
    };
    let p = dom::text(&inner.dom, "p", "rc-review", &text);
    attr(&p, "role", "status");
    attr(&p, "data-review", state);
    let _ = app.insert_before(&p, Some(&error));
}

/// Empties the shadow root and forgets what was built. The stylesheet link stays in place:
/// a new one (or the same one moved) would load again, and the form would show unstyled for
/// a frame on every locale or mode switch.
fn clear(inner: &mut FormState) {
    let kept = inner
        .root
        .first_element_child()
        .filter(|e| e.tag_name().eq_ignore_ascii_case("link"));
    match kept {
        Some(link) => {
            while let Some(n) = link.next_sibling() {
                let _ = inner.root.remove_child(&n);
            }
        }
        None => {
            inner.root.replace_children_with_node_0();
            let link = el(&inner.dom, "link", "");
            attr(&link, "rel", "stylesheet");
            attr(&link, "href", &inner.css);
            let _ = inner.root.append_child(&link);
        }
    }
    inner.items.clear();
    inner.sections.clear();
    inner.states.clear();
    inner.panel = None;
    inner.panel_parts.clear();
}

/// The header: title, site, mode and language switches. Not a `<header>`: an embedded
/// element must not claim the page's banner landmark.
fn header(inner: &FormState, t: &Template) -> Element {
    let (doc, lang, locale) = (&inner.dom, inner.lang(), &inner.locale);
    let w = |x: Word| word(x, lang);
    let head = el(doc, "div", "rc-head");
    let titles = el(doc, "div", "rc-titles");
    add(
        &titles,
        &text(doc, "h1", "rc-title", &title(t, &t.title, locale)),
    );
    // The same words as when the site is named in the site bar.
    let site = inner.document.site_shown();
    if !site.is_empty() {
        add(&titles, &text(doc, "p", "rc-site", site));
    }
    add(&head, &titles);
    let switches = el(doc, "div", "rc-switches");
    let seg = |label: &str, opts: &[(&str, Act, &str, bool)]| {
        let g = el(doc, "div", "rc-seg rc-seg-small");
        attr(&g, "role", "group");
        attr(&g, "aria-label", label);
        for (text_, act, to, on) in opts {
            let b = button(doc, "rc-opt", text_, *act);
            attr(&b, "data-to", to);
            attr(&b, "aria-pressed", if *on { "true" } else { "false" });
            add(&g, &b);
        }
        g
    };
    let insp = inner.mode == Mode::Inspection;
    let modes = [
        (w(Word::ModeSelf), Act::Mode, "self", !insp),
        (w(Word::ModeInspection), Act::Mode, "inspection", insp),
    ];
    if !inner.fixed.0 {
        add(&switches, &seg(w(Word::Mode), &modes));
    }
    let languages = [
        ("中文", Act::Locale, "zh-CN", lang == Lang::Zh),
        ("EN", Act::Locale, "en", lang == Lang::En),
    ];
    if !inner.fixed.1 {
        add(&switches, &seg(w(Word::Language), &languages));
    }
    add(&head, &switches);
    head
}

/// The toolbar: go to the next unanswered item or finding, load the self-check (inspection
/// mode), export, print, submit, and the status and saved lines.
fn tools(inner: &FormState) -> Element {
    let (doc, lang) = (&inner.dom, inner.lang());
    let w = |x: Word| word(x, lang);
    let tools = el(doc, "div", "rc-tools");
    attr(&tools, "role", "toolbar");
    attr(&tools, "aria-label", w(Word::Tools));
    let mut acts = vec![
        (Word::NextUnanswered, Act::NextUnanswered),
        (Word::NextFinding, Act::NextFinding),
    ];
    if inner.mode == Mode::Inspection {
        acts.push((Word::LoadSelf, Act::LoadSelf));
    }
    acts.extend([
        (Word::ExportJson, Act::ExportJson),
        (Word::ExportCsv, Act::ExportCsv),
        (
            if inner.mode == Mode::Inspection {
                Word::PrintFindings
            } else {
                Word::PrintReport
            },
            Act::PrintFindings,
        ),
        (Word::PrintForm, Act::Print),
    ]);
    for (label, act) in acts {
        add(&tools, &button(doc, "rc-tool", w(label), act));
    }
    if !inner.readonly {
        add(
            &tools,
            &button(doc, "rc-tool rc-primary", w(Word::Submit), Act::Submit),
        );
    }
    let status = el(doc, "span", "rc-status");
    attr(&status, "role", "status");
    add(&tools, &status);
    // What is saved on the device and sent (§7.1, §8); filled by the element's JS.
    let saved = el(doc, "span", "rc-save");
    attr(&saved, "role", "status");
    add(&tools, &saved);
    tools
}

/// Section `si`'s shell (its heading and help; items are built later) and its entry in the
/// section navigation, as a list item holding the button.
fn section(inner: &FormState, t: &Template, si: usize) -> SectionDom {
    let (doc, locale) = (&inner.dom, &inner.locale);
    let sec = &t.sections[si];
    let s = el(doc, "section", "rc-section");
    attr(&s, "id", &format!("sec-{}", sec.id));
    // For the stylesheet's size estimate of a section not rendered yet.
    attr(&s, "data-items", &sec.items.len().to_string());
    attr(&s, "aria-labelledby", &format!("h-{}", sec.id));
    let h = text(doc, "h2", "rc-section-title", &title(t, &sec.title, locale));
    attr(&h, "id", &format!("h-{}", sec.id));
    attr(&h, "tabindex", "-1");
    add(&s, &h);
    if let Some(help) = &sec.help {
        add(
            &s,
            &text(doc, "p", "rc-section-help", &title(t, help, locale)),
        );
    }
    let li = el(doc, "li", "");
    let b = button(doc, "rc-navbtn", "", Act::Nav);
    attr(&b, "data-section", &si.to_string());
    add(
        &b,
        &text(doc, "span", "rc-nav-title", &title(t, &sec.title, locale)),
    );
    let p = el(doc, "span", "rc-nav-progress");
    let sc = el(doc, "span", "rc-nav-score");
    add(&b, &p);
    add(&b, &sc);
    add(&li, &b);
    SectionDom {
        root: s,
        nav: b,
        nav_progress: p,
        nav_score: sc,
        shown: None,
    }
}

/// Items built before the form is first shown; larger checklists build the rest in idle
/// time, section by section, so the first screens appear without waiting for the whole.
pub const EAGER_ITEMS: usize = 300;

/// Builds further sections, up to section `limit` (exclusive), while `go(items built so far
/// in this call, ms spent)` says so; returns whether sections remain unbuilt.
pub fn build_sections(
    inner: &mut FormState,
    limit: usize,
    go: impl Fn(usize, f64) -> bool,
) -> bool {
    let Some(t) = inner.template.clone() else {
        return false;
    };
    let start = js_sys::Date::now();
    let mut count = 0;
    let focused = inner.root.active_element();
    while inner.built < t.sections.len().min(limit) && go(count, js_sys::Date::now() - start) {
        let si = inner.built;
        for i in t.sections[si].items.clone() {
            let d = item(inner, &t, i);
            add(&inner.sections[si].root, &d.root);
            inner.items[i] = Some(d);
            // Shown from the current state (`states[i]` is none until then).
            let st = inner.state.as_ref().map(|state| {
                let no_answers = serde_json::Map::new();
                let answers = inner.document.answers().unwrap_or(&no_answers);
                let disputed = inner
                    .comparison
                    .as_ref()
                    .map_or(&[][..], |c| c.disputed.as_slice());
                view::item_state(
                    &t,
                    state,
                    i,
                    answers,
                    disputed,
                    inner.lang(),
                    inner.show_missing,
                )
            });
            if let Some(st) = st {
                patch_item(inner, i, &st, focused.as_ref());
                inner.states[i] = Some(st);
            }
            count += 1;
        }
        inner.built += 1;
    }
    inner.built < t.sections.len()
}
