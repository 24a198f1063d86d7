//! Building the form's DOM once per template/locale/mode, and patching it after changes:
//! the shell (header, tools, section navigation, sections built in idle time) here, each
//! item in `item`, the result panel in `panel`.

use serde_json::Value;

mod common;
mod item;
mod panel;
pub(super) mod part;

use super::dom::{self, add, attr, button, el, show, text};
use super::fieldkit;
use super::state::{Inner, SectionDom};
use crate::text::locale::Lang;
use crate::view::words::{word, W};
use crate::view::{self, ItemState};
use common::*;
use item::*;
pub(super) use item::{more_box, note_box, patch_item, patch_sections};
pub(super) use panel::panel;

/// Rebuilds everything: called when the template, the assessment, the locale, the mode or
/// read-only changes. Answers never trigger this.
pub fn all(inner: &mut Inner) {
    let doc = inner.doc.clone();
    // The stylesheet link stays in place: a new one (or the same one moved) would load
    // again, and the form would show unstyled for a frame on every locale or mode switch.
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
            let link = el(&doc, "link", "");
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
    let lang = inner.lang();
    let w = |x: W| word(x, lang);
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
    let locale = inner.locale.clone();
    if let Some(notice) = view::draft_notice(&inner.assessment, &t, lang) {
        let p = text(&doc, "p", "rc-notice", &notice);
        attr(&p, "role", "status");
        add(&app, &p);
    }

    // Header: title, site, mode and language switches.
    // Not a <header>: an embedded element must not claim the page's banner landmark.
    let head = el(&doc, "div", "rc-head");
    let titles = el(&doc, "div", "rc-titles");
    add(
        &titles,
        &text(&doc, "h1", "rc-title", &title(&t, &t.title, &locale)),
    );
    // The same words as when the site is named in the site bar.
    let site = fieldkit::site_shown(&inner.assessment);
    if !site.is_empty() {
        add(&titles, &text(&doc, "p", "rc-site", site));
    }
    add(&head, &titles);
    let switches = el(&doc, "div", "rc-switches");
    let seg = |label: &str, opts: &[(&str, &str, &str, bool)]| {
        let g = el(&doc, "div", "rc-seg rc-seg-small");
        attr(&g, "role", "group");
        attr(&g, "aria-label", label);
        for (text_, act, to, on) in opts {
            let b = button(&doc, "rc-opt", text_, act);
            attr(&b, "data-to", to);
            attr(&b, "aria-pressed", if *on { "true" } else { "false" });
            add(&g, &b);
        }
        g
    };
    let insp = inner.mode == "inspection";
    add(
        &switches,
        &seg(
            w(W::Mode),
            &[
                (w(W::ModeSelf), "mode", "self", !insp),
                (w(W::ModeInspection), "mode", "inspection", insp),
            ],
        ),
    );
    add(
        &switches,
        &seg(
            w(W::Language),
            &[
                ("中文", "locale", "zh-CN", lang == Lang::Zh),
                ("EN", "locale", "en", lang == Lang::En),
            ],
        ),
    );
    add(&head, &switches);
    let _ = app.insert_before(&head, Some(&error));
    fieldkit::site_bar(inner, &app, &error);

    // Section navigation.
    let nav = el(&doc, "nav", "rc-nav");
    attr(&nav, "aria-label", w(W::Sections));
    let navlist = el(&doc, "ol", "rc-navlist");
    add(&nav, &navlist);
    add(&app, &nav);

    // Tools.
    let tools = el(&doc, "div", "rc-tools");
    attr(&tools, "role", "toolbar");
    attr(&tools, "aria-label", w(W::Tools));
    for (label, act) in [
        (W::NextUnanswered, "next-unanswered"),
        (W::NextFinding, "next-finding"),
    ] {
        add(&tools, &button(&doc, "rc-tool", w(label), act));
    }
    if insp {
        add(
            &tools,
            &button(&doc, "rc-tool", w(W::LoadSelf), "load-self"),
        );
    }
    for (label, act) in [
        (W::ExportJson, "export-json"),
        (W::ExportCsv, "export-csv"),
        (W::Print, "print"),
    ] {
        add(&tools, &button(&doc, "rc-tool", w(label), act));
    }
    if !inner.readonly {
        add(
            &tools,
            &button(&doc, "rc-tool rc-primary", w(W::Submit), "submit"),
        );
    }
    let status = el(&doc, "span", "rc-status");
    attr(&status, "role", "status");
    add(&tools, &status);
    // What is saved on the device and sent (§7.1, §8); filled by the element's JS.
    let saved = el(&doc, "span", "rc-save");
    attr(&saved, "role", "status");
    add(&tools, &saved);
    add(&app, &tools);

    let body = el(&doc, "div", "rc-body");
    // The host page owns <main>; the form is a plain block and the panel a labelled region.
    let main = el(&doc, "div", "rc-form");
    add(&body, &main);
    let panel = el(&doc, "section", "rc-panel");
    attr(&panel, "aria-label", w(W::Result));
    add(&body, &panel);
    add(&app, &body);

    for (si, sec) in t.sections.iter().enumerate() {
        let s = el(&doc, "section", "rc-section");
        attr(&s, "id", &format!("sec-{}", sec.id));
        // For the stylesheet's size estimate of a section not rendered yet.
        attr(&s, "data-items", &sec.items.len().to_string());
        attr(&s, "aria-labelledby", &format!("h-{}", sec.id));
        let h = text(
            &doc,
            "h2",
            "rc-section-title",
            &title(&t, &sec.title, &locale),
        );
        attr(&h, "id", &format!("h-{}", sec.id));
        attr(&h, "tabindex", "-1");
        add(&s, &h);
        if let Some(help) = &sec.help {
            add(
                &s,
                &text(&doc, "p", "rc-section-help", &title(&t, help, &locale)),
            );
        }
        add(&main, &s);

        let li = el(&doc, "li", "");
        let b = button(&doc, "rc-navbtn", "", "nav");
        attr(&b, "data-section", &si.to_string());
        add(
            &b,
            &text(
                &doc,
                "span",
                "rc-nav-title",
                &title(&t, &sec.title, &locale),
            ),
        );
        let p = el(&doc, "span", "rc-nav-progress");
        let sc = el(&doc, "span", "rc-nav-score");
        add(&b, &p);
        add(&b, &sc);
        add(&li, &b);
        add(&navlist, &li);
        inner.sections.push(SectionDom {
            root: s,
            nav: b,
            nav_progress: p,
            nav_score: sc,
            shown: None,
        });
    }
    inner.panel = Some(panel);
    // First evaluation: every item is patched from an empty state.
    inner.states = vec![
        ItemState {
            applicable: true,
            ..ItemState::default()
        };
        t.items.len()
    ];
    for st in inner.states.iter_mut() {
        st.answer = Value::String("\u{0}unset".into());
    }
    inner.items = (0..t.items.len()).map(|_| None).collect();
    inner.built = 0;
    inner.refresh();
    // The first screens now; the rest from `more` in idle time.
    build_sections(inner, usize::MAX, |built_items, _| {
        built_items < EAGER_ITEMS
    });
}

