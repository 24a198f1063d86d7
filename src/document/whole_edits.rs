//! The edits of a [`Document`]: each changes its members through the document's own rules
//! (`edit`, `ledger`, `fieldkit`) and drops the parsed view, so no caller reaches into the
//! JSON to change it.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::{edit, fieldkit, ledger, AssessmentError, Document, Mode};
use crate::report::Report;

impl Document {
    /// Sets (or, when empty, removes) the note on item `id`.
    pub fn set_note(&mut self, id: &str, text: &str) {
        edit::set_note(self.json_mut(), id, text);
    }

    /// Sets field `field` of action `index` from what was typed; true when it changed.
    pub fn set_action_field(
        &mut self,
        index: usize,
        field: &str,
        raw: String,
        today: &str,
    ) -> bool {
        ledger::set_field(self.json_mut(), index, field, raw, today)
    }

    /// Adds an action for finding `finding`; returns its id.
    pub fn add_action(&mut self, finding: &str, description: &str) -> String {
        ledger::add_action(self.json_mut(), finding, description)
    }

    /// Adds an action for every finding of `r` without one; returns how many.
    pub fn add_uncovered(&mut self, r: &Report) -> usize {
        ledger::add_uncovered(self.json_mut(), r)
    }

    /// Removes action `index`; true when there was one.
    pub fn remove_action(&mut self, index: usize) -> bool {
        ledger::remove_action(self.json_mut(), index)
    }

    /// Stamps `as_of` with `today` unless the document names a day (SPEC §8, 1.2: at
    /// sign-off and at submit, so the district sees the day of the record); true when it
    /// changed. A dated document is left untouched, its parsed view kept.
    pub fn stamp_as_of(&mut self, today: NaiveDate) -> bool {
        if self.dated() {
            return false;
        }
        let day = crate::text::date::format(today);
        self.json_mut().insert("as_of".into(), Value::String(day));
        true
    }

    /// Adds a photo to item `item`; false when it was there already.
    pub fn add_photo(&mut self, item: &str, photo: Value) -> Result<bool, AssessmentError> {
        fieldkit::add_photo(self.json_mut(), item, photo)
    }

    /// Removes photo `sha` from item `item`; true when it was there.
    pub fn remove_photo(&mut self, item: &str, sha: &str) -> bool {
        fieldkit::remove_photo(self.json_mut(), item, sha)
    }

    /// Captions photo `sha` of item `item`; true when it changed.
    pub fn set_caption(&mut self, item: &str, sha: &str, caption: &str) -> bool {
        fieldkit::set_caption(self.json_mut(), item, sha, caption)
    }

    /// Records a sign-off stamped with the answers hash of this moment.
    pub fn add_signature(&mut self, sig: Value) -> Result<(), AssessmentError> {
        fieldkit::add_signature(self.json_mut(), sig)
    }

    /// Names the site (blank parts are left as they were; other members stay).
    pub fn set_site(&mut self, code: &str, name: &str) {
        let site = self
            .json_mut()
            .entry("site")
            .or_insert_with(|| Value::Object(Map::new()));
        if !site.is_object() {
            *site = Value::Object(Map::new());
        }
        if let Some(s) = site.as_object_mut() {
            if !code.is_empty() {
                s.insert("code".into(), code.into());
            }
            if !name.is_empty() {
                s.insert("name".into(), name.into());
            }
        }
    }

    /// The site member as written (to carry it into a new document).
    pub fn site(&self) -> Option<&Value> {
        self.json().get("site")
    }

    /// Puts a site member, as written, into this document.
    pub fn put_site(&mut self, site: Value) {
        self.json_mut().insert("site".into(), site);
    }

    /// Sets the document's mode.
    pub fn set_mode(&mut self, mode: Mode) {
        self.json_mut().insert("mode".into(), mode.as_str().into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_edit_drops_the_parsed_view_and_changes_the_members() {
        let mut d = Document::empty(Some(("t", "1")), Mode::SelfCheck);
        let edits: [&dyn Fn(&mut Document); 4] = [
            &|d| d.set_note("a", "门卫未登记"),
            &|d| d.set_site("X9", ""),
            &|d| d.set_mode(Mode::Inspection),
            &|d| {
                d.add_action("a", "补登记");
            },
        ];
        for edit in edits {
            assert!(d.parsed().is_some());
            edit(&mut d);
            assert!(!d.is_parsed());
        }
        assert_eq!(d.notes().unwrap()["a"], json!("门卫未登记"));
        assert_eq!(d.site_code(), Some("X9"));
        assert_eq!(d.mode(), Mode::Inspection);
        assert_eq!(d.actions().len(), 1);
        assert!(d.stamp_as_of(NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()));
        assert!(
            !d.stamp_as_of(NaiveDate::from_ymd_opt(2026, 9, 2).unwrap()),
            "kept if set"
        );
        assert_eq!(d.json()["as_of"], json!("2026-09-01"));
        assert!(
            d.parsed().is_some() && !d.stamp_as_of(NaiveDate::from_ymd_opt(2026, 9, 2).unwrap())
        );
        assert!(d.is_parsed(), "a dated document keeps its parsed view");
        d.json_mut().insert("as_of".into(), Value::Null);
        assert!(
            d.stamp_as_of(NaiveDate::from_ymd_opt(2026, 9, 3).unwrap()),
            "null names no day"
        );
        d.json_mut().insert("as_of".into(), json!("2026-09-01"));
        d.set_site("", "城关一小");
        assert_eq!(
            (d.site_code(), d.site_name()),
            (Some("X9"), Some("城关一小"))
        );
    }
}
