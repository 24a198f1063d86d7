//! The district's side of the service: the roster of sites (SPEC §10.2, `PUT/GET
//! /api/sites`) with each site's latest self-check and inspection, and reviews of
//! submissions (§10.4, `POST /api/submissions/{id}/review`): accepted, returned for
//! rectification, or to be inspected again.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{json, Value};

use super::access::{self, Caller};
use super::respond::{blocking, json_response};
use super::store::Filter;
use super::{ApiCode, ApiError, App};
use crate::bureau::roster::{self, Roster, Site};

/// The review states (§10.4).
pub const REVIEW_STATES: [&str; 3] = ["accepted", "returned", "reinspect"];

/// `POST /api/submissions/{id}/review` with `{state, note}`: an admin, or an inspector with
/// the site in scope.
pub async fn review(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return ApiError::new(404, ApiCode::NotFound, "no such submission").into_response();
    };
    let bytes = match axum::body::to_bytes(req.into_body(), 64 * 1024).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(413, ApiCode::TooLarge, "a review is a short note")
                .into_response()
        }
    };
    let r = blocking(&app, move |app| {
        let body: Value =
            crate::json::parse(std::str::from_utf8(&bytes).unwrap_or("")).map_err(|e| {
                ApiError::new(400, ApiCode::Json, format!("the review is not JSON: {e}"))
            })?;
        let state = body["state"].as_str().unwrap_or("");
        if !REVIEW_STATES.contains(&state) {
            return Err(ApiError::new(
                400,
                ApiCode::State,
                format!("`state` is one of {}", REVIEW_STATES.join(", ")),
            ));
        }
        let note = body["note"].as_str().unwrap_or("");
        let Some((site, _)) = app.store.owner(id).map_err(super::storage)? else {
            return Err(ApiError::new(404, ApiCode::NotFound, "no such submission"));
        };
        let may = match &caller {
            Caller::Account(a) if a.role == "site" => false,
            c => c.sees(site.as_deref()),
        };
        if !may {
            return Err(access::forbidden("review this site's submissions"));
        }
        let at = super::now();
        app.store
            .add_review(id, state, note, caller.name(), &at)
            .map_err(super::storage)?;
        app.store
            .audit(
                &at,
                caller.name(),
                "review",
                &format!("submission {id}: {state}"),
            )
            .map_err(super::storage)?;
        Ok(json!({"id": id, "state": state, "note": note, "account": caller.name(), "at": at}))
    })
    .await;
    match r {
        Ok(v) => json_response(201, &v),
        Err(e) => e.into_response(),
    }
}

/// `PUT /api/sites` (admin): replaces the roster with a CSV file, a workbook's first sheet or
/// JSON `[{code, name, ...attributes}]`.
pub async fn put_sites(
    State(app): State<Arc<App>>,
    Extension(caller): Extension<Caller>,
    req: Request,
) -> Response {
    if !caller.is_admin() {
        return access::forbidden("replace the roster").into_response();
    }
    let bytes = match axum::body::to_bytes(req.into_body(), app.limit).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(413, ApiCode::TooLarge, "the roster is over the limit")
                .into_response()
        }
    };
    let r = blocking(&app, move |app| {
        let sites = parse_roster(&bytes).map_err(|e| ApiError::new(400, ApiCode::Roster, e))?;
        app.store.set_sites(&sites).map_err(super::storage)?;
        app.store
            .audit(
                &super::now(),
                caller.name(),
                "roster",
                &format!("{} sites", sites.len()),
            )
            .map_err(super::storage)?;
        Ok(json!({"sites": sites.len()}))
    })
    .await;
    match r {
        Ok(v) => json_response(200, &v),
        Err(e) => e.into_response(),
    }
}

/// The sites of a roster upload: JSON, or rows of a CSV file or workbook.
fn parse_roster(bytes: &[u8]) -> Result<Vec<Site>, String> {
    let text = std::str::from_utf8(bytes)
        .ok()
        .map(|t| t.trim_start_matches('\u{feff}').trim_start());
    if let Some(t) = text.filter(|t| t.starts_with('[')) {
        let v: Vec<serde_json::Map<String, Value>> =
            serde_json::from_str(t).map_err(|e| format!("the roster is not JSON: {e}"))?;
        let mut rows = vec![vec!["code".to_string(), "name".to_string()]];
        let mut columns: Vec<String> = Vec::new();
        for o in &v {
            for k in o.keys().filter(|k| *k != "code" && *k != "name") {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
        rows[0].extend(columns.iter().cloned());
        let text_of = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        for o in &v {
            let mut row = vec![text_of(o.get("code")), text_of(o.get("name"))];
            row.extend(columns.iter().map(|c| text_of(o.get(c))));
            rows.push(row);
        }
        return roster::from_rows(rows, "the roster").map(|r| r.sites);
    }
    let rows = crate::bureau::sheet::read::table_bytes(bytes)?;
    roster::from_rows(rows, "the roster").map(|r| r.sites)
}

/// `GET /api/sites`: the roster (in the caller's scope), each site with its latest
/// self-check and inspection (verdict, score, as_of, review state).
pub async fn sites(State(app): State<Arc<App>>, Extension(caller): Extension<Caller>) -> Response {
    let r = blocking(&app, move |app| {
        let sites = app.store.sites().map_err(super::storage)?;
        // One listing (newest first), its first row per site and mode: not two queries a site.
        let mut latest: HashMap<(String, String), Value> = HashMap::new();
        for r in app.store.list(Filter::default()).map_err(super::storage)? {
            let key = (
                r["site"]["code"].as_str().unwrap_or("").to_string(),
                r["mode"].as_str().unwrap_or("").to_string(),
            );
            latest.entry(key).or_insert_with(|| {
                json!({"id": r["id"], "verdict": r["verdict"], "score": r["score"],
                       "as_of": r["as_of"], "review": r["review"]})
            });
        }
        let mut out = Vec::new();
        for s in sites.iter().filter(|s| caller.sees(Some(&s.code))) {
            let state = |mode: &str| {
                latest
                    .get(&(s.code.clone(), mode.to_string()))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            out.push(
                json!({"code": s.code, "name": s.name, "attributes": s.attributes,
                            "self": state("self"), "inspection": state("inspection")}),
            );
        }
        Ok(out)
    })
    .await;
    match r {
        Ok(rows) => json_response(200, &Value::Array(rows)),
        Err(e) => e.into_response(),
    }
}

/// The stored roster as the roll-up takes it, if there is one.
pub fn stored_roster(app: &App) -> Result<Option<Roster>, ApiError> {
    let sites = app.store.sites().map_err(super::storage)?;
    if sites.is_empty() {
        return Ok(None);
    }
    let mut columns: Vec<String> = Vec::new();
    for s in &sites {
        for k in s.attributes.keys() {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    Ok(Some(Roster { columns, sites }))
}
