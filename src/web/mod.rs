//! The `<ready-check>` form, rendered by Rust into the element's shadow root (wasm only).
//!
//! [`Form`] holds the template, the assessment document and the DOM it built. Every change
//! — a tap, a keystroke, `setAnswer` — goes through one path: update the document,
//! re-evaluate with the core, patch only the items whose display state changed, rebuild
//! the small result panel, then tell the host page (`host("change")`), which saves the
//! draft and fires the event. The element's JS never scores, validates or formats.

mod dom;
mod fieldkit;
mod render;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::Function;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, ShadowRoot};

use crate::assessment::{answers_of, put_answer, Assessment, FORMAT as ASSESSMENT_FORMAT};
use crate::evaluate::State;
use crate::locale::Lang;
use crate::problem::LoadError;
use crate::report::{Comparison, Report};
use crate::template::{Kind, Template};
use crate::view::{self, ItemState};

/// Messages to the host page, sent once the form's state is no longer borrowed.
type Outbox = Vec<(&'static str, String)>;

pub(crate) struct ItemDom {
    root: Element,
    control: Element,
    issue: Element,
    required: Element,
}

pub(crate) struct SectionDom {
    root: Element,
    nav: Element,
    nav_progress: Element,
    nav_score: Element,
    /// What the section shows now (progress, score, visible, done), so that a change
    /// compares in Rust and touches only the sections that differ: reading 55 sections'
    /// texts back from the DOM on every tap cost half a millisecond at N=3000.
    shown: Option<(String, String, bool, bool)>,
}

/// A loaded self-check with its evaluation, compared against every change.
pub(crate) struct SelfCheck {
    assessment: Assessment,
    state: State,
    report: Report,
}

pub(crate) struct Inner {
    /// Sections whose items are built, in order (the rest are built in idle time).
    built: usize,
    root: ShadowRoot,
    doc: Document,
    host: Function,
    css: String,
    /// Shared, so that building parts of the form never copies the template.
    template: Option<Rc<Template>>,
    /// The assessment document, kept whole (unknown keys included).
    assessment: Map<String, Value>,
    /// `assessment` parsed, kept in step by `set_answer` so that a tap does not copy and
    /// re-read the whole document; `None` after any other change (re-read on demand).
    parsed: Option<Assessment>,
    locale: String,
    mode: String,
    readonly: bool,
    today: chrono::NaiveDate,
    state: Option<State>,
    /// Shared with the [`ResultParts`] handed out, each the result of its moment.
    report: Option<Rc<Report>>,
    states: Vec<ItemState>,
    /// The DOM of each item, once its section is built.
    items: Vec<Option<ItemDom>>,
    sections: Vec<SectionDom>,
    panel: Option<Element>,
    /// The panel's parts with the content they were built from.
    panel_parts: Vec<render::PanelPart>,
    error: Option<Element>,
    /// The site's self-check, evaluated once when loaded (inspection mode).
    self_check: Option<SelfCheck>,
    comparison: Option<Comparison>,
    cursor: Option<usize>,
    /// Answers changed since the draft was last saved whole.
    journal: crate::draft::Journal,
    /// Set by a submit attempt: from then on missing answers are flagged too.
    show_missing: bool,
    /// The panel lists every finding (after "show all", and for printing), not the first few.
    all_findings: bool,
    /// Canvases for photos or signatures were built and wait for the element's JS to paint
    /// them (host message `photos`).
    photos_pending: std::cell::Cell<bool>,
    /// The sign-off block and what it shows (inspection mode).
    signoff: Option<(Element, String)>,
}

fn js_err(e: &LoadError) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code.into());
    err.into()
}

/// An answer from JS: a string is the answer itself, anything else goes through JSON.
fn answer_value(v: &JsValue) -> Result<Value, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    // JSON.stringify writes NaN and Infinity as null, which would clear the answer.
    if v.as_f64().is_some_and(|x| !x.is_finite()) {
        return Err(js_err(&LoadError {
            code: "value",
            message: "NaN and Infinity are not answers (null clears an answer)".into(),
            problems: Vec::new(),
        }));
    }
    to_value(v).inspect_err(|e| {
        let _ = js_sys::Reflect::set(e, &"code".into(), &"type".into());
    })
}

