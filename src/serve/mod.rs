//! `readycheck serve` (§10): the collect service for a district without its own back end.
//! Submissions (the element's multipart outbox body, or JSON `{assessment, result}`) are
//! re-scored with the engine, checked against their blobs and receipt, and stored with
//! their photos and signatures in SQLite ([`store`]); the district reads them back one by
//! one or as the §9 roll-up. [`submit`] is the whole of a submission without HTTP, so the
//! rules are tested natively; [`http`] maps requests onto it.

pub mod http;
pub mod store;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use crate::bureau::rollup;
use crate::document::Assessment;
use crate::template::Template;
use store::{NewSubmission, Store, Stored};

/// The largest request body taken, 25 MB unless set.
pub const DEFAULT_LIMIT: usize = 25 * 1024 * 1024;

/// The service's state: its database and the templates it has loaded.
pub struct App {
    pub store: Mutex<Store>,
    templates: Mutex<HashMap<String, Arc<Template>>>,
    pub token: Option<String>,
    pub limit: usize,
}

/// An answer that is not a success: its status and `{code, message}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: crate::text::one_line(&message.into()).into_owned(),
        }
    }

    pub fn body(&self) -> Value {
        json!({"code": self.code, "message": self.message})
    }
}

fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(400, code, message)
}

fn storage(e: rusqlite::Error) -> ApiError {
    ApiError::new(500, "storage", format!("the database failed: {e}"))
}

/// What a submission request carried.
#[derive(Debug, Default)]
pub struct Submission {
    pub idempotency_key: Option<String>,
    pub assessment: Option<String>,
    pub result: Option<String>,
    /// Parts other than `assessment` and `result`: (name, content type, bytes).
    pub blobs: Vec<(String, String, Vec<u8>)>,
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

impl App {
    pub fn new(store: Store, token: Option<String>, limit: usize) -> App {
        App {
            store: Mutex::new(store),
            templates: Mutex::new(HashMap::new()),
            token,
            limit,
        }
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave the database half-written (SQLite
        // rolls the transaction back), so a poisoned lock is still safe to use.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The template `id` (a version added with `POST /api/templates`, else the built-in).
    pub fn template(&self, id: &str, version: Option<&str>) -> Result<Arc<Template>, ApiError> {
        let key = format!("{id}@{}", version.unwrap_or(""));
        if let Some(t) = self
            .templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return Ok(t.clone());
        }
        let added = self.store().template(id, version).map_err(storage)?;
        let text = match added {
            Some(t) => t,
            None => crate::builtin_text(id)
                .map(str::to_owned)
                .or_else(|_| {
                    // An older version of a stored template: score with the newest one
                    // (answers to removed items become orphans, as for any version).
                    self.store().template(id, None).ok().flatten().ok_or(())
                })
                .map_err(|_| {
                    bad(
                        "template",
                        format!(
                            "no template {}: use a built-in one or add it with POST /api/templates",
                            crate::text::quote(id)
                        ),
                    )
                })?,
        };
        let t = Arc::new(crate::template::load(&text).map_err(|e| bad("template", e.message))?);
        self.templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, t.clone());
        Ok(t)
    }

    /// Adds a template (it must load without errors).
    pub fn add_template(&self, text: &str) -> Result<Value, ApiError> {
        let t = crate::template::load(text).map_err(|e| ApiError {
            status: 400,
            code: "template",
            message: crate::text::one_line(&e.message).into_owned(),
        })?;
        self.store()
            .add_template(&t.id, &t.version, text, &now())
            .map_err(storage)?;
        self.templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|k, _| !k.starts_with(&format!("{}@", t.id)));
        Ok(json!({"id": t.id, "version": t.version, "sha256": t.sha256}))
    }

