//! Edits of the rectification ledger (整改台账, the assessment's `actions`, §4): adding an
//! action with an id no other action has, adding one for every finding not yet in the
//! ledger, and removing one. Pure document edits, so the element and the native tests run
//! the same code.

use serde_json::{json, Map, Value};

use crate::report::Report;

/// The ledger of an assessment document, made an empty list if missing or not a list.
fn actions_of(doc: &mut Map<String, Value>) -> &mut Vec<Value> {
    if !doc.get("actions").is_some_and(Value::is_array) {
        doc.insert("actions".into(), Value::Array(Vec::new()));
    }
    match doc.get_mut("actions") {
        Some(Value::Array(a)) => a,
        _ => unreachable!("the ledger was made a list above"),
    }
}

/// An id no action in `actions` has: `a<n>` with n one past the largest in use. Counting
/// the list instead gave two `a2` after `a1` of `[a1, a2]` was removed.
fn next_id(actions: &[Value]) -> String {
    let top = actions
        .iter()
        .filter_map(|a| {
            a.get("id")?
                .as_str()?
                .strip_prefix('a')?
                .parse::<u64>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    format!("a{}", top + 1)
}

/// Adds an open action for `finding`; returns its id.
pub fn add_action(doc: &mut Map<String, Value>, finding: &str, description: &str) -> String {
    let actions = actions_of(doc);
    let id = next_id(actions);
    actions.push(
        json!({"id": id, "finding": finding, "description": description,
        "owner": "", "due": null, "status": "open", "closed_on": null}),
    );
    id
}

/// Adds an action for every finding of `r` that has none in the ledger yet (§3.6: those
/// with an action still need its owner and due date filled in). Returns how many.
pub fn add_uncovered(doc: &mut Map<String, Value>, r: &Report) -> usize {
    let listed: std::collections::HashSet<String> = doc
        .get("actions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("finding")?.as_str().map(str::to_owned))
        .collect();
    let mut added = 0;
    for f in r.findings.iter().filter(|f| !listed.contains(&f.id)) {
        add_action(doc, &f.id, &f.message);
        added += 1;
    }
    added
}

/// Sets one field of the action at `index` as typed (`raw`): an empty due date is `null`;
/// a status of `verified` closes the action today (`closed_on`), any other reopens it.
/// False when there is no such action.
pub fn set_field(
    doc: &mut Map<String, Value>,
    index: usize,
    field: &str,
    raw: String,
    today: &str,
) -> bool {
    let Some(a) = actions_of(doc)
        .get_mut(index)
        .and_then(Value::as_object_mut)
    else {
        return false;
    };
    let v = if raw.is_empty() && field == "due" {
        Value::Null
    } else {
        Value::String(raw)
    };
    a.insert(field.to_string(), v);
    if field == "status" {
        let closed = a.get("status").and_then(Value::as_str) == Some("verified");
        a.insert(
            "closed_on".into(),
            if closed {
                Value::String(today.into())
            } else {
                Value::Null
            },
        );
    }
    true
}

/// Removes the action at `index` (as listed); false when there is none.
pub fn remove_action(doc: &mut Map<String, Value>, index: usize) -> bool {
    let actions = actions_of(doc);
    if index < actions.len() {
        actions.remove(index);
        true
    } else {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(doc: &Map<String, Value>) -> Vec<String> {
        doc["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn ids_stay_unique_after_a_removal() {
        let mut doc = Map::new();
        add_action(&mut doc, "f1", "one");
        add_action(&mut doc, "f2", "two");
        assert!(remove_action(&mut doc, 0));
        assert_eq!(add_action(&mut doc, "f3", "three"), "a3");
        assert_eq!(ids(&doc), ["a2", "a3"]);
        assert!(!remove_action(&mut doc, 9));
    }

    #[test]
    fn fields_and_the_closing_date() {
        let mut doc = Map::new();
        add_action(&mut doc, "f1", "one");
        assert!(set_field(
            &mut doc,
            0,
            "owner",
            "王老师".into(),
            "2026-08-25"
        ));
        assert!(set_field(&mut doc, 0, "due", String::new(), "2026-08-25"));
        assert_eq!(doc["actions"][0]["due"], Value::Null);
        assert!(set_field(
            &mut doc,
            0,
            "status",
            "verified".into(),
            "2026-08-25"
        ));
        assert_eq!(doc["actions"][0]["closed_on"], "2026-08-25");
        assert!(set_field(
            &mut doc,
            0,
            "status",
            "open".into(),
            "2026-08-26"
        ));
        assert_eq!(doc["actions"][0]["closed_on"], Value::Null);
        assert_eq!(doc["actions"][0]["owner"], "王老师");
        assert!(!set_field(&mut doc, 5, "owner", "x".into(), "2026-08-25"));
    }

    #[test]
    fn foreign_ids_and_a_broken_ledger() {
        let mut doc = serde_json::from_str::<Value>(
            r#"{"actions": [{"id": "x7"}, {"id": "a10"}, {"id": 3}, "junk"]}"#,
        )
        .unwrap();
        let doc = doc.as_object_mut().unwrap();
        assert_eq!(add_action(doc, "f", "d"), "a11");
        let mut broken = serde_json::from_str::<Value>(r#"{"actions": "not a list"}"#).unwrap();
        let broken = broken.as_object_mut().unwrap();
        assert_eq!(add_action(broken, "f", "d"), "a1");
        assert_eq!(broken["actions"][0]["status"], "open");
    }

    #[test]
    fn uncovered_findings_are_added_once() {
        let t = crate::template::load(crate::builtin::text("builtin:example").unwrap()).unwrap();
        let mut doc = serde_json::from_str::<Value>(
            r#"{"format": "readycheck-assessment/1", "as_of": "2026-08-25",
                "answers": {"org_group": "yes", "org_plan": "no", "students": 10, "masks": 1, "thermometers": "no"},
                "actions": [{"id": "a1", "finding": "org_plan", "owner": "", "due": null, "status": "open"}]}"#,
        )
        .unwrap();
        let score = |doc: &Value| {
            let a = crate::document::Assessment::from_value(doc.clone()).unwrap();
            crate::evaluate::evaluate(&t, &a, "en", chrono::NaiveDate::default())
        };
        let r = score(&doc);
        // org_plan (listed, but no owner), thermometers, mask_stock, supplies (below 60).
        assert_eq!(r.actions.uncovered, 4);
        let added = add_uncovered(doc.as_object_mut().unwrap(), &r);
        assert_eq!(added, 3, "org_plan is in the ledger already");
        assert_eq!(ids(doc.as_object().unwrap()), ["a1", "a2", "a3", "a4"]);
        // Still uncovered until someone owns them with a due date.
        assert_eq!(score(&doc).actions.uncovered, 4);
        let r = score(&doc);
        assert_eq!(add_uncovered(doc.as_object_mut().unwrap(), &r), 0);
        for a in doc["actions"].as_array_mut().unwrap() {
            a["owner"] = json!("王老师");
            a["due"] = json!("2026-08-30");
        }
        assert_eq!(score(&doc).actions.uncovered, 0);
    }
}
