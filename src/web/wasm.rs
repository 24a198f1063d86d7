//! The JS module (§7.2): wasm-bindgen functions over the core. Documents cross the boundary
//! as JSON text produced by the same serializer as the command line ([`crate::to_json`]),
//! parsed once by the browser's JSON.parse, so a result here is byte for byte what
//! `readycheck score` prints.

use js_sys::JSON;
use wasm_bindgen::prelude::*;

use super::boundary::JsFailure;
use super::boundary::{device_today, js_err, json_text};
use crate::document::Assessment;
use crate::evaluate::{self, compare};
use crate::problem::Failure;
use crate::template::{self, Template};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("../../www/readycheck-types.d.ts");

/// JSON text from a string or a plain object.
fn text_of(v: &JsValue) -> Result<String, JsValue> {
    json_text(v, Failure::Json)
}

fn parse_json(s: &str) -> JsValue {
    JSON::parse(s).unwrap_or(JsValue::NULL)
}

/// A `today` argument (`YYYY-MM-DD`); anything else, or nothing, is the device's date.
fn today_arg(today: Option<JsValue>) -> chrono::NaiveDate {
    today
        .and_then(|t| t.as_string())
        .as_deref()
        .and_then(crate::text::date::parse)
        .unwrap_or_else(device_today)
}

/// A locale argument: a string, or nothing for the default; anything else is an error
/// with `code` `type` rather than a bare TypeError from the glue.
fn locale_arg(locale: &JsValue) -> Result<String, JsValue> {
    if locale.is_undefined() || locale.is_null() {
        return Ok(crate::text::locale::DEFAULT_LOCALE.into());
    }
    locale.as_string().ok_or_else(|| {
        js_err(JsFailure::new(
            Failure::Type,
            "a locale is a string such as \"zh-CN\" or \"en\"".into(),
        ))
    })
}

/// A loaded, lint-clean template. Keep it and evaluate many assessments against it.
#[wasm_bindgen(js_name = ReadyTemplate)]
pub struct ReadyTemplate {
    inner: Template,
}

fn assessment_of(t: &Template, v: &JsValue) -> Result<Assessment, JsValue> {
    let a = Assessment::parse(&text_of(v)?).map_err(|e| js_err(&e))?;
    crate::document::check_pairing(t, &a).map_err(|e| js_err(&e))?;
    Ok(a)
}

#[wasm_bindgen(js_class = ReadyTemplate)]
impl ReadyTemplate {
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// Lint warnings of the loaded template.
    #[wasm_bindgen(unchecked_return_type = "Problem[]")]
    pub fn warnings(&self) -> JsValue {
        parse_json(&crate::json::to_string(&self.inner.warnings))
    }

