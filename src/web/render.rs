//! Building the form's DOM once per template/locale/mode, and patching it after changes.

use serde_json::Value;
use web_sys::Element;

use super::dom::{self, add, attr, button, el, show, text};
use super::{Inner, ItemDom, SectionDom};
use crate::locale::Lang;
use crate::number::format_number;
use crate::template::{Item, Kind, Template};
use crate::view::words::{self, word, W};
use crate::view::{self, ItemState};

fn title(t: &Template, x: &crate::locale::Text, locale: &str) -> String {
    x.get(locale, &t.default_locale).to_string()
}

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

    // Header: title, site, mode and language switches.
    // Not a <header>: an embedded element must not claim the page's banner landmark.
    let head = el(&doc, "div", "rc-head");
    let titles = el(&doc, "div", "rc-titles");
    add(
        &titles,
        &text(&doc, "h1", "rc-title", &title(&t, &t.title, &locale)),
    );
    // The same words as when the site is named in the site bar.
    let site = super::fieldkit::site_shown(&inner.assessment);
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
    super::fieldkit::site_bar(inner, &app, &error);

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

/// Opens (building on first use) the help and source panel of an item.
pub fn more_box(inner: &Inner, t: &Template, it: &Item, root: &Element) -> Element {
    if let Some(b) = root.query_selector(".rc-more").ok().flatten() {
        return b;
    }
    let doc = &inner.doc;
    let lang = inner.lang();
    let d = el(doc, "div", "rc-more");
    if let Some(h) = &it.help {
        add(&d, &text(doc, "p", "rc-help", &title(t, h, &inner.locale)));
    }
    if let Some(s) = &it.source {
        add(
            &d,
            &text(
                doc,
                "p",
                "rc-source",
                &format!("{}：{s}", word(W::Source, lang)),
            ),
        );
    }
    add(root, &d);
    d
}

/// Opens (building on first use) the note field of an item.
pub fn note_box(inner: &Inner, t: &Template, it: &Item, root: &Element, note: &str) -> Element {
    if let Some(b) = root.query_selector(".rc-note").ok().flatten() {
        return b;
    }
    let doc = &inner.doc;
    let lang = inner.lang();
    let d = el(doc, "div", "rc-note");
    let ta = el(doc, "textarea", "rc-input rc-note-input");
    attr(&ta, "data-note", "");
    attr(
        &ta,
        "aria-label",
        &format!(
            "{} · {}",
            word(W::Note, lang),
            title(t, &it.title, &inner.locale)
        ),
    );
    attr(&ta, "rows", "2");
    dom::set_input_value(&ta, note);
    if inner.readonly {
        attr(&ta, "readonly", "");
    }
    add(&d, &ta);
    add(root, &d);
    if let Some(b) = root.query_selector("[data-act=note]").ok().flatten() {
        attr(&b, "aria-expanded", "true");
    }
    d
}

fn badge(doc: &web_sys::Document, class: &str, s: &str) -> Element {
    text(doc, "span", &format!("rc-badge {class}"), s)
}

fn item(inner: &Inner, t: &Template, i: usize, notes: &Value) -> ItemDom {
    let doc = &inner.doc;
    let it = &t.items[i];
    let locale = &inner.locale;
    let lang = inner.lang();
    let root = el(doc, "div", "rc-item");
    attr(&root, "data-item", &it.id);
    attr(&root, "role", "group");
    let tid = format!("t-{}", it.id);
    attr(&root, "aria-labelledby", &tid);
    let head = el(doc, "div", "rc-item-head");
    let ttl = text(doc, "span", "rc-item-title", &title(t, &it.title, locale));
    attr(&ttl, "id", &tid);
    add(&head, &ttl);
    let required = badge(doc, "rc-req", word(W::Required, lang));
    show(&required, false);
    add(&head, &required);
    if it.critical {
        add(&head, &badge(doc, "rc-crit", word(W::Critical, lang)));
    }
    add(&root, &head);
    let control = control(inner, t, it, &tid, None);
    add(&root, &control);
    let issue = el(doc, "p", "rc-issue");
    attr(&issue, "id", &format!("e-{}", it.id));
    attr(&issue, "aria-live", "polite");
    show(&issue, false);
    add(&root, &issue);
    // Help, source and note are built when first opened: two closed panels per item would
    // double the form's DOM for text most people never open.
    let has_more = it.help.is_some() || it.source.is_some();
    let note = notes.get(&it.id).and_then(Value::as_str).unwrap_or("");
    let takes_note = !matches!(it.kind, Kind::Computed { .. });
    if has_more || takes_note {
        let bar = el(doc, "div", "rc-extras");
        if has_more {
            let b = button(doc, "rc-link", word(W::More, lang), "more");
            attr(&b, "aria-expanded", "false");
            add(&bar, &b);
        }
        if takes_note {
            let b = button(doc, "rc-link", word(W::Note, lang), "note");
            attr(&b, "aria-expanded", "false");
            add(&bar, &b);
            if let Some(b) = super::fieldkit::photo_button(inner) {
                add(&bar, &b);
            }
        }
        add(&root, &bar);
        if !note.is_empty() {
            note_box(inner, t, it, &root, note);
        }
        super::fieldkit::photo_strip(inner, &root, &it.id);
    }
    ItemDom {
        root,
        control,
        issue,
        required,
    }
}

