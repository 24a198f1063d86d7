//! The collect service's storage (§10.5): one interface, two engines. SQLite (a file, the
//! default, embedded) and PostgreSQL (`--db postgres://…`, for a province's own database
//! server and several service processes behind a load balancer) give the same answers and
//! the same guarantees: each submission stored with its blobs in one transaction, a unique
//! idempotency key across processes, blobs stored once by hash, and the same versioned
//! schema migrations, applied at start under a lock.

mod postgres;
mod sqlite;

use serde_json::Value;

/// A failure of the database, and whether it was a unique key already taken (two requests
/// with one idempotency key at once).
#[derive(Debug)]
pub struct StoreError {
    pub message: String,
    pub unique: bool,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A submission ready to store: the documents as text and what the listing shows.
pub struct NewSubmission<'a> {
    /// The SHA-256 of the whole `Idempotency-Key`, and of the body it came with.
    pub key_sha256: Option<&'a str>,
    pub body_sha256: &'a str,
    pub received_at: &'a str,
    pub template: (&'a str, &'a str),
    pub site: (Option<&'a str>, Option<&'a str>),
    pub mode: &'a str,
    pub as_of: Option<&'a str>,
    pub verdict: &'a str,
    pub score: Option<f64>,
    pub tampered: bool,
    /// Days from `as_of` to the day received, and whether that is past the tolerance.
    pub as_of_gap: Option<i64>,
    pub backdated: bool,
    pub assessment: &'a str,
    pub submitted_result: Option<&'a str>,
    pub result: &'a str,
    /// The account that sent it (none on a service without accounts).
    pub account: Option<&'a str>,
    /// (sha256, content type, bytes)
    pub blobs: &'a [(String, String, Vec<u8>)],
}

/// What an idempotency key was first used with.
pub struct Earlier {
    pub response: Value,
    /// The hash of the first body (`None` for rows stored before bodies were hashed).
    pub body_sha256: Option<String>,
}

/// What storing gave: the new row's response, or what that key was first used with.
pub enum Stored {
    New(Value),
    Again(Earlier),
}

/// One schema change, written for each engine. Applied in order after the base tables; a
/// database records how many it has had (SQLite `PRAGMA user_version`, PostgreSQL the table
/// `schema_version`), so a file or database written by an older version is brought up to
/// date in place.
pub struct Step {
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

pub const STEPS: &[Step] = &[
    // 1: idempotency by the whole key's hash and the body's hash, and the `as_of` gap
    // (issue 27). Keys were cut at 200 characters, so two long keys could collide; a retry
    // with another body must be refused, not answered with the first response.
    Step {
        sqlite: "ALTER TABLE submissions ADD COLUMN key_sha256 TEXT;
                 ALTER TABLE submissions ADD COLUMN body_sha256 TEXT;
                 ALTER TABLE submissions ADD COLUMN as_of_gap INTEGER;
                 ALTER TABLE submissions ADD COLUMN backdated INTEGER NOT NULL DEFAULT 0;
                 CREATE UNIQUE INDEX IF NOT EXISTS submissions_by_key ON submissions (key_sha256);",
        postgres: "ALTER TABLE submissions ADD COLUMN key_sha256 TEXT;
                   ALTER TABLE submissions ADD COLUMN body_sha256 TEXT;
                   ALTER TABLE submissions ADD COLUMN as_of_gap BIGINT;
                   ALTER TABLE submissions ADD COLUMN backdated BOOLEAN NOT NULL DEFAULT FALSE;
                   CREATE UNIQUE INDEX IF NOT EXISTS submissions_by_key ON submissions (key_sha256);",
    },
    // 2: accounts and the audit log (§10.1, issue 25); a submission records its account.
    Step {
        sqlite: "CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, role TEXT NOT NULL,
                   token_sha256 TEXT NOT NULL UNIQUE, sites TEXT NOT NULL, scope TEXT NOT NULL,
                   created_at TEXT NOT NULL, revoked_at TEXT);
                 CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL,
                   account TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL);
                 ALTER TABLE submissions ADD COLUMN account TEXT;",
        postgres: "CREATE TABLE IF NOT EXISTS accounts (name TEXT PRIMARY KEY, role TEXT NOT NULL,
                     token_sha256 TEXT NOT NULL UNIQUE, sites TEXT NOT NULL, scope TEXT NOT NULL,
                     created_at TEXT NOT NULL, revoked_at TEXT);
                   CREATE TABLE IF NOT EXISTS audit (id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL,
                     account TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL);
                   ALTER TABLE submissions ADD COLUMN account TEXT;",
    },
    // 3: reviews of submissions (§10.4) and the roster of sites (§10.2).
    Step {
        sqlite: "CREATE TABLE IF NOT EXISTS reviews (id INTEGER PRIMARY KEY,
                   submission_id INTEGER NOT NULL REFERENCES submissions(id), state TEXT NOT NULL,
                   note TEXT NOT NULL, account TEXT NOT NULL, at TEXT NOT NULL);
                 CREATE INDEX IF NOT EXISTS reviews_by_submission ON reviews (submission_id);
                 CREATE TABLE IF NOT EXISTS sites (code TEXT PRIMARY KEY, name TEXT NOT NULL,
                   attributes TEXT NOT NULL, position INTEGER NOT NULL);",
        postgres: "CREATE TABLE IF NOT EXISTS reviews (id BIGSERIAL PRIMARY KEY,
                     submission_id BIGINT NOT NULL REFERENCES submissions(id), state TEXT NOT NULL,
                     note TEXT NOT NULL, account TEXT NOT NULL, at TEXT NOT NULL);
                   CREATE INDEX IF NOT EXISTS reviews_by_submission ON reviews (submission_id);
                   CREATE TABLE IF NOT EXISTS sites (code TEXT PRIMARY KEY, name TEXT NOT NULL,
                     attributes TEXT NOT NULL, position INTEGER NOT NULL);",
    },
];

