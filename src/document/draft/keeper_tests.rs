use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::*;

/// localStorage as a map; `apply` performs a write as the element's JS does.
#[derive(Default)]
struct Mem(RefCell<HashMap<String, String>>);

impl Storage for Mem {
    fn get(&self, key: &str) -> Option<String> {
        self.0.borrow().get(key).cloned()
    }
}

impl Mem {
    fn apply(&self, w: &Write) {
        let mut m = self.0.borrow_mut();
        if let Some(d) = &w.doc {
            m.insert(w.key.clone(), d.clone());
            m.remove(&format!("{}:journal", w.key));
        }
        if let Some(j) = &w.journal {
            m.insert(format!("{}:journal", w.key), j.clone());
        }
        for k in &w.remove {
            m.remove(k);
            m.remove(&format!("{k}:journal"));
        }
        if let Some((n, k)) = &w.open {
            m.insert(n.clone(), k.clone());
        }
    }
    fn put(&self, k: &str, v: Value) {
        self.0.borrow_mut().insert(k.into(), v.to_string());
    }
}

fn place(site: Option<&str>) -> Place {
    Place {
        storage_key: None,
        template: "school".into(),
        mode: "self".into(),
        site: site.map(str::to_owned),
        start_mode: "self".into(),
    }
}

fn doc(answers: Value, site: Option<&str>, at: &str) -> Map<String, Value> {
    let mut d = json!({"format": "readycheck-assessment/1", "template": {"id": "school", "version": "1"},
        "mode": "self", "answers": answers, "updated_at": at});
    if let Some(s) = site {
        d["site"] = json!({"code": s});
    }
    d.as_object().cloned().unwrap()
}

fn summary() -> Value {
    json!({"answered": 1})
}

#[test]
fn nothing_is_stored_before_the_first_answer_or_site_name() {
    let store = Mem::default();
    let mut k = Keeper::default();
    k.open(&place(None), &store, None);
    let empty = doc(json!({}), None, "1");
    assert_eq!(k.save(&place(None), &empty, summary(), &store), None);
    let w = k
        .save(
            &place(None),
            &doc(json!({"a": "yes"}), None, "2"),
            summary(),
            &store,
        )
        .unwrap();
    assert_eq!(w.key, "readycheck:school:self:_");
    assert!(w.doc.is_some());
    store.apply(&w);
    // Clearing the only answer of a stored draft is saved (the draft exists now).
    let w = k.save(&place(None), &empty, summary(), &store).unwrap();
    assert_eq!(w.key, "readycheck:school:self:_");
}

