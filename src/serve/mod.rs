//! `readycheck serve` (§10): the collect service for a district without its own back end.
//! Submissions (the element's multipart outbox body, or JSON `{assessment, result}`) are
//! re-scored with the engine, checked against their blobs and receipt, and stored with
//! their photos and signatures in SQLite ([`store`]); the district reads them back one by
//! one or as the §9 roll-up. [`submit`] is the whole of a submission without HTTP, so the
//! rules are tested natively; [`http`] maps requests onto it.

pub mod access;
pub mod district;
pub mod files;
pub mod http;
pub mod listen;
pub mod respond;
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
    pub store: Store,
    templates: Mutex<HashMap<String, Arc<Template>>>,
    pub token: Option<String>,
    pub limit: usize,
    /// Turns to read a request body (see `http::BODIES_AT_ONCE`).
    pub bodies: tokio::sync::Semaphore,
}

crate::codes::codes! {
    /// The `code` of an answer that is not a success (§10): what a client branches on.
    pub enum ApiCode {
        Assessment = "assessment",
        Blob = "blob",
        BlobType = "blob_type",
        Busy = "busy",
        Conflict = "conflict",
        Forbidden = "forbidden",
        Format = "format",
        GroupBy = "group_by",
        Idempotency = "idempotency",
        Internal = "internal",
        Json = "json",
        Multipart = "multipart",
        NotFound = "not_found",
        Origin = "origin",
        Reserved = "reserved",
        Roster = "roster",
        State = "state",
        Storage = "storage",
        Template = "template",
        TooLarge = "too_large",
        Unauthorized = "unauthorized",
    }
}