    /// The result document (§5) as the command line prints it (JSON text).
    #[wasm_bindgen(js_name = evaluateJson)]
    pub fn evaluate_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] today: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let a = assessment_of(&self.inner, &assessment)?;
        let r = evaluate::evaluate(
            &self.inner,
            &a,
            &locale_arg(&locale.unwrap_or(JsValue::UNDEFINED))?,
            today_arg(today),
        );
        Ok(crate::report::to_json(&r))
    }

    /// Profiling builds only (`--features profile`, never shipped): the median time in ms
    /// of the core's full re-score of `assessment`, parsed once: every item, rule and
    /// section (`Evaluation::compute`) and, unless `state_only`, the result with its findings,
    /// issues and receipt (`summarize`). No JSON is read or written in the timed part.
    #[cfg(feature = "profile")]
    #[wasm_bindgen(js_name = profileRescore)]
    pub fn profile_rescore(
        &self,
        assessment: &str,
        runs: u32,
        state_only: bool,
    ) -> Result<f64, JsValue> {
        let a = Assessment::parse(assessment).map_err(|e| js_err(&e))?;
        let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into())?;
        let now: js_sys::Function = js_sys::Reflect::get(&perf, &"now".into())?.unchecked_into();
        let clock = || {
            now.call0(&perf)
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0)
        };
        let today = today_arg(None);
        let mut times = Vec::with_capacity(runs as usize);
        for _ in 0..runs {
            let t0 = clock();
            let s = evaluate::Evaluation::compute(&self.inner, &a, today);
            if !state_only {
                std::hint::black_box(evaluate::summarize(&self.inner, &a, &s, "zh-CN"));
            }
            std::hint::black_box(s);
            times.push(clock() - t0);
        }
        times.sort_by(f64::total_cmp);
        Ok(times.get(times.len() / 2).copied().unwrap_or(0.0))
    }

    /// The result document (§5) as an object.
    #[wasm_bindgen(unchecked_return_type = "Result")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] today: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        Ok(parse_json(&self.evaluate_json(assessment, locale, today)?))
    }

    /// The comparison document (§6) of two assessments as JSON text.
    #[wasm_bindgen(js_name = compareJson)]
    pub fn compare_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Assessment | string")] a: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Assessment | string")] b: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] today: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let (a, b) = (
            assessment_of(&self.inner, &a)?,
            assessment_of(&self.inner, &b)?,
        );
        let c = compare::compare(
            &self.inner,
            &a,
            &b,
            &locale_arg(&locale.unwrap_or(JsValue::UNDEFINED))?,
            today_arg(today),
        );
        Ok(crate::report::to_json(&c))
    }

    /// The comparison document (§6) as an object.
    #[wasm_bindgen(unchecked_return_type = "Comparison")]
    pub fn compare(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Assessment | string")] a: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Assessment | string")] b: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "string")] today: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        Ok(parse_json(&self.compare_json(a, b, locale, today)?))
    }
}

impl ReadyTemplate {
    pub fn inner(&self) -> &Template {
        &self.inner
    }
}

/// Loads a template (JSON text, an object, or `builtin:<id>`). Throws an `Error` with
/// `code` (`json`, `format`, `lint`, `input`) and `problems` (every lint problem).
#[wasm_bindgen(js_name = loadTemplate)]
pub fn load_template(
    #[wasm_bindgen(unchecked_param_type = "Template | string")] source: JsValue,
) -> Result<ReadyTemplate, JsValue> {
    let text = text_of(&source)?;
    let text = if text.starts_with("builtin:") {
        crate::builtin::text(&text)
            .map_err(|e| js_err(&e))?
            .to_string()
    } else {
        text
    };
    template::load(&text)
        .map(|inner| ReadyTemplate { inner })
        .map_err(|e| js_err(&e))
}

/// Every lint problem of a template, errors and warnings, without throwing.
#[wasm_bindgen(js_name = lintTemplate, unchecked_return_type = "Problem[]")]
pub fn lint_template(
    #[wasm_bindgen(unchecked_param_type = "Template | string")] source: JsValue,
) -> Result<JsValue, JsValue> {
    let problems = template::lint(&text_of(&source)?);
    Ok(parse_json(&crate::json::to_string(&problems)))
}

/// Evaluates in one call: `loadTemplate(template).evaluate(assessment, locale, today)`.
#[wasm_bindgen(unchecked_return_type = "Result")]
pub fn evaluate(
    #[wasm_bindgen(unchecked_param_type = "Template | string")] template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] today: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    load_template(template)?.evaluate(assessment, locale, today)
}

/// Compares in one call: `loadTemplate(template).compare(a, b, locale, today)`.
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "Template | string")] template: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Assessment | string")] b: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: Option<JsValue>,
    #[wasm_bindgen(unchecked_optional_param_type = "string")] today: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    load_template(template)?.compare(a, b, locale, today)
}

