//! The collect service's HTTP face (axum): routes, the token and loopback rules, the body
//! limit, multipart reading, and static files with the element's Content-Security-Policy.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;

use super::{ApiError, App, Submission};

/// The policy the element needs (§7.1), sent with every static file.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

fn json_response(status: u16, v: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        crate::json::to_string(v),
    )
        .into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body())
    }
}

/// Runs a database step off the async threads.
async fn blocking<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&App) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || f(&app))
        .await
        .unwrap_or_else(|e| {
            Err(ApiError::new(
                500,
                "internal",
                format!("the request failed: {e}"),
            ))
        })
}

fn authorize(app: &App, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &app.token else {
        return Ok(());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    // Compared in constant time: the token is the district's only lock.
    let same = given.is_some_and(|g| {
        g.len() == token.len()
            && g.bytes()
                .zip(token.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    });
    if same {
        Ok(())
    } else {
        Err(ApiError::new(
            401,
            "unauthorized",
            "send Authorization: Bearer <token>",
        ))
    }
}

async fn require_token(
    State(app): State<Arc<App>>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    match authorize(&app, req.headers()) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

fn too_large(app: &App) -> ApiError {
    ApiError::new(
        413,
        "too_large",
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
            .map(|v| v.chars().take(200).collect()),
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
            .map_err(|e| ApiError::new(400, "multipart", e.body_text()))?;
        loop {
            let field = match mp.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large(app))
                }
                Err(e) => return Err(ApiError::new(400, "multipart", e.body_text())),
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
                Err(e) => return Err(ApiError::new(400, "multipart", e.body_text())),
            };
            let text = || {
                String::from_utf8(bytes.clone()).map_err(|_| {
                    ApiError::new(400, "multipart", format!("part `{name}` is not UTF-8 JSON"))
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
        .map_err(|e| ApiError::new(400, "json", format!("the body is not JSON: {e}")))?;
    let member = |k: &str| {
        v.get(k)
            .filter(|x| !x.is_null())
            .map(crate::json::to_string)
    };
    s.assessment = member("assessment");
    s.result = member("result");
    Ok(s)
}

async fn submit(State(app): State<Arc<App>>, req: Request) -> Response {
    let s = match read_submission(&app, req).await {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    match blocking(&app, move |app| app.submit(s)).await {
        Ok((status, v)) => json_response(status, &v),
        Err(e) => e.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct ListQuery {
    template: Option<String>,
    site: Option<String>,
}

async fn list(State(app): State<Arc<App>>, Query(q): Query<ListQuery>) -> Response {
    let r = blocking(&app, move |app| {
        app.store()
            .list(q.template.as_deref(), q.site.as_deref())
            .map_err(super::storage)
    })
    .await;
    match r {
        Ok(rows) => json_response(200, &Value::Array(rows)),
        Err(e) => e.into_response(),
    }
}

async fn one(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return ApiError::new(404, "not_found", "no such submission").into_response();
    };
    match blocking(&app, move |app| app.store().get(id).map_err(super::storage)).await {
        Ok(Some(v)) => json_response(200, &v),
        Ok(None) => ApiError::new(404, "not_found", "no such submission").into_response(),
        Err(e) => e.into_response(),
    }
}

async fn blob(State(app): State<Arc<App>>, Path(sha): Path<String>) -> Response {
    match blocking(&app, move |app| {
        app.store().blob(&sha).map_err(super::storage)
    })
    .await
    {
        Ok(Some((ty, bytes))) => (
            [
                (header::CONTENT_TYPE, ty),
                (
                    header::CACHE_CONTROL,
                    "private, max-age=31536000, immutable".into(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => ApiError::new(404, "not_found", "no such blob").into_response(),
        Err(e) => e.into_response(),
    }
}

async fn add_template(State(app): State<Arc<App>>, req: Request) -> Response {
    let bytes = match axum::body::to_bytes(req.into_body(), app.limit).await {
        Ok(b) => b,
        Err(_) => return too_large(&app).into_response(),
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    match blocking(&app, move |app| app.add_template(&text)).await {
        Ok(v) => json_response(201, &v),
        Err(e) => e.into_response(),
    }
}

#[derive(serde::Deserialize)]
struct RollupQuery {
    template: Option<String>,
    format: Option<String>,
    locale: Option<String>,
}

async fn rollup(State(app): State<Arc<App>>, Query(q): Query<RollupQuery>) -> Response {
    let Some(template) = q.template else {
        return ApiError::new(
            400,
            "template",
            "name the template: /api/rollup?template=school-reopening",
        )
        .into_response();
    };
    let format = q.format.unwrap_or_else(|| "json".into());
    if !matches!(format.as_str(), "json" | "csv" | "html") {
        return ApiError::new(400, "format", "format is json, csv or html").into_response();
    }
    let locale = q
        .locale
        .unwrap_or_else(|| crate::text::locale::DEFAULT_LOCALE.into());
    let r = blocking(&app, move |app| {
        let (t, doc) = app.rollup(&template, &locale)?;
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
/// server says there is no collect service, this route that there is.
async fn collect_config() -> Response {
    json_response(
        200,
        &serde_json::json!({"submissions": "/api/submissions", "rollup": "/api/rollup"}),
    )
}

async fn api_not_found() -> Response {
    ApiError::new(404, "not_found", "no such endpoint").into_response()
}

/// The service's routes.
pub fn router(app: Arc<App>, www: Option<&std::path::Path>) -> Router {
    let limit = app.limit;
    let api = Router::new()
        .route("/api/submissions", post(submit).get(list))
        .route("/api/submissions/{id}", get(one))
        .route("/api/blobs/{sha256}", get(blob))
        .route("/api/templates", post(add_template))
        .route("/api/rollup", get(rollup))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .route("/collect.json", get(collect_config))
        .layer(DefaultBodyLimit::max(limit))
        // Every API request shows the token first (static files do not).
        .route_layer(axum::middleware::from_fn_with_state(
            app.clone(),
            require_token,
        ))
        .with_state(app);
    match www {
        Some(dir) => {
            let files = tower_http::services::ServeDir::new(dir);
            api.fallback_service(tower_http::set_header::SetResponseHeader::overriding(
                files,
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ))
        }
        None => api.fallback(|| async { (StatusCode::NOT_FOUND, Body::from("not found")) }),
    }
}

/// Serves until the process is stopped. Without a token the address must be loopback.
pub fn run(addr: SocketAddr, app: App, www: Option<std::path::PathBuf>) -> Result<(), String> {
    if app.token.is_none() && !addr.ip().is_loopback() {
        return Err(format!(
            "without --token-file the service binds to loopback only, not {addr}: give a token file to serve a network"
        ));
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        // Not `eprintln!`: a closed standard error must not stop the service.
        let _ = writeln!(
            std::io::stderr(),
            "readycheck serve: listening on http://{bound}/"
        );
        let router = router(Arc::new(app), www.as_deref());
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    })
}
