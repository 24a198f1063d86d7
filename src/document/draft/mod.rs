//! The element's drafts on the device (SPEC §8, "Drafts and print"), decided here and only
//! stored by the element's JS: under which key a draft lives ([`place`]), which stored copy
//! opens and what each change writes ([`keeper`]), the journal that keeps a tap's write
//! small ([`journal`]), and the list of drafts the device holds ([`list`]). Pure, so every
//! rule is tested natively; the browser tests check the same rules through the element.

pub mod journal;
pub mod keeper;
pub mod list;
pub mod place;

pub use journal::{merge, DamagedJournal, Journal};
pub use keeper::{Keeper, Storage, Write};
pub use place::Place;

use serde_json::{Map, Value};

/// A stored draft that could not be read back whole, and under which key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageError {
    pub key: String,
    pub message: String,
}

impl StorageError {
    /// The journal beside the draft under `key` is damaged.
    pub fn damaged_journal(key: &str) -> StorageError {
        StorageError {
            key: key.into(),
            message: "the saved draft's journal of recent answers is damaged; the draft is restored without them".into(),
        }
    }
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Whether a document holds anything someone entered: an answer, a note, an action, a
/// photo, a signature or a named site. A draft is stored only from then on, so opening a
/// mode or a template creates no empty draft in the list.
pub fn worth_storing(doc: &Map<String, Value>) -> bool {
    let filled = |k: &str| match doc.get(k) {
        Some(Value::Object(m)) => !m.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        _ => false,
    };
    let (code, name) = crate::document::site_of(&Value::Object(doc.clone()));
    ["answers", "notes", "actions", "evidence", "signatures"]
        .iter()
        .any(|k| filled(k))
        || code.is_some()
        || name.is_some()
}

/// `updated_at` of a draft's text ("" when it has none or does not read): which of two
/// copies is newer.
pub fn updated_at(text: &str) -> String {
    crate::json::parse(text)
        .ok()
        .and_then(|v| v.get("updated_at")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn an_empty_document_is_not_worth_storing() {
        let empty = obj(
            json!({"format": "readycheck-assessment/1", "mode": "inspection",
            "template": {"id": "t", "version": "1"}, "answers": {}, "updated_at": "x"}),
        );
        assert!(!worth_storing(&empty));
        for (k, v) in [
            ("answers", json!({"a": "yes"})),
            ("notes", json!({"a": "x"})),
            ("actions", json!([{"finding": "a"}])),
            ("site", json!({"code": "S1"})),
            ("site", json!({"name": "一中"})),
        ] {
            let mut d = empty.clone();
            d.insert(k.into(), v);
            assert!(worth_storing(&d), "{k}");
        }
        let mut blank_site = empty.clone();
        blank_site.insert("site".into(), json!({"code": "", "name": ""}));
        assert!(!worth_storing(&blank_site));
    }

    #[test]
    fn a_stored_document_never_holds_a_raw_newline() {
        // The change message frames the document after a newline (src/web/drafts.rs).
        let doc = obj(json!({"notes": {"a": "第一行\n第二行\r\n"}, "answers": {"b": "x\ny"}}));
        let text = crate::report::canonical::canonical_object(&doc);
        assert!(!text.contains('\n') && !text.contains('\r'), "{text}");
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            Value::Object(doc)
        );
    }

    #[test]
    fn updated_at_reads_the_stamp_or_nothing() {
        assert_eq!(updated_at(r#"{"updated_at":"2026-01-02"}"#), "2026-01-02");
        assert_eq!(updated_at("{"), "");
        assert_eq!(updated_at("{}"), "");
    }
}