/// An answer that is not a success: its status and `{code, message}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: u16,
    pub code: ApiCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: ApiCode, message: impl Into<String>) -> ApiError {
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

fn bad(code: ApiCode, message: impl Into<String>) -> ApiError {
    ApiError::new(400, code, message)
}

fn storage(e: store::StoreError) -> ApiError {
    ApiError::new(500, ApiCode::Storage, e.message)
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

/// The time now, as the service records it (local time with its offset, to the second).
pub fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

impl App {
    pub fn new(store: Store, token: Option<String>, limit: usize) -> App {
        App {
            store,
            templates: Mutex::new(HashMap::new()),
            token,
            limit,
            bodies: tokio::sync::Semaphore::new(http::BODIES_AT_ONCE),
        }
    }

    /// The template `id`: the built-in one (built-in ids are reserved), else the version
    /// published with `POST /api/templates` that the assessment names (`None`: the newest).
    pub fn template(&self, id: &str, version: Option<&str>) -> Result<Arc<Template>, ApiError> {
        let builtin = crate::builtin::text(id).ok();
        let key = match builtin {
            Some(_) => format!("{id}@builtin"),
            None => format!("{id}@{}", version.unwrap_or("")),
        };
        if let Some(t) = self
            .templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return Ok(t.clone());
        }
        let text = match builtin {
            Some(text) => text.to_owned(),
            None => self
                .store
                .template(id, version)
                .map_err(storage)?
                .ok_or_else(|| {
                    let what = match version {
                        Some(v) => format!(
                            "version {} of the template {} is not published",
                            crate::text::quote(v),
                            crate::text::quote(id)
                        ),
                        None => format!("no template {}", crate::text::quote(id)),
                    };
                    bad(
                        ApiCode::Template,
                        format!(
                            "{what}: use a built-in one or publish it with POST /api/templates"
                        ),
                    )
                })?,
        };
        let t =
            Arc::new(crate::template::load(&text).map_err(|e| bad(ApiCode::Template, e.message))?);
        self.templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, t.clone());
        Ok(t)
    }

    /// Publishes a template (it must load without errors). Built-in ids are reserved, and
    /// a published id@version never changes: the same content again answers 200, other
    /// content 409.
    pub fn add_template(&self, text: &str, by: &str) -> Result<(u16, Value), ApiError> {
        let t = crate::template::load(text).map_err(|e| bad(ApiCode::Template, e.message))?;
        let body = json!({"id": t.id, "version": t.version, "sha256": t.sha256});
        if crate::builtin::text(&t.id).is_ok() {
            return Err(ApiError::new(
                409,
                ApiCode::Reserved,
                format!(
                    "{} is a built-in template's id: publish your own checklist under another id",
                    crate::text::quote(&t.id)
                ),
            ));
        }
        let store = &self.store;
        if let Some(old) = store.template(&t.id, Some(&t.version)).map_err(storage)? {
            let same = crate::template::load(&old).is_ok_and(|o| o.sha256 == t.sha256);
            return if same {
                Ok((200, body))
            } else {
                Err(ApiError::new(409, ApiCode::Conflict,
                    format!(
                        "{}@{} is already published with other content: give the changed checklist a new version",
                        t.id, t.version
                    ),
                ))
            };
        }
        // To the microsecond: "the newest version" is the one published last, even when
        // two are published within a second.
        let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false);
        store
            .add_template(&t.id, &t.version, text, &at)
            .map_err(storage)?;
        store
            .audit(
                &at,
                by,
                "publish template",
                &format!("{}@{}", t.id, t.version),
            )
            .map_err(storage)?;
        // The newest version of the id changed.
        self.templates
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&format!("{}@", t.id));
        Ok((201, body))
    }

    /// Takes one submission: re-scores it, checks its blobs, stores it whole. Returns the
    /// status (201, or 200 for a repeated idempotency key) and `{id, verdict, score,
    /// receipt, tampered}`.
    pub fn submit(&self, s: Submission, caller: &access::Caller) -> Result<(u16, Value), ApiError> {
        // The whole key, hashed (a key is never cut: two long keys must not collide), and
        // the body it came with, so another body under the same key is refused.
        let key_sha256 = s
            .idempotency_key
            .as_deref()
            .map(|k| crate::report::canonical::sha256_hex(k.as_bytes()));
        // Each blob hashed once: for the body's hash and for the check of its name.
        let hashes: Vec<String> = s
            .blobs
            .iter()
            .map(|b| crate::report::canonical::sha256_hex(&b.2))
            .collect();
        let body_sha256 = body_hash(&s, &hashes);
        if let Some(key) = &key_sha256 {
            if let Some(first) = self.store.earlier(key).map_err(storage)? {
                return again(first, &body_sha256);
            }
        }
        let text = s.assessment.as_deref().ok_or_else(|| {
            bad(
                ApiCode::Assessment,
                "no `assessment` part (or member) in the request",
            )
        })?;
        let doc = crate::json::parse_bounded(text).map_err(|e| {
            if crate::json::too_large(&e) {
                ApiError::new(
                    413,
                    ApiCode::TooLarge,
                    format!("the assessment is too large: {e}"),
                )
            } else {
                bad(ApiCode::Json, format!("the assessment is not JSON: {e}"))
            }
        })?;
        check_blob_count(&doc, s.blobs.len())?;
        let submitted = match s.result.as_deref() {
            None => None,
            Some(r) => serde_json::from_str::<Option<crate::evaluate::verify::Submitted>>(
                r.strip_prefix('\u{feff}').unwrap_or(r),
            )
            .map_err(|e| bad(ApiCode::Json, format!("the result is not JSON: {e}")))?,
        };
        let (code, name) = crate::document::site_of(&doc);
        let a =
            Assessment::from_value(doc.clone()).map_err(|e| bad(ApiCode::Assessment, e.message))?;
        let tid = a.template_id.clone().ok_or_else(|| {
            bad(
                ApiCode::Assessment,
                "the assessment names no template (`template.id`)",
            )
        })?;
        // An account submits for the sites in its scope only (a site account, self-checks).
        if !caller.may_submit(a.mode.as_str(), code.as_deref()) {
            return Err(access::forbidden(&format!(
                "submit a {} for the site {}",
                a.mode.as_str(),
                crate::text::quote(code.as_deref().unwrap_or(""))
            )));
        }
        let t = self.template(&tid, a.template_version.as_deref())?;
        let blobs = check_blobs(&doc, s.blobs, &hashes)?;
        let received = chrono::Local::now().date_naive();
        let scored = Scored::new(&t, &a, received, submitted.as_ref());
        let result = crate::json::to_string(&scored.report);
        let receipt: Value = crate::json::parse(&crate::json::to_string(&scored.report.receipt))
            .unwrap_or(Value::Null);
        let (received_at, as_of) = (now(), a.as_of.map(|d| d.format("%Y-%m-%d").to_string()));
        let new = NewSubmission {
            key_sha256: key_sha256.as_deref(),
            body_sha256: &body_sha256,
            received_at: &received_at,
            template: (&t.id, &t.version),
            site: (code.as_deref(), name.as_deref()),
            mode: a.mode.as_str(),
            as_of: as_of.as_deref(),
            verdict: scored.verdict.as_str(),
            score: scored.score,
            tampered: scored.tampered,
            as_of_gap: scored.as_of_gap,
            backdated: scored.backdated,
            assessment: text,
            submitted_result: s.result.as_deref(),
            result: &result,
            account: Some(caller.name()),
            blobs: &blobs,
        };
        let respond = |id| {
            json!({"id": id, "verdict": scored.verdict, "score": scored.score, "receipt": receipt,
                   "tampered": scored.tampered, "as_of_gap_days": scored.as_of_gap,
                   "backdated": scored.backdated})
        };
        let stored = self.store.insert(&new, respond);
        match stored {
            Ok(Stored::New(v)) => {
                let object = format!("submission {}", v["id"]);
                self.store
                    .audit(&received_at, caller.name(), "submit", &object)
                    .map_err(storage)?;
                Ok((201, v))
            }
            Ok(Stored::Again(first)) => again(first, &body_sha256),
            // Two requests with one key at once (in one process or two): the second meets
            // the first's row.
            Err(e) if e.unique => {
                let key = key_sha256.as_deref().unwrap_or("");
                match self.store.earlier(key).map_err(storage)? {
                    Some(first) => again(first, &body_sha256),
                    None => Err(ApiError::new(500, ApiCode::Storage, "a constraint failed")),
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
        self.store
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

/// The answer to a key seen before: its first response when the body is the same (a
/// retry), 422 when it is another body (a client reusing keys would otherwise lose it).
fn again(first: store::Earlier, body_sha256: &str) -> Result<(u16, Value), ApiError> {
    match first.body_sha256 {
        Some(b) if b != body_sha256 => Err(ApiError::new(422, ApiCode::Idempotency,
            "this Idempotency-Key was already used with another body: send a new key for a new submission",
        )),
        _ => Ok((201, first.response)),
    }
}

/// A hash of what a submission carries, independent of how it was framed (a multipart
/// boundary, the order of parts): the assessment, the result and each blob by name and
/// bytes (`hashes`: the SHA-256 of each blob's bytes, in order).
fn body_hash(s: &Submission, hashes: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut field = |tag: &str, bytes: &[u8]| {
        h.update(tag.as_bytes());
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(
        "assessment",
        s.assessment.as_deref().unwrap_or("").as_bytes(),
    );
    field("result", s.result.as_deref().unwrap_or("").as_bytes());
    let mut named: Vec<(&str, &str)> = s
        .blobs
        .iter()
        .zip(hashes)
        .map(|(b, h)| (b.0.as_str(), h.as_str()))
        .collect();
    named.sort_unstable();
    for (name, bytes) in named {
        field("blob", name.as_bytes());
        field("bytes", bytes.as_bytes());
    }
    crate::report::canonical::hex(&h.finalize())
}

/// The most photos and signatures one submission may list or carry. A full inspection
/// with several photos per item stays far below it; past it, checking the list costs more
/// than any honest submission needs.
pub const MAX_BLOBS: usize = 2_000;

/// Refuses an assessment that lists, or a request that carries, more than [`MAX_BLOBS`]
/// blobs, before anything walks the list.
fn check_blob_count(doc: &Value, sent: usize) -> Result<(), ApiError> {
    let listed = doc
        .get("evidence")
        .and_then(Value::as_object)
        .map_or(0, |e| {
            e.values()
                .filter_map(Value::as_array)
                .map(Vec::len)
                .sum::<usize>()
        })
        + doc
            .get("signatures")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
    if listed.max(sent) > MAX_BLOBS {
        return Err(ApiError::new(413, ApiCode::TooLarge,
            format!(
                "the submission lists {listed} photos and signatures and carries {sent}; at most {MAX_BLOBS} are taken"
            ),
        ));
    }
    Ok(())
}

/// The type of an image by its first bytes: JPEG and PNG are what the element stores.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// Every blob must be a JPEG or PNG image the assessment lists (in `evidence` or
/// `signatures`) and hash to its name, and every one it lists must be there: a submission
/// is stored whole or not. The blobs come back with the type their bytes show (whatever
/// type the request claimed).
fn check_blobs(
    doc: &Value,
    blobs: Vec<(String, String, Vec<u8>)>,
    hashes: &[String],
) -> Result<Vec<(String, String, Vec<u8>)>, ApiError> {
    let empty = serde_json::Map::new();
    let listed: std::collections::HashSet<&str> =
        crate::document::fieldkit::named_blobs(doc.as_object().unwrap_or(&empty))
            .into_iter()
            .collect();
    let mut sent = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(blobs.len());
    for ((name, _, bytes), got) in blobs.into_iter().zip(hashes) {
        if name != *got {
            return Err(bad(
                ApiCode::Blob,
                format!(
                    "part {} holds bytes whose SHA-256 is {got}",
                    crate::text::quote(&name)
                ),
            ));
        }
        if !listed.contains(name.as_str()) {
            return Err(bad(
                ApiCode::Blob,
                format!(
                    "part {} is not in the assessment's evidence or signatures",
                    crate::text::quote(&name)
                ),
            ));
        }
        let Some(ty) = image_type(&bytes) else {
            return Err(bad(ApiCode::BlobType,
                format!(
                    "part {} is neither a JPEG nor a PNG image; photos and signatures are taken as JPEG or PNG only",
                    crate::text::quote(&name)
                ),
            ));
        };
        sent.insert(name.clone());
        out.push((name, ty.to_string(), bytes));
    }
    let mut missing: Vec<&&str> = listed.iter().filter(|s| !sent.contains(**s)).collect();
    missing.sort();
    if let Some(missing) = missing.first() {
        return Err(bad(
            ApiCode::Blob,
            format!(
                "the assessment lists {} but no part of that name was sent",
                crate::text::quote(missing)
            ),
        ));
    }
    Ok(out)
}

/// How far an assessment's `as_of` may lie before the day it is received (an inspection
/// done offline is sent when the tablet is online again) before the submission is flagged
/// `backdated`; a date after the day received is flagged past one day (time zones).
pub const AS_OF_TOLERANCE_DAYS: i64 = 14;

/// A submission scored: what the service stores and answers.
struct Scored {
    /// The re-score as of the assessment's own `as_of`: its receipt is the one recorded.
    report: crate::report::Report,
    verdict: crate::report::Verdict,
    score: Option<f64>,
    tampered: bool,
    /// Days from the assessment's `as_of` to the day received (positive: backdated).
    as_of_gap: Option<i64>,
    backdated: bool,
}

impl Scored {
    /// Scores `a` as of its own `as_of` for the receipt check; when the template reads
    /// `today()`, the verdict and score stored are those as of the day received, so a
    /// backdated `as_of` cannot make a site ready that is not ready today.
    fn new(
        t: &Template,
        a: &Assessment,
        received: chrono::NaiveDate,
        submitted: Option<&crate::evaluate::verify::Submitted>,
    ) -> Scored {
        let locale = crate::text::locale::DEFAULT_LOCALE;
        let report = crate::evaluate::evaluate(t, a, locale, received);
        let reads_today = t.reads_today();
        let tampered = submitted
            .is_some_and(|sub| crate::evaluate::verify::is_tampered(&report, a, sub, reads_today));
        let as_of_gap = a.as_of.map(|d| (received - d).num_days());
        let backdated = as_of_gap.is_some_and(|g| !(-1..=AS_OF_TOLERANCE_DAYS).contains(&g));
        let (verdict, score) = match a.as_of {
            Some(d) if reads_today && d != received => {
                let mut today = a.clone();
                today.set_as_of(received);
                let r = crate::evaluate::evaluate(t, &today, locale, received);
                (r.verdict, r.score.as_f64())
            }
            _ => (report.verdict, report.score.as_f64()),
        };
        Scored {
            report,
            verdict,
            score,
            tampered,
            as_of_gap,
            backdated,
        }
    }
}
