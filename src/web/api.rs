//! `Form`, the JS API of one `<ready-check>` element's form (wasm-bindgen).

use crate::document::{AssessmentError, Document, Mode};
use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use web_sys::ShadowRoot;

use super::boundary::JsFailure;
use super::boundary::{
    answer_value, device_today, input_error, js_err, to_value, value_error, ResultParts,
};
use super::state::{FormState, Outbox, SelfCheck};
use super::{dom, events, fieldkit, render};
use crate::document::Assessment;
use crate::evaluate::Evaluation;
use crate::problem::Failure;
use crate::view::{self};

/// The form inside one `<ready-check>` element.
#[wasm_bindgen]
pub struct Form {
    pub(super) inner: Rc<RefCell<FormState>>,
}

#[wasm_bindgen]
impl Form {
    /// `host(kind, detail)` receives `change`, `submit`, `export-json`, `export-csv`,
    /// `print`, `locale`, `mode`, `load-self` and `error` messages. `css` is the URL of
    /// the stylesheet to link inside the shadow root; `read(key)` reads the synchronous
    /// copy of the drafts (localStorage: text or null).
    #[wasm_bindgen(constructor)]
    pub fn new(
        root: ShadowRoot,
        host: Function,
        css: String,
        read: Function,
    ) -> Result<Form, JsValue> {
        // A shadow root always has an owner document; without one this throws, never traps.
        let dom = root
            .owner_document()
            .or_else(|| web_sys::window().and_then(|w| w.document()))
            .ok_or_else(|| js_err(input_error("the shadow root has no document")))?;
        let today = device_today();
        let inner = Rc::new(RefCell::new(FormState {
            built: 0,
            root,
            dom,
            host,
            css,
            template: None,
            document: Document::empty(None, Mode::SelfCheck),
            locale: crate::text::locale::DEFAULT_LOCALE.into(),
            mode: Mode::SelfCheck,
            readonly: false,
            fixed: (false, false),
            today,
            state: None,
            report: None,
            states: Vec::new(),
            items: Vec::new(),
            sections: Vec::new(),
            panel: None,
            panel_parts: Vec::new(),
            error: None,
            self_check: None,
            comparison: None,
            cursor: None,
            keeper: Default::default(),
            page: Default::default(),
            read,
            writer: format!("{:x}", (js_sys::Math::random() * 1e15) as u64),
            show_missing: false,
            all_findings: false,
            panel_open: false,
            scroll_anchor: None,
            photos_pending: Default::default(),
            signoff: None,
            review: None,
        }));
        events::listen(&inner);
        // The empty shell (stylesheet, alert area) exists before any template, so a template
        // that fails to load still has somewhere visible to say so.
        render::all(&mut inner.borrow_mut());
        Ok(Form { inner })
    }

    /// Loads a template (object or JSON text) and renders the form; throws an Error with
    /// `code` when it does not load. A `builtin:<id>` string is refused with a message
    /// naming `builtinTemplate`, which the element calls first.
    #[wasm_bindgen(js_name = setTemplate)]
    pub fn set_template(&self, source: JsValue) -> Result<(), JsValue> {
        let text = match source.as_string() {
            Some(s) if s.starts_with("builtin:") => crate::builtin::text(&s)
                .map_err(|e| js_err(&e))?
                .to_string(),
            Some(s) => s,
            None => crate::json::to_string(&to_value(&source)?),
        };
        let t = crate::template::load(&text).map_err(|e| js_err(&e))?;
        let mut inner = self.inner.borrow_mut();
        let keep = inner.document.template_id() == Some(t.id.as_str());
        inner.template = Some(Rc::new(t));
        if !keep {
            let empty = inner.empty_document(inner.mode);
            *inner.edit_document() = empty;
        }
        inner.self_check = None;
        render::all(&mut inner);
        Ok(())
    }