    /// Takes one submission: re-scores it, checks its blobs, stores it whole. Returns the
    /// status (201, or 200 for a repeated idempotency key) and `{id, verdict, score,
    /// receipt, tampered}`.
    pub fn submit(&self, s: Submission) -> Result<(u16, Value), ApiError> {
        if let Some(key) = &s.idempotency_key {
            if let Some(first) = self.store().response_for(key).map_err(storage)? {
                return Ok((201, first));
            }
        }
        let text = s.assessment.as_deref().ok_or_else(|| {
            bad(
                "assessment",
                "no `assessment` part (or member) in the request",
            )
        })?;
        let doc = crate::json::parse_bounded(text).map_err(|e| {
            if crate::json::too_large(&e) {
                ApiError::new(
                    413,
                    "too_large",
                    format!("the assessment is too large: {e}"),
                )
            } else {
                bad("json", format!("the assessment is not JSON: {e}"))
            }
        })?;
        let submitted = match s.result.as_deref() {
            None => None,
            Some(r) => serde_json::from_str::<Option<rollup::Submitted>>(r)
                .map_err(|e| bad("json", format!("the result is not JSON: {e}")))?,
        };
        let (code, name) = crate::document::site_of(&doc);
        let a = Assessment::from_value(doc.clone()).map_err(|e| bad("assessment", e.message))?;
        let tid = a.template_id.clone().ok_or_else(|| {
            bad(
                "assessment",
                "the assessment names no template (`template.id`)",
            )
        })?;
        let t = self.template(&tid, a.template_version.as_deref())?;
        check_blobs(&doc, &s.blobs)?;
        let today = chrono::Local::now().date_naive();
        let r = crate::evaluate::evaluate(&t, &a, crate::text::locale::DEFAULT_LOCALE, today);
        let tampered = submitted.is_some_and(|sub| rollup::is_tampered(&r, &a, &sub));
        let result = crate::json::to_string(&r);
        let receipt: Value =
            crate::json::parse(&crate::json::to_string(&r.receipt)).unwrap_or(Value::Null);
        let (received_at, as_of) = (now(), a.as_of.map(|d| d.format("%Y-%m-%d").to_string()));
        let new = NewSubmission {
            idempotency_key: s.idempotency_key.as_deref(),
            received_at: &received_at,
            template: (&t.id, &t.version),
            site: (code.as_deref(), name.as_deref()),
            mode: a.mode.as_str(),
            as_of: as_of.as_deref(),
            verdict: r.verdict.as_str(),
            score: r.score.as_f64(),
            tampered,
            assessment: text,
            submitted_result: s.result.as_deref(),
            result: &result,
            blobs: &s.blobs,
        };
        let respond = |id| json!({"id": id, "verdict": r.verdict, "score": r.score, "receipt": receipt, "tampered": tampered});
        let stored = self.store().insert(&new, respond);
        match stored {
            Ok(Stored::New(v)) | Ok(Stored::Again(v)) => Ok((201, v)),
            // Two requests with one key at once: the second meets the first's row.
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                let key = s.idempotency_key.as_deref().unwrap_or("");
                match self.store().response_for(key).map_err(storage)? {
                    Some(first) => Ok((201, first)),
                    None => Err(ApiError::new(500, "storage", "a constraint failed")),
                }
            }
            Err(e) => Err(storage(e)),
        }
    }

    /// The roll-up (§9) of every stored submission of a template.
    pub fn rollup(
        &self,
        template: &str,
        locale: &str,
    ) -> Result<(Arc<Template>, rollup::RollupDoc), ApiError> {
        let t = self.template(template, None)?;
        let plan = rollup::Plan::new(&t);
        let opts = rollup::Options {
            locale: locale.to_string(),
            today: chrono::Local::now().date_naive(),
            as_of: None,
        };
        let mut r = rollup::Rollup::new(&t, locale);
        let mut seq = 0;
        self.store()
            .entries(&t.id, |id, text| {
                r.add(
                    seq,
                    rollup::score_entry(&plan, &opts, format!("submission {id}"), &text),
                );
                seq += 1;
            })
            .map_err(storage)?;
        let doc = r.finish();
        Ok((t.clone(), doc))
    }
}

/// Every blob must be one the assessment lists (in `evidence` or `signatures`) and hash to
/// its name, and every one it lists must be there: a submission is stored whole or not.
fn check_blobs(doc: &Value, blobs: &[(String, String, Vec<u8>)]) -> Result<(), ApiError> {
    let empty = serde_json::Map::new();
    let listed = crate::document::fieldkit::named_blobs(doc.as_object().unwrap_or(&empty));
    for (name, _, bytes) in blobs {
        let got = crate::report::canonical::sha256_hex(bytes);
        if *name != got {
            return Err(bad(
                "blob",
                format!(
                    "part {} holds bytes whose SHA-256 is {got}",
                    crate::text::quote(name)
                ),
            ));
        }
        if !listed.contains(&name.as_str()) {
            return Err(bad(
                "blob",
                format!(
                    "part {} is not in the assessment's evidence or signatures",
                    crate::text::quote(name)
                ),
            ));
        }
    }
    if let Some(missing) = listed.iter().find(|s| !blobs.iter().any(|b| b.0 == **s)) {
        return Err(bad(
            "blob",
            format!(
                "the assessment lists {} but no part of that name was sent",
                crate::text::quote(missing)
            ),
        ));
    }
    Ok(())
}