/// A document from JS: JSON text or a plain object.
fn to_value(v: &JsValue) -> Result<Value, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    let text = match v.as_string() {
        Some(s) => s,
        None => js_sys::JSON::stringify(v)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| js_err(&input_error("the value is not JSON")))?,
    };
    crate::json::parse(&text).map_err(|e| js_err(&input_error(&format!("malformed JSON: {e}"))))
}

fn value_error(message: String) -> LoadError {
    LoadError {
        code: "value",
        message,
        problems: Vec::new(),
    }
}

fn input_error(message: &str) -> LoadError {
    LoadError {
        code: "input",
        message: message.into(),
        problems: Vec::new(),
    }
}

fn empty_assessment(t: Option<&Template>, mode: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("format".into(), ASSESSMENT_FORMAT.into());
    if let Some(t) = t {
        m.insert(
            "template".into(),
            serde_json::json!({"id": t.id, "version": t.version}),
        );
    }
    m.insert("mode".into(), mode.into());
    m.insert("answers".into(), Value::Object(Map::new()));
    m
}

/// The form inside one `<ready-check>` element.
#[wasm_bindgen]
pub struct Form {
    inner: Rc<RefCell<Inner>>,
}

impl Inner {
    fn lang(&self) -> Lang {
        Lang::of(&self.locale)
    }

    /// The answers object, as stored.
    fn answer_map(&self) -> Option<&Map<String, Value>> {
        self.assessment.get("answers")?.as_object()
    }

    /// The answer to one item, as stored.
    fn answer(&self, id: &str) -> Option<&Value> {
        self.answer_map()?.get(id)
    }