    /// Replaces the assessment document (object or JSON text); throws when it is not one.
    #[wasm_bindgen(js_name = setAssessment)]
    pub fn set_assessment(&self, doc: JsValue) -> Result<(), JsValue> {
        let v = to_value(&doc)?;
        let mut inner = self.inner.borrow_mut();
        inner
            .apply_document(&crate::json::to_string(&v))
            .map_err(|e| js_err(&e))
    }

    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, locale: String) {
        self.rerender_if(|inner| {
            let changed = inner.locale != locale;
            inner.locale = locale;
            changed
        });
    }

    #[wasm_bindgen(js_name = setMode)]
    pub fn set_mode(&self, mode: String) {
        let mode = Mode::named(&mode);
        self.rerender_if(|inner| {
            let changed = inner.mode != mode;
            if changed {
                inner.mode = mode;
                inner.edit_document().set_mode(mode);
            }
            changed
        });
    }

    /// Whether the page fixed the mode and the language (attributes `modes` and `langs`,
    /// SPEC §7.5): a fixed one has no switch in the header.
    #[wasm_bindgen(js_name = fixSwitches)]
    pub fn fix_switches(&self, mode: bool, lang: bool) {
        self.rerender_if(|inner| {
            let changed = inner.fixed != (mode, lang);
            inner.fixed = (mode, lang);
            changed
        });
    }

    #[wasm_bindgen(js_name = setReadonly)]
    pub fn set_readonly(&self, readonly: bool) {
        self.rerender_if(|inner| {
            let changed = inner.readonly != readonly;
            inner.readonly = readonly;
            changed
        });
    }

    /// Sets one answer exactly as a tap or keystroke would; `null` clears it.
    #[wasm_bindgen(js_name = setAnswer)]
    pub fn set_answer(&self, id: String, value: JsValue) -> Result<(), JsValue> {
        let value = answer_value(&value)?;
        self.dispatch(|inner, out| {
            if inner.template.is_none() {
                return Err(JsFailure::new(
                    Failure::NotReady,
                    "no template is loaded yet: answer after readycheck-ready".into(),
                ));
            }
            inner.set_answer(&id, value, out);
            Ok(())
        })
    }

    /// The assessment document as compact JSON text (what drafts are saved as; `export`
    /// gives the indented form).
    #[wasm_bindgen(js_name = assessmentJson)]
    pub fn assessment_json(&self) -> String {
        // Written on every change (the draft): the canonical writer is valid compact JSON
        // and two fifths faster than serde_json's on a large draft (no escaping pass over
        // strings that need none).
        self.inner.borrow().document.canonical()
    }

    /// The current result, its members printed only when read (the element's `result`
    /// and its events' details): a change nobody reads in full prints no JSON.
    #[wasm_bindgen(js_name = resultParts)]
    pub fn result_parts(&self) -> Option<ResultParts> {
        let report = self.inner.borrow().report.clone()?;
        Some(ResultParts {
            report,
            form: Rc::downgrade(&self.inner),
        })
    }

    /// The result exactly as `readycheck score` prints it.
    #[wasm_bindgen(js_name = resultJson)]
    pub fn result_json(&self) -> Option<String> {
        Some(crate::report::to_json(self.inner.borrow().hashed_report()?))
    }

    /// `json` (the assessment) or `csv` (one row per item).
    pub fn export(&self, format: &str) -> Result<String, JsValue> {
        let inner = self.inner.borrow();
        match format {
            "json" => Ok(crate::report::to_json(inner.document.json())),
            "csv" => {
                let (Some(t), Some(r)) = (&inner.template, &inner.report) else {
                    return Err(js_err(input_error("no template is loaded")));
                };
                Ok(view::csv::export(t, r, &inner.document, &inner.locale))
            }
            other => Err(js_err(input_error(&format!(
                "unknown export format `{other}`; use json or csv"
            )))),
        }
    }

    /// Builds more of a large form for about `budget_ms` (call it from idle callbacks);
    /// returns whether anything is left to build. `Infinity` builds everything.
    #[wasm_bindgen(js_name = renderMore)]
    pub fn render_more(&self, budget_ms: f64) -> bool {
        let Ok(mut inner) = self.inner.try_borrow_mut() else {
            return true;
        };
        render::build_sections(&mut inner, usize::MAX, |n, ms| n == 0 || ms < budget_ms)
    }

    /// Clears answers, notes and actions (the template stays).
    /// Fires `change` (the cleared draft is saved).
    pub fn reset(&self) {
        let _ = self.edit(|inner, out| {
            let mode = inner.mode;
            let site = inner.document.site().cloned();
            let empty = inner.empty_document(mode);
            let document = inner.edit_document();
            *document = empty;
            if let Some(s) = site {
                document.put_site(s);
            }
            inner.self_check = None;
            render::all(inner);
            inner.touch();
            inner.notify(None, out);
            Ok(())
        });
    }

    /// Loads the site's self-check (JSON text) to compare with this inspection (§6).
    #[wasm_bindgen(js_name = loadSelfCheck)]
    pub fn load_self_check(&self, text: String) -> Result<(), JsValue> {
        let a = Assessment::parse(&text).map_err(|e| js_err(&e))?;
        let mut inner = self.inner.borrow_mut();
        let Some(t) = inner.template.clone() else {
            return Err(js_err(input_error("no template is loaded")));
        };
        crate::document::check_pairing(&t, &a).map_err(|e| js_err(&e))?;
        let state = Evaluation::compute(&t, &a, inner.today);
        let report = crate::evaluate::summarize(&t, &a, &state, &inner.locale);
        inner.self_check = Some(SelfCheck {
            assessment: a,
            state,
            report,
        });
        inner.refresh();
        Ok(())
    }

    /// Shows a message in the form's alert area (an empty string hides it).
    #[wasm_bindgen(js_name = showError)]
    pub fn show_error(&self, message: String) {
        let inner = self.inner.borrow();
        if let Some(e) = &inner.error {
            e.set_text_content(Some(&message));
            dom::show(e, !message.is_empty());
        }
    }

    /// Prepares the print view: `findings` (the findings document), `form` (the whole form,
    /// every section built and every finding listed) or anything else for the mode's
    /// default. Returns the kind chosen; the element paints the photos, then prints.
    #[wasm_bindgen(js_name = preparePrint)]
    pub fn prepare_print(&self, kind: &str) -> String {
        let mut inner = self.inner.borrow_mut();
        let chosen = super::print::prepare(&mut inner, kind);
        if chosen == crate::view::print::PrintKind::Form && !inner.all_findings {
            // A printed form lists every finding.
            inner.all_findings = true;
            render::panel(&mut inner);
        }
        chosen.as_str().into()
    }

    /// Shows the latest review of this site's submission (SPEC §10.4: `accepted`,
    /// `returned`, `reinspect`, with the reviewer's note) above the form; an empty or
    /// unknown state hides it.
    #[wasm_bindgen(js_name = showReview)]
    pub fn show_review(&self, state: String, note: String) {
        let mut inner = self.inner.borrow_mut();
        inner.review = (!state.is_empty()).then_some((state, note));
        render::review_notice(&inner);
    }

    /// The localized text for a failed save, shown to the user and returned.
    #[wasm_bindgen(js_name = storageFailed)]
    pub fn storage_failed(&self, detail: String) -> String {
        let msg = view::words::storage_failed(&detail, self.inner.borrow().lang());
        self.show_error(msg.clone());
        msg
    }

    #[wasm_bindgen(js_name = templateId)]
    pub fn template_id(&self) -> Option<String> {
        self.inner.borrow().template.as_ref().map(|t| t.id.clone())
    }

    /// The site code of the assessment, for the default storage key (none until named).
    #[wasm_bindgen(js_name = siteCode)]
    pub fn site_code(&self) -> Option<String> {
        self.inner.borrow().document.site_code().map(str::to_owned)
    }

    /// Names the site (the `site-code` and `site-name` attributes); empty parts are left as
    /// they are. Fires no change: the element saves under the site's key itself.
    #[wasm_bindgen(js_name = setSite)]
    pub fn set_site(&self, code: String, name: String) {
        let mut inner = self.inner.borrow_mut();
        fieldkit::set_site(&mut inner, code.trim(), name.trim());
        inner.refresh();
    }

    /// Adds a photo to item `id` (its §4.1 description, JSON text), re-scores and fires
    /// `change`; throws (code `value`) with the reason when the description is wrong.
    #[wasm_bindgen(js_name = addPhoto)]
    pub fn add_photo(&self, id: String, photo: String) -> Result<(), JsValue> {
        let photo = to_value(&photo.into())?;
        self.edit(|inner, out| fieldkit::add_photo(inner, &id, photo, out))
    }

    /// Records a sign-off (`{role, name, signed_at, sha256}`, JSON text) stamped with the
    /// answers hash of this moment; fires `change`.
    #[wasm_bindgen(js_name = addSignature)]
    pub fn add_signature(&self, sig: String) -> Result<(), JsValue> {
        let sig = to_value(&sig.into())?;
        self.edit(|inner, out| {
            let document = inner.edit_document();
            document.add_signature(sig)?;
            // Signed on the day of the record (SPEC §8, 1.2), kept if already set.
            document.stamp_as_of(device_today());
            inner.changed(out);
            Ok(())
        })
    }

    /// The stored answer to item `id` as JSON text (`null` when there is none).
    #[wasm_bindgen(js_name = answerJson)]
    pub fn answer_json(&self, id: &str) -> String {
        let inner = self.inner.borrow();
        crate::json::to_string(inner.answer(id).unwrap_or(&Value::Null))
    }

    /// Whether canvases wait to be painted since the last call (lazily built items).
    #[wasm_bindgen(js_name = paintPending)]
    pub fn paint_pending(&self) -> bool {
        self.inner
            .try_borrow()
            .is_ok_and(|i| i.photos_pending.take())
    }

    /// Shows a state in the line of what is saved and sent (see `fieldkit::set_state`).
    #[wasm_bindgen(js_name = setState)]
    pub fn set_state(&self, slot: &str, state: &str, detail: &str) {
        if let Ok(inner) = self.inner.try_borrow() {
            fieldkit::set_state(&inner, slot, state, detail);
        }
    }
}

