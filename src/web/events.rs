//! The form's events: one delegated listener per event type on the shadow root, and what
//! a click, an input or a change does.

use crate::view::act::Act;
use crate::view::print::PrintKind;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

use super::state::{FormState, Message, Outbox};
use super::{dom, fieldkit, render};
use crate::document::edit;
use crate::template::Kind;
use crate::view::{self};

/// One delegated listener per event type on the shadow root.
pub(super) fn listen(inner: &Rc<RefCell<FormState>>) {
    let root = inner.borrow().root.clone();
    for kind in ["click", "input", "change"] {
        let weak: Weak<RefCell<FormState>> = Rc::downgrade(inner);
        // `Fn`, not `FnMut`: removing a focused input while handling an event fires `change`
        // on it at once, and wasm-bindgen refuses to re-enter an `FnMut` closure ("closure
        // invoked recursively"). The nested call finds the form borrowed and returns.
        let cb = Closure::<dyn Fn(Event)>::new(move |e: Event| {
            let Some(rc) = weak.upgrade() else { return };
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            super::update::dispatch(&rc, |inner, out| {
                if e.type_() == "click" {
                    on_click(inner, &target, out);
                } else {
                    on_input(inner, &target, e.type_() == "change", out);
                }
            });
        });
        let _ = root.add_event_listener_with_callback(kind, cb.as_ref().unchecked_ref());
        // The form lives as long as its element; the listener with it.
        cb.forget();
    }
}

pub(super) fn on_click(inner: &mut FormState, target: &Element, out: &mut Outbox) {
    if let Some(b) = dom::closest(target, "[data-act]") {
        // A hook this form did not write (a page's own markup) does nothing.
        if let Some(act) = b.get_attribute("data-act").as_deref().and_then(Act::parse) {
            act_on(inner, act, &b, out);
        }
        return;
    }
    if inner.readonly {
        return;
    }
    let Some(btn) = dom::closest(target, "[data-value]") else {
        return;
    };
    let Some(item) = dom::closest(&btn, "[data-item]") else {
        return;
    };
    let id = item.get_attribute("data-item").unwrap_or_default();
    let value = btn.get_attribute("data-value").unwrap_or_default();
    let Some(i) = inner.item_index(&id) else {
        return;
    };
    if let (Some(row), Some(child)) = (
        btn.get_attribute("data-row"),
        btn.get_attribute("data-child"),
    ) {
        let v = Value::String(value);
        return set_row_field(inner, i, &row, &child, v, out);
    }
    let multi = matches!(
        inner.template.as_ref().map(|t| &t.items[i].kind),
        Some(Kind::Multi { .. })
    );
    let new = if multi {
        edit::toggle(inner.answer(&id), &value)
    } else {
        Value::String(value)
    };
    inner.cursor = Some(i);
    inner.set_answer(&id, new, out);
}

