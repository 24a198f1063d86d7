//! The PostgreSQL engine: a pool of connections (r2d2), so several requests of one process
//! and several processes on one database work at once. Each submission is one transaction
//! with its blobs; the idempotency key is a unique index, so two processes given the same
//! key store one row; migrations run at start inside a transaction holding an advisory
//! lock, so two processes starting at once apply each step once.

use postgres::error::SqlState;
use postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;
use serde_json::Value;

use super::{Account, Earlier, NewSubmission, Result, StoreError, Stored, STEPS};

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

pub struct Postgres {
    pool: Pool,
}

/// The base tables, as SQLite has them (types in PostgreSQL's words).
const BASE: &str = "
CREATE TABLE IF NOT EXISTS submissions (
  id BIGSERIAL PRIMARY KEY,
  idempotency_key TEXT UNIQUE,
  received_at TEXT NOT NULL,
  template_id TEXT NOT NULL,
  template_version TEXT NOT NULL,
  site_code TEXT,
  site_name TEXT,
  mode TEXT,
  as_of TEXT,
  verdict TEXT NOT NULL,
  score DOUBLE PRECISION,
  tampered BOOLEAN NOT NULL,
  assessment TEXT NOT NULL,
  submitted_result TEXT,
  result TEXT NOT NULL,
  response TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_template ON submissions (template_id, site_code);
CREATE TABLE IF NOT EXISTS blobs (
  sha256 TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  bytes BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS submission_blobs (
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  PRIMARY KEY (submission_id, sha256)
);
CREATE TABLE IF NOT EXISTS templates (
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  json TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
";

/// The advisory lock the migrations hold (any constant of this service's own).
const MIGRATION_LOCK: i64 = 0x0072_6561_6479_636b; // "readyck"

fn err(e: postgres::Error) -> StoreError {
    let unique = e.code() == Some(&SqlState::UNIQUE_VIOLATION);
    StoreError {
        message: format!("the database failed: {e}"),
        unique,
    }
}

fn pool_err(e: r2d2::Error) -> StoreError {
    StoreError {
        message: format!("no database connection: {e}"),
        unique: false,
    }
}

impl Postgres {
    pub fn open(url: &str) -> Result<Postgres> {
        let config: postgres::Config = url.parse().map_err(err)?;
        let manager = PostgresConnectionManager::new(config, NoTls);
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .connection_timeout(std::time::Duration::from_secs(10))
            .build(manager)
            .map_err(pool_err)?;
        let db = Postgres { pool };
        db.migrate()?;
        Ok(db)
    }

    fn conn(&self) -> Result<r2d2::PooledConnection<PostgresConnectionManager<NoTls>>> {
        self.pool.get().map_err(pool_err)
    }

    /// The base tables and every step not yet applied, in one transaction under the lock.
    fn migrate(&self) -> Result<()> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(err)?;
        tx.batch_execute(BASE).map_err(err)?;
        let done: Option<i32> = tx
            .query_opt("SELECT version FROM schema_version", &[])
            .map_err(err)?
            .map(|r| r.get(0));
        if done.is_none() {
            tx.execute("INSERT INTO schema_version (version) VALUES (0)", &[])
                .map_err(err)?;
        }
        let done = done.unwrap_or(0).max(0) as usize;
        for step in STEPS.iter().skip(done) {
            tx.batch_execute(step.postgres).map_err(err)?;
        }
        tx.execute(
            "UPDATE schema_version SET version = $1",
            &[&(STEPS.len() as i32)],
        )
        .map_err(err)?;
        tx.commit().map_err(err)
    }

    pub fn earlier(&self, key_sha256: &str) -> Result<Option<Earlier>> {
        let row = self
            .conn()?
            .query_opt(
                "SELECT response, body_sha256 FROM submissions WHERE key_sha256 = $1",
                &[&key_sha256],
            )
            .map_err(err)?;
        Ok(row.map(|r| Earlier {
            response: serde_json::from_str(r.get::<_, &str>(0)).unwrap_or(Value::Null),
            body_sha256: r.get(1),
        }))
    }

    pub fn insert(&self, s: &NewSubmission, respond: impl FnOnce(i64) -> Value) -> Result<Stored> {
        if let Some(key) = s.key_sha256 {
            if let Some(first) = self.earlier(key)? {
                return Ok(Stored::Again(first));
            }
        }
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(err)?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO submissions (key_sha256, body_sha256, received_at, template_id,
                   template_version, site_code, site_name, mode, as_of, verdict, score, tampered,
                   assessment, submitted_result, result, as_of_gap, backdated, account, response)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, '')
                 RETURNING id",
                &[
                    &s.key_sha256,
                    &s.body_sha256,
                    &s.received_at,
                    &s.template.0,
                    &s.template.1,
                    &s.site.0,
                    &s.site.1,
                    &s.mode,
                    &s.as_of,
                    &s.verdict,
                    &s.score,
                    &s.tampered,
                    &s.assessment,
                    &s.submitted_result,
                    &s.result,
                    &s.as_of_gap,
                    &s.backdated,
                    &s.account,
                ],
            )
            .map_err(err)?
            .get(0);
        for (sha, ty, bytes) in s.blobs {
            tx.execute(
                "INSERT INTO blobs (sha256, type, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[sha, ty, bytes],
            )
            .map_err(err)?;
            tx.execute(
                "INSERT INTO submission_blobs (submission_id, sha256) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&id, sha],
            )
            .map_err(err)?;
        }
        let response = respond(id);
        tx.execute(
            "UPDATE submissions SET response = $1 WHERE id = $2",
            &[&response.to_string(), &id],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Stored::New(response))
    }

    pub fn list(
        &self,
        template: Option<&str>,
        site: Option<&str>,
        mode: Option<&str>,
    ) -> Result<Vec<Value>> {
        let rows = self
            .conn()?
            .query(
                "SELECT id, received_at, template_id, template_version, site_code, site_name, mode,
                        as_of, verdict, score, tampered, backdated,
                        (SELECT state FROM reviews r WHERE r.submission_id = s.id ORDER BY r.id DESC LIMIT 1)
                 FROM submissions s
                 WHERE ($1::TEXT IS NULL OR template_id = $1) AND ($2::TEXT IS NULL OR site_code = $2)
                   AND ($3::TEXT IS NULL OR mode = $3)
                 ORDER BY id DESC",
                &[&template, &site, &mode],
            )
            .map_err(err)?;
        Ok(rows
            .iter()
            .map(|r| {
                super::listing_row(
                    r.get(0),
                    r.get(1),
                    (r.get(2), r.get(3)),
                    (r.get(4), r.get(5)),
                    r.get(6),
                    r.get(7),
                    r.get(8),
                    r.get(9),
                    r.get(10),
                    r.get(11),
                    r.get(12),
                )
            })
            .collect())
    }

    pub fn get(&self, id: i64) -> Result<Option<Value>> {
        let mut c = self.conn()?;
        let Some(r) = c
            .query_opt(
                "SELECT received_at, assessment, result, submitted_result, tampered
                 FROM submissions WHERE id = $1",
                &[&id],
            )
            .map_err(err)?
        else {
            return Ok(None);
        };
        let blobs: Vec<String> = c
            .query(
                "SELECT sha256 FROM submission_blobs WHERE submission_id = $1 ORDER BY sha256",
                &[&id],
            )
            .map_err(err)?
            .iter()
            .map(|b| b.get(0))
            .collect();
        Ok(Some(super::submission_doc(
            id,
            r.get(0),
            (r.get(1), r.get(2), r.get(3)),
            r.get(4),
            blobs,
        )))
    }

    pub fn blob(&self, sha: &str) -> Result<Option<(String, Vec<u8>)>> {
        let row = self
            .conn()?
            .query_opt("SELECT type, bytes FROM blobs WHERE sha256 = $1", &[&sha])
            .map_err(err)?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    pub fn entries(&self, template: &str, mut f: impl FnMut(i64, String)) -> Result<()> {
        // A cursor in pages, so memory holds a page of submissions, not all of them.
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(err)?;
        let portal = tx
            .bind(
                "SELECT id, assessment, submitted_result FROM submissions WHERE template_id = $1 ORDER BY id",
                &[&template],
            )
            .map_err(err)?;
        loop {
            let rows = tx.query_portal(&portal, 256).map_err(err)?;
            if rows.is_empty() {
                break;
            }
            for r in rows {
                f(r.get(0), super::entry_text(r.get(1), r.get(2)));
            }
        }
        tx.commit().map_err(err)
    }

    pub fn add_template(&self, id: &str, version: &str, json: &str, now: &str) -> Result<()> {
        self.conn()?
            .execute(
                "INSERT INTO templates (id, version, json, added_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
                &[&id, &version, &json, &now],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn template(&self, id: &str, version: Option<&str>) -> Result<Option<String>> {
        let row = self
            .conn()?
            .query_opt(
                "SELECT json FROM templates WHERE id = $1 AND ($2::TEXT IS NULL OR version = $2)
                 ORDER BY added_at DESC LIMIT 1",
                &[&id, &version],
            )
            .map_err(err)?;
        Ok(row.map(|r| r.get(0)))
    }

    pub fn add_review(
        &self,
        id: i64,
        state: &str,
        note: &str,
        account: &str,
        at: &str,
    ) -> Result<()> {
        self.conn()?
            .execute(
                "INSERT INTO reviews (submission_id, state, note, account, at) VALUES ($1, $2, $3, $4, $5)",
                &[&id, &state, &note, &account, &at],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn reviews(&self, id: i64) -> Result<Vec<Value>> {
        let rows = self
            .conn()?
            .query(
                "SELECT state, note, account, at FROM reviews WHERE submission_id = $1 ORDER BY id",
                &[&id],
            )
            .map_err(err)?;
        Ok(rows
            .iter()
            .map(|r| super::review_row(r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }

    pub fn set_sites(&self, sites: &[crate::bureau::roster::Site]) -> Result<()> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(err)?;
        tx.execute("DELETE FROM sites", &[]).map_err(err)?;
        for (k, s) in sites.iter().enumerate() {
            let attrs = serde_json::to_string(&s.attributes).unwrap_or_default();
            tx.execute(
                "INSERT INTO sites (code, name, attributes, position) VALUES ($1, $2, $3, $4)",
                &[&s.code, &s.name, &attrs, &(k as i32)],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    pub fn sites(&self) -> Result<Vec<crate::bureau::roster::Site>> {
        let rows = self
            .conn()?
            .query(
                "SELECT code, name, attributes FROM sites ORDER BY position",
                &[],
            )
            .map_err(err)?;
        Ok(rows
            .iter()
            .map(|r| super::site_row(r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    pub fn templates(&self) -> Result<Vec<(String, String, String)>> {
        let rows = self
            .conn()?
            .query(
                "SELECT id, version, json FROM templates t
                 WHERE added_at = (SELECT max(added_at) FROM templates u WHERE u.id = t.id)
                 ORDER BY id",
                &[],
            )
            .map_err(err)?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    pub fn add_account(&self, a: &Account) -> Result<()> {
        self.conn()?
            .execute(
                "INSERT INTO accounts (name, role, token_sha256, sites, scope, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &a.name,
                    &a.role,
                    &a.token_sha256,
                    &a.sites_json(),
                    &a.scope_json(),
                    &a.created_at,
                ],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn accounts(&self) -> Result<Vec<Account>> {
        let rows = self
            .conn()?
            .query(
                "SELECT name, role, token_sha256, sites, scope, created_at, revoked_at
                 FROM accounts ORDER BY name",
                &[],
            )
            .map_err(err)?;
        Ok(rows
            .iter()
            .map(|r| {
                Account::from_columns(
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    r.get(3),
                    r.get(4),
                    r.get(5),
                    r.get(6),
                )
            })
            .collect())
    }

    pub fn revoke_account(&self, name: &str, at: &str) -> Result<bool> {
        self.conn()?
            .execute(
                "UPDATE accounts SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL",
                &[&name, &at],
            )
            .map(|n| n > 0)
            .map_err(err)
    }

    pub fn audit(&self, at: &str, account: &str, action: &str, object: &str) -> Result<()> {
        self.conn()?
            .execute(
                "INSERT INTO audit (at, account, action, object) VALUES ($1, $2, $3, $4)",
                &[&at, &account, &action, &object],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn audit_log(&self) -> Result<Vec<Value>> {
        let rows = self
            .conn()?
            .query(
                "SELECT at, account, action, object FROM audit ORDER BY id DESC",
                &[],
            )
            .map_err(err)?;
        Ok(rows
            .iter()
            .map(|r| super::audit_row(r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }

    pub fn owner(&self, id: i64) -> Result<Option<(Option<String>, Option<String>)>> {
        let row = self
            .conn()?
            .query_opt(
                "SELECT site_code, account FROM submissions WHERE id = $1",
                &[&id],
            )
            .map_err(err)?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    pub fn blob_sites(&self, sha: &str) -> Result<Vec<Option<String>>> {
        let rows = self
            .conn()?
            .query(
                "SELECT s.site_code FROM submission_blobs b JOIN submissions s ON s.id = b.submission_id
                 WHERE b.sha256 = $1",
                &[&sha],
            )
            .map_err(err)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}