/// The built-in templates: `[{id, version, title, sha256}]`, title in `locale`.
#[wasm_bindgen(js_name = builtinTemplates, unchecked_return_type = "BuiltinInfo[]")]
pub fn builtin_templates(
    #[wasm_bindgen(unchecked_optional_param_type = "string")] locale: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let locale = locale_arg(&locale.unwrap_or(JsValue::UNDEFINED))?;
    let list: Vec<serde_json::Value> = crate::builtin::INDEX
        .iter()
        .map(|b| {
            serde_json::json!({"id": b.id, "version": b.version, "title": b.title(&locale), "sha256": b.sha256})
        })
        .collect();
    Ok(parse_json(&crate::json::to_string(&list)))
}

#[wasm_bindgen(module = "/www/fetch-builtin.js")]
extern "C" {
    #[wasm_bindgen(js_name = fetchBuiltin)]
    /// Resolves to `check(text)`; a throwing `check` (a Rust `Err`) rejects.
    fn fetch_builtin(id: &str, check: &JsValue) -> js_sys::Promise;
}

/// Fetches a built-in template (served in `pkg/templates/` beside the module) and resolves
/// to its JSON as an object, after checking it is the template this engine was built with.
/// Rejects for an unknown id, a failed fetch or a file that does not match.
#[wasm_bindgen(js_name = builtinTemplate, unchecked_return_type = "Promise<Template>")]
pub fn builtin_template(id: &str) -> js_sys::Promise {
    let Some(b) = crate::builtin::find(id) else {
        let e = crate::builtin::text(id).err().map(|e| js_err(&e));
        return js_sys::Promise::reject(&e.unwrap_or(JsValue::NULL));
    };
    let check = Closure::once_into_js(move |text: JsValue| -> Result<JsValue, JsValue> {
        let text = text.as_string().unwrap_or_default();
        crate::builtin::verify(b, &text)
            .map(|_| parse_json(&text))
            .map_err(|e| js_err(&e))
    });
    fetch_builtin(b.id, &check)
}

/// The word for a verdict code (`ready`, `conditional`, `not_ready`, `incomplete`) in
/// `locale`: the one vocabulary of the element, the report and the pages (SPEC §9, 1.2);
/// an unknown code is returned as it is.
#[wasm_bindgen(js_name = verdictWord)]
pub fn verdict_word(verdict: &str, locale: &str) -> String {
    use crate::report::Verdict;
    let v = match verdict {
        "ready" => Verdict::Ready,
        "conditional" => Verdict::Conditional,
        "not_ready" => Verdict::NotReady,
        "incomplete" => Verdict::Incomplete,
        other => return other.to_string(),
    };
    v.word(crate::text::locale::Lang::of(locale)).into()
}

/// The engine version, as the receipt names it.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    concat!("readycheck ", env!("CARGO_PKG_VERSION")).into()
}

/// SHA-256 (lower-case hex) of bytes: the name of a photo or signature blob (§4.1).
#[wasm_bindgen(js_name = sha256Hex)]
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::report::canonical::sha256_hex(bytes)
}

/// Every blob an assessment (JSON text) names: photos, then signatures; a document that
/// does not read names none.
#[wasm_bindgen(js_name = blobsOf)]
pub fn blobs_of(assessment: &str) -> Vec<String> {
    match crate::json::parse(assessment) {
        Ok(serde_json::Value::Object(m)) => crate::document::fieldkit::blobs(&m),
        _ => Vec::new(),
    }
}

/// The outbox's next state after an attempt answered with HTTP `status` (0: a network
/// error): `sent`, `queued` (retry after `retryDelayMs`) or `failed` (§8).
#[wasm_bindgen(js_name = outboxOutcome)]
pub fn outbox_outcome(status: u16) -> String {
    use crate::document::fieldkit::{outcome, Outcome};
    match outcome((status != 0).then_some(status)) {
        Outcome::Sent => "sent",
        Outcome::Retry => "queued",
        Outcome::Failed => "failed",
    }
    .into()
}

/// Milliseconds to wait after `attempts` failed attempts (doubling from 2 s, at most 5 min).
#[wasm_bindgen(js_name = retryDelayMs)]
pub fn retry_delay_ms(attempts: u32) -> f64 {
    crate::document::fieldkit::retry_delay_ms(attempts) as f64
}