/// Answer buttons (是/否/不适用, options) as a radio group or a checkbox list.
fn choices(inner: &Inner, t: &Template, it: &Item, label_id: &str, row: Option<usize>) -> Element {
    let doc = &inner.doc;
    let lang = inner.lang();
    let multi = matches!(it.kind, Kind::Multi { .. });
    let opts: Vec<(String, String)> = match &it.kind {
        Kind::YesNo { na, .. } => {
            let mut v = vec![
                ("yes".into(), word(W::Yes, lang).into()),
                ("no".into(), word(W::No, lang).into()),
            ];
            if *na {
                v.push(("na".into(), word(W::Na, lang).into()));
            }
            v
        }
        Kind::Choice { options } | Kind::Multi { options, .. } => options
            .iter()
            .map(|o| (o.value.clone(), title(t, &o.label, &inner.locale)))
            .collect(),
        _ => Vec::new(),
    };
    let long = opts.len() > 4 || opts.iter().any(|(_, l)| l.chars().count() > 8);
    let g = el(
        doc,
        "div",
        if long { "rc-seg rc-seg-list" } else { "rc-seg" },
    );
    attr(&g, "role", if multi { "group" } else { "radiogroup" });
    attr(&g, "aria-labelledby", label_id);
    for (v, l) in opts {
        let b = text(doc, "button", "rc-opt", &l);
        attr(&b, "type", "button");
        attr(&b, "role", if multi { "checkbox" } else { "radio" });
        attr(&b, "aria-checked", "false");
        attr(&b, "data-value", &v);
        if let Some(r) = row {
            attr(&b, "data-row", &r.to_string());
            attr(&b, "data-child", &it.id);
        }
        if v == "no" {
            dom::class(&b, "rc-opt-no", true);
        }
        if inner.readonly {
            attr(&b, "aria-disabled", "true");
        }
        add(&g, &b);
    }
    g
}

fn input(inner: &Inner, it: &Item, label_id: &str, row: Option<usize>) -> Element {
    let doc = &inner.doc;
    let multiline = matches!(
        it.kind,
        Kind::Text {
            multiline: true,
            ..
        }
    );
    let i = el(
        doc,
        if multiline { "textarea" } else { "input" },
        "rc-input",
    );
    match &it.kind {
        Kind::Number { integer, .. } => {
            attr(&i, "type", "text");
            attr(
                &i,
                "inputmode",
                if *integer { "numeric" } else { "decimal" },
            );
        }
        Kind::Date { min, max } => {
            attr(&i, "type", "date");
            if let Some(m) = min {
                attr(&i, "min", &crate::date::format(*m));
            }
            if let Some(m) = max {
                attr(&i, "max", &crate::date::format(*m));
            }
        }
        Kind::Text { .. } if !multiline => attr(&i, "type", "text"),
        _ => {}
    }
    attr(&i, "data-input", "");
    attr(&i, "aria-labelledby", label_id);
    attr(&i, "aria-describedby", &format!("e-{}", it.id));
    if let Some(r) = row {
        attr(&i, "data-row", &r.to_string());
        attr(&i, "data-child", &it.id);
    }
    if inner.readonly {
        attr(&i, "readonly", "");
    }
    i
}

