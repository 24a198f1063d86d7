//! The journal of a draft: the answers changed since the document was last written whole,
//! so that a tap writes a few hundred bytes instead of the whole assessment (60 KB at
//! N=3000).
//!
//! Storage holds the document under the element's key and the journal under the key plus
//! `:journal`: `{"answers": {id: value or null}, "updated_at": …}`. Reading the
//! draft applies the journal to the document ([`merge`]); writing the document whole
//! removes the journal. A journal applied twice gives the same document, so a crash
//! between writing the document and removing the journal loses nothing.

use serde_json::{Map, Value};

use crate::document::{answers_of, put_answer};

/// At most this many answers in the journal; past it the next save writes the document.
const MAX_ENTRIES: usize = 64;

/// Answers changed since the document was last written whole; `None` when it must be
/// written whole at the next save (a first save, any change other than an answer, a full
/// journal).
#[derive(Default)]
pub struct Journal(Option<Map<String, Value>>);

impl Journal {
    /// Notes a changed answer (null: removed).
    pub fn answer(&mut self, id: &str, value: &Value) {
        if let Some(j) = &mut self.0 {
            j.insert(id.to_string(), value.clone());
            if j.len() > MAX_ENTRIES {
                self.0 = None;
            }
        }
    }

    /// Some other part of the document changed: the next save writes it whole.
    pub fn invalidate(&mut self) {
        self.0 = None;
    }

    /// The document was written whole.
    pub fn written(&mut self) {
        self.0 = Some(Map::new());
    }

    /// The journal's text, or `None` when the document must be written whole.
    pub fn text(&self, updated_at: Option<&Value>) -> Option<String> {
        let answers = self.0.as_ref()?;
        let mut doc = Map::new();
        doc.insert("answers".into(), Value::Object(answers.clone()));
        if let Some(u) = updated_at {
            doc.insert("updated_at".into(), u.clone());
        }
        Some(crate::report::canonical::canonical_object(&doc))
    }
}

/// The draft document with its journal applied, as JSON text. A document that is not a
/// JSON object is returned as it is (loading it reports what is wrong); a damaged journal
/// is an error, so that the caller can say the last answers were not restored.
pub fn merge(base: &str, journal: &str) -> Result<String, DamagedJournal> {
    let Ok(Value::Object(mut doc)) = crate::json::parse(base) else {
        return Ok(base.to_string());
    };
    let Ok(Value::Object(mut j)) = crate::json::parse(journal) else {
        return Err(DamagedJournal);
    };
    let Some(Value::Object(changed)) = j.remove("answers") else {
        return Err(DamagedJournal);
    };
    let answers = answers_of(&mut doc);
    for (id, v) in changed {
        put_answer(answers, &id, v);
    }
    if let Some(u) = j.remove("updated_at") {
        doc.insert("updated_at".into(), u);
    }
    Ok(crate::report::canonical::canonical_object(&doc))
}

/// A journal that cannot be read back: the draft is used without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DamagedJournal;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_journal_records_answers_until_something_else_changes() {
        let mut j = Journal::default();
        j.answer("a", &json!("yes"));
        assert_eq!(j.text(None), None, "nothing written whole yet");
        j.written();
        j.answer("a", &json!("yes"));
        j.answer("b", &Value::Null);
        let u = json!("2026-11-23T08:00:00Z");
        assert_eq!(
            j.text(Some(&u)).unwrap(),
            r#"{"answers":{"a":"yes","b":null},"updated_at":"2026-11-23T08:00:00Z"}"#
        );
        j.invalidate();
        assert_eq!(j.text(Some(&u)), None);
        j.written();
        for k in 0..=MAX_ENTRIES {
            j.answer(&format!("i{k}"), &json!("no"));
        }
        assert_eq!(
            j.text(None),
            None,
            "a full journal asks for the whole document"
        );
    }

    #[test]
    fn merging_applies_the_journal_and_is_idempotent() {
        let base = r#"{"answers":{"a":"no","b":"yes"},"notes":{"a":"x"},"updated_at":"1"}"#;
        let journal = r#"{"answers":{"a":"yes","b":null,"c":3},"updated_at":"2"}"#;
        let once = merge(base, journal).unwrap();
        let doc: Value = serde_json::from_str(&once).unwrap();
        assert_eq!(
            doc,
            json!({"answers": {"a": "yes", "c": 3}, "notes": {"a": "x"}, "updated_at": "2"})
        );
        assert_eq!(merge(&once, journal).unwrap(), once);
        // A document without answers gets them; one that is not an object is left as is.
        let doc: Value = serde_json::from_str(&merge("{}", journal).unwrap()).unwrap();
        assert_eq!(doc["answers"], json!({"a": "yes", "c": 3}));
        assert_eq!(merge("[1", journal).unwrap(), "[1");
    }

    #[test]
    fn a_damaged_journal_is_an_error_that_says_so() {
        for bad in ["", "[]", r#"{"answers":3}"#, "{\"answers\":{"] {
            let e = merge(r#"{"answers":{}}"#, bad).unwrap_err();
            assert_eq!(e, DamagedJournal);
        }
    }
}
