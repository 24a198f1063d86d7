//! The answer edits a tap or a keystroke makes (§4): reading what was typed into an item's
//! control, toggling a multiple-choice option, adding, removing and filling repeat rows,
//! and writing a note. Each takes the answer as it is and returns the new one, so the
//! element and the native tests run the same code; an answer of the wrong shape is never
//! read as something else, only replaced by the edit the user asked for.

use serde_json::{Map, Value};

use crate::template::Kind;
use crate::text::number;

/// What was typed into a control of `kind`: empty is no answer (`null`); a number item
/// takes a number and keeps anything else as typed, so validation reports it and nothing
/// the user wrote is lost; text keeps its spaces; other kinds are trimmed.
pub fn typed(kind: &Kind, raw: &str) -> Value {
    let s = raw.trim();
    if s.is_empty() {
        return Value::Null;
    }
    match kind {
        Kind::Number { .. } => number::parse(s)
            .map(number::json_number)
            .unwrap_or_else(|| Value::String(raw.to_string())),
        Kind::Text { .. } => Value::String(raw.to_string()),
        _ => Value::String(s.to_string()),
    }
}

/// A multiple-choice answer with `value` toggled: added at the end when absent, removed
/// when present; no option left is no answer. An answer that is no list starts afresh.
pub fn toggle(answer: Option<&Value>, value: &str) -> Value {
    let mut list = rows(answer);
    match list.iter().position(|x| x.as_str() == Some(value)) {
        Some(p) => {
            list.remove(p);
        }
        None => list.push(Value::String(value.to_string())),
    }
    if list.is_empty() {
        Value::Null
    } else {
        Value::Array(list)
    }
}

/// A repeat answer with one empty row added at the end.
pub fn add_row(answer: Option<&Value>) -> Value {
    let mut list = rows(answer);
    list.push(Value::Object(Map::new()));
    Value::Array(list)
}

/// A repeat answer without row `k` (unchanged when there is no such row).
pub fn remove_row(answer: Option<&Value>, k: usize) -> Value {
    let mut list = rows(answer);
    if k < list.len() {
        list.remove(k);
    }
    Value::Array(list)
}

/// A repeat answer with field `child` of row `k` set to `value` (`null` clears it). A row
/// that does not exist or is no object is left as it is.
pub fn set_row_field(answer: Option<&Value>, k: usize, child: &str, value: Value) -> Value {
    let mut list = rows(answer);
    if let Some(Value::Object(r)) = list.get_mut(k) {
        if value.is_null() {
            r.remove(child);
        } else {
            r.insert(child.to_string(), value);
        }
    }
    Value::Array(list)
}

/// Sets item `id`'s note in the document's `notes` (empty text removes it); a `notes`
/// member that is no object is replaced, as the user's note is what they asked to keep.
pub fn set_note(doc: &mut Map<String, Value>, id: &str, text: &str) {
    let notes = doc
        .entry("notes")
        .or_insert_with(|| Value::Object(Map::new()));
    if !notes.is_object() {
        *notes = Value::Object(Map::new());
    }
    if let Some(n) = notes.as_object_mut() {
        if text.is_empty() {
            n.remove(id);
        } else {
            n.insert(id.to_string(), Value::String(text.to_string()));
        }
    }
}

/// The list an answer holds, or none.
fn rows(answer: Option<&Value>) -> Vec<Value> {
    answer
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typing_keeps_what_is_not_a_number() {
        let t = crate::template::load(
            r#"{"format":"readycheck/1","id":"t","version":"1","title":"t","sections":[
            {"id":"s","title":"s","items":[{"id":"n","type":"number","title":"n"},
            {"id":"x","type":"text","title":"x"},{"id":"y","type":"yesno","title":"y"}]}]}"#,
        )
        .unwrap();
        let (num, text, yesno) = (&t.items[0].kind, &t.items[1].kind, &t.items[2].kind);
        assert_eq!(typed(num, " 12 "), json!(12));
        assert_eq!(typed(num, "1.50"), json!(1.5));
        assert_eq!(typed(num, "十二"), json!("十二"));
        assert_eq!(typed(num, "   "), Value::Null);
        assert_eq!(typed(text, " a b "), json!(" a b "));
        assert_eq!(typed(yesno, " yes "), json!("yes"));
    }

    #[test]
    fn toggling_adds_removes_and_empties() {
        let a = toggle(None, "masks");
        assert_eq!(a, json!(["masks"]));
        let b = toggle(Some(&a), "gloves");
        assert_eq!(b, json!(["masks", "gloves"]));
        assert_eq!(toggle(Some(&b), "masks"), json!(["gloves"]));
        assert_eq!(toggle(Some(&json!(["gloves"])), "gloves"), Value::Null);
        // A scalar where a list belongs is replaced by the user's choice.
        assert_eq!(toggle(Some(&json!("masks")), "gloves"), json!(["gloves"]));
    }

    #[test]
    fn rows_are_added_filled_cleared_and_removed() {
        let a = add_row(None);
        assert_eq!(a, json!([{}]));
        let a = add_row(Some(&a));
        let a = set_row_field(Some(&a), 1, "name", json!("张三"));
        assert_eq!(a, json!([{}, {"name": "张三"}]));
        let a = set_row_field(Some(&a), 1, "temp", json!(36.5));
        let a = set_row_field(Some(&a), 1, "name", Value::Null);
        assert_eq!(a, json!([{}, {"temp": 36.5}]));
        // No row 5, and a row that is no object: nothing changes.
        assert_eq!(set_row_field(Some(&a), 5, "x", json!(1)), a);
        let odd = json!(["text row"]);
        assert_eq!(set_row_field(Some(&odd), 0, "x", json!(1)), odd);
        assert_eq!(remove_row(Some(&a), 0), json!([{"temp": 36.5}]));
        assert_eq!(remove_row(Some(&a), 9), a);
    }

    #[test]
    fn notes_are_set_replaced_and_removed() {
        let mut doc = Map::new();
        set_note(&mut doc, "masks", "库存不足");
        assert_eq!(doc["notes"], json!({"masks": "库存不足"}));
        set_note(&mut doc, "gloves", "ok");
        set_note(&mut doc, "masks", "");
        assert_eq!(doc["notes"], json!({"gloves": "ok"}));
        let mut broken = Map::new();
        broken.insert("notes".into(), json!("not an object"));
        set_note(&mut broken, "masks", "见照片");
        assert_eq!(broken["notes"], json!({"masks": "见照片"}));
    }
}