/// A listing's filters: template, site code, mode.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter<'a> {
    pub template: Option<&'a str>,
    pub site: Option<&'a str>,
    pub mode: Option<&'a str>,
}

/// An account (§10.1): who may do what. Its token is kept only as a hash.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Account {
    pub name: String,
    /// `admin`, `inspector` or `site`.
    pub role: String,
    #[serde(skip)]
    pub token_sha256: String,
    /// Site codes in scope.
    pub sites: Vec<String>,
    /// Roster attributes in scope (`片区=城关`), as key and value.
    pub scope: Vec<(String, String)>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

impl Account {
    fn sites_json(&self) -> String {
        serde_json::to_string(&self.sites).unwrap_or_default()
    }

    fn scope_json(&self) -> String {
        serde_json::to_string(&self.scope).unwrap_or_default()
    }

    #[allow(clippy::too_many_arguments)]
    fn from_columns(
        name: String,
        role: String,
        token_sha256: String,
        sites: &str,
        scope: &str,
        created_at: String,
        revoked_at: Option<String>,
    ) -> Account {
        Account {
            name,
            role,
            token_sha256,
            sites: serde_json::from_str(sites).unwrap_or_default(),
            scope: serde_json::from_str(scope).unwrap_or_default(),
            created_at,
            revoked_at,
        }
    }
}

/// The service's database: an SQLite file or a PostgreSQL server.
pub enum Store {
    Sqlite(sqlite::Sqlite),
    Postgres(postgres::Postgres),
}

/// Calls the same method on whichever engine the store is.
macro_rules! each {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            Store::Sqlite($s) => $e,
            Store::Postgres($s) => $e,
        }
    };
}

