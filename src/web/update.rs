//! The one path of a change: update the document, re-evaluate with the core, patch only
//! the items whose display state changed, rebuild the small result panel, then queue the
//! host message (`change`), on which the element saves the draft and fires its event.

use crate::document::{AssessmentError, AssessmentFailure, Document};
use std::cell::RefCell;

use serde_json::Value;

use super::state::{FormState, Outbox};
use super::{fieldkit, render};

/// The one path from an event or a call into the form: borrows it (a nested event while
/// one is handled finds it borrowed and gets `None`), lets `f` change it and queue host
/// messages, asks for the thumbnails it built to be painted, and sends the messages once
/// the form is no longer borrowed (a message's handler may call back in).
pub(super) fn dispatch<R>(
    form: &RefCell<FormState>,
    f: impl FnOnce(&mut FormState, &mut Outbox) -> R,
) -> Option<R> {
    let mut out = Outbox::new();
    let (r, host) = {
        let mut inner = form.try_borrow_mut().ok()?;
        let r = f(&mut inner, &mut out);
        inner.paint_requested(&mut out);
        (r, inner.host.clone())
    };
    super::boundary::flush(&host, out);
    Some(r)
}

impl FormState {
    /// Re-evaluates everything and patches the DOM: only items whose state changed are
    /// touched.
    pub(super) fn refresh(&mut self) {
        self.refresh_after(None);
    }

    /// Re-evaluates what a change to item `changed` affects (everything when `None`) and
    /// patches the DOM.
    pub(super) fn refresh_after(&mut self, changed: Option<usize>) {
        let Some(states) = self.evaluate(changed) else {
            return;
        };
        let focused = self.root.active_element();
        for (i, st) in states {
            // Items not built yet are shown from the state of their time when built.
            if self.items.get(i).is_none_or(Option::is_none) {
                continue;
            }
            if self.states.get(i).and_then(Option::as_ref) != Some(&st) {
                render::patch_item(self, i, &st, focused.as_ref());
                if let Some(slot) = self.states.get_mut(i) {
                    *slot = Some(st);
                }
            }
        }
        render::patch_sections(self);
        render::panel(self);
        fieldkit::sign_off(self);
    }

    pub(super) fn set_answer(&mut self, id: &str, value: Value, out: &mut Outbox) {
        // The parsed view follows the document, so a tap re-reads nothing.
        let journal_value = value.clone();
        self.put_answer(id, value);
        self.touch();
        let at = self.document.updated_at().to_string();
        let writer = self.writer.clone();
        self.keeper.answered(id, &journal_value, &at, &writer);
        // An id the template does not have (an orphan) falls back to a full evaluation.
        self.refresh_after(self.item_index(id));
        // With the item's id: the element tells other tabs on the same draft (§7.1).
        self.notify(Some(id), out);
    }

    /// Replaces the document with `text` (an assessment of this template), keeping its mode.
    pub(super) fn apply_document(&mut self, text: &str) -> Result<(), AssessmentError> {
        let v = crate::json::parse(text).map_err(|e| AssessmentError {
            kind: AssessmentFailure::Json,
            pointer: String::new(),
            message: format!("malformed JSON: {e}"),
        })?;
        let a = crate::document::Assessment::from_value(v.clone())?;
        if let Some(t) = &self.template {
            crate::document::check_pairing(t, &a)?;
        }
        let named_mode = v.get("mode").is_some_and(Value::is_string);
        *self.edit_document() = Document::from_map(v.as_object().cloned().unwrap_or_default());
        if named_mode {
            self.mode = self.document.mode();
        }
        render::all(self);
        Ok(())
    }

    /// After an edit of the document other than an answer (its edits drop the parsed view):
    /// re-score everything, redraw, and queue the change message.
    pub(super) fn changed(&mut self, out: &mut Outbox) {
        self.touch();
        self.refresh();
        self.notify(None, out);
    }
}