pub(super) fn on_input(inner: &mut FormState, target: &Element, is_change: bool, out: &mut Outbox) {
    let Some(raw) = dom::input_value(target) else {
        return;
    };
    if let Some(k) = target.get_attribute("data-action") {
        let field = target.get_attribute("data-field").unwrap_or_default();
        let k: usize = k.parse().unwrap_or(usize::MAX);
        let today = crate::text::date::format(inner.today);
        if inner
            .edit_document()
            .set_action_field(k, &field, raw, &today)
        {
            // Status, owner and due date change the ledger's marks and the result (overdue,
            // uncovered findings, §3.6): re-score and redraw once the edit is done. While
            // typing, fields only save, so the control being typed in is never replaced.
            if (is_change && (field == "due" || field == "owner")) || field == "status" {
                inner.changed(out);
            } else {
                inner.touch();
                inner.notify(None, out);
            }
        }
        return;
    }
    if fieldkit::on_input(inner, target, &raw, out) {
        return;
    }
    if inner.readonly {
        return;
    }
    let Some(item) = dom::closest(target, "[data-item]") else {
        return;
    };
    let id = item.get_attribute("data-item").unwrap_or_default();
    let Some(i) = inner.item_index(&id) else {
        return;
    };
    inner.cursor = Some(i);
    if target.has_attribute("data-note") {
        inner.edit_document().set_note(&id, &raw);
        inner.touch();
        inner.notify(None, out);
        return;
    }
    // Text inputs commit on every keystroke; a change event repeats the same value.
    if is_change
        && target.tag_name().eq_ignore_ascii_case("input")
        && target.get_attribute("type").as_deref() != Some("date")
    {
        return;
    }
    let Some(t) = inner.template.as_ref() else {
        return;
    };
    if let (Some(row), Some(child)) = (
        target.get_attribute("data-row"),
        target.get_attribute("data-child"),
    ) {
        let kind = match &t.items[i].kind {
            Kind::Repeat { children, .. } => children
                .iter()
                .find(|c| c.id == child)
                .map(|c| c.kind.clone()),
            _ => None,
        };
        let v = kind.map(|k| edit::typed(&k, &raw)).unwrap_or(Value::Null);
        return set_row_field(inner, i, &row, &child, v, out);
    }
    let v = edit::typed(&t.items[i].kind, &raw);
    inner.set_answer(&id, v, out);
}

/// Sets field `child` of row `row` of repeat item `i` (`null` clears it).
fn set_row_field(
    inner: &mut FormState,
    i: usize,
    row: &str,
    child: &str,
    v: Value,
    out: &mut Outbox,
) {
    let (Some(id), Ok(k)) = (
        inner.template.as_ref().map(|t| t.items[i].id.clone()),
        row.parse::<usize>(),
    ) else {
        return;
    };
    let new = edit::set_row_field(inner.answer(&id), k, child, v);
    inner.set_answer(&id, new, out);
}

pub(super) fn act_on(inner: &mut FormState, act: Act, b: &Element, out: &mut Outbox) {
    if fieldkit::act_on(inner, act, b, out) {
        return;
    }
    let data = |k: &str| b.get_attribute(k).unwrap_or_default();
    match act {
        Act::NextUnanswered | Act::NextFinding => go_next(inner, act == Act::NextFinding),
        Act::More | Act::Note => toggle_box(inner, act == Act::Note, b),
        Act::Nav => go_to_section(inner, data("data-section").parse::<usize>().ok()),
        Act::AddRow if !inner.readonly => {
            let id = data("data-for");
            let new = edit::add_row(inner.answer(&id));
            inner.set_answer(&id, new, out);
        }
        Act::RemoveRow if !inner.readonly => {
            let id = data("data-for");
            let k = data("data-row").parse::<usize>().unwrap_or(usize::MAX);
            let new = edit::remove_row(inner.answer(&id), k);
            inner.set_answer(&id, new, out);
        }
        Act::AddAction if !inner.readonly => {
            let (finding, description) = (data("data-finding"), data("data-description"));
            inner.edit_document().add_action(&finding, &description);
            inner.changed(out);
        }
        Act::AddUncovered if !inner.readonly => {
            if let Some(r) = inner.report.clone() {
                inner.edit_document().add_uncovered(&r);
                inner.changed(out);
            }
        }
        // Two taps: the first arms the button (it then says 确认删除), the second removes
        // (issue 28: a full-width 删除 under 状态 deleted a row on a stray tap).
        Act::RemoveAction if !inner.readonly && !b.has_attribute("data-armed") => {
            let _ = b.set_attribute("data-armed", "");
            b.set_text_content(Some(crate::view::words::word(
                crate::view::words::Word::ConfirmRemove,
                inner.lang(),
            )));
        }
        Act::RemoveAction if !inner.readonly => {
            if let Ok(k) = data("data-action").parse::<usize>() {
                inner.edit_document().remove_action(k);
            }
            inner.changed(out);
        }
        // A switch the page fixed (`modes`, `langs`) is not drawn, and not obeyed either.
        Act::Locale if !inner.fixed.1 => out.push(Message::Locale(data("data-to"))),
        Act::Mode if !inner.fixed.0 => out.push(Message::Mode(data("data-to"))),
        Act::Submit => {
            inner.show_missing = true;
            // The day of the record (SPEC §8, 1.2), kept if the document names one. The
            // document is opened for writing only then (`doc_mut` drops the saved journal).
            if !inner.document.dated()
                && inner
                    .edit_document()
                    .stamp_as_of(super::boundary::device_today())
            {
                inner.changed(out);
            }
            inner.refresh();
            out.push(Message::Submit);
        }
        Act::Fold => render::toggle_fold(inner),
        Act::AllFindings => {
            inner.all_findings = true;
            render::panel(inner);
        }
        // The element prepares the print view (Form.preparePrint) and prints.
        Act::Print => out.push(Message::Print(PrintKind::Form)),
        Act::PrintFindings => out.push(Message::Print(PrintKind::Findings)),
        Act::ExportJson => out.push(Message::ExportJson),
        Act::ExportCsv => out.push(Message::ExportCsv),
        Act::LoadSelf => out.push(Message::LoadSelf),
        _ => {}
    }
}