impl Form {
    /// A document edit from the element's JS: `f` edits and queues host messages, which are
    /// sent once the form is no longer borrowed; its error becomes an Error with code `value`.
    fn edit(
        &self,
        f: impl FnOnce(&mut FormState, &mut Outbox) -> Result<(), AssessmentError>,
    ) -> Result<(), JsValue> {
        // A description handed in from JS that the document refuses is a wrong value
        // (code `value`), with the member it was for.
        self.dispatch(|inner, out| {
            f(inner, out).map_err(|e| JsFailure {
                pointer: Some(e.pointer),
                ..value_error(e.message)
            })
        })
    }

    /// A call from the element's JS through the form's one dispatch path; a call made
    /// while the form handles an event (from a handler of its own message) is refused.
    pub(super) fn dispatch<R>(
        &self,
        f: impl FnOnce(&mut FormState, &mut Outbox) -> Result<R, JsFailure>,
    ) -> Result<R, JsValue> {
        super::update::dispatch(&self.inner, f)
            .unwrap_or_else(|| {
                Err(JsFailure::new(
                    Failure::NotReady,
                    "the form is busy with an event: call again once it is handled".into(),
                ))
            })
            .map_err(js_err)
    }

    /// Applies a display setting; the whole form is rebuilt only when it changed.
    fn rerender_if(&self, change: impl FnOnce(&mut FormState) -> bool) {
        let mut inner = self.inner.borrow_mut();
        if change(&mut inner) {
            render::all(&mut inner);
        }
    }
}
