//! The collect service's storage (§10.5), on SQLite and, with `READYCHECK_TEST_POSTGRES`,
//! on PostgreSQL (scripts/test.sh runs this file both ways): several processes opening a
//! new database at once, an old database migrated in place, and the fault test — two
//! service processes on one database, 200 clients sending 5,000 submissions with retries,
//! one process killed with SIGKILL mid-load and restarted: every submission stored exactly
//! once with all its blobs.

mod common;

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use common::load;
use common::service::*;

fn tmp(name: &str) -> String {
    let dir = common::scratch("storage");
    dir.join(name).to_string_lossy().into_owned()
}

/// One number from the database (either engine).
fn count(db: &str, sql: &str) -> i64 {
    if postgres_server().is_some() {
        let mut c = postgres::Client::connect(&db_url(db), postgres::NoTls).unwrap();
        c.query_one(sql, &[]).unwrap().get(0)
    } else {
        let c = rusqlite::Connection::open(db).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

#[test]
fn processes_opening_a_new_database_at_once_all_start() {
    for round in 0..3 {
        let db = tmp(&format!("race-{round}.sqlite"));
        let url = db_url(&db);
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_readycheck"))
                    .args(["serve", "--addr", "127.0.0.1:0", "--db", &url])
                    .stderr(Stdio::piped())
                    .stdout(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            let mut line = String::new();
            BufReader::new(c.stderr.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            let _ = c.kill();
            let _ = c.wait();
            assert!(line.contains("listening on"), "round {round}: {line}");
        }
        // Each migration step applied once.
        let version = if postgres_server().is_some() {
            count(&db, "SELECT version::BIGINT FROM schema_version")
        } else {
            count(&db, "PRAGMA user_version")
        };
        assert_eq!(
            version,
            readycheck::serve::store::STEPS.len() as i64,
            "round {round}"
        );
    }
}

/// The schema and a row as the service wrote them before SPEC 1.2 (idempotency keys in
/// clear, no body hash): a database a district already has.
const OLD_SCHEMA: &str = "
CREATE TABLE submissions (id INTEGER PRIMARY KEY, idempotency_key TEXT UNIQUE,
  received_at TEXT NOT NULL, template_id TEXT NOT NULL, template_version TEXT NOT NULL,
  site_code TEXT, site_name TEXT, mode TEXT, as_of TEXT, verdict TEXT NOT NULL, score REAL,
  tampered INTEGER NOT NULL, assessment TEXT NOT NULL, submitted_result TEXT,
  result TEXT NOT NULL, response TEXT NOT NULL);
CREATE INDEX submissions_by_template ON submissions (template_id, site_code);
CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, type TEXT NOT NULL, bytes BLOB NOT NULL);
CREATE TABLE submission_blobs (submission_id INTEGER NOT NULL REFERENCES submissions(id),
  sha256 TEXT NOT NULL REFERENCES blobs(sha256), PRIMARY KEY (submission_id, sha256));
CREATE TABLE templates (id TEXT NOT NULL, version TEXT NOT NULL, json TEXT NOT NULL,
  added_at TEXT NOT NULL, PRIMARY KEY (id, version));
INSERT INTO submissions VALUES (1, 'old-key', '2026-08-25T09:00:00+08:00', 'example', '1.0.0',
  'OLD-1', '老学校', 'self', '2026-08-25', 'ready', 100.0, 0, '{}', NULL, '{}',
  '{\"id\":1,\"verdict\":\"ready\",\"score\":100.0}');
";

#[test]
fn an_old_sqlite_database_is_migrated_in_place() {
    if postgres_server().is_some() {
        return; // an SQLite file's history; PostgreSQL databases start at this schema
    }
    let db = tmp("old.sqlite");
    let _ = std::fs::remove_file(&db);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(OLD_SCHEMA)
        .unwrap();
    let srv = start(&db, &[]);
    // The old row is listed, and its key still answers its first response.
    let (_, _, body) = request(srv.port, "GET", "/api/submissions", &[], b"");
    let list = json_of(&body);
    assert_eq!(list[0]["site"]["code"], "OLD-1");
    assert_eq!(list[0]["backdated"], false);
    let a = assessment("NEW-1", b"\xff\xd8\xffp", b"\x89PNG\r\n\x1a\ns");
    let body = multipart(&a, None, &[b"\xff\xd8\xffp", b"\x89PNG\r\n\x1a\ns"]);
    let (status, v) = post(srv.port, &body, Some("old-key"));
    assert_eq!((status, v["id"].as_i64()), (201, Some(1)), "{v}");
    let (status, v) = post(srv.port, &body, Some("new-key"));
    assert_eq!(status, 201, "{v}");
    assert_eq!(
        count(&db, "PRAGMA user_version"),
        readycheck::serve::store::STEPS.len() as i64
    );
    assert_eq!(count(&db, "SELECT count(*) FROM submissions"), 2);
}

/// Starts a service process on `db` and gives it with its port.
fn serve(db: &str) -> Server {
    start(db, &[])
}

#[test]
fn two_processes_200_clients_5000_submissions_one_killed_each_stored_once() {
    let db = tmp("fault.sqlite");
    let _ = std::fs::remove_file(&db);
    let a = serve(&db);
    let b = serve(&db);
    let ports = Arc::new(RwLock::new(vec![a.port, b.port]));
    let n = 5_000;
    let load = {
        let ports = ports.clone();
        std::thread::spawn(move || load::send_all(ports, 200, n, Duration::from_secs(120)))
    };
    // Mid-load: process A is killed (SIGKILL) and started again on another port.
    let mut a = a;
    let stored_at_kill = loop {
        std::thread::sleep(Duration::from_millis(100));
        let stored = count(&db, "SELECT count(*) FROM submissions");
        if stored >= 1_000 {
            break stored;
        }
    };
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    let a2 = serve(&db);
    ports.write().unwrap()[0] = a2.port;
    let out = load.join().unwrap();
    assert!(
        out.refused.is_empty(),
        "{:?}",
        &out.refused[..out.refused.len().min(5)]
    );
    assert_eq!(out.latencies.len(), n);
    eprintln!(
        "{} submissions in {:.1} s ({} retries, killed at {stored_at_kill}); p50 {:?}, p99 {:?}",
        n,
        out.elapsed.as_secs_f64(),
        out.retries,
        out.percentile(0.5),
        out.percentile(0.99)
    );
    // Exactly once: 5,000 rows, 5,000 keys, 5,000 sites; each with both its blobs.
    assert_eq!(count(&db, "SELECT count(*) FROM submissions"), n as i64);
    assert_eq!(
        count(&db, "SELECT count(DISTINCT key_sha256) FROM submissions"),
        n as i64
    );
    assert_eq!(
        count(&db, "SELECT count(DISTINCT site_code) FROM submissions"),
        n as i64
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM submissions s WHERE (SELECT count(*) FROM submission_blobs x WHERE x.submission_id = s.id) != 2"
        ),
        0,
        "every submission has both its blobs"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM blobs"), 2 * n as i64);
    // And each is read back whole through the API (a sample across the range).
    let (_, _, body) = request(b.port, "GET", "/api/submissions?site=L-4321", &[], b"");
    let list = json_of(&body);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let id = list[0]["id"].as_i64().unwrap();
    let (_, _, body) = request(b.port, "GET", &format!("/api/submissions/{id}"), &[], b"");
    let one = json_of(&body);
    let (_, _, hashes) = load::submission(4321);
    let got: HashSet<&str> = one["blobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(got, hashes.iter().map(String::as_str).collect());
}

/// The storage benchmark (docs/performance.md): submissions per second and latency with the
/// load generator of tests/common/load.rs (200 client threads, each submission a multipart
/// body with a photo and a signature), on one process, and on two for PostgreSQL.
/// `cargo test --release --test serve_storage -- --ignored --nocapture bench`, with
/// `READYCHECK_TEST_POSTGRES` for PostgreSQL.
#[test]
#[ignore = "a benchmark: run by hand"]
fn bench_storage() {
    let processes: &[usize] = if postgres_server().is_some() {
        &[1, 2]
    } else {
        &[1]
    };
    for &p in processes {
        let db = tmp(&format!("bench-{p}.sqlite"));
        let _ = std::fs::remove_file(&db);
        let servers: Vec<Server> = (0..p).map(|_| serve(&db)).collect();
        let ports = Arc::new(RwLock::new(servers.iter().map(|s| s.port).collect()));
        let n = 4_000;
        let out = load::send_all(ports, 200, n, Duration::from_secs(120));
        assert!(out.refused.is_empty());
        println!(
            "{} × {p} process(es): {n} submissions in {:.2} s = {:.0}/s; p50 {:.0} ms, p99 {:.0} ms",
            if postgres_server().is_some() { "postgres" } else { "sqlite" },
            out.elapsed.as_secs_f64(),
            n as f64 / out.elapsed.as_secs_f64(),
            out.percentile(0.5).as_secs_f64() * 1e3,
            out.percentile(0.99).as_secs_f64() * 1e3,
        );
    }
}
