//! The drafts on this device as the drafts list shows them (SPEC §8 `listDrafts()`): each
//! draft's summary, written with every save so the list's numbers are the form's, the
//! state of its own latest submission, newest first.

use serde_json::{json, Map, Value};

/// `records`: the summaries stored with each draft and journal (`{key, template, mode, site,
/// answered, applicable, score, verdict, updated_at}`; a journal's, written later, wins);
/// `local`: `[key, text]` of drafts kept only in localStorage by earlier versions;
/// `outbox`: the outbox entries (`{draft, state, queued_at}`).
pub fn list(records: &[Value], local: &[(String, String)], outbox: &[Value]) -> Vec<Value> {
    // Linear lookups: tens of drafts, and no hash map code in the wasm for them.
    let mut by_key: Vec<(String, Map<String, Value>)> = Vec::new();
    for r in records {
        let Some(key) = r.get("key").and_then(Value::as_str) else {
            continue;
        };
        let Some(fields) = r.as_object() else {
            continue;
        };
        let i = match by_key.iter().position(|(k, _)| k == key) {
            Some(i) => i,
            None => {
                by_key.push((key.to_string(), Map::new()));
                by_key.len() - 1
            }
        };
        let row = &mut by_key[i].1;
        let newer = fields
            .get("updated_at")
            .and_then(Value::as_str)
            .unwrap_or("")
            >= row.get("updated_at").and_then(Value::as_str).unwrap_or("");
        for (k, v) in fields {
            if newer || !row.contains_key(k) {
                row.insert(k.clone(), v.clone());
            }
        }
    }
    for (key, text) in local {
        if by_key.iter().any(|(k, _)| k == key)
            || !key.starts_with("readycheck:")
            || key.ends_with(":journal")
        {
            continue;
        }
        let Ok(Value::Object(doc)) = crate::json::parse(text) else {
            continue;
        };
        if doc.get("format").and_then(Value::as_str) != Some(crate::document::FORMAT) {
            continue;
        }
        let answered = doc
            .get("answers")
            .and_then(Value::as_object)
            .map_or(0, Map::len);
        let row = json!({"template": doc.get("template"), "mode": doc.get("mode").cloned().unwrap_or("self".into()),
            "site": doc.get("site"), "answered": answered, "updated_at": doc.get("updated_at")});
        by_key.push((key.clone(), row.as_object().cloned().unwrap_or_default()));
    }
    // Each draft's own latest submission: an entry names the draft it was queued from.
    let mut latest: Vec<(&str, &Value, &Value)> = Vec::new();
    for e in outbox {
        let (Some(draft), Some(state)) = (e.get("draft").and_then(Value::as_str), e.get("state"))
        else {
            continue;
        };
        let t = e.get("queued_at").unwrap_or(&Value::Null);
        match latest.iter_mut().find(|(d, _, _)| *d == draft) {
            Some(l) if l.1.as_f64() <= t.as_f64() => *l = (draft, t, state),
            Some(_) => {}
            None => latest.push((draft, t, state)),
        }
    }
    let rows: Vec<Value> = by_key
        .into_iter()
        .map(|(key, row)| {
            let f = |k: &str| row.get(k).cloned().unwrap_or(Value::Null);
            let outbox = latest
                .iter()
                .find(|(d, _, _)| *d == key)
                .map_or(Value::Null, |(_, _, s)| (*s).clone());
            json!({"key": key, "template": f("template"), "mode": f("mode"), "site": f("site"),
                "answered": f("answered"), "applicable": f("applicable"), "score": f("score"),
                "verdict": f("verdict"), "updated_at": f("updated_at"), "outbox": outbox})
        })
        .collect();
    // Newest first. An insertion sort: a device holds tens of drafts, and the standard
    // library's sort costs the wasm kilobytes for each type it sorts.
    let stamp = |v: &Value| v["updated_at"].as_str().unwrap_or("").to_string();
    let mut sorted: Vec<Value> = Vec::with_capacity(rows.len());
    for r in rows {
        let at = sorted
            .iter()
            .position(|s| stamp(s) < stamp(&r))
            .unwrap_or(sorted.len());
        sorted.insert(at, r);
    }
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journals_summary_wins_over_its_drafts_and_outbox_states_stay_with_their_draft() {
        let records = [
            json!({"key": "readycheck:t:self:A", "answered": 66, "score": 55.9, "updated_at": "2026-01-01T01:00:00Z"}),
            json!({"key": "readycheck:t:self:A", "answered": 124, "score": 97.5, "updated_at": "2026-01-01T02:00:00Z"}),
            json!({"key": "readycheck:t:inspection:B", "answered": 3, "updated_at": "2026-01-01T03:00:00Z"}),
        ];
        let outbox = [
            json!({"draft": "readycheck:t:self:A", "state": "queued", "queued_at": 1}),
            json!({"draft": "readycheck:t:self:A", "state": "sent", "queued_at": 2}),
        ];
        let rows = list(&records, &[], &outbox);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["key"], "readycheck:t:inspection:B", "newest first");
        assert_eq!(rows[0]["outbox"], Value::Null, "never sent");
        assert_eq!(
            (rows[1]["answered"].clone(), rows[1]["score"].clone()),
            (json!(124), json!(97.5))
        );
        assert_eq!(rows[1]["outbox"], "sent", "its latest submission");
        // An older journal record read after the draft does not take the numbers back.
        let reversed = [records[1].clone(), records[0].clone()];
        assert_eq!(list(&reversed, &[], &[])[0]["answered"], 124);
    }

    #[test]
    fn drafts_only_in_local_storage_are_listed_from_their_document() {
        let doc = json!({"format": "readycheck-assessment/1", "template": {"id": "t"}, "answers": {"a": 1, "b": 2},
            "updated_at": "2026-01-01T00:00:00Z"}).to_string();
        let local = [
            ("readycheck:t:S1".to_string(), doc.clone()),
            ("readycheck:t:S1:journal".to_string(), doc),
            (
                "readycheck-open:t:self".to_string(),
                "readycheck:t:S1".to_string(),
            ),
            ("other".to_string(), "{}".to_string()),
        ];
        let rows = list(&[], &local, &[]);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0]["answered"].clone(), rows[0]["mode"].clone()),
            (json!(2), json!("self"))
        );
    }
}