fn control(inner: &Inner, t: &Template, it: &Item, label_id: &str, row: Option<usize>) -> Element {
    let doc = &inner.doc;
    let lang = inner.lang();
    match &it.kind {
        Kind::YesNo { .. } | Kind::Choice { .. } | Kind::Multi { .. } => {
            choices(inner, t, it, label_id, row)
        }
        Kind::Number { unit, .. } => {
            let w = el(doc, "div", "rc-field");
            add(&w, &input(inner, it, label_id, row));
            if let Some(u) = unit {
                add(
                    &w,
                    &text(doc, "span", "rc-unit", &title(t, u, &inner.locale)),
                );
            }
            w
        }
        Kind::Date { .. } | Kind::Text { .. } => {
            let w = el(doc, "div", "rc-field");
            add(&w, &input(inner, it, label_id, row));
            w
        }
        Kind::Computed { unit, .. } => {
            let w = el(doc, "div", "rc-field rc-computed");
            let o = el(doc, "output", "rc-output");
            attr(&o, "aria-labelledby", label_id);
            add(&w, &o);
            if let Some(u) = unit {
                add(
                    &w,
                    &text(doc, "span", "rc-unit", &title(t, u, &inner.locale)),
                );
            }
            add(
                &w,
                &text(doc, "span", "rc-badge rc-auto", word(W::Computed, lang)),
            );
            w
        }
        Kind::Repeat { .. } => {
            let w = el(doc, "div", "rc-repeat");
            let rows = el(doc, "div", "rc-rows");
            add(&w, &rows);
            if !inner.readonly {
                let b = button(doc, "rc-tool", word(W::AddRow, lang), "add-row");
                attr(&b, "data-for", &it.id);
                add(&w, &b);
            }
            w
        }
    }
}

