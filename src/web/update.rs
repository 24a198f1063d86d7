//! The one path of a change: update the document, re-evaluate with the core, patch only
//! the items whose display state changed, rebuild the small result panel, then queue the
//! host message (`change`), on which the element saves the draft and fires its event.

use serde_json::Value;

use super::state::{Host, Inner, Outbox};
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
        self.journal.answer(id, &value);
        put_answer(self.answers_mut(), id, value);
        self.touch();
        // An id the template does not have (an orphan) falls back to a full evaluation.
        self.refresh_after(self.item_index(id));
        // The item's id: the element tells other tabs on the same draft (§7.1).
        out.push((Host::Change, id.to_string()));
    }

    pub(super) fn changed(&mut self, out: &mut Outbox) {
        self.parsed = None;
        self.touch();
        self.refresh();
        out.push((Host::Change, String::new()));
    }
}