    /// The rows of a repeat's answer (empty when there is none).
    fn rows(&self, id: &str) -> Vec<Value> {
        self.answer(id)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// The document, for any change other than an answer: the parsed copy is dropped and
    /// re-read at the next evaluation.
    fn doc_mut(&mut self) -> &mut Map<String, Value> {
        // Not re-evaluated for sure (a note is not), so the result may stay current.
        self.seal(true);
        self.journal.invalidate();
        self.parsed = None;
        &mut self.assessment
    }

    fn answers_mut(&mut self) -> &mut Map<String, Value> {
        // With a parsed copy the change is re-evaluated and the result replaced; without
        // one, re-reading the document could fail and leave this result current.
        self.seal(self.parsed.is_none());
        answers_of(&mut self.assessment)
    }

    /// Sets `r`'s receipt hash, if unset, from the answers as they are now: only for a result
    /// made from them (the current one, or one sealed before they change).
    fn stamp(&self, r: &Report) {
        r.receipt.hashes.get_or_init(|| {
            let empty = Map::new();
            crate::canonical::receipt_hashes(
                (&r.template.id, &r.template.version),
                self.answer_map().unwrap_or(&empty),
                |k| self.assessment.get(k),
            )
        });
    }

    /// Gives the current result its receipt's answers hash if it may still be read after
    /// the answers change (`always`: the result stays current) or a [`ResultParts`] holds
    /// it. Called before the document changes or the result is replaced, so that the hash
    /// is of the answers the result was made from; an unsealed current result therefore
    /// always matches the answers. A result nobody holds is never hashed (summarize leaves
    /// it out: a third of a change's evaluation at N=3000).
    fn seal(&self, always: bool) {
        if let Some(r) = self
            .report
            .as_ref()
            .filter(|r| always || Rc::strong_count(r) > 1)
        {
            self.stamp(r);
        }
    }

    /// The current result with its receipt complete (the answers are those it was made from).
    fn hashed_report(&self) -> Option<&Report> {
        let r = self.report.as_deref()?;
        self.stamp(r);
        Some(r)
    }

    fn touch(&mut self) {
        let now: String = js_sys::Date::new_0().to_iso_string().into();
        self.assessment.insert("updated_at".into(), now.into());
    }

    /// Re-evaluates and returns the new display states (not yet applied to the DOM). With
    /// `changed`, only what that item's answer affects is re-evaluated (the template's
    /// dependency graph); otherwise everything is.
    fn evaluate(&mut self, changed: Option<usize>) -> Option<Vec<(usize, ItemState)>> {
        let t = self.template.as_ref()?;
        if self.parsed.is_none() {
            self.parsed = Assessment::from_value(Value::Object(self.assessment.clone())).ok();
        }
        let a = self.parsed.as_ref()?;
        let (s, touched) = match (self.state.take(), changed) {
            (Some(mut s), Some(i)) => {
                let touched = s.update(t, a, i);
                (s, Some(touched))
            }
            _ => (State::compute(t, a, self.today), None),
        };
        let r = crate::evaluate::summarize_unhashed(t, a, &s, &self.locale);
        self.comparison = self.self_check.as_ref().map(|sc| {
            let side = |assessment, state, report| crate::compare::Side {
                assessment,
                state,
                report,
            };
            crate::compare::compare_evaluated(
                t,
                &side(&sc.assessment, &sc.state, &sc.report),
                &side(a, &s, &r),
            )
        });
        let disputed = self
            .comparison
            .as_ref()
            .map(|c| c.disputed.clone())
            .unwrap_or_default();
        // Only the items the update re-evaluated can look different.
        let which: Vec<usize> = touched.unwrap_or_else(|| (0..t.items.len()).collect());
        let states = which
            .into_iter()
            .map(|i| {
                (
                    i,
                    view::item_state(
                        t,
                        &s,
                        i,
                        &a.answers,
                        &disputed,
                        self.lang(),
                        self.show_missing,
                    ),
                )
            })
            .collect();
        self.state = Some(s);
        self.seal(false);
        self.report = Some(Rc::new(r));
        Some(states)
    }

    /// Re-evaluates everything and patches the DOM: only items whose state changed are
    /// touched.
    fn refresh(&mut self) {
        self.refresh_after(None);
    }

    /// Re-evaluates what a change to item `changed` affects (everything when `None`) and
    /// patches the DOM.
    fn refresh_after(&mut self, changed: Option<usize>) {
        let Some(states) = self.evaluate(changed) else {
            return;
        };
        let focused = self.root.active_element();
        for (i, st) in states {
            // Items not built yet are shown from the state of their time when built.
            if self.items.get(i).is_none_or(Option::is_none) {
                continue;
            }
            if self.states.get(i) != Some(&st) {
                render::patch_item(self, i, &st, focused.as_ref());
                if let Some(slot) = self.states.get_mut(i) {
                    *slot = st;
                }
            }
        }
        render::patch_sections(self);
        render::panel(self);
        fieldkit::sign_off(self);
    }

    fn set_answer(&mut self, id: &str, value: Value, out: &mut Outbox) {
        // The parsed copy follows the document, so a tap re-reads nothing.
        if let Some(p) = self.parsed.as_mut() {
            put_answer(&mut p.answers, id, value.clone());
        }
        self.journal.answer(id, &value);
        put_answer(self.answers_mut(), id, value);
        self.touch();
        // An id the template does not have (an orphan) falls back to a full evaluation.
        self.refresh_after(self.item_index(id));
        // The item's id: the element tells other tabs on the same draft (§7.1).
        out.push(("change", id.to_string()));
    }

    fn changed(&mut self, out: &mut Outbox) {
        self.parsed = None;
        self.touch();
        self.refresh();
        out.push(("change", String::new()));
    }

    fn item_index(&self, id: &str) -> Option<usize> {
        self.template.as_ref()?.item_index(id)
    }

    /// Asks the element to paint the canvases built since the last ask (host `photos`).
    fn paint_requested(&self, out: &mut Outbox) {
        if self.photos_pending.take() {
            out.push(("photos", String::new()));
        }
    }
}

impl Drop for Inner {
    /// A result still held keeps its receipt when the form (and its answers) goes.
    fn drop(&mut self) {
        self.seal(false);
    }
}

/// A saved draft (JSON text) with its journal of later answers applied; a damaged journal
/// throws (code `storage`) so the element can say so and use the draft without it.
#[wasm_bindgen(js_name = mergeDraft)]
pub fn merge_draft(draft: &str, journal: &str) -> Result<String, JsValue> {
    crate::draft::merge(draft, journal).map_err(|e| js_err(&e))
}

/// One result as it stood when handed out; later changes make new ones.
#[wasm_bindgen]
pub struct ResultParts {
    report: Rc<Report>,
    /// The form that made it, whose answers its receipt hashes while it is unsealed.
    form: Weak<RefCell<Inner>>,
}

#[wasm_bindgen]
impl ResultParts {
    /// The result's top-level members in document order, comma-separated (a string
    /// crosses the boundary with less glue than an array).
    pub fn keys() -> String {
        Report::KEYS.join(",")
    }

