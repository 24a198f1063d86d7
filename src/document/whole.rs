//! The assessment document held whole (§4): its JSON with every member kept, unknown ones
//! included, and the parsed [`Assessment`] evaluation reads, kept in step by the edits here.
//! The element's form and views read a document only through this type, so the document
//! is never held twice by hand and each member has one reading (a blank site is blank
//! everywhere).

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::{answers_of, put_answer, Assessment, Mode, FORMAT};
use crate::text::date;

/// An assessment document and its parsed view.
#[derive(Debug, Clone, Default)]
pub struct Document {
    json: Map<String, Value>,
    /// `json` parsed, kept in step by [`Document::set_answer`] so that a tap neither copies
    /// nor re-reads the whole document; `None` after any other change (re-read on demand).
    parsed: Option<Assessment>,
}

impl Document {
    /// An empty document for `template` (id, version) in `mode`.
    pub fn empty(template: Option<(&str, &str)>, mode: Mode) -> Document {
        let mut m = Map::new();
        m.insert("format".into(), FORMAT.into());
        if let Some((id, version)) = template {
            m.insert(
                "template".into(),
                serde_json::json!({"id": id, "version": version}),
            );
        }
        m.insert("mode".into(), mode.as_str().into());
        m.insert("answers".into(), Value::Object(Map::new()));
        Document::from_map(m)
    }

    /// A document from its members, as they are (reading it reports what is wrong).
    pub fn from_map(json: Map<String, Value>) -> Document {
        Document { json, parsed: None }
    }

    /// The members, as stored.
    pub fn json(&self) -> &Map<String, Value> {
        &self.json
    }

    /// The members, for any change other than an answer: the parsed view is dropped and
    /// re-read at the next [`Document::parsed`].
    pub fn json_mut(&mut self) -> &mut Map<String, Value> {
        self.parsed = None;
        &mut self.json
    }

    /// What evaluation reads of the document; `None` when it is not a readable assessment.
    pub fn parsed(&mut self) -> Option<&Assessment> {
        if self.parsed.is_none() {
            self.parsed = Assessment::from_value(Value::Object(self.json.clone())).ok();
        }
        self.parsed.as_ref()
    }

    /// Whether the parsed view is current (a change of answers then needs no re-read).
    pub fn is_parsed(&self) -> bool {
        self.parsed.is_some()
    }

    /// The answers object, as stored.
    pub fn answers(&self) -> Option<&Map<String, Value>> {
        self.json.get("answers")?.as_object()
    }

    /// The answer to item `id`, as stored.
    pub fn answer(&self, id: &str) -> Option<&Value> {
        self.answers()?.get(id)
    }

    /// Sets (or, with null, removes) the answer to `id`, in the members and the parsed view.
    pub fn set_answer(&mut self, id: &str, value: Value) {
        if let Some(p) = self.parsed.as_mut() {
            put_answer(&mut p.answers, id, value.clone());
        }
        put_answer(answers_of(&mut self.json), id, value);
    }

    /// A member as text (`updated_at`, `as_of`, …), when it is a string.
    fn text(&self, key: &str) -> Option<&str> {
        self.json.get(key).and_then(Value::as_str)
    }

    /// The mode the document names (a self-check when it names none).
    pub fn mode(&self) -> Mode {
        self.text("mode").map_or(Mode::SelfCheck, Mode::named)
    }

    /// The template id the document names.
    pub fn template_id(&self) -> Option<&str> {
        self.json.get("template")?.get("id")?.as_str()
    }

    /// The template version the document names.
    pub fn template_version(&self) -> Option<&str> {
        self.json.get("template")?.get("version")?.as_str()
    }

    /// When the document last changed (ISO 8601), `""` when never.
    pub fn updated_at(&self) -> &str {
        self.text("updated_at").unwrap_or("")
    }

    /// Records a change at `now` (ISO 8601).
    pub fn touch(&mut self, now: String) {
        self.json.insert("updated_at".into(), now.into());
    }

    /// The day of the record, as written.
    pub fn as_of(&self) -> Option<NaiveDate> {
        self.text("as_of").and_then(date::parse)
    }

    /// Whether the document names the day of its record (`as_of`).
    pub fn dated(&self) -> bool {
        self.json.get("as_of").is_some_and(|v| !v.is_null())
    }

    /// The site's code, if the document names one (blank is none).
    pub fn site_code(&self) -> Option<&str> {
        site_field(&self.json, "code")
    }

