//! One item's DOM: its control (choices, inputs, repeat rows), notes and extras, built once
//! and patched when its display state changes; the section navigation's patch.

use crate::view::act::Act;
use serde_json::Value;
use web_sys::Element;

use super::common::{score_text, set_text, title};
use crate::template::{Item, Kind, Template};
use crate::view::words::{self, word, Word};
use crate::view::{self, ItemState};
use crate::web::dom::{self, add, attr, button, el, show, text};
use crate::web::state::{FormState, ItemDom};

/// Opens (building on first use) the help and source panel of an item.
pub fn more_box(inner: &FormState, t: &Template, it: &Item, root: &Element) -> Element {
    if let Some(b) = root.query_selector(".rc-more").ok().flatten() {
        return b;
    }
    let doc = &inner.dom;
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
                &format!("{}：{s}", word(Word::Source, lang)),
            ),
        );
    }
    add(root, &d);
    d
}

/// Opens (building on first use) the note field of an item.
pub fn note_box(inner: &FormState, t: &Template, it: &Item, root: &Element, note: &str) -> Element {
    if let Some(b) = root.query_selector(".rc-note").ok().flatten() {
        return b;
    }
    let doc = &inner.dom;
    let lang = inner.lang();
    let d = el(doc, "div", "rc-note");
    let ta = el(doc, "textarea", "rc-input rc-note-input");
    attr(&ta, "data-note", "");
    attr(
        &ta,
        "aria-label",
        &format!(
            "{} · {}",
            word(Word::Note, lang),
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
    if let Some(b) = root
        .query_selector(&format!("[data-act={}]", Act::Note.as_str()))
        .ok()
        .flatten()
    {
        attr(&b, "aria-expanded", "true");
    }
    d
}

pub(super) fn badge(doc: &web_sys::Document, class: &str, s: &str) -> Element {
    text(doc, "span", &format!("rc-badge {class}"), s)
}

pub(super) fn item(inner: &FormState, t: &Template, i: usize) -> ItemDom {
    let doc = &inner.dom;
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
    let required = badge(doc, "rc-req", word(Word::Required, lang));
    show(&required, false);
    add(&head, &required);
    if it.critical {
        add(&head, &badge(doc, "rc-crit", word(Word::Critical, lang)));
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
    let note = inner
        .document
        .notes()
        .and_then(|n| n.get(&it.id))
        .and_then(Value::as_str)
        .unwrap_or("");
    let takes_note = !matches!(it.kind, Kind::Computed { .. });
    if has_more || takes_note {
        let bar = el(doc, "div", "rc-extras");
        if has_more {
            let b = button(doc, "rc-link", word(Word::More, lang), Act::More);
            attr(&b, "aria-expanded", "false");
            add(&bar, &b);
        }
        if takes_note {
            let b = button(doc, "rc-link", word(Word::Note, lang), Act::Note);
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
pub(super) fn choices(
    inner: &FormState,
    t: &Template,
    it: &Item,
    label_id: &str,
    row: Option<usize>,
) -> Element {
    let doc = &inner.dom;
    let lang = inner.lang();
    let multi = matches!(it.kind, Kind::Multi { .. });
    let opts: Vec<(String, String)> = match &it.kind {
        Kind::YesNo { na, .. } => {
            let mut v = vec![
                ("yes".into(), word(Word::Yes, lang).into()),
                ("no".into(), word(Word::No, lang).into()),
            ];
            if *na {
                v.push(("na".into(), word(Word::Na, lang).into()));
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

pub(super) fn input(inner: &FormState, it: &Item, label_id: &str, row: Option<usize>) -> Element {
    let doc = &inner.dom;
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
                attr(&i, "min", &crate::text::date::format(*m));
            }
            if let Some(m) = max {
                attr(&i, "max", &crate::text::date::format(*m));
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

pub(super) fn control(
    inner: &FormState,
    t: &Template,
    it: &Item,
    label_id: &str,
    row: Option<usize>,
) -> Element {
    let doc = &inner.dom;
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
                &text(doc, "span", "rc-badge rc-auto", word(Word::Computed, lang)),
            );
            w
        }
        Kind::Repeat { .. } => {
            let w = el(doc, "div", "rc-repeat");
            let rows = el(doc, "div", "rc-rows");
            add(&w, &rows);
            if !inner.readonly {
                let b = button(doc, "rc-tool", word(Word::AddRow, lang), Act::AddRow);
                attr(&b, "data-for", &it.id);
                add(&w, &b);
            }
            w
        }
    }
}

pub(super) fn rows_of(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// Redraws a repeat's rows (when rows are added or removed).
pub(super) fn repeat_rows(
    inner: &FormState,
    t: &Template,
    it: &Item,
    container: &Element,
    answer: &Value,
) {
    let doc = &inner.dom;
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
                word(Word::RemoveRow, lang),
                Act::RemoveRow,
            );
            attr(&b, "data-for", &it.id);
            attr(&b, "data-row", &k.to_string());
            add(&r, &b);
        }
        add(container, &r);
    }
}

/// Shows an answer in a control, leaving the control the user is typing in alone.
pub(super) fn fill(control: &Element, it: &Item, answer: &Value, focused: Option<&Element>) {
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

pub fn patch_item(inner: &FormState, i: usize, st: &ItemState, focused: Option<&Element>) {
    let Some(t) = inner.template.as_ref() else {
        return;
    };
    let it = &t.items[i];
    let Some(d) = inner.items.get(i).and_then(Option::as_ref) else {
        return;
    };
    let old = inner.states.get(i).and_then(Option::as_ref);
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

pub fn patch_sections(inner: &mut FormState) {
    let lang = inner.lang();
    let FormState {
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
