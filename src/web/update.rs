//! The one path of a change: update the document, re-evaluate with the core, patch only
//! the items whose display state changed, rebuild the small result panel, then queue the
//! host message (`change`), on which the element saves the draft and fires its event.

use serde_json::Value;

use super::state::{Inner, Outbox};
use super::{fieldkit, render};
use crate::document::put_answer;

impl Inner {
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
        // The parsed copy follows the document, so a tap re-reads nothing.
        if let Some(p) = self.parsed.as_mut() {
            put_answer(&mut p.answers, id, value.clone());
        }
        let journal_value = value.clone();
        put_answer(self.answers_mut(), id, value);
        self.touch();
        let at = self
            .assessment
            .get("updated_at")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let writer = self.writer.clone();
        self.keeper.answered(id, &journal_value, &at, &writer);
        // An id the template does not have (an orphan) falls back to a full evaluation.
        self.refresh_after(self.item_index(id));
        // With the item's id: the element tells other tabs on the same draft (§7.1).
        self.notify(Some(id), out);
    }

    /// Replaces the document with `text` (an assessment of this template), keeping its mode.
    pub(super) fn apply_document(&mut self, text: &str) -> Result<(), crate::problem::LoadError> {
        let v = crate::json::parse(text).map_err(|e| crate::problem::LoadError {
            code: crate::problem::Failure::Json,
            message: format!("malformed JSON: {e}"),
            problems: Vec::new(),
        })?;
        let a = crate::document::Assessment::from_value(v.clone())?;
        if let Some(t) = &self.template {
            crate::check_pairing(t, &a)?;
        }
        *self.doc_mut() = v.as_object().cloned().unwrap_or_default();
        if let Some(m) = self.assessment.get("mode").and_then(Value::as_str) {
            self.mode = m.to_string();
        }
        render::all(self);
        Ok(())
    }

    pub(super) fn changed(&mut self, out: &mut Outbox) {
        self.parsed = None;
        self.touch();
        self.refresh();
        self.notify(None, out);
    }
}