    /// The member `keys()[i]` as compact JSON; `undefined` past the last.
    pub fn member(&self, i: usize) -> Result<Option<String>, JsValue> {
        if Report::KEYS.get(i) == Some(&"receipt") && self.report.receipt.hashes.get().is_none() {
            // Unsealed: the answers have not changed since this result was made.
            let form = self.form.upgrade();
            let inner = form
                .as_ref()
                .and_then(|f| f.try_borrow().ok())
                .ok_or_else(|| {
                    js_err(&input_error("a result's receipt was read during a change"))
                })?;
            inner.stamp(&self.report);
        }
        Ok(self.report.member_json(i))
    }
}

/// Sends the queued messages to the host page.
fn flush(host: &Function, out: Outbox) {
    for (kind, detail) in out {
        let _ = host.call2(&JsValue::NULL, &kind.into(), &detail.into());
    }
}

#[wasm_bindgen]
impl Form {
    /// `host(kind, detail)` receives `change`, `submit`, `export-json`, `export-csv`,
    /// `print`, `locale`, `mode`, `load-self` and `error` messages. `css` is the URL of
    /// the stylesheet to link inside the shadow root.
    #[wasm_bindgen(constructor)]
    pub fn new(root: ShadowRoot, host: Function, css: String) -> Form {
        let doc = root
            .owner_document()
            .or_else(|| web_sys::window().and_then(|w| w.document()))
            .expect("a document");
        let d = js_sys::Date::new_0();
        let today = chrono::NaiveDate::from_ymd_opt(
            d.get_full_year() as i32,
            d.get_month() + 1,
            d.get_date(),
        )
        .unwrap_or_default();
        let inner = Rc::new(RefCell::new(Inner {
            built: 0,
            root,
            doc,
            host,
            css,
            template: None,
            assessment: empty_assessment(None, "self"),
            parsed: None,
            locale: crate::locale::DEFAULT_LOCALE.into(),
            mode: "self".into(),
            readonly: false,
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
            journal: Default::default(),
            show_missing: false,
            all_findings: false,
            photos_pending: Default::default(),
            signoff: None,
        }));
        listen(&inner);
        // The empty shell (stylesheet, alert area) exists before any template, so a template
        // that fails to load still has somewhere visible to say so.
        render::all(&mut inner.borrow_mut());
        Form { inner }
    }

    /// Loads a template (object or JSON text) and renders the form; throws an Error with
    /// `code` when it does not load. A `builtin:<id>` string is refused with a message
    /// naming `builtinTemplate`, which the element calls first.
    #[wasm_bindgen(js_name = setTemplate)]
    pub fn set_template(&self, source: JsValue) -> Result<(), JsValue> {
        let text = match source.as_string() {
            Some(s) if s.starts_with("builtin:") => {
                crate::builtin_text(&s).map_err(|e| js_err(&e))?.to_string()
            }
            Some(s) => s,
            None => crate::json::to_string(&to_value(&source)?),
        };
        let t = crate::template::load(&text).map_err(|e| js_err(&e))?;
        let mut inner = self.inner.borrow_mut();
        let keep = inner
            .assessment
            .get("template")
            .and_then(|x| x.get("id"))
            .and_then(Value::as_str)
            == Some(t.id.as_str());
        if !keep {
            let mode = inner.mode.clone();
            *inner.doc_mut() = empty_assessment(Some(&t), &mode);
        }
        inner.template = Some(Rc::new(t));
        inner.self_check = None;
        render::all(&mut inner);
        Ok(())
    }

