//! One element's draft policy: which stored copy opens, what each change writes and where,
//! and which of two tabs' changes to one item wins. The element's JS performs the
//! [`Write`]s (localStorage at once, IndexedDB durably) and reads through [`Storage`].

use serde_json::{Map, Value};

use super::place::beside;
use super::{updated_at, worth_storing, Journal, Place};

/// The synchronous copy of the drafts (the element's localStorage): read only.
pub trait Storage {
    fn get(&self, key: &str) -> Option<String>;
}

/// What one save stores: the document whole, or the journal of answers since it was;
/// keys to remove (an earlier version's key, the unnamed site's key once the site is named);
/// the note of the open draft; the summary the drafts list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub key: String,
    pub doc: Option<String>,
    pub journal: Option<String>,
    pub remove: Vec<String>,
    /// `[note key, draft key]`: remembered so that a reload opens this draft again.
    pub open: Option<(String, String)>,
    pub summary: Value,
}

impl Write {
    /// The write as the element's JS performs it (`drafts.js` `perform`): absent members
    /// are left out.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("key".into(), self.key.clone().into());
        if let Some(d) = &self.doc {
            m.insert("doc".into(), d.clone().into());
        }
        if let Some(j) = &self.journal {
            m.insert("journal".into(), j.clone().into());
        }
        m.insert("remove".into(), self.remove.clone().into());
        if let Some((n, k)) = &self.open {
            m.insert("open".into(), vec![n.clone(), k.clone()].into());
        }
        m.insert("summary".into(), self.summary.clone());
        Value::Object(m)
    }
}

/// A stored draft read for opening, and what went wrong reading it (kept: the draft is
/// opened without its damaged journal).
#[derive(Debug, Default)]
pub struct Opened {
    pub text: Option<String>,
    pub problem: Option<super::StorageError>,
}

#[derive(Default)]
pub struct Keeper {
    journal: Journal,
    /// The key the document was last written whole under: the journal continues it.
    written: Option<String>,
    /// The key of the draft on screen (opened there, or written there): this element's own.
    own: Option<String>,
    /// A place's key that holds another draft, and the key beside it this draft uses.
    aside: Option<(String, String)>,
    /// Keys to remove with the next whole write.
    leaving: Vec<String>,
    /// Per item, `(time, writer)` of its last change, so that two tabs converge (a list:
    /// the items changed in one session, and no hash map code in the wasm for them).
    stamps: Vec<(String, String, String)>,
}

impl Keeper {
    /// The key the draft of `place` is stored under now.
    pub fn key(&self, place: &Place) -> String {
        let k = place.key();
        match &self.aside {
            Some((from, to)) if *from == k => to.clone(),
            _ => k,
        }
    }

    /// Reads the draft of `place` to open it: the synchronous copy (document and journal) or
    /// `durable` (IndexedDB's, read before), whichever changed last; with neither, the copy
    /// an earlier version kept under its key (removed at the next save).
    pub fn open(&mut self, place: &Place, store: &impl Storage, durable: Option<&str>) -> Opened {
        self.written = None;
        self.leaving.clear();
        self.stamps.clear();
        let key = self.key(place);
        let mut problem = None;
        let mut local = read(store, &key, &mut problem);
        if local.is_none() && durable.is_none() {
            if let Some(old) = place.legacy_key() {
                local = read(store, &old, &mut problem);
                if local.is_some() {
                    self.leaving.push(old);
                }
            }
        }
        self.own = Some(key);
        let text = match (local, durable) {
            (Some(l), Some(d)) if updated_at(d) > updated_at(&l) => Some(d.to_string()),
            (Some(l), _) => Some(l),
            (None, d) => d.map(str::to_owned),
        };
        Opened { text, problem }
    }

    /// Opens the note's draft after a reload: the key noted becomes this place's key (a
    /// draft kept beside another stays beside it).
    pub fn resume(&mut self, place: &Place, noted: &str) {
        let derived = place.key();
        self.aside = (derived != noted).then(|| (derived, noted.to_string()));
    }

    /// A document given from outside for a named site replaces that site's draft, as the
    /// page asked (one for an unnamed site is kept beside the unnamed draft stored there).
    pub fn replace(&mut self, place: &Place) {
        self.written = None;
        self.own = place.site.as_ref().map(|_| self.key(place));
    }

    /// The draft under `place`'s key belongs to another template: it stays untouched, and
    /// this form keeps its own beside it (`<key>~<template id>`, the same on every load).
    pub fn refuse(&mut self, place: &Place) {
        let k = place.key();
        self.aside = Some((k.clone(), format!("{k}~{}", place.template)));
    }

    /// The site was named: the draft moves from the unnamed site's key `from` to the site's
    /// (the next save writes it there and removes it from `from`).
    pub fn moved(&mut self, from: &Place) {
        let old = self.key(from);
        if !self.leaving.contains(&old) {
            self.leaving.push(old);
        }
        self.written = None;
    }

    /// An answer changed (the journal notes it) at `at` by `writer`.
    pub fn answered(&mut self, id: &str, value: &Value, at: &str, writer: &str) {
        self.journal.answer(id, value);
        self.stamp(id, at, writer);
    }

