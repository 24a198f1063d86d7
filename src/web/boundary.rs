//! Everything that crosses to JS besides the form itself: errors with a `code`, answers
//! and documents read from JS values, host messages, the draft merge and result parts.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::Function;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::state::{FormState, Outbox};
use crate::document::draft::StorageError;
use crate::document::{AssessmentError, AssessmentFailure};
use crate::problem::{Failure, Problem, TemplateError, TemplateFailure};
use crate::report::Report;

/// The boundary's own failure: what a call from JS throws (and `readycheck-error` carries),
/// made from the error of the operation that failed, or from a bad value passed in.
#[derive(Debug, Clone)]
pub(super) struct JsFailure {
    pub(super) code: Failure,
    pub(super) message: String,
    /// A template's lint problems, each with its pointer (often none).
    pub(super) problems: Vec<Problem>,
    /// Where in the document the fault is (an assessment's member), when known.
    pub(super) pointer: Option<String>,
}

impl JsFailure {
    pub(super) fn new(code: Failure, message: String) -> JsFailure {
        JsFailure {
            code,
            message,
            problems: Vec::new(),
            pointer: None,
        }
    }
}

impl From<&TemplateError> for JsFailure {
    fn from(e: &TemplateError) -> JsFailure {
        let code = match e.code {
            TemplateFailure::Json => Failure::Json,
            TemplateFailure::Format => Failure::Format,
            TemplateFailure::Lint => Failure::Lint,
            TemplateFailure::Unknown => Failure::Input,
        };
        JsFailure {
            problems: e.problems.clone(),
            ..JsFailure::new(code, e.message.clone())
        }
    }
}

impl From<&AssessmentError> for JsFailure {
    fn from(e: &AssessmentError) -> JsFailure {
        let code = match e.kind {
            AssessmentFailure::Json => Failure::Json,
            AssessmentFailure::Format => Failure::Format,
            AssessmentFailure::Input => Failure::Input,
            AssessmentFailure::Limit => Failure::Limit,
        };
        JsFailure {
            pointer: Some(e.pointer.clone()),
            ..JsFailure::new(code, e.message.clone())
        }
    }
}

impl From<&StorageError> for JsFailure {
    fn from(e: &StorageError) -> JsFailure {
        JsFailure::new(Failure::Storage, e.message.clone())
    }
}

/// An `Error` with the failure's `code`, its `problems` (lint problems; often none) and,
/// for an assessment, the `pointer` of the member at fault, for every function the module
/// and the form expose.
pub(super) fn js_err(e: impl Into<JsFailure>) -> JsValue {
    // One body for every kind of error (a generic one is copied into the wasm per kind).
    js_failure(e.into())
}

fn js_failure(e: JsFailure) -> JsValue {
    use js_sys::{Array, Reflect, JSON};
    let err = js_sys::Error::new(&e.message);
    let _ = Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    let problems = crate::json::to_string(&e.problems);
    let _ = Reflect::set(
        &err,
        &"problems".into(),
        &JSON::parse(&problems).unwrap_or(Array::new().into()),
    );
    if let Some(p) = &e.pointer {
        let _ = Reflect::set(&err, &"pointer".into(), &p.into());
    }
    err.into()
}

/// The device's local date, for assessments without `as_of`.
pub(super) fn device_today() -> chrono::NaiveDate {
    let d = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .unwrap_or_default()
}

/// An answer from JS: a string is the answer itself, anything else goes through JSON.
pub(super) fn answer_value(v: &JsValue) -> Result<Value, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    // JSON.stringify writes NaN and Infinity as null, which would clear the answer.
    if v.as_f64().is_some_and(|x| !x.is_finite()) {
        return Err(js_err(JsFailure::new(
            Failure::Value,
            "NaN and Infinity are not answers (null clears an answer)".into(),
        )));
    }
    to_value(v).inspect_err(|e| {
        let _ = js_sys::Reflect::set(e, &"code".into(), &"type".into());
    })
}

/// A document from JS: JSON text or a plain object.
pub(super) fn to_value(v: &JsValue) -> Result<Value, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    let text = json_text(v, Failure::Input)?;
    crate::json::parse(&text).map_err(|e| js_err(input_error(&format!("malformed JSON: {e}"))))
}

/// The JSON text of a value given as text or as a plain object (which JSON writes); an
/// error with `code` for anything JSON cannot write (a function, a cycle, a BigInt).
pub(super) fn json_text(v: &JsValue, code: Failure) -> Result<String, JsValue> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            js_err(JsFailure::new(
                code,
                "expected JSON text or a plain object".into(),
            ))
        })
}

pub(super) fn value_error(message: String) -> JsFailure {
    JsFailure::new(Failure::Value, message)
}

pub(super) fn input_error(message: &str) -> JsFailure {
    JsFailure::new(Failure::Input, message.into())
}

/// A saved draft (JSON text) with its journal of later answers applied; a damaged journal
/// throws (code `storage`) so the element can say so and use the draft without it.
#[wasm_bindgen(js_name = mergeDraft)]
pub fn merge_draft(draft: &str, journal: &str) -> Result<String, JsValue> {
    crate::document::draft::merge(draft, journal)
        .map_err(|_| js_err(&StorageError::damaged_journal("")))
}

/// One result as it stood when handed out; later changes make new ones.
#[wasm_bindgen]
pub struct ResultParts {
    pub(super) report: Rc<Report>,
    /// The form that made it, whose answers its receipt hashes while it is unsealed.
    pub(super) form: Weak<RefCell<FormState>>,
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
                    js_err(input_error("a result's receipt was read during a change"))
                })?;
            inner.stamp(&self.report);
        }
        Ok(self.report.member_json(i))
    }
}

/// Sends the queued messages to the host page.
pub(super) fn flush(host: &Function, out: Outbox) {
    for message in out {
        let (kind, detail) = message.wire();
        let _ = host.call2(&JsValue::NULL, &kind.as_str().into(), &detail.into());
    }
}