/// Items built before the form is first shown; larger checklists build the rest in idle
/// time, section by section, so the first screens appear without waiting for the whole.
pub const EAGER_ITEMS: usize = 300;

/// Builds further sections, up to section `limit` (exclusive), while `go(items built so far
/// in this call, ms spent)` says so; returns whether sections remain unbuilt.
pub fn build_sections(inner: &mut Inner, limit: usize, go: impl Fn(usize, f64) -> bool) -> bool {
    let Some(t) = inner.template.clone() else {
        return false;
    };
    let notes = inner
        .assessment
        .get("notes")
        .cloned()
        .unwrap_or(Value::Null);
    let start = js_sys::Date::now();
    let mut count = 0;
    let focused = inner.root.active_element();
    while inner.built < t.sections.len().min(limit) && go(count, js_sys::Date::now() - start) {
        let si = inner.built;
        for i in t.sections[si].items.clone() {
            let d = item(inner, &t, i, &notes);
            add(&inner.sections[si].root, &d.root);
            inner.items[i] = Some(d);
            // Shown from the current state; `states[i]` still holds the "unset" marker.
            let st = inner.state.as_ref().map(|state| {
                let no_answers = serde_json::Map::new();
                let answers = inner.answer_map().unwrap_or(&no_answers);
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
                inner.states[i] = st;
            }
            count += 1;
        }
        inner.built += 1;
    }
    inner.built < t.sections.len()
}