    /// The site's name, if the document names one (blank is none).
    pub fn site_name(&self) -> Option<&str> {
        site_field(&self.json, "name")
    }

    /// How a header names the site: its name, else its code, else nothing.
    pub fn site_shown(&self) -> &str {
        self.site_name().or_else(|| self.site_code()).unwrap_or("")
    }

    /// The notes object (`{item id: text}`), if any.
    pub fn notes(&self) -> Option<&Map<String, Value>> {
        self.json.get("notes")?.as_object()
    }

    /// The rectification actions, as stored.
    pub fn actions(&self) -> &[Value] {
        self.json
            .get("actions")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// Item `item`'s photos: (hash, caption), in order.
    pub fn photos(&self, item: &str) -> Vec<(String, String)> {
        super::fieldkit::photos(&self.json, item)
    }

    /// The sign-offs, each with whether answers changed since (stale).
    pub fn sign_offs(&self) -> Vec<super::fieldkit::SignOff> {
        super::fieldkit::sign_offs(&self.json)
    }

    /// The document as canonical JSON text (what is stored and sent).
    pub fn canonical(&self) -> String {
        crate::report::canonical::canonical_object(&self.json)
    }
}

/// A site member (`code`, `name`) of a document; blank (white space only) is none. The one
/// definition of a blank site, for the form, the draft keys and the roll-up.
pub fn site_field<'a>(doc: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
    doc.get("site")?
        .get(field)?
        .as_str()
        .filter(|c| !c.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: Value) -> Document {
        Document::from_map(v.as_object().cloned().unwrap())
    }

    #[test]
    fn an_answer_set_reaches_the_members_and_the_parsed_view() {
        let mut d = Document::empty(Some(("example", "1")), Mode::Inspection);
        assert_eq!(d.parsed().map(|a| a.mode), Some(Mode::Inspection));
        d.set_answer("a", json!("yes"));
        assert!(d.is_parsed(), "an answer keeps the parsed view");
        assert_eq!(d.answer("a"), Some(&json!("yes")));
        assert_eq!(d.parsed().unwrap().answers["a"], json!("yes"));
        d.set_answer("a", Value::Null);
        assert_eq!(d.answer("a"), None);
        assert!(!d.parsed().unwrap().answers.contains_key("a"));
    }

    #[test]
    fn any_other_change_drops_the_parsed_view_and_it_is_read_again() {
        let mut d = Document::empty(None, Mode::SelfCheck);
        assert!(d.parsed().is_some());
        d.json_mut().insert("as_of".into(), json!("2026-09-01"));
        assert!(!d.is_parsed());
        assert_eq!(
            d.parsed().unwrap().as_of,
            NaiveDate::from_ymd_opt(2026, 9, 1)
        );
        d.json_mut().insert("mode".into(), json!("nonsense"));
        assert!(
            d.parsed().is_none(),
            "an unreadable document has no parsed view"
        );
        assert_eq!(d.json()["mode"], json!("nonsense"), "and is kept as it is");
    }

    #[test]
    fn a_blank_site_is_no_site_and_the_name_is_shown_before_the_code() {
        assert_eq!(
            doc(json!({"site": {"code": "  ", "name": ""}})).site_shown(),
            ""
        );
        assert_eq!(doc(json!({"site": {"code": " "}})).site_code(), None);
        let d = doc(json!({"site": {"code": "X9", "name": "城关一小"}}));
        assert_eq!((d.site_code(), d.site_shown()), (Some("X9"), "城关一小"));
        assert_eq!(doc(json!({"site": {"code": "X9"}})).site_shown(), "X9");
    }

    #[test]
    fn members_read_with_their_defaults() {
        let d =
            doc(json!({"template": {"id": "t"}, "actions": [{"id": "A1"}], "notes": {"a": "x"}}));
        assert_eq!(d.template_id(), Some("t"));
        assert_eq!(d.mode(), Mode::SelfCheck);
        assert_eq!(d.actions().len(), 1);
        assert_eq!(d.notes().map(|n| n.len()), Some(1));
        assert_eq!(d.updated_at(), "");
        assert!(!d.dated());
        let mut d = d;
        d.touch("2026-12-07T10:00:00.000Z".into());
        assert_eq!(d.updated_at(), "2026-12-07T10:00:00.000Z");
    }
}