fn rows_of(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// Redraws a repeat's rows (when rows are added or removed).
fn repeat_rows(inner: &Inner, t: &Template, it: &Item, container: &Element, answer: &Value) {
    let doc = &inner.doc;
    let lang = inner.lang();
    let Kind::Repeat { children, .. } = &it.kind else {
        return;
    };
    container.replace_children_with_node_0();
    for (k, row) in rows_of(answer).iter().enumerate() {
        let r = el(doc, "fieldset", "rc-row");
        add(&r, &text(doc, "legend", "", &words::row(k + 1, lang)));
        for c in children {
            let cell = el(doc, "div", "rc-cell");
            let lid = format!("t-{}-{k}-{}", it.id, c.id);
            let l = text(
                doc,
                "span",
                "rc-cell-title",
                &title(t, &c.title, &inner.locale),
            );
            attr(&l, "id", &lid);
            add(&cell, &l);
            let ctl = control(inner, t, c, &lid, Some(k));
            fill(&ctl, c, row.get(&c.id).unwrap_or(&Value::Null), None);
            add(&cell, &ctl);
            add(&r, &cell);
        }
        if !inner.readonly {
            let b = button(
                doc,
                "rc-tool rc-remove",
                word(W::RemoveRow, lang),
                "remove-row",
            );
            attr(&b, "data-for", &it.id);
            attr(&b, "data-row", &k.to_string());
            add(&r, &b);
        }
        add(container, &r);
    }
}

/// Shows an answer in a control, leaving the control the user is typing in alone.
fn fill(control: &Element, it: &Item, answer: &Value, focused: Option<&Element>) {
    match &it.kind {
        Kind::YesNo { .. } | Kind::Choice { .. } | Kind::Multi { .. } => {
            let picked = |v: &str| match answer {
                Value::String(s) => s == v,
                Value::Array(a) => a.iter().any(|x| x.as_str() == Some(v)),
                _ => false,
            };
            let Ok(list) = control.query_selector_all("[data-value]") else {
                return;
            };
            for k in 0..list.length() {
                if let Some(b) = list
                    .item(k)
                    .and_then(|n| wasm_bindgen::JsCast::dyn_into::<Element>(n).ok())
                {
                    let v = b.get_attribute("data-value").unwrap_or_default();
                    attr(
                        &b,
                        "aria-checked",
                        if picked(&v) { "true" } else { "false" },
                    );
                }
            }
        }
        Kind::Number { .. } | Kind::Date { .. } | Kind::Text { .. } => {
            if let Some(i) = control.query_selector("[data-input]").ok().flatten() {
                if focused != Some(&i) {
                    let s = match answer {
                        Value::Null => String::new(),
                        Value::String(s) => s.clone(),
                        other => crate::json::to_string(other),
                    };
                    dom::set_input_value(&i, &s);
                }
            }
        }
        _ => {}
    }
}

pub fn patch_item(inner: &Inner, i: usize, st: &ItemState, focused: Option<&Element>) {
    let Some(t) = inner.template.as_ref() else {
        return;
    };
    let it = &t.items[i];
    let Some(d) = inner.items.get(i).and_then(Option::as_ref) else {
        return;
    };
    let old = inner.states.get(i);
    show(&d.root, st.applicable);
    dom::class(&d.root, "rc-failed", st.failed);
    dom::class(&d.root, "rc-disputed", st.disputed);
    show(&d.required, st.required);
    match &st.issue {
        Some(m) => {
            d.issue.set_text_content(Some(m));
            show(&d.issue, true);
            dom::class(&d.root, "rc-invalid", true);
        }
        None => {
            show(&d.issue, false);
            dom::class(&d.root, "rc-invalid", false);
        }
    }
    if let Some(c) = &st.computed {
        if let Some(o) = d.control.query_selector("output").ok().flatten() {
            o.set_text_content(Some(c));
        }
    }
    if old.map(|o| &o.answer) != Some(&st.answer) {
        if matches!(it.kind, Kind::Repeat { .. }) {
            let count_changed =
                old.map(|o| rows_of(&o.answer).len()) != Some(rows_of(&st.answer).len());
            let inside = focused.is_some_and(|f| d.control.contains(Some(f)));
            if count_changed || !inside {
                if let Some(rows) = d.control.query_selector(".rc-rows").ok().flatten() {
                    repeat_rows(inner, t, it, &rows, &st.answer);
                }
            }
        } else {
            fill(&d.control, it, &st.answer, focused);
        }
    }
}

pub fn patch_sections(inner: &mut Inner) {
    let lang = inner.lang();
    let Inner {
        report: Some(r),
        state,
        sections,
        ..
    } = inner
    else {
        return;
    };
    let visible = state.as_ref().map_or(&[][..], |s| &s.section_visible[..]);
    for (si, s) in sections.iter_mut().enumerate() {
        let (a, n) = view::section_progress(r, si);
        let sc = r.sections.get(si).and_then(|x| x.score.as_f64());
        let now = (
            words::progress(a, n, lang),
            sc.map_or("—".to_string(), score_text),
            visible.get(si).copied().unwrap_or(true),
            a == n && n > 0,
        );
        if s.shown.as_ref() == Some(&now) {
            continue;
        }
        set_text(&s.nav_progress, &now.0);
        set_text(&s.nav_score, &now.1);
        show(&s.root, now.2);
        show(&s.nav, now.2);
        dom::class(&s.nav, "rc-nav-done", now.3);
        s.shown = Some(now);
    }
}

/// Writes text only when it differs: an unchanged node is never invalidated.
fn set_text(e: &Element, s: &str) {
    if e.text_content().as_deref() != Some(s) {
        e.set_text_content(Some(s));
    }
}

fn score_text(x: f64) -> String {
    crate::number::format_score(x)
}

/// What the ledger's drawing depends on beyond the values in its inputs: its rows, their
/// status and due date (the overdue mark). An owner or description typed in re-scores
/// (uncovered findings, §3.6) without rebuilding the row the next tap lands in.
fn ledger_sig(inner: &Inner) -> String {
    let mut sig = String::new();
    for a in inner
        .assessment
        .get("actions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for f in ["id", "status", "due"] {
            sig.push_str(a.get(f).and_then(Value::as_str).unwrap_or(""));
            sig.push('\u{1}');
        }
        sig.push('\u{2}');
    }
    sig
}

