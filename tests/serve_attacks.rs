//! The collect service under attack (issue 27), through real HTTP on loopback: nothing
//! replaced, nothing stored that could run, nothing that pins the service, receipts and
//! keys that cannot be played. Each attack runs while another client is still answered.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::service::*;
use serde_json::{json, Value};

fn tmp(name: &str) -> String {
    let dir = common::scratch("attacks");
    dir.join(name).to_string_lossy().into_owned()
}

const JPEG: &[u8] = b"\xff\xd8\xff\xe0 a photo";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n a signature";

fn publish(port: u16, t: &Value) -> (u16, Value) {
    let (status, _, body) = request(
        port,
        "POST",
        "/api/templates",
        &[("Content-Type", "application/json")],
        t.to_string().as_bytes(),
    );
    (status, json_of(&body))
}

/// A small published template of our own.
fn own_template(version: &str, title: &str) -> Value {
    json!({
        "format": "readycheck/1", "id": "district-check", "version": version, "title": title,
        "sections": [{"id": "s", "title": "S", "items": [
            {"id": "plan", "type": "yesno", "title": "方案", "critical": true},
            {"id": "team", "type": "yesno", "title": "小组"}
        ]}]
    })
}

/// The service still answers an ordinary request, and quickly.
fn still_answers(port: u16) {
    let start = Instant::now();
    let (status, _, _) = request(port, "GET", "/api/submissions", &[], b"");
    assert_eq!(status, 200);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn built_in_templates_cannot_be_replaced_and_published_ones_never_change() {
    let srv = start(&tmp("templates.sqlite"), &[]);
    // The example with its critical item made worthless: refused, the built-in stays.
    let mut fake: Value =
        serde_json::from_str(readycheck::builtin_text("builtin:example").unwrap()).unwrap();
    fake["title"] = json!("replaced");
    let (status, v) = publish(srv.port, &fake);
    assert_eq!(status, 409, "{v}");
    assert_eq!(v["code"], "reserved");
    let a = assessment("R-1", JPEG, PNG);
    let (status, v) = post(
        srv.port,
        &multipart(&a, Some(&result_of(&a)), &[JPEG, PNG]),
        None,
    );
    assert_eq!(status, 201, "{v}");
    assert_eq!(
        v["tampered"], false,
        "scored with the built-in, so the receipt matches"
    );
    // A published id@version is immutable: the same content again is 200, other content 409.
    let (status, v) = publish(srv.port, &own_template("1", "区县核查"));
    assert_eq!(status, 201, "{v}");
    let (status, v) = publish(srv.port, &own_template("1", "区县核查"));
    assert_eq!(status, 200, "{v}");
    let (status, v) = publish(srv.port, &own_template("1", "another title"));
    assert_eq!(status, 409, "{v}");
    assert_eq!(v["code"], "conflict");
    // A submission names its version, and is scored with it; an unpublished one is refused.
    assert_eq!(publish(srv.port, &own_template("2", "第二版")).0, 201);
    let doc = |version: &str| {
        json!({"format": "readycheck-assessment/1",
               "template": {"id": "district-check", "version": version},
               "mode": "self", "site": {"code": "D-1"}, "as_of": "2026-08-25",
               "answers": {"plan": "yes", "team": "yes"}})
    };
    let (status, v) = post(srv.port, &multipart(&doc("1"), None, &[]), None);
    assert_eq!(status, 201, "{v}");
    let t1 = readycheck::template::load(&own_template("1", "区县核查").to_string()).unwrap();
    assert_eq!(
        v["receipt"]["template_sha256"], t1.sha256,
        "scored with version 1"
    );
    let (status, v) = post(srv.port, &multipart(&doc("9"), None, &[]), None);
    assert_eq!(status, 400, "{v}");
    assert_eq!(v["code"], "template");
}

#[test]
fn a_stored_photo_can_never_run_as_a_page() {
    let srv = start(&tmp("blobs.sqlite"), &[]);
    // An HTML page, correctly hashed and listed as a photo: refused, nothing stored.
    let html = b"<html><script>fetch('/api/submissions')</script></html>".as_slice();
    let a = assessment("B-1", html, PNG);
    let (status, v) = post(srv.port, &multipart(&a, None, &[html, PNG]), None);
    assert_eq!(status, 400, "{v}");
    assert_eq!(v["code"], "blob_type");
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".as_slice();
    let a = assessment("B-2", JPEG, svg);
    assert_eq!(
        post(srv.port, &multipart(&a, None, &[JPEG, svg]), None).0,
        400
    );
    assert_eq!(count(srv.port), 0);
    // A JPEG sent as text/html is served as what its bytes are, inert.
    let a = assessment("B-3", JPEG, PNG);
    let body = String::from_utf8_lossy(&multipart(&a, None, &[JPEG, PNG])).into_owned();
    assert!(body.contains("Content-Type: image/jpeg"));
    let mut raw = multipart(&a, None, &[JPEG, PNG]);
    let at = raw.windows(10).position(|w| w == b"image/jpeg").unwrap();
    let at = raw[at + 1..]
        .windows(10)
        .position(|w| w == b"image/jpeg")
        .unwrap()
        + at
        + 1;
    raw.splice(at..at + 10, b"text/html".iter().copied());
    assert_eq!(post(srv.port, &raw, None).0, 201);
    let (status, head, bytes) = request(
        srv.port,
        "GET",
        &format!("/api/blobs/{}", sha(JPEG)),
        &[],
        b"",
    );
    assert_eq!(status, 200);
    assert_eq!(bytes, JPEG);
    assert!(head.contains("content-type: image/jpeg"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(
        head.contains("content-security-policy: default-src 'none'; sandbox"),
        "{head}"
    );
    assert!(
        head.contains("content-disposition: inline; filename="),
        "{head}"
    );
    // Every API answer is inert too.
    let (_, head, _) = request(srv.port, "GET", "/api/submissions", &[], b"");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(head.contains("sandbox"), "{head}");
    assert!(head.contains("content-type: application/json"), "{head}");
}

/// 25,000 pairs of computed items reading each other, as JSON text.
fn cyclic_template(pairs: usize) -> String {
    let mut items = Vec::with_capacity(pairs * 2);
    for k in 0..pairs {
        items.push(json!({"id": format!("a{k}"), "type": "computed", "title": "a", "expr": format!("b{k} + 1")}));
        items.push(json!({"id": format!("b{k}"), "type": "computed", "title": "b", "expr": format!("a{k} + 1")}));
    }
    json!({"format": "readycheck/1", "id": "cycles", "version": "1", "title": "c",
           "sections": [{"id": "s", "title": "S", "items": items}]})
    .to_string()
}

#[test]
fn no_request_stops_or_pins_the_service() {
    let srv = start(&tmp("pin.sqlite"), &["--limit", "30000000"]);
    let port = srv.port;
    // A template of 25,000 two-item cycles: one short error per cycle, answered at once.
    let text = cyclic_template(25_000);
    let start_at = Instant::now();
    let slow = std::thread::spawn(move || {
        request(
            port,
            "POST",
            "/api/templates",
            &[("Content-Type", "application/json")],
            text.as_bytes(),
        )
    });
    still_answers(port);
    let (status, _, body) = slow.join().unwrap();
    assert_eq!(status, 400);
    assert!(
        body.len() < 4_000_000,
        "the answer holds {} bytes",
        body.len()
    );
    assert!(
        start_at.elapsed() < Duration::from_secs(30),
        "{:?}",
        start_at.elapsed()
    );
    // A submission listing 240,000 evidence entries: refused before anything walks them.
    let mut a = assessment("E-1", JPEG, PNG);
    let entries: Vec<Value> = (0..240_000)
        .map(|k| json!({"sha256": format!("{k:064x}"), "type": "image/jpeg"}))
        .collect();
    a["evidence"]["org_group"] = Value::Array(entries);
    let start_at = Instant::now();
    let (status, v) = post(port, &multipart(&a, None, &[]), None);
    assert_eq!(status, 413, "{v}");
    assert!(
        start_at.elapsed() < Duration::from_secs(10),
        "{:?}",
        start_at.elapsed()
    );
    still_answers(port);
}

#[test]
fn idle_and_slow_connections_are_closed_and_capped() {
    let srv = start(&tmp("slow.sqlite"), &[]);
    let port = srv.port;
    // 300 sockets that send nothing, and 20 that send half a header.
    let mut idle: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    for s in idle.iter_mut().take(20) {
        let _ = s.write_all(b"GET /api/submissions HTTP/1.1\r\nHost: x\r\n");
    }
    // Past the header timeout (10 s) every one of them has been closed by the service...
    std::thread::sleep(Duration::from_secs(12));
    let mut closed = 0;
    for s in &mut idle {
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let mut buf = [0u8; 512];
        // A closed connection reads end-of-file (or an error answer before it).
        match s.read(&mut buf) {
            Ok(_) => closed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => closed += 1,
            Err(_) => {}
        }
    }
    assert_eq!(
        closed,
        idle.len(),
        "every idle socket is closed by the service"
    );
    // ...and everyone else is answered.
    still_answers(port);
}

#[test]
fn receipts_and_keys_cannot_be_played() {
    let srv = start(&tmp("receipts.sqlite"), &[]);
    let port = srv.port;
    // Without `as_of`, a forged verdict and score are caught (the example does not read
    // today(), so any day's score is the score).
    let mut a = assessment("K-1", JPEG, PNG);
    a.as_object_mut().unwrap().remove("as_of");
    a["answers"]["org_plan"] = json!("no");
    let mut r = result_of(&a);
    assert_ne!(r["verdict"], "ready");
    r["verdict"] = json!("ready");
    r["score"] = json!(100.0);
    let (status, v) = post(port, &multipart(&a, Some(&r), &[JPEG, PNG]), None);
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["tampered"], true, "{v}");
    // The same key with another body: 422, and the second body is not lost silently.
    let a1 = assessment("K-2", JPEG, PNG);
    let mut a2 = assessment("K-2", JPEG, PNG);
    a2["answers"]["students"] = json!(200);
    assert_eq!(
        post(port, &multipart(&a1, None, &[JPEG, PNG]), Some("key-1")).0,
        201
    );
    assert_eq!(
        post(port, &multipart(&a1, None, &[JPEG, PNG]), Some("key-1")).0,
        201
    );
    let (status, v) = post(port, &multipart(&a2, None, &[JPEG, PNG]), Some("key-1"));
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["code"], "idempotency");
    // Two long keys that differ after 200 characters are two keys.
    let long = "k".repeat(300);
    let (k1, k2) = (format!("{long}-1"), format!("{long}-2"));
    let n = count(port);
    assert_eq!(
        post(port, &multipart(&a2, None, &[JPEG, PNG]), Some(&k1)).0,
        201
    );
    assert_eq!(
        post(port, &multipart(&a2, None, &[JPEG, PNG]), Some(&k2)).0,
        201
    );
    assert_eq!(count(port), n + 2);
}

#[test]
fn a_backdated_assessment_is_scored_as_of_the_day_received_and_flagged() {
    let srv = start(&tmp("backdated.sqlite"), &[]);
    // Reopening must be at least 14 days away, as of the day scored.
    let t = json!({
        "format": "readycheck/1", "id": "dated-check", "version": "1", "title": "d",
        "sections": [{"id": "s", "title": "S", "items": [
            {"id": "opening", "type": "date", "title": "开学日期"},
            {"id": "plan", "type": "yesno", "title": "方案"}
        ]}],
        "rules": [{"id": "lead", "section": "s", "assert": "opening - today() >= 14",
                   "critical": true, "message": "准备时间不足"}]
    });
    assert_eq!(publish(srv.port, &t).0, 201);
    let today = chrono::Local::now().date_naive();
    let day = |d: i64| {
        (today + chrono::Days::new(0) + chrono::Duration::days(d))
            .format("%Y-%m-%d")
            .to_string()
    };
    let doc = |as_of: &str| {
        json!({"format": "readycheck-assessment/1", "template": {"id": "dated-check", "version": "1"},
               "mode": "self", "site": {"code": "T-1"}, "as_of": as_of,
               "answers": {"opening": day(5), "plan": "yes"}})
    };
    // Dated 60 days ago, the opening was 65 days away: ready then, not ready today.
    let (status, v) = post(srv.port, &multipart(&doc(&day(-60)), None, &[]), None);
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["verdict"], "not_ready", "{v}");
    assert_eq!(v["backdated"], true, "{v}");
    assert_eq!(v["as_of_gap_days"], 60, "{v}");
    let (_, _, body) = request(srv.port, "GET", "/api/submissions", &[], b"");
    assert_eq!(json_of(&body)[0]["backdated"], true);
    // Dated today: not flagged.
    let (_, v) = post(srv.port, &multipart(&doc(&day(0)), None, &[]), None);
    assert_eq!(v["backdated"], false, "{v}");
    assert_eq!(v["as_of_gap_days"], 0, "{v}");
}

