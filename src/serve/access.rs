//! Who may do what (SPEC §10.1): accounts with a role and a scope, their tokens kept only as
//! a hash. `admin` may do everything; an `inspector` submits inspections and self-checks for
//! the sites in its scope and reads theirs; a `site` account submits self-checks for its own
//! site codes and reads its own. A bad or revoked token is 401, outside the scope 403
//! `forbidden`. `--token-file` names one admin token; with neither accounts nor a token the
//! service stays open, on loopback only.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::Response;

use super::respond::{blocking, json_response};
use super::store::{Account, Store};
use super::{ApiCode, ApiError, App};

/// The roles, as `accounts add --role` takes them.
pub const ROLES: [&str; 3] = ["admin", "inspector", "site"];

/// Who sent a request.
#[derive(Debug, Clone)]
pub enum Caller {
    /// A service with no account and no token (loopback only): as it was before accounts.
    Open,
    /// The `--token-file` token: an admin.
    TokenFile,
    Account(Account),
}

impl Caller {
    /// The name the audit log and the submission record.
    pub fn name(&self) -> &str {
        match self {
            Caller::Open => "anonymous",
            Caller::TokenFile => "token-file",
            Caller::Account(a) => &a.name,
        }
    }

    pub fn is_admin(&self) -> bool {
        match self {
            Caller::Open | Caller::TokenFile => true,
            Caller::Account(a) => a.role == "admin",
        }
    }

    /// Whether a site is in the caller's scope (its codes, and the roster's sites matching its
    /// attribute scope, resolved when the caller is).
    pub fn sees(&self, site: Option<&str>) -> bool {
        if self.is_admin() {
            return true;
        }
        let Caller::Account(a) = self else {
            return false;
        };
        site.is_some_and(|s| a.sites.iter().any(|c| c == s))
    }

    /// Whether the caller may submit an assessment of `mode` for `site`.
    pub fn may_submit(&self, mode: &str, site: Option<&str>) -> bool {
        match self {
            Caller::Account(a) if a.role == "site" => mode == "self" && self.sees(site),
            _ => self.sees(site),
        }
    }
}

/// The 403 of a request outside the caller's scope.
pub fn forbidden(what: &str) -> ApiError {
    ApiError::new(
        403,
        ApiCode::Forbidden,
        format!("this account may not {what}"),
    )
}

/// The caller of a request, from its `Authorization: Bearer` token.
pub fn caller(app: &App, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let unauthorized = || {
        ApiError::new(
            401,
            ApiCode::Unauthorized,
            "send Authorization: Bearer <token> with a valid, unrevoked token",
        )
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if let (Some(g), Some(token)) = (given, &app.token) {
        // Compared in constant time: the admin token is the district's master key.
        let same = g.len() == token.len()
            && g.bytes()
                .zip(token.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            return Ok(Caller::TokenFile);
        }
    }
    let accounts = app.store.accounts().map_err(super::storage)?;
    let active = accounts.iter().any(|a| a.revoked_at.is_none());
    match given {
        Some(g) => {
            let hash = crate::report::canonical::sha256_hex(g.as_bytes());
            let mut account = accounts
                .into_iter()
                .find(|a| a.revoked_at.is_none() && a.token_sha256 == hash)
                .ok_or_else(unauthorized)?;
            // A scope by roster attribute (片区=城关) is the roster's sites that have it.
            if !account.scope.is_empty() {
                for site in app.store.sites().map_err(super::storage)? {
                    let inside = account
                        .scope
                        .iter()
                        .any(|(k, v)| site.attributes.get(k) == Some(v));
                    if inside && !account.sites.contains(&site.code) {
                        account.sites.push(site.code);
                    }
                }
            }
            Ok(Caller::Account(account))
        }
        None if app.token.is_none() && !active => Ok(Caller::Open),
        None => Err(unauthorized()),
    }
}

/// A new token: 256 random bits from the operating system, hex, with a prefix that says
/// what it is when it turns up in a log.
pub fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no random source: {e}"))?;
    Ok(format!("rc_{}", crate::report::canonical::hex(&bytes)))
}

/// `readycheck accounts add`: a new account; gives its token (shown once, stored hashed).
pub fn add(
    store: &Store,
    name: &str,
    role: &str,
    sites: Vec<String>,
    scope: Vec<(String, String)>,
    now: &str,
) -> Result<String, String> {
    if !ROLES.contains(&role) {
        return Err(format!(
            "--role {} is not one of {}",
            crate::text::quote(role),
            ROLES.join(", ")
        ));
    }
    if name.trim().is_empty() {
        return Err("--name names the account (a person or a school)".into());
    }
    if role != "admin" && sites.is_empty() && scope.is_empty() {
        return Err(format!(
            "a {role} account needs a scope: --sites CODE,... or --scope KEY=VALUE"
        ));
    }
    let token = new_token()?;
    let account = Account {
        name: name.to_string(),
        role: role.to_string(),
        token_sha256: crate::report::canonical::sha256_hex(token.as_bytes()),
        sites,
        scope,
        created_at: now.to_string(),
        revoked_at: None,
    };
    store.add_account(&account).map_err(|e| {
        if e.unique {
            format!(
                "an account named {} exists already",
                crate::text::quote(name)
            )
        } else {
            e.message
        }
    })?;
    store
        .audit(now, "cli", "account add", name)
        .map_err(|e| e.message)?;
    Ok(token)
}

/// `collect.json`: where the pages send and read, and whether they must ask for a token
/// (a token file, or any active account: SPEC §10.1).
pub async fn collect_config(State(app): State<Arc<App>>) -> Response {
    let token = app.token.is_some()
        || blocking(&app, |app| {
            let accounts = app.store.accounts().map_err(super::storage)?;
            Ok(accounts.iter().any(|a| a.revoked_at.is_none()))
        })
        .await
        .unwrap_or(true);
    json_response(
        200,
        &serde_json::json!({"submissions": "/api/submissions", "rollup": "/api/rollup",
                            "token": token}),
    )
}