/// The result panel: score, verdict, blockers, findings, section chart, ledger, comparison.
/// Each part is rebuilt only when its content changed, so a tap that moves the score does
/// not re-create the findings, the ledger or the comparison.
pub fn panel(inner: &mut Inner) {
    let (Some(p), Some(r)) = (inner.panel.clone(), inner.report.as_ref()) else {
        return;
    };
    // What a findings list shows: its first rows and the total. The rest of a long list
    // is not looked at, so a tap costs the same with twenty findings or five hundred.
    let finding_sig = |critical: bool| -> String {
        let (shown, total) = shown_findings(inner, r, critical);
        let mut sig = total.to_string();
        for f in shown {
            sig.push('\u{2}');
            sig.push_str(&finding_key(f));
        }
        sig
    };
    let all = if inner.all_findings { "all" } else { "" };
    let sigs = [
        format!(
            "{}|{}|{}/{}|{}",
            r.verdict,
            crate::json::to_string(&r.score),
            r.progress.answered,
            r.progress.applicable,
            r.actions.uncovered
        ),
        finding_sig(true) + all,
        format!("{}{}{all}", finding_sig(false), r.findings.is_empty()),
        r.sections
            .iter()
            .map(|s| crate::json::to_string(&s.score))
            .collect::<Vec<_>>()
            .join(","),
        ledger_sig(inner),
        inner
            .comparison
            .as_ref()
            .map(crate::json::to_string)
            .unwrap_or_default(),
    ];
    if inner.panel_parts.len() != sigs.len() {
        p.replace_children_with_node_0();
        inner.panel_parts.clear();
    }
    for (k, sig) in sigs.into_iter().enumerate() {
        if let Some(part) = inner.panel_parts.get_mut(k) {
            if part.sig == sig {
                continue;
            }
            // Lists and the chart are patched where they stand: a tap that adds one
            // finding to two hundred must not rebuild the other two hundred.
            let mut live = std::mem::replace(&mut part.live, Live::Static);
            if patch_live(inner, k, &mut live) {
                let part = &mut inner.panel_parts[k];
                part.live = live;
                part.sig = sig;
                continue;
            }
        }
        let (part, live) = panel_part(inner, k).unwrap_or_else(|| {
            let e = el(&inner.doc, "div", "");
            show(&e, false);
            (e, Live::Static)
        });
        let new = PanelPart {
            sig,
            el: part,
            live,
        };
        match inner.panel_parts.get_mut(k) {
            Some(slot) => {
                let _ = slot.el.replace_with_with_node_1(&new.el);
                *slot = new;
            }
            None => {
                add(&p, &new.el);
                inner.panel_parts.push(new);
            }
        }
    }
}

/// A part of the result panel, with the content it shows (`sig`) and what of it can be
/// patched in place.
pub(crate) struct PanelPart {
    sig: String,
    el: Element,
    live: Live,
}

pub(crate) enum Live {
    /// Rebuilt whenever its content changes.
    Static,
    /// A list of findings: `<ul>`, its rows by key in order, and the "show all" button.
    List(Element, Vec<(String, Element)>, Element),
    /// The section chart: its rows, each section's bar and value text with the score they
    /// show (`None` until first set), so a change touches the bars whose score moved.
    Chart(Element, Vec<(Element, Element, Option<Option<f64>>)>),
    /// The verdict box and its score, verdict word and progress lines.
    /// The verdict box and its score, verdict word and progress lines, and the line of
    /// findings not yet in the ledger (§3.6) with its button.
    Verdict(Element, [Element; 4]),
}

/// How many findings of each kind the panel lists before "show all": a long list costs
/// every frame hit testing, style and pre-paint, and the first ones are what to fix first.
const FINDINGS_SHOWN: usize = 20;

/// The findings of one list (blockers or the rest) that the panel shows, and how many there
/// are in all.
fn shown_findings<'r>(
    inner: &Inner,
    r: &'r crate::report::Report,
    critical: bool,
) -> (Vec<&'r crate::report::Finding>, usize) {
    let mut list: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.critical == critical)
        .collect();
    let total = list.len();
    if !inner.all_findings {
        list.truncate(FINDINGS_SHOWN);
    }
    (list, total)
}

/// The "show all" button under a truncated list: shown with the total, or hidden.
fn set_more(more: &Element, shown: usize, total: usize, lang: Lang) {
    show(more, shown < total);
    if shown < total {
        set_text(more, &words::show_all(total, lang));
    }
}

fn finding_key(f: &crate::report::Finding) -> String {
    format!(
        "{}\u{1}{}\u{1}{}",
        f.id,
        f.message,
        crate::json::to_string(&f.points_lost)
    )
}

