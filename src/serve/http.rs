//! The collect service's HTTP face (axum): routes, the token, loopback and origin rules, the
//! body limit, multipart reading, static files with the element's Content-Security-Policy,
//! and the accept loop that bounds connections, header and body reading time, and the
//! memory of bodies read at once.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;

use super::access::{self, Caller};
use super::respond::{blocking, json_response};
use super::{ApiCode, ApiError, App, Submission};
use axum::Extension;

/// The policy the element needs (§7.1), sent with every static file.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// The policy of every API answer: nothing in one can run or load anything, even if a
/// browser is made to render it (the roll-up page needs its inline styles).
pub const API_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/// The policy of a stored photo or signature.
pub const BLOB_CSP: &str = "default-src 'none'; sandbox";

/// How long a request body may pause between two pieces before the request fails.
pub const BODY_IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);
/// How many request bodies (submissions, templates) are read at once: with the body
/// limit, this bounds their memory (4 × 25 MB by default). Others wait their turn.
pub const BODIES_AT_ONCE: usize = 4;
/// How long a body waits for its turn before the answer is 503 (the outbox retries).
pub const BODY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Every API request shows who sends it first (static files and the page's configuration
/// do not): the caller is resolved off the async threads and handed to the handler.
async fn require_token(
    State(app): State<Arc<App>>,
    mut req: Request,
    next: axum::middleware::Next,
) -> Response {
    let headers = req.headers().clone();
    match blocking(&app, move |app| access::caller(app, &headers)).await {
        Ok(c) => {
            req.extensions_mut().insert(c);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

/// Refuses a caller that is not an admin.
fn admin(c: &Caller, what: &str) -> Result<(), ApiError> {
    if c.is_admin() {
        Ok(())
    } else {
        Err(access::forbidden(what))
    }
}

fn too_large(app: &App) -> ApiError {
    ApiError::new(
        413,
        ApiCode::TooLarge,
        format!("the request is over the limit of {} bytes", app.limit),
    )
}

/// Reads a submission: the §8 multipart body, or JSON `{assessment, result}`.
async fn read_submission(app: &App, req: Request) -> Result<Submission, ApiError> {
    let headers = req.headers().clone();
    let mut s = Submission {
        idempotency_key: headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        ..Submission::default()
    };
    if let Some(len) = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok())
    {
        if len > app.limit {
            return Err(too_large(app));
        }
    }
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ctype.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &())
            .await
            .map_err(|e| ApiError::new(400, ApiCode::Multipart, e.body_text()))?;
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large(app))
                }
                Err(e) => return Err(ApiError::new(400, ApiCode::Multipart, e.body_text())),
            };
            let name = field.name().unwrap_or("").to_string();
            let ty = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_string();
            let bytes = match field.bytes().await {
                Ok(b) => b.to_vec(),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large(app))
                }
                Err(e) => return Err(ApiError::new(400, ApiCode::Multipart, e.body_text())),
            };
            let text = || {
                String::from_utf8(bytes.clone()).map_err(|_| {
                    ApiError::new(
                        400,
                        ApiCode::Multipart,
                        format!("part `{name}` is not UTF-8 JSON"),
                    )
                })
            };
            match name.as_str() {
                "assessment" => s.assessment = Some(text()?),
                "result" => s.result = Some(text()?),
                _ => s.blobs.push((name, ty, bytes)),
            }
        }
        return Ok(s);
    }
    let bytes = axum::body::to_bytes(req.into_body(), app.limit)
        .await
        .map_err(|_| too_large(app))?;
    let v = crate::json::parse(std::str::from_utf8(&bytes).unwrap_or("\u{0}"))
        .map_err(|e| ApiError::new(400, ApiCode::Json, format!("the body is not JSON: {e}")))?;
    let member = |k: &str| {
        v.get(k)
            .filter(|x| !x.is_null())
            .map(crate::json::to_string)
    };
    s.assessment = member("assessment");
    s.result = member("result");
    Ok(s)
}

/// A turn to read a body (see [`BODIES_AT_ONCE`]), or 503.
async fn body_turn(app: &App) -> Result<tokio::sync::SemaphorePermit<'_>, ApiError> {
    match tokio::time::timeout(BODY_WAIT, app.bodies.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(ApiError::new(
            503,
            ApiCode::Busy,
            "the service is reading other submissions: try again shortly",
        )),
    }
}

