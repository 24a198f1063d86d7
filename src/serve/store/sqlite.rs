//! The SQLite engine: one file, one connection behind a mutex (SQLite writes one at a time
//! anyway). Each submission is stored with its blobs in one transaction, so a crash leaves
//! either all of it or none of it.

use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

use super::{Account, Earlier, NewSubmission, Result, StoreError, Stored, STEPS};

fn err(e: rusqlite::Error) -> StoreError {
    let unique = matches!(&e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation);
    StoreError {
        message: format!("the database failed: {e}"),
        unique,
    }
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS submissions (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT UNIQUE,
  received_at TEXT NOT NULL,
  template_id TEXT NOT NULL,
  template_version TEXT NOT NULL,
  site_code TEXT,
  site_name TEXT,
  mode TEXT,
  as_of TEXT,
  verdict TEXT NOT NULL,
  score REAL,
  tampered INTEGER NOT NULL,
  assessment TEXT NOT NULL,
  submitted_result TEXT,
  result TEXT NOT NULL,
  response TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_template ON submissions (template_id, site_code);
CREATE TABLE IF NOT EXISTS blobs (
  sha256 TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  bytes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS submission_blobs (
  submission_id INTEGER NOT NULL REFERENCES submissions(id),
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
";

pub struct Sqlite {
    conn: Mutex<Connection>,
}

impl Sqlite {
    pub fn open(path: &str) -> Result<Sqlite> {
        // Processes opening a new file at the same moment: switching it to WAL can answer
        // "database is locked" at once, without waiting on the busy timeout, so the whole
        // opening is tried again for up to ten seconds.
        let mut tries = 0;
        loop {
            match Self::open_conn(path) {
                Err(rusqlite::Error::SqliteFailure(f, _))
                    if tries < 100
                        && matches!(
                            f.code,
                            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                        ) =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => return other.map_err(err),
            }
        }
    }

    fn open_conn(path: &str) -> rusqlite::Result<Sqlite> {
        let mut conn = Connection::open(path)?;
        // The busy timeout first: two processes opening a new file at once wait for each
        // other while switching it to WAL, instead of failing with "database is locked".
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL with full sync: a commit is on disk before the 201 goes out, and a reader
        // (the roll-up) does not wait for a writer.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.execute_batch(SCHEMA)?;
        migrate(&mut conn)?;
        Ok(Sqlite {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave the database half-written (SQLite
        // rolls the transaction back), so a poisoned lock is still safe to use.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What an idempotency key (given as its SHA-256) was first used with, if it was.
    pub fn earlier(&self, key_sha256: &str) -> Result<Option<Earlier>> {
        self.conn()
            .query_row(
                "SELECT response, body_sha256 FROM submissions WHERE key_sha256 = ?1",
                [key_sha256],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
            )
            .optional()
            .map(|o| {
                o.map(|(t, body_sha256)| Earlier {
                    response: serde_json::from_str(&t).unwrap_or(Value::Null),
                    body_sha256,
                })
            })
            .map_err(err)
    }

    /// Stores a submission and its blobs in one transaction. The response (`{id, verdict,
    /// score, receipt, tampered}`) is made from the new id by `respond`.
    pub fn insert(&self, s: &NewSubmission, respond: impl FnOnce(i64) -> Value) -> Result<Stored> {
        if let Some(key) = s.key_sha256 {
            if let Some(first) = self.earlier(key)? {
                return Ok(Stored::Again(first));
            }
        }
        Self::insert_tx(&mut self.conn(), s, respond).map_err(err)
    }

    fn insert_tx(
        conn: &mut Connection,
        s: &NewSubmission,
        respond: impl FnOnce(i64) -> Value,
    ) -> rusqlite::Result<Stored> {
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO submissions (key_sha256, body_sha256, received_at, template_id,
               template_version, site_code, site_name, mode, as_of, verdict, score, tampered,
               assessment, submitted_result, result, as_of_gap, backdated, account, response)
             VALUES (?1, ?15, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?16, ?17, ?18, '')",
            params![
                s.key_sha256,
                s.received_at,
                s.template.0,
                s.template.1,
                s.site.0,
                s.site.1,
                s.mode,
                s.as_of,
                s.verdict,
                s.score,
                s.tampered,
                s.assessment,
                s.submitted_result,
                s.result,
                s.body_sha256,
                s.as_of_gap,
                s.backdated,
                s.account,
            ],
        )?;
        let id = tx.last_insert_rowid();
        for (sha, ty, bytes) in s.blobs {
            tx.execute(
                "INSERT OR IGNORE INTO blobs (sha256, type, bytes) VALUES (?1, ?2, ?3)",
                params![sha, ty, bytes],
            )?;
            tx.execute(
                "INSERT OR IGNORE INTO submission_blobs (submission_id, sha256) VALUES (?1, ?2)",
                params![id, sha],
            )?;
        }
        let response = respond(id);
        tx.execute(
            "UPDATE submissions SET response = ?1 WHERE id = ?2",
            params![response.to_string(), id],
        )?;
        tx.commit()?;
        Ok(Stored::New(response))
    }

    /// The listing: newest first, filtered by template and site code.
    pub fn list(
        &self,
        template: Option<&str>,
        site: Option<&str>,
        mode: Option<&str>,
    ) -> Result<Vec<Value>> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT id, received_at, template_id, template_version, site_code, site_name, mode,
                    as_of, verdict, score, tampered, backdated,
                    (SELECT state FROM reviews r WHERE r.submission_id = s.id ORDER BY r.id DESC LIMIT 1)
             FROM submissions s
             WHERE (?1 IS NULL OR template_id = ?1) AND (?2 IS NULL OR site_code = ?2)
               AND (?3 IS NULL OR mode = ?3)
             ORDER BY id DESC",
            )
            .map_err(err)?;
        let rows = st
            .query_map(params![template, site, mode], |r| {
                Ok(super::listing_row(
                    r.get(0)?,
                    r.get(1)?,
                    (r.get(2)?, r.get(3)?),
                    (r.get(4)?, r.get(5)?),
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                    r.get(11)?,
                    r.get(12)?,
                ))
            })
            .map_err(err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(err)
    }

    /// One submission: the assessment, the re-scored result and the blobs' hashes.
    pub fn get(&self, id: i64) -> Result<Option<Value>> {
        let conn = self.conn();
        let row = conn
            .query_row(
                "SELECT received_at, assessment, result, submitted_result, tampered
                 FROM submissions WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, bool>(4)?,
                    ))
                },
            )
            .optional()
            .map_err(err)?;
        let Some((received_at, assessment, result, submitted, tampered)) = row else {
            return Ok(None);
        };
        let mut st = conn
            .prepare("SELECT sha256 FROM submission_blobs WHERE submission_id = ?1 ORDER BY sha256")
            .map_err(err)?;
        let blobs: Vec<String> = st
            .query_map([id], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(err)?;
        Ok(Some(super::submission_doc(
            id,
            received_at,
            (assessment, result, submitted),
            tampered,
            blobs,
        )))
    }

    pub fn blob(&self, sha: &str) -> Result<Option<(String, Vec<u8>)>> {
        self.conn()
            .query_row(
                "SELECT type, bytes FROM blobs WHERE sha256 = ?1",
                [sha],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(err)
    }

    pub fn entries(&self, template: &str, mut f: impl FnMut(i64, String)) -> Result<()> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT id, assessment, submitted_result FROM submissions WHERE template_id = ?1 ORDER BY id",
            )
            .map_err(err)?;
        let mut rows = st.query([template]).map_err(err)?;
        while let Some(r) = rows.next().map_err(err)? {
            let (id, a, res): (i64, String, Option<String>) = (
                r.get(0).map_err(err)?,
                r.get(1).map_err(err)?,
                r.get(2).map_err(err)?,
            );
            f(id, super::entry_text(a, res));
        }
        Ok(())
    }

    pub fn add_template(&self, id: &str, version: &str, json: &str, now: &str) -> Result<()> {
        // Never a replacement: a published id@version is immutable (the caller has checked
        // that an existing one has the same content).
        self.conn()
            .execute(
                "INSERT OR IGNORE INTO templates (id, version, json, added_at) VALUES (?1, ?2, ?3, ?4)",
                params![id, version, json, now],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn template(&self, id: &str, version: Option<&str>) -> Result<Option<String>> {
        self.conn()
            .query_row(
                "SELECT json FROM templates WHERE id = ?1 AND (?2 IS NULL OR version = ?2)
                 ORDER BY added_at DESC LIMIT 1",
                params![id, version],
                |r| r.get(0),
            )
            .optional()
            .map_err(err)
    }
}

impl Sqlite {
    pub fn add_review(
        &self,
        id: i64,
        state: &str,
        note: &str,
        account: &str,
        at: &str,
    ) -> Result<()> {
        self.conn()
            .execute(
                "INSERT INTO reviews (submission_id, state, note, account, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, state, note, account, at],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn reviews(&self, id: i64) -> Result<Vec<Value>> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT state, note, account, at FROM reviews WHERE submission_id = ?1 ORDER BY id",
            )
            .map_err(err)?;
        let rows = st
            .query_map([id], |r| {
                Ok(super::review_row(
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            })
            .map_err(err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(err)
    }

    pub fn set_sites(&self, sites: &[crate::bureau::roster::Site]) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(err)?;
        tx.execute("DELETE FROM sites", []).map_err(err)?;
        for (k, s) in sites.iter().enumerate() {
            tx.execute(
                "INSERT INTO sites (code, name, attributes, position) VALUES (?1, ?2, ?3, ?4)",
                params![
                    s.code,
                    s.name,
                    serde_json::to_string(&s.attributes).unwrap_or_default(),
                    k as i64
                ],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    pub fn sites(&self) -> Result<Vec<crate::bureau::roster::Site>> {
        let conn = self.conn();
        let mut st = conn
            .prepare("SELECT code, name, attributes FROM sites ORDER BY position")
            .map_err(err)?;
        let rows = st
            .query_map([], |r| {
                Ok(super::site_row(
                    r.get(0)?,
                    r.get(1)?,
                    &r.get::<_, String>(2)?,
                ))
            })
            .map_err(err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(err)
    }

    pub fn templates(&self) -> Result<Vec<(String, String, String)>> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT id, version, json FROM templates t
                 WHERE added_at = (SELECT max(added_at) FROM templates u WHERE u.id = t.id)
                 ORDER BY id",
            )
            .map_err(err)?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(err)
    }

    pub fn add_account(&self, a: &Account) -> Result<()> {
        self.conn()
            .execute(
                "INSERT INTO accounts (name, role, token_sha256, sites, scope, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    a.name,
                    a.role,
                    a.token_sha256,
                    a.sites_json(),
                    a.scope_json(),
                    a.created_at
                ],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn accounts(&self) -> Result<Vec<Account>> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT name, role, token_sha256, sites, scope, created_at, revoked_at
                 FROM accounts ORDER BY name",
            )
            .map_err(err)?;
        let rows = st
            .query_map([], |r| {
                Ok(Account::from_columns(
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })
            .map_err(err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(err)
    }

    pub fn revoke_account(&self, name: &str, at: &str) -> Result<bool> {
        self.conn()
            .execute(
                "UPDATE accounts SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
                params![name, at],
            )
            .map(|n| n > 0)
            .map_err(err)
    }

    pub fn audit(&self, at: &str, account: &str, action: &str, object: &str) -> Result<()> {
        self.conn()
            .execute(
                "INSERT INTO audit (at, account, action, object) VALUES (?1, ?2, ?3, ?4)",
                params![at, account, action, object],
            )
            .map(|_| ())
            .map_err(err)
    }

    pub fn audit_log(&self) -> Result<Vec<Value>> {
        let conn = self.conn();
        let mut st = conn
            .prepare("SELECT at, account, action, object FROM audit ORDER BY id DESC")
            .map_err(err)?;
        let rows = st
            .query_map([], |r| {
                Ok(super::audit_row(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .map_err(err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(err)
    }

    pub fn owner(&self, id: i64) -> Result<Option<(Option<String>, Option<String>)>> {
        self.conn()
            .query_row(
                "SELECT site_code, account FROM submissions WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(err)
    }

    pub fn blob_sites(&self, sha: &str) -> Result<Vec<Option<String>>> {
        let conn = self.conn();
        let mut st = conn
            .prepare(
                "SELECT s.site_code FROM submission_blobs b JOIN submissions s ON s.id = b.submission_id
                 WHERE b.sha256 = ?1",
            )
            .map_err(err)?;
        let rows = st.query_map([sha], |r| r.get(0)).map_err(err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(err)
    }
}

/// Applies the migrations a file has not had, in one transaction each: a file written by an
/// older version is brought up to date in place. `BEGIN IMMEDIATE` takes the write lock
/// before reading the version, so two processes starting at once apply each step once.
fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let done: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let Some(step) = STEPS.get(done as usize) else {
            return tx.commit();
        };
        tx.execute_batch(step.sqlite)?;
        if done == 0 {
            backfill_key_hashes(&tx)?;
        }
        tx.pragma_update(None, "user_version", done + 1)?;
        tx.commit()?;
    }
}

/// Rows stored before migration 1 keep answering their key: its hash is computed here.
fn backfill_key_hashes(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    let keys: Vec<(i64, String)> = tx
        .prepare("SELECT id, idempotency_key FROM submissions WHERE idempotency_key IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, key) in keys {
        tx.execute(
            "UPDATE submissions SET key_sha256 = ?1 WHERE id = ?2",
            params![crate::report::canonical::sha256_hex(key.as_bytes()), id],
        )?;
    }
    Ok(())
}