#[test]
fn a_page_elsewhere_cannot_write_and_the_token_keeps_the_pages_working() {
    let token = tmp("token.txt");
    std::fs::write(&token, "a-district-token-of-some-length").unwrap();
    let srv = start(&tmp("origin.sqlite"), &["--token-file", &token]);
    let auth = "Bearer a-district-token-of-some-length";
    let a = assessment("O-1", JPEG, PNG);
    let body = multipart(&a, None, &[JPEG, PNG]);
    let ctype = format!("multipart/form-data; boundary={BOUNDARY}");
    let send = |origin: Option<&str>| {
        let mut h = vec![("Content-Type", ctype.as_str()), ("Authorization", auth)];
        if let Some(o) = origin {
            h.push(("Origin", o));
        }
        request(srv.port, "POST", "/api/submissions", &h, &body).0
    };
    assert_eq!(send(Some("http://evil.example")), 403);
    assert_eq!(send(Some("null")), 403);
    let same = format!("http://127.0.0.1:{}", srv.port);
    // `request` sends `Host: 127.0.0.1`; a page of the service's own origin names it.
    let (status, _, _) = request(
        srv.port,
        "POST",
        "/api/submissions",
        &[
            ("Content-Type", ctype.as_str()),
            ("Authorization", auth),
            ("Origin", "http://127.0.0.1"),
        ],
        &body,
    );
    assert_eq!(status, 201, "same origin ({same})");
    assert_eq!(send(None), 201, "no browser, no Origin");
    // The pages' configuration is public and says a token is needed; the API is not.
    let (status, _, body) = request(srv.port, "GET", "/collect.json", &[], b"");
    assert_eq!(status, 200);
    let v = json_of(&body);
    assert_eq!(v["token"], true);
    assert_eq!(v["submissions"], "/api/submissions");
    assert_eq!(
        request(srv.port, "GET", "/api/submissions", &[], b"").0,
        401
    );
}
