//! The collect service's SQLite file: submissions, their blobs (photos and signatures, by
//! SHA-256) and templates added by the district. Each submission is stored with its blobs
//! in one transaction, so a crash leaves either all of it or none of it.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

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

pub struct Store {
    conn: Connection,
}

/// A submission ready to store: the documents as text and what the listing shows.
pub struct NewSubmission<'a> {
    pub idempotency_key: Option<&'a str>,
    pub received_at: &'a str,
    pub template: (&'a str, &'a str),
    pub site: (Option<&'a str>, Option<&'a str>),
    pub mode: &'a str,
    pub as_of: Option<&'a str>,
    pub verdict: &'a str,
    pub score: Option<f64>,
    pub tampered: bool,
    pub assessment: &'a str,
    pub submitted_result: Option<&'a str>,
    pub result: &'a str,
    /// (sha256, content type, bytes)
    pub blobs: &'a [(String, String, Vec<u8>)],
}

/// What storing gave: the new row's response, or the first response for that key.
pub enum Stored {
    New(Value),
    Again(Value),
}

impl Store {
    pub fn open(path: &str) -> rusqlite::Result<Store> {
        let conn = Connection::open(path)?;
        // WAL with full sync: a commit is on disk before the 201 goes out, and a reader
        // (the roll-up) does not wait for a writer.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Store { conn })
    }

    /// The response stored with an idempotency key, if that key was seen.
    pub fn response_for(&self, key: &str) -> rusqlite::Result<Option<Value>> {
        self.conn
            .query_row(
                "SELECT response FROM submissions WHERE idempotency_key = ?1",
                [key],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .map(|o| o.and_then(|t| serde_json::from_str(&t).ok()))
    }

    /// Stores a submission and its blobs in one transaction. The response (`{id, verdict,
    /// score, receipt, tampered}`) is made from the new id by `respond`.
    pub fn insert(
        &mut self,
        s: &NewSubmission,
        respond: impl FnOnce(i64) -> Value,
    ) -> rusqlite::Result<Stored> {
        if let Some(key) = s.idempotency_key {
            if let Some(first) = self.response_for(key)? {
                return Ok(Stored::Again(first));
            }
        }
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO submissions (idempotency_key, received_at, template_id, template_version,
               site_code, site_name, mode, as_of, verdict, score, tampered, assessment,
               submitted_result, result, response)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, '')",
            params![
                s.idempotency_key,
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
    pub fn list(&self, template: Option<&str>, site: Option<&str>) -> rusqlite::Result<Vec<Value>> {
        let mut st = self.conn.prepare(
            "SELECT id, received_at, template_id, template_version, site_code, site_name, mode,
                    as_of, verdict, score, tampered
             FROM submissions
             WHERE (?1 IS NULL OR template_id = ?1) AND (?2 IS NULL OR site_code = ?2)
             ORDER BY id DESC",
        )?;
        let rows = st.query_map(params![template, site], |r| {
            Ok(json!({
                "id": r.get::<_, i64>(0)?,
                "received_at": r.get::<_, String>(1)?,
                "template": {"id": r.get::<_, String>(2)?, "version": r.get::<_, String>(3)?},
                "site": {"code": r.get::<_, Option<String>>(4)?, "name": r.get::<_, Option<String>>(5)?},
                "mode": r.get::<_, Option<String>>(6)?,
                "as_of": r.get::<_, Option<String>>(7)?,
                "verdict": r.get::<_, String>(8)?,
                "score": r.get::<_, Option<f64>>(9)?,
                "tampered": r.get::<_, bool>(10)?,
            }))
        })?;
        rows.collect()
    }

    /// One submission: the assessment, the re-scored result and the blobs' hashes.
    pub fn get(&self, id: i64) -> rusqlite::Result<Option<Value>> {
        let row = self
            .conn
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
            .optional()?;
        let Some((received_at, assessment, result, submitted, tampered)) = row else {
            return Ok(None);
        };
        let mut st = self.conn.prepare(
            "SELECT sha256 FROM submission_blobs WHERE submission_id = ?1 ORDER BY sha256",
        )?;
        let blobs: Vec<String> = st
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let parse = |t: &str| serde_json::from_str::<Value>(t).unwrap_or(Value::Null);
        Ok(Some(json!({
            "id": id,
            "received_at": received_at,
            "assessment": parse(&assessment),
            "result": parse(&result),
            "submitted_result": submitted.as_deref().map(parse),
            "tampered": tampered,
            "blobs": blobs,
        })))
    }

    pub fn blob(&self, sha: &str) -> rusqlite::Result<Option<(String, Vec<u8>)>> {
        self.conn
            .query_row(
                "SELECT type, bytes FROM blobs WHERE sha256 = ?1",
                [sha],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
    }

    /// Each stored submission of a template as a roll-up entry: `{assessment, result}`
    /// with the result the client submitted (or the assessment alone), in id order.
    pub fn entries(&self, template: &str, mut f: impl FnMut(i64, String)) -> rusqlite::Result<()> {
        let mut st = self.conn.prepare(
            "SELECT id, assessment, submitted_result FROM submissions WHERE template_id = ?1 ORDER BY id",
        )?;
        let mut rows = st.query([template])?;
        while let Some(r) = rows.next()? {
            let (id, a, res): (i64, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            f(
                id,
                match res {
                    Some(res) => format!("{{\"assessment\":{a},\"result\":{res}}}"),
                    None => a,
                },
            );
        }
        Ok(())
    }

    pub fn add_template(
        &self,
        id: &str,
        version: &str,
        json: &str,
        now: &str,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO templates (id, version, json, added_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, version, json, now],
        )?;
        Ok(())
    }

    /// A template added with `POST /api/templates`: that version, else the newest added.
    pub fn template(&self, id: &str, version: Option<&str>) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT json FROM templates WHERE id = ?1 AND (?2 IS NULL OR version = ?2)
                 ORDER BY added_at DESC LIMIT 1",
                params![id, version],
                |r| r.get(0),
            )
            .optional()
    }
}