#[test]
fn answers_after_a_whole_write_go_to_the_journal_and_a_reopen_merges_them() {
    let store = Mem::default();
    let mut k = Keeper::default();
    let p = place(Some("S1"));
    k.open(&p, &store, None);
    let first = k
        .save(
            &p,
            &doc(json!({"a": "yes"}), Some("S1"), "1"),
            summary(),
            &store,
        )
        .unwrap();
    assert!(first.doc.is_some() && first.journal.is_none());
    store.apply(&first);
    k.answered("b", &json!("no"), "2", "me");
    let second = k
        .save(
            &p,
            &doc(json!({"a": "yes", "b": "no"}), Some("S1"), "2"),
            summary(),
            &store,
        )
        .unwrap();
    assert_eq!(second.doc, None);
    assert_eq!(
        second.journal.as_deref(),
        Some(r#"{"answers":{"b":"no"},"updated_at":"2"}"#)
    );
    store.apply(&second);
    let opened = Keeper::default().open(&p, &store, None);
    let v: Value = serde_json::from_str(&opened.text.unwrap()).unwrap();
    assert_eq!(v["answers"], json!({"a": "yes", "b": "no"}));
    // Something other than an answer: the whole document again.
    k.changed();
    let third = k
        .save(
            &p,
            &doc(json!({"a": "yes", "b": "no"}), Some("S1"), "3"),
            summary(),
            &store,
        )
        .unwrap();
    assert!(third.doc.is_some());
}

#[test]
fn the_newer_of_the_synchronous_and_the_durable_copy_opens() {
    let store = Mem::default();
    let p = place(Some("S1"));
    store.put(
        &p.key(),
        json!({"answers": {"a": "no"}, "updated_at": "2026-01-01T00:00:01Z"}),
    );
    let durable =
        json!({"answers": {"a": "yes"}, "updated_at": "2026-01-01T00:00:02Z"}).to_string();
    let got = Keeper::default()
        .open(&p, &store, Some(&durable))
        .text
        .unwrap();
    assert_eq!(got, durable);
    let older = json!({"answers": {"a": "yes"}, "updated_at": "2026-01-01T00:00:00Z"}).to_string();
    let got = Keeper::default()
        .open(&p, &store, Some(&older))
        .text
        .unwrap();
    assert!(got.contains("\"no\""));
}

#[test]
fn a_damaged_journal_is_reported_and_the_draft_opens_without_it() {
    let store = Mem::default();
    let p = place(Some("S1"));
    store.put(&p.key(), json!({"answers": {"a": "no"}}));
    store
        .0
        .borrow_mut()
        .insert(format!("{}:journal", p.key()), "{".into());
    let o = Keeper::default().open(&p, &store, None);
    assert!(o.text.unwrap().contains("\"no\""));
    assert_eq!(
        o.problem.unwrap().key,
        p.key(),
        "the error names the damaged draft"
    );
}

#[test]
fn an_earlier_versions_key_opens_and_is_removed_at_the_next_save() {
    let store = Mem::default();
    let p = place(Some("S1"));
    store.put("readycheck:school:S1", json!({"answers": {"a": "yes"}}));
    let mut k = Keeper::default();
    assert!(k.open(&p, &store, None).text.is_some());
    let w = k
        .save(
            &p,
            &doc(json!({"a": "yes"}), Some("S1"), "1"),
            summary(),
            &store,
        )
        .unwrap();
    assert_eq!(w.key, "readycheck:school:self:S1");
    assert_eq!(w.remove, vec!["readycheck:school:S1".to_string()]);
}

#[test]
fn naming_the_site_moves_the_draft_and_never_writes_over_the_sites_own() {
    let store = Mem::default();
    let mut k = Keeper::default();
    k.open(&place(None), &store, None);
    store.apply(
        &k.save(
            &place(None),
            &doc(json!({"a": "yes"}), None, "1"),
            summary(),
            &store,
        )
        .unwrap(),
    );
    // Named S1 (no draft there): moved, the unnamed key removed.
    k.moved(&place(None));
    let w = k
        .save(
            &place(Some("S1")),
            &doc(json!({"a": "yes"}), Some("S1"), "2"),
            summary(),
            &store,
        )
        .unwrap();
    assert_eq!(w.key, "readycheck:school:self:S1");
    assert_eq!(w.remove, vec!["readycheck:school:self:_".to_string()]);
    store.apply(&w);
    assert_eq!(store.get("readycheck:school:self:_"), None);
    // Another unnamed draft named S1 too: kept beside S1's, which is untouched.
    let mut other = Keeper::default();
    other.open(&place(None), &store, None);
    store.apply(
        &other
            .save(
                &place(None),
                &doc(json!({"b": "no"}), None, "3"),
                summary(),
                &store,
            )
            .unwrap(),
    );
    other.moved(&place(None));
    let w = other
        .save(
            &place(Some("S1")),
            &doc(json!({"b": "no"}), Some("S1"), "4"),
            summary(),
            &store,
        )
        .unwrap();
    assert_eq!(w.key, "readycheck:school:self:S1~2");
    store.apply(&w);
    assert!(store
        .get("readycheck:school:self:S1")
        .unwrap()
        .contains("\"a\""));
    // It stays there: the next save writes the journal under the same key.
    other.answered("c", &json!("yes"), "5", "me");
    let w = other
        .save(
            &place(Some("S1")),
            &doc(json!({"b": "no", "c": "yes"}), Some("S1"), "5"),
            summary(),
            &store,
        )
        .unwrap();
    assert_eq!(
        (w.key.as_str(), w.doc.is_none()),
        ("readycheck:school:self:S1~2", true)
    );
}

#[test]
fn a_second_unnamed_draft_does_not_overwrite_the_first() {
    let store = Mem::default();
    let mut first = Keeper::default();
    first.open(&place(None), &store, None);
    store.apply(
        &first
            .save(
                &place(None),
                &doc(json!({"a": "yes"}), None, "1"),
                summary(),
                &store,
            )
            .unwrap(),
    );
    // A document set from outside (not opened from the key) lands beside it.
    let mut second = Keeper::default();
    let w = second
        .save(
            &place(None),
            &doc(json!({"z": "no"}), None, "2"),
            summary(),
            &store,
        )
        .unwrap();
    assert_eq!(w.key, "readycheck:school:self:_~2");
    store.apply(&w);
    assert!(store
        .get("readycheck:school:self:_")
        .unwrap()
        .contains("\"a\""));
    // The reload opens the noted one, beside.
    let noted = store.get("readycheck-open:school:self").unwrap();
    assert_eq!(noted, "readycheck:school:self:_~2");
    let (mode, site) = place(None).parse(&noted).unwrap();
    let p = Place {
        mode,
        site,
        ..place(None)
    };
    let mut again = Keeper::default();
    again.resume(&p, &noted);
    assert!(again.open(&p, &store, None).text.unwrap().contains("\"z\""));
}

#[test]
fn a_key_of_another_template_is_left_alone() {
    let store = Mem::default();
    let p = Place {
        storage_key: Some("portal".into()),
        ..place(None)
    };
    store.put(
        "portal",
        json!({"template": {"id": "exam"}, "answers": {"x": 1}}),
    );
    let mut k = Keeper::default();
    k.refuse(&p);
    assert_eq!(k.key(&p), "portal~school");
    assert_eq!(k.open(&p, &store, None).text, None);
    let w = k
        .save(&p, &doc(json!({"a": "yes"}), None, "1"), summary(), &store)
        .unwrap();
    assert_eq!(w.key, "portal~school");
    assert_eq!(w.open, None, "storage-key: the page decides what opens");
}

#[test]
fn two_tabs_setting_one_item_converge_on_the_later_change() {
    let mut a = Keeper::default();
    let mut b = Keeper::default();
    a.answered("q", &json!("yes"), "2026-01-01T00:00:00.100Z", "tab-a");
    b.answered("q", &json!("no"), "2026-01-01T00:00:00.100Z", "tab-b");
    // Each hears the other: the same rule keeps tab-b's value in both.
    assert!(!b.heard("q", "2026-01-01T00:00:00.100Z", "tab-a"));
    assert!(a.heard("q", "2026-01-01T00:00:00.100Z", "tab-b"));
    // A later change wins over an earlier one whoever wrote it.
    assert!(b.heard("q", "2026-01-01T00:00:00.200Z", "tab-a"));
    assert!(!b.heard("q", "2026-01-01T00:00:00.150Z", "tab-b"));
}

#[test]
fn a_document_without_answers_keeps_the_saved_answers() {
    let saved = json!({"template": {"id": "school"}, "answers": {"a": "yes"}, "notes": {"a": "n"},
        "actions": [{"finding": "a"}], "site": {"code": "S1"}})
    .to_string();
    let given = json!({"template": {"id": "school"}, "site": {"code": "S1", "name": "一中"}, "answers": {}});
    let out = keep_answers(given.as_object().cloned().unwrap(), Some(&saved));
    assert_eq!(out["answers"], json!({"a": "yes"}));
    assert_eq!(out["notes"], json!({"a": "n"}));
    assert_eq!(out["site"]["name"], "一中");
    // With answers, or of another template, the given document wins.
    let with = json!({"template": {"id": "school"}, "answers": {"b": "no"}});
    let out = keep_answers(with.as_object().cloned().unwrap(), Some(&saved));
    assert_eq!(out["answers"], json!({"b": "no"}));
    let other = json!({"template": {"id": "exam"}, "answers": {}});
    let out = keep_answers(other.as_object().cloned().unwrap(), Some(&saved));
    assert_eq!(out["answers"], json!({}));
}

#[test]
fn a_given_document_keeps_the_stored_answers_journal_included() {
    let store = Mem::default();
    let p = place(Some("S1"));
    store.put(
        &p.key(),
        json!({"template": {"id": "school"}, "answers": {"a": "yes"}}),
    );
    store.put(
        &format!("{}:journal", p.key()),
        json!({"answers": {"b": "no"}}),
    );
    let given = json!({"template": {"id": "school"}, "site": {"code": "S1", "name": "一中"}, "answers": {}});
    let out = Keeper::default().with_saved_answers(&p, given.as_object().cloned().unwrap(), &store);
    assert_eq!(out["answers"], json!({"a": "yes", "b": "no"}));
    assert_eq!(out["site"]["name"], "一中");
}
