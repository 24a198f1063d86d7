//! The element's drafts through the form (SPEC §8): the keeper's decisions applied to the
//! document on screen. The element's JS reads the synchronous copy through the `read`
//! function it gives the form, and performs each [`Write`] the form hands it: in the change
//! message, or from `save()` after a document set from outside.

use js_sys::Function;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use super::api::Form;
use super::boundary::JsFailure;
use super::boundary::{js_err, to_value};
use super::state::{FormState, Message, Outbox, PageKeys};
use crate::document::draft::{updated_at, Place, Storage, Write};
use crate::document::site_field;

/// localStorage as the element's JS reads it (`read(key)` → text or null; it reports a
/// refused store itself).
pub(crate) struct JsStorage<'a>(pub(super) &'a Function);

impl Storage for JsStorage<'_> {
    fn get(&self, key: &str) -> Option<String> {
        self.0.call1(&JsValue::NULL, &key.into()).ok()?.as_string()
    }
}

impl FormState {
    /// The draft's place now: the page's keys, the template, the mode, the site.
    pub(super) fn place(&self) -> Place {
        let site = self
            .page
            .site_code
            .clone()
            .or_else(|| self.document.site_code().map(str::to_owned));
        Place {
            storage_key: self.page.storage_key.clone(),
            template: self
                .template
                .as_ref()
                .map_or("none".into(), |t| t.id.clone()),
            mode: self.mode.as_str().into(),
            site,
            start_mode: self.page.start_mode.clone(),
        }
    }

    /// What the drafts list shows of this draft.
    fn summary(&self) -> Value {
        let a = self.document.json();
        let r = self.report.as_deref();
        json!({
            "template": a.get("template"),
            "mode": a.get("mode").cloned().unwrap_or_else(|| self.mode.as_str().into()),
            "site": self.document.site(),
            "answered": r.map(|r| r.progress.answered),
            "applicable": r.map(|r| r.progress.applicable),
            "score": r.map(|r| r.score.clone()),
            "verdict": r.map(|r| r.verdict.to_string()),
            "updated_at": Some(self.document.updated_at()).filter(|u| !u.is_empty()),
        })
    }

    /// What to store now (`None`: nothing yet).
    pub(super) fn save(&mut self) -> Option<Write> {
        self.template.as_ref()?;
        let place = self.place();
        let summary = self.summary();
        let read = self.read.clone();
        self.keeper
            .save(&place, self.document.json(), summary, &JsStorage(&read))
    }

    /// Queues the change message: the changed item (other tabs are told) with its value and
    /// time, the draft's key, and what to store. A document written whole follows the JSON
    /// after a newline, as it is (neither JSON holds a raw newline): escaping 60 KB into a
    /// JSON string and parsing it back in JS on every keystroke of a note would be wasted.
    pub(super) fn notify(&mut self, item: Option<&str>, out: &mut Outbox) {
        let mut write = self.save();
        let key = write
            .as_ref()
            .map_or_else(|| self.keeper.key(&self.place()), |w| w.key.clone());
        let doc = write.as_mut().and_then(|w| w.doc.take());
        let detail = json!({
            "key": key,
            "item": item,
            "value": item.and_then(|id| self.answer(id)),
            "at": Some(self.document.updated_at()).filter(|u| !u.is_empty()),
            "from": self.writer,
            "write": write.as_ref().map(Write::to_value),
        });
        let mut text = crate::json::to_string(&detail);
        if let Some(doc) = doc {
            text.push('\n');
            text.push_str(&doc);
        }
        out.push(Message::Change(text));
    }

    /// Opens the draft stored for the current place (`durable`: IndexedDB's copy, read
    /// before); one of another template is left alone and this form's own opened beside
    /// it. Returns whether a draft opened, and the problem reading it, if any.
    fn open_stored(&mut self, durable: Option<&str>) -> (bool, Option<JsFailure>) {
        let place = self.place();
        let read = self.read.clone();
        let opened = self.keeper.open(&place, &JsStorage(&read), durable);
        let mut problem = opened.problem.as_ref().map(JsFailure::from);
        let Some(text) = opened.text else {
            return (false, problem);
        };
        match self.apply_document(&text) {
            Ok(()) => (true, problem),
            Err(e) => {
                problem = Some(JsFailure::from(&e));
                self.keeper.refuse(&place);
                let own = self.keeper.open(&place, &JsStorage(&read), None);
                let ok = own.text.is_some_and(|t| self.apply_document(&t).is_ok());
                (ok, problem)
            }
        }
    }
}

#[wasm_bindgen]
impl Form {
    /// The page's `storage-key` and `site-code` attributes (null when absent), and the mode
    /// it started the element in.
    #[wasm_bindgen(js_name = setPage)]
    pub fn set_page(
        &self,
        storage_key: Option<String>,
        site_code: Option<String>,
        start_mode: String,
    ) {
        let mut inner = self.inner.borrow_mut();
        let blank = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        inner.page = PageKeys {
            storage_key: blank(storage_key),
            site_code: blank(site_code),
            start_mode,
        };
    }