/// Patches a list or the chart in place; false when the part must be rebuilt instead.
fn patch_live(inner: &Inner, k: usize, live: &mut Live) -> bool {
    let (Some(r), Some(t)) = (inner.report.as_ref(), inner.template.as_ref()) else {
        return false;
    };
    match live {
        Live::List(ul, rows, more) => {
            let (list, total) = shown_findings(inner, r, k == 1);
            if list.is_empty() {
                return false;
            }
            set_more(more, list.len(), total, inner.lang());
            // Findings come in a fixed order, so the old and new lists are walked side by
            // side: a row whose key matches within a short look-ahead is kept, the rows it
            // skips are dropped, and a new finding is inserted where it belongs. Linear, no
            // sorting or hashing (their machinery costs kilobytes of wasm).
            const LOOK_AHEAD: usize = 16;
            let old = std::mem::take(rows);
            let mut j = 0;
            for f in list {
                let key = finding_key(f);
                let found = old[j..]
                    .iter()
                    .take(LOOK_AHEAD)
                    .position(|(k, _)| *k == key);
                if let Some(m) = found {
                    for (_, li) in &old[j..j + m] {
                        li.remove();
                    }
                    j += m;
                    rows.push((key, old[j].1.clone()));
                    j += 1;
                } else {
                    let li = finding_li(inner, f);
                    let _ = ul.insert_before(&li, old.get(j).map(|(_, e)| e.as_ref()));
                    rows.push((key, li));
                }
            }
            for (_, li) in &old[j..] {
                li.remove();
            }
            true
        }
        Live::Verdict(top, [score, verdict, progress, uncovered]) => {
            let lang = inner.lang();
            dom::update_attr(
                top,
                "class",
                &format!("rc-verdict rc-verdict-{}", r.verdict),
            );
            let shown = r.score.as_f64().map_or("—".into(), score_text);
            set_text(score, &shown);
            dom::update_attr(
                score,
                "aria-label",
                &format!("{} {shown}", word(W::Score, lang)),
            );
            set_text(verdict, crate::messages::verdict_word(r.verdict, lang));
            set_text(
                progress,
                &words::progress(r.progress.answered, r.progress.applicable, lang),
            );
            let n = r.actions.uncovered;
            let _ = uncovered.toggle_attribute_with_force("hidden", n == 0);
            if let Some(line) = uncovered.first_element_child() {
                set_text(&line, &words::uncovered(n, lang));
            }
            true
        }
        Live::Chart(chart, bars) if bars.len() == t.sections.len() => {
            let mut moved = false;
            for (x, (bar, val, shown)) in r.sections.iter().zip(bars.iter_mut()) {
                let s = x.score.as_f64();
                if *shown != Some(s) {
                    set_bar(bar, s, t);
                    set_text(val, &s.map_or("—".into(), score_text));
                    *shown = Some(s);
                    moved = true;
                }
            }
            if moved {
                attr(chart, "aria-label", &chart_label(&chart_rows(inner, t, r)));
            }
            true
        }
        _ => false,
    }
}

/// Builds part `k` of the panel (None when it has nothing to show).
fn panel_part(inner: &Inner, k: usize) -> Option<(Element, Live)> {
    let (r, t) = (inner.report.as_ref()?, inner.template.as_ref()?);
    let doc = &inner.doc;
    let lang = inner.lang();
    let w = |x: W| word(x, lang);
    match k {
        0 => {
            let top = el(doc, "div", "");
            let uncovered = el(doc, "div", "rc-uncovered");
            add(&uncovered, &el(doc, "span", ""));
            if !inner.readonly {
                add(
                    &uncovered,
                    &button(doc, "rc-tool rc-small", w(W::AddUncovered), "add-uncovered"),
                );
            }
            let parts = [
                el(doc, "p", "rc-score"),
                el(doc, "p", "rc-verdict-word"),
                el(doc, "p", "rc-progress"),
                uncovered,
            ];
            for p in &parts {
                add(&top, p);
            }
            attr(&top, "role", "status");
            let mut live = Live::Verdict(top.clone(), parts);
            patch_live(inner, 0, &mut live);
            Some((top, live))
        }
        1 | 2 => {
            let critical = k == 1;
            if !r.findings.iter().any(|f| f.critical == critical) {
                return (!critical && r.findings.is_empty())
                    .then(|| (text(doc, "p", "rc-none", w(W::NoFindings)), Live::Static));
            }
            let box_ = el(
                doc,
                "section",
                if critical {
                    "rc-blockers"
                } else {
                    "rc-findings"
                },
            );
            add(
                &box_,
                &text(
                    doc,
                    "h3",
                    "",
                    w(if critical { W::Blockers } else { W::Findings }),
                ),
            );
            let ul = el(doc, "ul", "");
            add(&box_, &ul);
            let more = button(doc, "rc-tool rc-small", "", "all-findings");
            add(&box_, &more);
            // The rows and the button are filled by the same code that patches them.
            let mut live = Live::List(ul, Vec::new(), more);
            patch_live(inner, k, &mut live);
            Some((box_, live))
        }
        3 => Some(chart(inner, t, r)),
        4 => ledger(inner).map(|e| (e, Live::Static)),
        _ => comparison(inner, t).map(|e| (e, Live::Static)),
    }
}