/// Moves the focus to the next unanswered item (or the next finding) after the cursor,
/// building every section first; says so when there is none.
fn go_next(inner: &mut FormState, finding: bool) {
    render::build_sections(inner, usize::MAX, |_, _| true);
    let Some(t) = inner.template.as_ref() else {
        return;
    };
    let s = &inner.states;
    let answered = inner
        .state
        .as_ref()
        .map(|st| st.answered.clone())
        .unwrap_or_default();
    let pick = |i: usize| {
        let Some(st) = s[i].as_ref() else {
            return false;
        };
        if finding {
            st.failed
        } else {
            st.applicable
                && !answered.get(i).copied().unwrap_or(false)
                && !matches!(t.items[i].kind, Kind::Computed { .. })
        }
    };
    match view::next_index(s.len(), inner.cursor, pick) {
        Some(i) => {
            inner.cursor = Some(i);
            let Some(el) = inner.items[i].as_ref().map(|d| d.root.clone()) else {
                return;
            };
            dom::jump_to(&el);
            if let Some(c) = el
                .query_selector("[data-value],[data-input],button")
                .ok()
                .flatten()
            {
                dom::focus(&c);
            }
            inner.doc_status("");
        }
        None => {
            let w = if finding {
                view::words::Word::NoMoreFindings
            } else {
                view::words::Word::AllAnswered
            };
            inner.doc_status(view::words::word(w, inner.lang()));
        }
    }
}

/// Opens or closes an item's "more" box (help, basis, source) or its note box.
fn toggle_box(inner: &mut FormState, note: bool, b: &Element) {
    let (Some(root), Some(t)) = (dom::closest(b, "[data-item]"), inner.template.clone()) else {
        return;
    };
    let Some(i) = root
        .get_attribute("data-item")
        .and_then(|id| inner.item_index(&id))
    else {
        return;
    };
    let open = b.get_attribute("aria-expanded").as_deref() != Some("true");
    let panel = if !note {
        render::more_box(inner, &t, &t.items[i], &root)
    } else {
        render::note_box(inner, &t, &t.items[i], &root, "")
    };
    dom::show(&panel, open);
    dom::attr(b, "aria-expanded", if open { "true" } else { "false" });
    if open && note {
        if let Some(ta) = panel.query_selector("textarea").ok().flatten() {
            dom::focus(&ta);
        }
    }
}

/// Scrolls to section `target` (building it and those before it) and focuses its heading.
fn go_to_section(inner: &mut FormState, target: Option<usize>) {
    render::build_sections(inner, target.unwrap_or(0) + 1, |_, _| true);
    if let Some(s) = target.and_then(|s| inner.sections.get(s)) {
        dom::jump_to(&s.root);
        if let Some(h) = s.root.query_selector("h2").ok().flatten() {
            dom::focus(&h);
        }
    }
}