impl Store {
    /// Opens `--db`: a `postgres://` (or `postgresql://`) URL, else an SQLite file; applies
    /// the migrations it has not had.
    pub fn open(db: &str) -> Result<Store> {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            postgres::Postgres::open(db).map(Store::Postgres)
        } else {
            sqlite::Sqlite::open(db).map(Store::Sqlite)
        }
    }

    /// Which engine, for messages and the benchmark.
    pub fn engine(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }

    /// What an idempotency key (given as its SHA-256) was first used with, if it was.
    pub fn earlier(&self, key_sha256: &str) -> Result<Option<Earlier>> {
        each!(self, s => s.earlier(key_sha256))
    }

    /// Stores a submission and its blobs in one transaction. The response (`{id, verdict,
    /// score, receipt, tampered, …}`) is made from the new id by `respond`.
    pub fn insert(&self, s: &NewSubmission, respond: impl FnOnce(i64) -> Value) -> Result<Stored> {
        each!(self, db => db.insert(s, respond))
    }

    /// The listing: newest first, filtered; each row with its latest review state.
    pub fn list(&self, f: Filter) -> Result<Vec<Value>> {
        each!(self, s => s.list(f.template, f.site, f.mode))
    }

    /// Records a review of a submission (§10.4).
    pub fn add_review(
        &self,
        id: i64,
        state: &str,
        note: &str,
        account: &str,
        at: &str,
    ) -> Result<()> {
        each!(self, s => s.add_review(id, state, note, account, at))
    }

    /// A submission's reviews, oldest first.
    pub fn reviews(&self, id: i64) -> Result<Vec<Value>> {
        each!(self, s => s.reviews(id))
    }

    /// Replaces the roster (§10.2) in one transaction.
    pub fn set_sites(&self, sites: &[crate::bureau::roster::Site]) -> Result<()> {
        each!(self, s => s.set_sites(sites))
    }

    /// The roster, in the order it was given.
    pub fn sites(&self) -> Result<Vec<crate::bureau::roster::Site>> {
        each!(self, s => s.sites())
    }

    /// One submission: the assessment, the re-scored result and the blobs' hashes.
    pub fn get(&self, id: i64) -> Result<Option<Value>> {
        each!(self, s => s.get(id))
    }

    pub fn blob(&self, sha: &str) -> Result<Option<(String, Vec<u8>)>> {
        each!(self, s => s.blob(sha))
    }

    /// Each stored submission of a template as a roll-up entry: `{assessment, result}`
    /// with the result the client submitted (or the assessment alone), in id order.
    pub fn entries(&self, template: &str, f: impl FnMut(i64, String)) -> Result<()> {
        each!(self, s => s.entries(template, f))
    }

    /// Publishes a template version; an existing id@version is never replaced.
    pub fn add_template(&self, id: &str, version: &str, json: &str, now: &str) -> Result<()> {
        each!(self, s => s.add_template(id, version, json, now))
    }

    /// A published template: that version (`None`: the newest published).
    pub fn template(&self, id: &str, version: Option<&str>) -> Result<Option<String>> {
        each!(self, s => s.template(id, version))
    }

    /// The newest published version of each template id: (id, version, json).
    pub fn templates(&self) -> Result<Vec<(String, String, String)>> {
        each!(self, s => s.templates())
    }

    /// Adds an account; its name must be new.
    pub fn add_account(&self, a: &Account) -> Result<()> {
        each!(self, s => s.add_account(a))
    }

    /// Every account, revoked ones too, by name.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        each!(self, s => s.accounts())
    }

    /// Revokes an account; false when there is no such account still active.
    pub fn revoke_account(&self, name: &str, at: &str) -> Result<bool> {
        each!(self, s => s.revoke_account(name, at))
    }

    /// Appends to the audit log: when, who, what, on what.
    pub fn audit(&self, at: &str, account: &str, action: &str, object: &str) -> Result<()> {
        each!(self, s => s.audit(at, account, action, object))
    }

    /// The audit log, newest first.
    pub fn audit_log(&self) -> Result<Vec<Value>> {
        each!(self, s => s.audit_log())
    }

    /// Which account sent a submission, and its site code (for scope checks).
    pub fn owner(&self, id: i64) -> Result<Option<(Option<String>, Option<String>)>> {
        each!(self, s => s.owner(id))
    }

    /// The site codes of the submissions that carry a blob.
    pub fn blob_sites(&self, sha: &str) -> Result<Vec<Option<String>>> {
        each!(self, s => s.blob_sites(sha))
    }
}

/// The listing row both engines give.
#[allow(clippy::too_many_arguments)]
fn listing_row(
    id: i64,
    received_at: String,
    template: (String, String),
    site: (Option<String>, Option<String>),
    mode: Option<String>,
    as_of: Option<String>,
    verdict: String,
    score: Option<f64>,
    tampered: bool,
    backdated: bool,
    review: Option<String>,
) -> Value {
    serde_json::json!({
        "review": review,
        "id": id,
        "received_at": received_at,
        "template": {"id": template.0, "version": template.1},
        "site": {"code": site.0, "name": site.1},
        "mode": mode,
        "as_of": as_of,
        "verdict": verdict,
        "score": score,
        "tampered": tampered,
        "backdated": backdated,
    })
}

/// One submission as `GET /api/submissions/{id}` gives it.
fn submission_doc(
    id: i64,
    received_at: String,
    documents: (String, String, Option<String>),
    tampered: bool,
    blobs: Vec<String>,
) -> Value {
    let parse = |t: &str| serde_json::from_str::<Value>(t).unwrap_or(Value::Null);
    let (assessment, result, submitted) = documents;
    serde_json::json!({
        "id": id,
        "received_at": received_at,
        "assessment": parse(&assessment),
        "result": parse(&result),
        "submitted_result": submitted.as_deref().map(parse),
        "tampered": tampered,
        "blobs": blobs,
    })
}

/// One review.
fn review_row(state: String, note: String, account: String, at: String) -> Value {
    serde_json::json!({"state": state, "note": note, "account": account, "at": at})
}

/// A roster site from its columns.
fn site_row(code: String, name: String, attributes: &str) -> crate::bureau::roster::Site {
    crate::bureau::roster::Site {
        code,
        name,
        attributes: serde_json::from_str(attributes).unwrap_or_default(),
    }
}

/// One line of the audit log.
fn audit_row(at: String, account: String, action: String, object: String) -> Value {
    serde_json::json!({"at": at, "account": account, "action": action, "object": object})
}

/// A roll-up entry: `{assessment, result}`, or the assessment alone.
fn entry_text(assessment: String, submitted: Option<String>) -> String {
    match submitted {
        Some(res) => format!("{{\"assessment\":{assessment},\"result\":{res}}}"),
        None => assessment,
    }
}