    /// After a reload: the draft that was open, when the page names neither a site nor a
    /// storage key. Returns its mode (the element sets its `mode` attribute to it), or
    /// undefined when there is none to resume.
    pub fn resume(&self) -> Option<String> {
        let mut inner = self.inner.borrow_mut();
        if inner.page.site_code.is_some() {
            return None;
        }
        let note = inner.place().open_note()?;
        let noted = JsStorage(&inner.read.clone()).get(&note)?;
        let (mode, site) = inner.place().parse(&noted)?;
        inner.mode = crate::document::Mode::named(&mode);
        let place = Place {
            mode: mode.clone(),
            site,
            ..inner.place()
        };
        inner.keeper.resume(&place, &noted);
        // The site keys the draft until the document read names it.
        if let Some(code) = &place.site {
            super::fieldkit::set_site(&mut inner, code, "");
        }
        Some(mode)
    }

    /// Opens the draft stored for the current template, mode and site (`durable`: the
    /// IndexedDB copy the element read, opened when newer). Returns JSON text `{opened,
    /// problem}`; the page's own site (`site-code`) stays the key's.
    #[wasm_bindgen(js_name = openDraft)]
    pub fn open_draft(&self, durable: Option<String>) -> String {
        let mut inner = self.inner.borrow_mut();
        // IndexedDB's copy, read after the first paint, matters only when newer than what
        // is on screen (a tap made meanwhile is newer and stays).
        let shown = inner.document.updated_at();
        if durable
            .as_deref()
            .is_some_and(|d| updated_at(d).as_str() <= shown)
        {
            return r#"{"opened":false,"problem":null}"#.into();
        }
        let (opened, problem) = inner.open_stored(durable.as_deref());
        let problem = problem.map(|e| json!({"code": e.code.as_str(), "message": e.message}));
        crate::json::to_string(&json!({"opened": opened, "problem": problem}))
    }

    /// A new empty document for the current mode and site (a site or mode with no draft).
    #[wasm_bindgen(js_name = startEmpty)]
    pub fn start_empty(&self) {
        let mut inner = self.inner.borrow_mut();
        let empty = inner.empty_document(inner.mode);
        *inner.edit_document() = empty;
        super::render::all(&mut inner);
    }

    /// A document set from outside (`assessment`): one without answers keeps the answers of
    /// the draft saved for its site; applied, and it replaces that draft.
    #[wasm_bindgen(js_name = giveAssessment)]
    pub fn give_assessment(&self, doc: JsValue) -> Result<(), JsValue> {
        let given = to_value(&doc)?;
        let mut inner = self.inner.borrow_mut();
        let merged = match given {
            Value::Object(m) => {
                let site = site_field(&m, "code").or_else(|| site_field(&m, "name"));
                let place = Place {
                    site: site.map(str::to_owned),
                    ..inner.place()
                };
                let read = inner.read.clone();
                Value::Object(
                    inner
                        .keeper
                        .with_saved_answers(&place, m, &JsStorage(&read)),
                )
            }
            other => other,
        };
        inner
            .apply_document(&crate::json::to_string(&merged))
            .map_err(|e| js_err(&e))?;
        let place = inner.place();
        inner.keeper.replace(&place);
        Ok(())
    }

    /// What to store now (JSON text of the write), or undefined when nothing is to be stored.
    pub fn save(&self) -> Option<String> {
        let w = self.inner.borrow_mut().save()?;
        Some(crate::json::to_string(&w.to_value()))
    }

    /// The key the draft is stored under now.
    #[wasm_bindgen(js_name = draftKey)]
    pub fn draft_key(&self) -> Option<String> {
        let inner = self.inner.borrow();
        inner.template.as_ref()?;
        Some(inner.keeper.key(&inner.place()))
    }

    /// An answer another tab or element on this draft set (`value` JSON text, `at` its time,
    /// `from` the writer): applied unless this form changed the item later, so that both
    /// end with the same value. Sends no change message back.
    pub fn heard(
        &self,
        id: String,
        value: String,
        at: String,
        from: String,
    ) -> Result<bool, JsValue> {
        let v = crate::json::parse(&value)
            .map_err(|e| js_err(super::boundary::value_error(e.to_string())))?;
        self.dispatch(|inner, out| {
            if !inner.keeper.heard(&id, &at, &from) {
                return Ok(false);
            }
            inner.set_answer(&id, v, out);
            // The heard change keeps its own time and writer, so later ones compare with it.
            inner.keeper.stamp(&id, &at, &from);
            Ok(true)
        })
    }
}

/// The drafts list (SPEC §8 `listDrafts()`) from what the device holds: `records` (the
/// summaries stored with the drafts, JSON array), `local` (`[[key, text]]` of localStorage)
/// and `outbox` (its entries, JSON array). Returns JSON text, newest first.
#[wasm_bindgen(js_name = draftList)]
pub fn draft_list(records: &str, local: &str, outbox: &str) -> String {
    let arr = |t: &str| match crate::json::parse(t) {
        Ok(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let local: Vec<(String, String)> = arr(local)
        .into_iter()
        .filter_map(|p| {
            Some((
                p.get(0)?.as_str()?.to_owned(),
                p.get(1)?.as_str()?.to_owned(),
            ))
        })
        .collect();
    crate::json::to_string(&crate::document::draft::list::list(
        &arr(records),
        &local,
        &arr(outbox),
    ))
}
