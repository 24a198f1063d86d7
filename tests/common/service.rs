//! The collect service driven over real HTTP on loopback, for tests/serve.rs and
//! tests/serve_attacks.rs: start a `readycheck serve`, send raw HTTP/1.1, build the §8
//! multipart body.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub struct Server {
    pub child: Child,
    pub port: u16,
    /// What the service writes to standard error after its first line, a line at a time.
    pub log: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn tmp(name: &str) -> String {
    let dir = super::scratch("serve");
    dir.join(name).to_string_lossy().into_owned()
}

/// The PostgreSQL server the service tests run against instead of SQLite files, when
/// `READYCHECK_TEST_POSTGRES` names one (scripts/test.sh starts one and runs the service
/// suites again with it): `postgres://user@host:port`.
pub fn postgres_server() -> Option<String> {
    std::env::var("READYCHECK_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
}

/// The `--db` for a test's database file: the file itself, or a PostgreSQL database of its
/// own on the test server, made on first use (the same file name gives the same database, so
/// a test can restart the service on it).
pub fn db_url(db: &str) -> String {
    let Some(server) = postgres_server() else {
        return db.to_string();
    };
    let name: String = format!("rc_{}", sha(db.as_bytes()))[..24].to_string();
    let mut admin = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls)
        .expect("the test PostgreSQL server");
    let exists = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
        .unwrap()
        .is_some();
    if !exists {
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
    }
    format!("{server}/{name}")
}

/// Starts the service on a free loopback port with `db` and extra arguments.
pub fn start(db: &str, extra: &[&str]) -> Server {
    let db = db_url(db);
    let mut child = Command::new(env!("CARGO_BIN_EXE_readycheck"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db", &db])
        .args(extra)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    stderr.read_line(&mut line).unwrap();
    let (tx, log) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in stderr.lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let port = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, port, log }
}

/// One HTTP/1.1 request; returns the status, the headers (lower-case) and the body.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut body = raw.get(split + 4..).unwrap_or(&[]).to_vec();
    if head.contains("transfer-encoding: chunked") {
        body = unchunk(&body);
    }
    (status, head, body)
}

pub fn unchunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(nl) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(std::str::from_utf8(&b[..nl]).unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + n]);
        b = &b[nl + 2 + n + 2..];
    }
    out
}

pub fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(body)))
}

pub fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub const BOUNDARY: &str = "readycheck-test-boundary";

/// The §8 multipart body: `assessment`, `result`, and one part per blob named by its hash.
pub fn multipart(assessment: &Value, result: Option<&Value>, blobs: &[&[u8]]) -> Vec<u8> {
    let mut b = Vec::new();
    let mut part = |name: &str, ty: &str, bytes: &[u8]| {
        b.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\nContent-Type: {ty}\r\n\r\n").as_bytes(),
        );
        b.extend_from_slice(bytes);
        b.extend_from_slice(b"\r\n");
    };
    part(
        "assessment",
        "application/json",
        assessment.to_string().as_bytes(),
    );
    if let Some(r) = result {
        part("result", "application/json", r.to_string().as_bytes());
    }
    for blob in blobs {
        part(&sha(blob), "image/jpeg", blob);
    }
    b.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    b
}

pub fn post(port: u16, body: &[u8], key: Option<&str>) -> (u16, Value) {
    let ctype = format!("multipart/form-data; boundary={BOUNDARY}");
    let mut h = vec![("Content-Type", ctype.as_str())];
    if let Some(k) = key {
        h.push(("Idempotency-Key", k));
    }
    let (status, _, body) = request(port, "POST", "/api/submissions", &h, body);
    (status, json_of(&body))
}

/// An example assessment of site `code` with one photo and one signature.
pub fn assessment(code: &str, photo: &[u8], signature: &[u8]) -> Value {
    json!({
        "format": "readycheck-assessment/1",
        "template": {"id": "example", "version": "1.0.0"},
        "mode": "inspection",
        "site": {"code": code, "name": format!("{code} 小学")},
        "as_of": "2026-08-25",
        "answers": {"org_group": "yes", "org_plan": "yes", "students": 100, "masks": 3000, "thermometers": "yes"},
        "evidence": {"org_group": [{"sha256": sha(photo), "type": "image/jpeg", "bytes": photo.len()}]},
        "signatures": [{"role": "inspector", "name": "张督导", "sha256": sha(signature)}]
    })
}

/// The result the engine gives for `a` (what the element would submit).
pub fn result_of(a: &Value) -> Value {
    let t =
        readycheck::template::load(readycheck::builtin_text("builtin:example").unwrap()).unwrap();
    let doc = readycheck::Assessment::from_value(a.clone()).unwrap();
    serde_json::from_str(&readycheck::to_json(&readycheck::evaluate::evaluate(
        &t,
        &doc,
        "zh-CN",
        chrono::NaiveDate::default(),
    )))
    .unwrap()
}

pub fn count(port: u16) -> usize {
    let (_, _, body) = request(port, "GET", "/api/submissions", &[], b"");
    json_of(&body).as_array().map_or(0, Vec::len)
}