async fn submit(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    req: Request,
) -> Response {
    let _turn = match body_turn(&app).await {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let s = match read_submission(&app, req).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    match blocking(&app, move |app| app.submit(s, &caller)).await {
        Ok((status, v)) => json_response(status, &v),
        Err(e) => e.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct ListQuery {
    template: Option<String>,
    site: Option<String>,
    mode: Option<String>,
    /// `latest=1`: only the newest (an inspector loading a site's self-check, §10.4).
    latest: Option<String>,
}

async fn list(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<ListQuery>,
) -> Response {
    let r = blocking(&app, move |app| {
        let filter = super::store::Filter {
            template: q.template.as_deref(),
            site: q.site.as_deref(),
            mode: q.mode.as_deref(),
        };
        let rows = app.store.list(filter).map_err(super::storage)?;
        let latest = matches!(q.latest.as_deref(), Some("1" | "true"));
        // An account reads the submissions of the sites in its scope only.
        Ok(rows
            .into_iter()
            .filter(|r| caller.sees(r["site"]["code"].as_str()))
            .take(if latest { 1 } else { usize::MAX })
            .collect::<Vec<_>>())
    })
    .await;
    match r {
        Ok(rows) => json_response(200, &Value::Array(rows)),
        Err(e) => e.into_response(),
    }
}

async fn one(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return ApiError::new(404, ApiCode::NotFound, "no such submission").into_response();
    };
    let read = move |app: &App| {
        if let Some((site, _)) = app.store.owner(id).map_err(super::storage)? {
            if !caller.sees(site.as_deref()) {
                return Err(access::forbidden("read this site's submissions"));
            }
        }
        let Some(mut doc) = app.store.get(id).map_err(super::storage)? else {
            return Ok(None);
        };
        // Its review state (none until reviewed) and history (§10.4).
        let reviews = app.store.reviews(id).map_err(super::storage)?;
        doc["review"] = reviews.last().map_or(Value::Null, |r| r["state"].clone());
        doc["reviews"] = Value::Array(reviews);
        Ok(Some(doc))
    };
    match blocking(&app, read).await {
        Ok(Some(v)) => json_response(200, &v),
        Ok(None) => ApiError::new(404, ApiCode::NotFound, "no such submission").into_response(),
        Err(e) => e.into_response(),
    }
}

async fn blob(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(sha): Path<String>,
) -> Response {
    match blocking(&app, move |app| {
        // An admin reads any photo; anyone else, a photo of a submission in its scope.
        if !caller.is_admin() {
            let sites = app.store.blob_sites(&sha).map_err(super::storage)?;
            if !sites.iter().any(|s| caller.sees(s.as_deref())) {
                return Err(access::forbidden("read this site's photos"));
            }
        }
        app.store.blob(&sha).map_err(super::storage)
    })
    .await
    {
        Ok(Some((_, bytes))) => {
            // The type the bytes show, never the one a client sent with them (an older
            // database may hold any): a JPEG or PNG shown inline, anything else a download.
            let sha = crate::report::canonical::sha256_hex(&bytes);
            let (ty, disposition) = match super::image_type(&bytes) {
                Some("image/png") => ("image/png", format!("inline; filename=\"{sha}.png\"")),
                Some(_) => ("image/jpeg", format!("inline; filename=\"{sha}.jpg\"")),
                None => (
                    "application/octet-stream",
                    format!("attachment; filename=\"{sha}.bin\""),
                ),
            };
            (
                [
                    (header::CONTENT_TYPE, ty.to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CONTENT_SECURITY_POLICY, BLOB_CSP.to_string()),
                    (
                        header::CACHE_CONTROL,
                        "private, max-age=31536000, immutable".into(),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(None) => ApiError::new(404, ApiCode::NotFound, "no such blob").into_response(),
        Err(e) => e.into_response(),
    }
}

async fn add_template(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    req: Request,
) -> Response {
    if let Err(e) = admin(&caller, "publish templates") {
        return e.into_response();
    }
    let _turn = match body_turn(&app).await {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    let bytes = match axum::body::to_bytes(req.into_body(), app.limit).await {
        Ok(b) => b,
        Err(_) => return too_large(&app).into_response(),
    };
    // A §9 workbook (.xlsx, .xls, .ods) is imported first; JSON is taken as it is.
    let text = if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        match workbook_template(&bytes) {
            Ok(t) => t,
            Err(e) => return e.into_response(),
        }
    } else {
        let text = String::from_utf8_lossy(&bytes);
        text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned()
    };
    match blocking(&app, move |app| app.add_template(&text, caller.name())).await {
        Ok((status, v)) => json_response(status, &v),
        Err(e) => e.into_response(),
    }
}

/// The template JSON of a §9 workbook, or 400 with its problems by cell.
fn workbook_template(bytes: &[u8]) -> Result<String, ApiError> {
    use crate::bureau::sheet::{import, read};
    let book = read::read_workbook(bytes).map_err(|e| ApiError::new(400, ApiCode::Template, e))?;
    let imported = import::import(&book);
    match imported.template {
        Some(t) => Ok(crate::json::to_string(&t)),
        None => {
            let problems: Vec<String> = imported.problems.iter().map(|p| p.to_string()).collect();
            Err(ApiError::new(400, ApiCode::Template, problems.join("; ")))
        }
    }
}

#[derive(serde::Deserialize)]
struct RollupQuery {
    template: Option<String>,
    format: Option<String>,
    locale: Option<String>,
    /// Roster columns to group by, separated by commas (§10.2).
    group_by: Option<String>,
}

async fn rollup(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Query(q): Query<RollupQuery>,
) -> Response {
    if let Err(e) = admin(&caller, "read the district roll-up") {
        return e.into_response();
    }
    let Some(template) = q.template else {
        return ApiError::new(
            400,
            ApiCode::Template,
            "name the template: /api/rollup?template=school-reopening",
        )
        .into_response();
    };
    let format = q.format.unwrap_or_else(|| "json".into());
    if !matches!(format.as_str(), "json" | "csv" | "html") {
        return ApiError::new(400, ApiCode::Format, "format is json, csv or html").into_response();
    }
    let locale = q
        .locale
        .unwrap_or_else(|| crate::text::locale::DEFAULT_LOCALE.into());
    let r = blocking(&app, move |app| {
        let (t, mut doc) = app.rollup(&template, &locale)?;
        // With a roster: the missing sites, attributes and groups, as the command's --roster.
        let groups: Vec<String> = q
            .group_by
            .iter()
            .flat_map(|g| g.split(','))
            .map(|g| g.trim().to_string())
            .filter(|g| !g.is_empty())
            .collect();
        match super::district::stored_roster(app)? {
            Some(r) => crate::bureau::roster::apply(&mut doc, &r, &groups)
                .map_err(|e| ApiError::new(400, ApiCode::GroupBy, e))?,
            None if !groups.is_empty() => {
                return Err(ApiError::new(
                    400,
                    ApiCode::GroupBy,
                    "group_by needs a roster: PUT /api/sites",
                ))
            }
            None => {}
        }
        Ok(match format.as_str() {
            "csv" => (
                "text/csv; charset=utf-8",
                crate::bureau::rollup::sites_csv(&doc),
            ),
            "html" => (
                "text/html; charset=utf-8",
                crate::bureau::html::render(&doc, t.title.get(&locale, &t.default_locale), &locale),
            ),
            _ => (
                "application/json; charset=utf-8",
                crate::report::to_json(&doc),
            ),
        })
    })
    .await;
    match r {
        Ok((ty, body)) => ([(header::CONTENT_TYPE, ty)], body).into_response(),
        Err(e) => e.into_response(),
    }
}

/// What a page served by this service may call: `www/collect.json` on a plain static
/// server says there is no collect service, this route that there is, and whether its API
/// needs a token (the pages then ask for it once per session). It is public: it names
/// paths, nothing stored.
/// Refuses a write sent by a page of another origin: a browser names the page's origin in
/// `Origin` (and `Sec-Fetch-Site`), so a page elsewhere cannot post with a user's
/// credentials. Clients that are no browser (curl, a portal's server) send neither.
fn same_origin(headers: &HeaderMap) -> Result<(), ApiError> {
    let get = |h: &str| headers.get(h).and_then(|v| v.to_str().ok());
    if get("sec-fetch-site") == Some("cross-site") {
        return Err(forbidden_origin());
    }
    let Some(origin) = get("origin") else {
        return Ok(());
    };
    let host = get("host").unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'));
    if origin_host == Some(host) && !host.is_empty() {
        Ok(())
    } else {
        Err(forbidden_origin())
    }
}

fn forbidden_origin() -> ApiError {
    ApiError::new(
        403,
        ApiCode::Origin,
        "a page of another origin may not write to this service",
    )
}

async fn check_writes(req: Request, next: axum::middleware::Next) -> Response {
    let write = !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    if write {
        if let Err(e) = same_origin(req.headers()) {
            return e.into_response();
        }
    }
    next.run(req).await
}

/// `GET /api/templates` (§10.3): the built-in templates and the newest published version
/// of each of the district's, `[{id, version, title, builtin}]`.
async fn templates(State(app): State<Arc<App>>) -> Response {
    let r = blocking(&app, move |app| {
        let mut out = Vec::new();
        for b in crate::builtin::INDEX {
            out.push(serde_json::json!({"id": b.id, "version": b.version, "title": b.title("zh-CN"), "builtin": true}));
        }
        for (id, version, json) in app.store.templates().map_err(super::storage)? {
            let title = crate::template::load(&json)
                .map(|t| t.title.get("zh-CN", &t.default_locale).to_string())
                .unwrap_or_default();
            out.push(serde_json::json!({"id": id, "version": version, "title": title, "builtin": false}));
        }
        Ok(out)
    })
    .await;
    match r {
        Ok(rows) => json_response(200, &Value::Array(rows)),
        Err(e) => e.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct VersionQuery {
    version: Option<String>,
}

/// `GET /api/templates/{id}[?version=V]` (§10.3): the template, as published.
async fn template(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Query<VersionQuery>,
) -> Response {
    let r = blocking(&app, move |app| {
        if let Ok(text) = crate::builtin::text(&id) {
            return Ok(Some(text.to_string()));
        }
        app.store
            .template(&id, q.version.as_deref())
            .map_err(super::storage)
    })
    .await;
    match r {
        Ok(Some(text)) => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            text,
        )
            .into_response(),
        Ok(None) => {
            ApiError::new(404, ApiCode::NotFound, "no such template or version").into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// `GET /api/audit` (admin): every write, newest first.
async fn audit(State(app): State<Arc<App>>, Extension(caller): Extension<Caller>) -> Response {
    let r = blocking(&app, move |app| {
        admin(&caller, "read the audit log")?;
        app.store.audit_log().map_err(super::storage)
    })
    .await;
    match r {
        Ok(rows) => json_response(200, &Value::Array(rows)),
        Err(e) => e.into_response(),
    }
}

async fn api_not_found() -> Response {
    ApiError::new(404, ApiCode::NotFound, "no such endpoint").into_response()
}

/// The service's routes.
pub fn router(app: Arc<App>, www: Option<&super::files::Www>) -> Router {
    use tower_http::set_header::SetResponseHeaderLayer;
    let limit = app.limit;
    let api = Router::new()
        .route("/api/submissions", post(submit).get(list))
        .route("/api/submissions/{id}", get(one))
        .route("/api/blobs/{sha256}", get(blob))
        .route("/api/templates", post(add_template).get(templates))
        .route("/api/templates/{id}", get(template))
        .route("/api/rollup", get(rollup))
        .route("/api/audit", get(audit))
        .route(
            "/api/submissions/{id}/review",
            post(super::district::review),
        )
        .route(
            "/api/sites",
            axum::routing::put(super::district::put_sites).get(super::district::sites),
        )
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .layer(DefaultBodyLimit::max(limit))
        // Every API request shows the token first (static files and the page's
        // configuration do not).
        .route_layer(axum::middleware::from_fn_with_state(
            app.clone(),
            require_token,
        ))
        .route_layer(axum::middleware::from_fn(check_writes))
        .route("/collect.json", get(access::collect_config))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(API_CSP),
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            BODY_IDLE_TIMEOUT,
        ))
        .with_state(app);
    match www {
        Some(www) => super::files::serve(api, www, CSP),
        None => api.fallback(|| async { (StatusCode::NOT_FOUND, Body::from("not found")) }),
    }
}