    /// Replaces the assessment document (object or JSON text); throws when it is not one.
    #[wasm_bindgen(js_name = setAssessment)]
    pub fn set_assessment(&self, doc: JsValue) -> Result<(), JsValue> {
        let v = to_value(&doc)?;
        let a = Assessment::from_value(v.clone()).map_err(|e| js_err(&e))?;
        let mut inner = self.inner.borrow_mut();
        if let Some(t) = &inner.template {
            crate::check_pairing(t, &a).map_err(|e| js_err(&e))?;
        }
        *inner.doc_mut() = v.as_object().cloned().unwrap_or_default();
        if let Some(m) = inner.assessment.get("mode").and_then(Value::as_str) {
            inner.mode = m.to_string();
        }
        render::all(&mut inner);
        Ok(())
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
        let mode = if mode == "inspection" {
            "inspection"
        } else {
            "self"
        };
        self.rerender_if(|inner| {
            let changed = inner.mode != mode;
            if changed {
                inner.mode = mode.into();
                inner.doc_mut().insert("mode".into(), mode.into());
            }
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
        let mut out = Outbox::new();
        let host = {
            let mut inner = self.inner.borrow_mut();
            if inner.template.is_none() {
                return Err(js_err(&LoadError {
                    code: "not_ready",
                    message: "no template is loaded yet: answer after readycheck-ready".into(),
                    problems: Vec::new(),
                }));
            }
            inner.set_answer(&id, value, &mut out);
            inner.host.clone()
        };
        flush(&host, out);
        Ok(())
    }

    /// The assessment document as compact JSON text (what drafts are saved as; `export`
    /// gives the indented form).
    #[wasm_bindgen(js_name = assessmentJson)]
    pub fn assessment_json(&self) -> String {
        // Written on every change (the draft): the canonical writer is valid compact JSON
        // and two fifths faster than serde_json's on a large draft (no escaping pass over
        // strings that need none).
        crate::canonical::canonical_object(&self.inner.borrow().assessment)
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

    /// What to save after a change of answers only: the journal of answers changed since
    /// the draft was last saved whole (see [`crate::draft`]), or `undefined` when the
    /// whole document must be saved (`assessmentJson`, then `draftWritten`).
    #[wasm_bindgen(js_name = draftJournal)]
    pub fn draft_journal(&self) -> Option<String> {
        let inner = self.inner.borrow();
        inner.journal.text(inner.assessment.get("updated_at"))
    }

    /// The whole document was saved: the journal starts again from empty.
    #[wasm_bindgen(js_name = draftWritten)]
    pub fn draft_written(&self) {
        self.inner.borrow_mut().journal.written();
    }

    /// The result exactly as `readycheck score` prints it.
    #[wasm_bindgen(js_name = resultJson)]
    pub fn result_json(&self) -> Option<String> {
        Some(crate::to_json(self.inner.borrow().hashed_report()?))
    }

    /// `json` (the assessment) or `csv` (one row per item).
    pub fn export(&self, format: &str) -> Result<String, JsValue> {
        let inner = self.inner.borrow();
        match format {
            "json" => Ok(crate::to_json(&Value::Object(inner.assessment.clone()))),
            "csv" => {
                let (Some(t), Some(r)) = (&inner.template, &inner.report) else {
                    return Err(js_err(&input_error("no template is loaded")));
                };
                let no_answers = Map::new();
                Ok(view::csv::export(
                    t,
                    r,
                    inner.answer_map().unwrap_or(&no_answers),
                    inner.assessment.get("notes"),
                    &inner.locale,
                ))
            }
            other => Err(js_err(&input_error(&format!(
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
    pub fn reset(&self) {
        let mut inner = self.inner.borrow_mut();
        let mode = inner.mode.clone();
        let site = inner.assessment.get("site").cloned();
        *inner.doc_mut() = empty_assessment(inner.template.as_deref(), &mode);
        if let Some(s) = site {
            inner.doc_mut().insert("site".into(), s);
        }
        inner.self_check = None;
        render::all(&mut inner);
    }

    /// Loads the site's self-check (JSON text) to compare with this inspection (§6).
    #[wasm_bindgen(js_name = loadSelfCheck)]
    pub fn load_self_check(&self, text: String) -> Result<(), JsValue> {
        let a = Assessment::parse(&text).map_err(|e| js_err(&e))?;
        let mut inner = self.inner.borrow_mut();
        let Some(t) = inner.template.clone() else {
            return Err(js_err(&input_error("no template is loaded")));
        };
        crate::check_pairing(&t, &a).map_err(|e| js_err(&e))?;
        let state = State::compute(&t, &a, inner.today);
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
        fieldkit::site_code(&self.inner.borrow().assessment).map(str::to_owned)
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
            crate::fieldkit::add_signature(inner.doc_mut(), sig)?;
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

    /// What the drafts list shows of this draft: template, mode, site, answered,
    /// applicable, score, verdict, updated_at (JSON text).
    #[wasm_bindgen(js_name = draftSummary)]
    pub fn draft_summary(&self) -> String {
        let inner = self.inner.borrow();
        let a = &inner.assessment;
        let r = inner.report.as_deref();
        let summary = serde_json::json!({
            "template": a.get("template"),
            "mode": a.get("mode").cloned().unwrap_or_else(|| inner.mode.clone().into()),
            "site": a.get("site"),
            "answered": r.map(|r| r.progress.answered),
            "applicable": r.map(|r| r.progress.applicable),
            "score": r.map(|r| r.score.clone()),
            "verdict": r.map(|r| r.verdict.to_string()),
            "updated_at": a.get("updated_at"),
        });
        crate::json::to_string(&summary)
    }
}

impl Form {
    /// A document edit from the element's JS: `f` edits and queues host messages, which are
    /// sent once the form is no longer borrowed; its error becomes an Error with code `value`.
    fn edit(
        &self,
        f: impl FnOnce(&mut Inner, &mut Outbox) -> Result<(), String>,
    ) -> Result<(), JsValue> {
        let mut out = Outbox::new();
        let host = {
            let mut inner = self.inner.borrow_mut();
            f(&mut inner, &mut out).map_err(|m| js_err(&value_error(m)))?;
            inner.paint_requested(&mut out);
            inner.host.clone()
        };
        flush(&host, out);
        Ok(())
    }

    /// Applies a display setting; the whole form is rebuilt only when it changed.
    fn rerender_if(&self, change: impl FnOnce(&mut Inner) -> bool) {
        let mut inner = self.inner.borrow_mut();
        if change(&mut inner) {
            render::all(&mut inner);
        }
    }
}

/// One delegated listener per event type on the shadow root.
fn listen(inner: &Rc<RefCell<Inner>>) {
    let root = inner.borrow().root.clone();
    for kind in ["click", "input", "change"] {
        let weak: Weak<RefCell<Inner>> = Rc::downgrade(inner);
        // `Fn`, not `FnMut`: removing a focused input while handling an event fires `change`
        // on it at once, and wasm-bindgen refuses to re-enter an `FnMut` closure ("closure
        // invoked recursively"). The nested call finds the form borrowed and returns.
        let cb = Closure::<dyn Fn(Event)>::new(move |e: Event| {
            let Some(rc) = weak.upgrade() else { return };
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            let mut out = Outbox::new();
            let host = {
                let Ok(mut inner) = rc.try_borrow_mut() else {
                    return;
                };
                if e.type_() == "click" {
                    on_click(&mut inner, &target, &mut out);
                } else {
                    on_input(&mut inner, &target, e.type_() == "change", &mut out);
                }
                inner.paint_requested(&mut out);
                inner.host.clone()
            };
            flush(&host, out);
        });
        let _ = root.add_event_listener_with_callback(kind, cb.as_ref().unchecked_ref());
        // The form lives as long as its element; the listener with it.
        cb.forget();
    }
}

fn on_click(inner: &mut Inner, target: &Element, out: &mut Outbox) {
    if let Some(b) = dom::closest(target, "[data-act]") {
        let act = b.get_attribute("data-act").unwrap_or_default();
        return act_on(inner, &act, &b, out);
    }
    if inner.readonly {
        return;
    }
    let Some(btn) = dom::closest(target, "[data-value]") else {
        return;
    };
    let Some(item) = dom::closest(&btn, "[data-item]") else {
        return;
    };
    let id = item.get_attribute("data-item").unwrap_or_default();
    let value = btn.get_attribute("data-value").unwrap_or_default();
    let Some(i) = inner.item_index(&id) else {
        return;
    };
    if let (Some(row), Some(child)) = (
        btn.get_attribute("data-row"),
        btn.get_attribute("data-child"),
    ) {
        let v = Value::String(value);
        return set_row_field(inner, i, &row, &child, Some(v), out);
    }
    let multi = matches!(
        inner.template.as_ref().map(|t| &t.items[i].kind),
        Some(Kind::Multi { .. })
    );
    let new = if multi {
        let mut list: Vec<Value> = inner.rows(&id);
        match list.iter().position(|x| x.as_str() == Some(value.as_str())) {
            Some(p) => {
                list.remove(p);
            }
            None => list.push(Value::String(value)),
        }
        if list.is_empty() {
            Value::Null
        } else {
            Value::Array(list)
        }
    } else {
        Value::String(value)
    };
    inner.cursor = Some(i);
    inner.set_answer(&id, new, out);
}

/// Parses what was typed into a control of `kind`: empty is no answer; a number item takes
/// a number and keeps anything else as typed (validation then reports it).
fn typed(kind: &Kind, raw: &str) -> Value {
    let s = raw.trim();
    if s.is_empty() {
        return Value::Null;
    }
    match kind {
        Kind::Number { .. } => crate::number::parse(s)
            .map(crate::number::json_number)
            .unwrap_or_else(|| Value::String(raw.to_string())),
        Kind::Text { .. } => Value::String(raw.to_string()),
        _ => Value::String(s.to_string()),
    }
}

fn on_input(inner: &mut Inner, target: &Element, is_change: bool, out: &mut Outbox) {
    let Some(raw) = dom::input_value(target) else {
        return;
    };
    if let Some(k) = target.get_attribute("data-action") {
        let field = target.get_attribute("data-field").unwrap_or_default();
        let k: usize = k.parse().unwrap_or(usize::MAX);
        let today = crate::date::format(inner.today);
        if crate::ledger::set_field(inner.doc_mut(), k, &field, raw, &today) {
            // Status, owner and due date change the ledger's marks and the result (overdue,
            // uncovered findings, §3.6): re-score and redraw once the edit is done. While
            // typing, fields only save, so the control being typed in is never replaced.
            if (is_change && (field == "due" || field == "owner")) || field == "status" {
                inner.changed(out);
            } else {
                inner.touch();
                out.push(("change", String::new()));
            }
        }
        return;
    }
    if fieldkit::on_input(inner, target, &raw, out) {
        return;
    }
    if inner.readonly {
        return;
    }
    let Some(item) = dom::closest(target, "[data-item]") else {
        return;
    };
    let id = item.get_attribute("data-item").unwrap_or_default();
    let Some(i) = inner.item_index(&id) else {
        return;
    };
    inner.cursor = Some(i);
    if target.has_attribute("data-note") {
        let notes = inner
            .doc_mut()
            .entry("notes")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(n) = notes.as_object_mut() {
            if raw.is_empty() {
                n.remove(&id);
            } else {
                n.insert(id, Value::String(raw));
            }
        }
        inner.touch();
        out.push(("change", String::new()));
        return;
    }
    // Text inputs commit on every keystroke; a change event repeats the same value.
    if is_change
        && target.tag_name().eq_ignore_ascii_case("input")
        && target.get_attribute("type").as_deref() != Some("date")
    {
        return;
    }
    let Some(t) = inner.template.as_ref() else {
        return;
    };
    if let (Some(row), Some(child)) = (
        target.get_attribute("data-row"),
        target.get_attribute("data-child"),
    ) {
        let kind = match &t.items[i].kind {
            Kind::Repeat { children, .. } => children
                .iter()
                .find(|c| c.id == child)
                .map(|c| c.kind.clone()),
            _ => None,
        };
        let v = kind.map(|k| typed(&k, &raw)).unwrap_or(Value::Null);
        return set_row_field(inner, i, &row, &child, Some(v), out);
    }
    let v = typed(&t.items[i].kind.clone(), &raw);
    inner.set_answer(&id, v, out);
}

fn set_row_field(
    inner: &mut Inner,
    i: usize,
    row: &str,
    child: &str,
    v: Option<Value>,
    out: &mut Outbox,
) {
    let Some(id) = inner.template.as_ref().map(|t| t.items[i].id.clone()) else {
        return;
    };
    let mut rows = inner.rows(&id);
    let Ok(k) = row.parse::<usize>() else { return };
    if let Some(Value::Object(r)) = rows.get_mut(k) {
        match v {
            Some(Value::Null) | None => {
                r.remove(child);
            }
            Some(v) => {
                r.insert(child.to_string(), v);
            }
        }
    }
    inner.set_answer(&id, Value::Array(rows), out);
}

fn act_on(inner: &mut Inner, act: &str, b: &Element, out: &mut Outbox) {
    if fieldkit::act_on(inner, act, b, out) {
        return;
    }
    let data = |k: &str| b.get_attribute(k).unwrap_or_default();
    match act {
        "next-unanswered" | "next-finding" => {
            render::build_sections(inner, usize::MAX, |_, _| true);
            let Some(t) = inner.template.as_ref() else {
                return;
            };
            let s = &inner.states;
            let answered = inner
                .state
                .as_ref()
                .map(|st| st.answered.clone())
                .unwrap_or_default();
            let pick = |i: usize| {
                let st = &s[i];
                if act == "next-finding" {
                    st.failed
                } else {
                    st.applicable
                        && !answered.get(i).copied().unwrap_or(false)
                        && !matches!(t.items[i].kind, Kind::Computed { .. })
                }
            };
            match view::next_index(s.len(), inner.cursor, pick) {
                Some(i) => {
                    inner.cursor = Some(i);
                    let Some(el) = inner.items[i].as_ref().map(|d| d.root.clone()) else {
                        return;
                    };
                    el.scroll_into_view();
                    if let Some(c) = el
                        .query_selector("[data-value],[data-input],button")
                        .ok()
                        .flatten()
                    {
                        dom::focus(&c);
                    }
                    inner.doc_status("");
                }
                None => {
                    let w = if act == "next-finding" {
                        view::words::W::NoMoreFindings
                    } else {
                        view::words::W::AllAnswered
                    };
                    inner.doc_status(view::words::word(w, inner.lang()));
                }
            }
        }
        "more" | "note" => {
            let (Some(root), Some(t)) = (dom::closest(b, "[data-item]"), inner.template.clone())
            else {
                return;
            };
            let Some(i) = root
                .get_attribute("data-item")
                .and_then(|id| inner.item_index(&id))
            else {
                return;
            };
            let open = b.get_attribute("aria-expanded").as_deref() != Some("true");
            let panel = if act == "more" {
                render::more_box(inner, &t, &t.items[i], &root)
            } else {
                render::note_box(inner, &t, &t.items[i], &root, "")
            };
            dom::show(&panel, open);
            dom::attr(b, "aria-expanded", if open { "true" } else { "false" });
            if open && act == "note" {
                if let Some(ta) = panel.query_selector("textarea").ok().flatten() {
                    dom::focus(&ta);
                }
            }
        }
        "nav" => {
            let target = data("data-section").parse::<usize>().unwrap_or(0);
            render::build_sections(inner, target + 1, |_, _| true);
            if let Some(s) = data("data-section")
                .parse::<usize>()
                .ok()
                .and_then(|s| inner.sections.get(s))
            {
                s.root.scroll_into_view();
                if let Some(h) = s.root.query_selector("h2").ok().flatten() {
                    dom::focus(&h);
                }
            }
        }
        "add-row" if !inner.readonly => {
            let id = data("data-for");
            let mut rows = inner.rows(&id);
            rows.push(Value::Object(Map::new()));
            inner.set_answer(&id, Value::Array(rows), out);
        }
        "remove-row" if !inner.readonly => {
            let id = data("data-for");
            let mut rows = inner.rows(&id);
            if let Ok(k) = data("data-row").parse::<usize>() {
                if k < rows.len() {
                    rows.remove(k);
                }
            }
            inner.set_answer(&id, Value::Array(rows), out);
        }
        "add-action" if !inner.readonly => {
            let (finding, description) = (data("data-finding"), data("data-description"));
            crate::ledger::add_action(inner.doc_mut(), &finding, &description);
            inner.changed(out);
        }
        "add-uncovered" if !inner.readonly => {
            if let Some(r) = inner.report.clone() {
                crate::ledger::add_uncovered(inner.doc_mut(), &r);
                inner.changed(out);
            }
        }
        "remove-action" if !inner.readonly => {
            if let Ok(k) = data("data-action").parse::<usize>() {
                crate::ledger::remove_action(inner.doc_mut(), k);
            }
            inner.changed(out);
        }
        "locale" | "mode" => out.push((
            if act == "locale" { "locale" } else { "mode" },
            data("data-to"),
        )),
        "submit" => {
            inner.show_missing = true;
            inner.refresh();
            out.push(("submit", String::new()));
        }
        "all-findings" => {
            inner.all_findings = true;
            render::panel(inner);
        }
        "print" if !inner.all_findings => {
            // A printed report lists every finding.
            inner.all_findings = true;
            render::panel(inner);
            out.push(("print", String::new()));
        }
        "export-json" | "export-csv" | "print" | "load-self" => out.push((
            match act {
                "export-json" => "export-json",
                "export-csv" => "export-csv",
                "print" => "print",
                _ => "load-self",
            },
            String::new(),
        )),
        _ => {}
    }
}

impl Inner {
    /// A short polite announcement (screen readers) in the tools bar.
    fn doc_status(&self, msg: &str) {
        if let Some(s) = self.root.query_selector(".rc-status").ok().flatten() {
            s.set_text_content(Some(msg));
        }
    }
}