/// One finding: its message, the points it costs and the add-to-ledger button.
fn finding_li(inner: &Inner, f: &crate::report::Finding) -> Element {
    let doc = &inner.doc;
    let lang = inner.lang();
    let li = el(doc, "li", "");
    add(&li, &text(doc, "span", "rc-finding-msg", &f.message));
    let lost = f.points_lost.as_f64().unwrap_or(0.0);
    if lost > 0.0 {
        add(
            &li,
            &text(
                doc,
                "span",
                "rc-lost",
                &words::points_lost(&format_number(lost), lang),
            ),
        );
    }
    if !inner.readonly {
        let add_action = word(W::AddAction, lang);
        let b = button(doc, "rc-tool rc-small", add_action, "add-action");
        attr(&b, "data-finding", &f.id);
        attr(&b, "data-description", &f.message);
        attr(&b, "aria-label", &format!("{add_action}：{}", f.message));
        add(&li, &b);
    }
    li
}

fn comparison(inner: &Inner, t: &Template) -> Option<Element> {
    let c = inner.comparison.as_ref()?;
    let doc = &inner.doc;
    let lang = inner.lang();
    let w = |x: W| word(x, lang);
    let box_ = el(doc, "section", "rc-compare");
    add(&box_, &text(doc, "h3", "", w(W::Comparison)));
    let dl = el(doc, "dl", "");
    let row = |k: &str, v: String| {
        add(&dl, &text(doc, "dt", "", k));
        add(&dl, &text(doc, "dd", "", &v));
    };
    let num = |v: &Value| v.as_f64().map_or("—".into(), score_text);
    row(
        w(W::Agreement),
        c.agreement
            .as_f64()
            .map_or("—".into(), |x| format!("{}%", score_text(x))),
    );
    for (label, score, verdict) in [
        (W::SelfScore, &c.score.a, c.verdict.a),
        (W::InspectionScore, &c.score.b, c.verdict.b),
    ] {
        let verdict = crate::messages::verdict_word(verdict, lang);
        row(w(label), format!("{} · {verdict}", num(score)));
    }
    row(w(W::Delta), num(&c.score.delta));
    add(&box_, &dl);
    let table = el(doc, "table", "rc-table");
    let hr = el(doc, "tr", "");
    for h in [
        w(W::Sections),
        w(W::SelfScore),
        w(W::InspectionScore),
        w(W::Delta),
    ] {
        add(&hr, &text(doc, "th", "", h));
    }
    add(&table, &hr);
    for (sc, sec) in c.sections.iter().zip(&t.sections) {
        let tr = el(doc, "tr", "");
        for cell in [
            title(t, &sec.title, &inner.locale),
            num(&sc.a),
            num(&sc.b),
            num(&sc.delta),
        ] {
            add(&tr, &text(doc, "td", "", &cell));
        }
        add(&table, &tr);
    }
    add(&box_, &table);
    if !c.disputed.is_empty() {
        add(&box_, &text(doc, "h4", "", w(W::Disputed)));
        let ul = el(doc, "ul", "rc-disputed-list");
        for id in &c.disputed {
            let name = t
                .item_index(id)
                .map_or(id.clone(), |i| title(t, &t.items[i].title, &inner.locale));
            add(&ul, &text(doc, "li", "", &name));
        }
        add(&box_, &ul);
    }
    Some(box_)
}

/// The chart's rows: each section's title and shown score.
fn chart_rows(
    inner: &Inner,
    t: &Template,
    r: &crate::report::Report,
) -> Vec<(String, Option<f64>)> {
    t.sections
        .iter()
        .zip(&r.sections)
        .map(|(s, x)| (title(t, &s.title, &inner.locale), x.score.as_f64()))
        .collect()
}