    /// Records `(at, writer)` as item `id`'s last change.
    pub fn stamp(&mut self, id: &str, at: &str, writer: &str) {
        let entry = (id.to_string(), at.to_string(), writer.to_string());
        match self.stamps.iter_mut().find(|s| s.0 == id) {
            Some(s) => *s = entry,
            None => self.stamps.push(entry),
        }
    }

    /// Something other than an answer changed: the next save writes the document whole.
    pub fn changed(&mut self) {
        self.journal.invalidate();
    }

    /// An answer another tab set at `at`: applied unless this tab changed the item later
    /// (equal times: the larger writer id wins). Both tabs apply the same rule to each
    /// other's changes, so both end with the same value.
    pub fn heard(&mut self, id: &str, at: &str, writer: &str) -> bool {
        if let Some((_, a, w)) = self.stamps.iter().find(|s| s.0 == id) {
            if (a.as_str(), w.as_str()) > (at, writer) {
                return false;
            }
        }
        self.stamp(id, at, writer);
        true
    }

    /// `given` (a document set from outside) with the answers of the draft stored for
    /// `place` kept, as [`keep_answers`] decides.
    pub fn with_saved_answers(
        &self,
        place: &Place,
        given: Map<String, Value>,
        store: &impl Storage,
    ) -> Map<String, Value> {
        let saved = read(store, &self.key(place), &mut None);
        keep_answers(given, saved.as_deref())
    }

    /// What to store after a change of `doc` at `place`; `None` while nothing was entered
    /// and nothing is stored there (no empty draft is ever created). A key holding another
    /// draft that this element did not open is never written over: the draft is kept beside
    /// it (`<key>~2`, `~3`, …).
    pub fn save(
        &mut self,
        place: &Place,
        doc: &Map<String, Value>,
        summary: Value,
        store: &impl Storage,
    ) -> Option<Write> {
        let mut key = self.key(place);
        if !worth_storing(doc) && store.get(&key).is_none() {
            return None;
        }
        if self.own.as_deref() != Some(key.as_str()) {
            if holds_draft(store, &key) {
                key = (2..)
                    .map(|n| beside(&key, n))
                    .find(|k| !holds_draft(store, k))
                    .unwrap_or_default();
                self.aside = Some((place.key(), key.clone()));
            }
            self.own = Some(key.clone());
            self.written = None;
        }
        let open = place.open_note().map(|n| (n, key.clone()));
        let journal = if self.written.as_deref() == Some(key.as_str()) {
            self.journal.text(doc.get("updated_at"))
        } else {
            None
        };
        if let Some(journal) = journal {
            return Some(Write {
                key,
                doc: None,
                journal: Some(journal),
                remove: Vec::new(),
                open,
                summary,
            });
        }
        self.journal.written();
        self.written = Some(key.clone());
        let remove = std::mem::take(&mut self.leaving)
            .into_iter()
            .filter(|k| *k != key)
            .collect();
        Some(Write {
            doc: Some(crate::report::canonical::canonical_object(doc)),
            key,
            journal: None,
            remove,
            open,
            summary,
        })
    }
}

/// The draft stored under `key` with its journal applied; a damaged journal is reported and
/// the draft read without it.
fn read(
    store: &impl Storage,
    key: &str,
    problem: &mut Option<super::StorageError>,
) -> Option<String> {
    let doc = store.get(key).filter(|d| !d.is_empty())?;
    let Some(journal) = store.get(&format!("{key}:journal")) else {
        return Some(doc);
    };
    match super::merge(&doc, &journal) {
        Ok(merged) => Some(merged),
        Err(super::DamagedJournal) => {
            *problem = Some(super::StorageError::damaged_journal(key));
            Some(doc)
        }
    }
}

/// Whether `key` holds a draft someone entered something in.
fn holds_draft(store: &impl Storage, key: &str) -> bool {
    let mut ignored = None;
    read(store, key, &mut ignored)
        .map(|t| match crate::json::parse(&t) {
            Ok(Value::Object(m)) => worth_storing(&m),
            _ => true, // unreadable: not ours to overwrite
        })
        .unwrap_or(false)
}

/// A document set from outside without answers (a portal naming the site on every load)
/// keeps the answers, notes and ledger of `saved`, the draft stored for its site: it never
/// wipes a draft. A document with answers replaces the draft, as the portal asked; so does
/// one of another template.
pub fn keep_answers(given: Map<String, Value>, saved: Option<&str>) -> Map<String, Value> {
    let has_answers = |m: &Map<String, Value>| {
        m.get("answers")
            .and_then(Value::as_object)
            .is_some_and(|a| !a.is_empty())
    };
    if has_answers(&given) {
        return given;
    }
    let Some(Ok(Value::Object(saved))) = saved.map(crate::json::parse) else {
        return given;
    };
    let template =
        |m: &Map<String, Value>| m.get("template")?.get("id")?.as_str().map(str::to_owned);
    if !has_answers(&saved)
        || matches!((template(&saved), template(&given)), (Some(a), Some(b)) if a != b)
    {
        return given;
    }
    let mut out = saved.clone();
    for (k, v) in given {
        if k == "answers" || ((k == "notes" || k == "actions") && v.is_null()) {
            continue;
        }
        out.insert(k, v);
    }
    out
}

#[cfg(test)]
#[path = "keeper_tests.rs"]
mod tests;