fn chart_label(rows: &[(String, Option<f64>)]) -> String {
    rows.iter()
        .map(|(n, s)| format!("{n} {}", s.map_or("—".into(), score_text)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A section's bar: its length and its colour band (none for a section without a score).
/// The length is a CSSOM width, which a strict style-src allows (a `style` attribute would
/// not). Not a transform: 55 transformed bars made every hit test of a tap four times
/// slower at N=3000.
fn set_bar(bar: &Element, s: Option<f64>, t: &Template) {
    let cls = match s {
        None => "rc-bar rc-bar-none",
        Some(s) if s >= t.grading.ready => "rc-bar rc-bar-ready",
        Some(s) if s >= t.grading.conditional => "rc-bar rc-bar-conditional",
        Some(_) => "rc-bar rc-bar-low",
    };
    dom::update_attr(bar, "class", cls);
    dom::set_style(
        bar,
        "width",
        &format!("{}%", format_number(s.unwrap_or(0.0))),
    );
}

/// A horizontal bar per section. HTML rather than SVG: changing one bar of an SVG lays out
/// and repaints the whole drawing, which was a third of a tap's rendering at N=3000.
fn chart(inner: &Inner, t: &Template, r: &crate::report::Report) -> (Element, Live) {
    let doc = &inner.doc;
    let fig = el(doc, "figure", "rc-chart");
    let cap = text(doc, "figcaption", "", word(W::ChartTitle, inner.lang()));
    add(&fig, &cap);
    let rows = chart_rows(inner, t, r);
    let chart = el(doc, "div", "rc-chart-rows");
    attr(&chart, "role", "img");
    let mut bars = Vec::with_capacity(rows.len());
    for (name, _) in &rows {
        let row = el(doc, "div", "rc-chart-row");
        add(&row, &text(doc, "span", "rc-chart-label", name));
        let track = el(doc, "span", "rc-chart-track");
        let bar = el(doc, "span", "rc-bar");
        add(&track, &bar);
        add(&row, &track);
        let val = el(doc, "span", "rc-chart-value");
        add(&row, &val);
        add(&chart, &row);
        bars.push((bar, val, None));
    }
    add(&fig, &chart);
    // Bar lengths, bands, values and the label are set by the code that patches them.
    let mut live = Live::Chart(chart, bars);
    patch_live(inner, 3, &mut live);
    (fig, live)
}

/// The rectification ledger: one editable row per action; overdue ones are marked.
fn ledger(inner: &Inner) -> Option<Element> {
    let doc = &inner.doc;
    let lang = inner.lang();
    let w = |x: W| word(x, lang);
    let actions = inner
        .assessment
        .get("actions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if actions.is_empty() {
        return None;
    }
    let today = inner
        .assessment
        .get("as_of")
        .and_then(Value::as_str)
        .and_then(crate::date::parse)
        .unwrap_or(inner.today);
    let box_ = el(doc, "section", "rc-ledger");
    add(&box_, &text(doc, "h3", "", w(W::Ledger)));
    for (k, a) in actions.iter().enumerate() {
        let row = el(doc, "div", "rc-action");
        let overdue = view::action_overdue(a, today);
        dom::class(&row, "rc-overdue", overdue);
        let get = |f: &str| a.get(f).and_then(Value::as_str).unwrap_or("").to_string();
        let field = |label: W, f: &str, kind: &str| {
            let l = el(doc, "label", "rc-action-field");
            add(&l, &text(doc, "span", "", w(label)));
            let i = el(doc, "input", "rc-input");
            attr(&i, "type", kind);
            attr(&i, "data-action", &k.to_string());
            attr(&i, "data-field", f);
            dom::set_input_value(&i, &get(f));
            if inner.readonly {
                attr(&i, "readonly", "");
            }
            add(&l, &i);
            l
        };
        add(&row, &field(W::Description, "description", "text"));
        add(&row, &field(W::Owner, "owner", "text"));
        add(&row, &field(W::Due, "due", "date"));
        let l = el(doc, "label", "rc-action-field");
        add(&l, &text(doc, "span", "", w(W::Status)));
        let sel = el(doc, "select", "rc-input");
        attr(&sel, "data-action", &k.to_string());
        attr(&sel, "data-field", "status");
        for (v, label) in [
            ("open", W::Open),
            ("done", W::Done),
            ("verified", W::Verified),
        ] {
            let o = text(doc, "option", "", w(label));
            attr(&o, "value", v);
            add(&sel, &o);
        }
        if inner.readonly {
            attr(&sel, "disabled", "");
        }
        add(&l, &sel);
        add(&row, &l);
        dom::set_input_value(&sel, &get("status"));
        if overdue {
            add(
                &row,
                &text(doc, "span", "rc-badge rc-overdue-badge", w(W::Overdue)),
            );
        }
        if !inner.readonly {
            let b = button(doc, "rc-tool rc-small", w(W::Remove), "remove-action");
            attr(&b, "data-action", &k.to_string());
            add(&row, &b);
        }
        add(&box_, &row);
    }
    Some(box_)
}
