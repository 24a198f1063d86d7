//! `readycheck serve` (§10) through real HTTP on loopback and a real SQLite file: stored
//! and read back, idempotent, tampering flagged, bad input refused with nothing stored,
//! concurrency, the token, static files, the roll-up, and a kill in the middle of writing.

mod common;

use std::process::Command;
use std::time::Duration;

use common::service::*;
use serde_json::{json, Value};

#[test]
fn a_submission_is_stored_with_its_blobs_and_read_back() {
    let srv = start(&tmp("stored.sqlite"), &[]);
    let (photo, signature) = (
        b"\xff\xd8\xff photo bytes".as_slice(),
        b"\x89PNG\r\n\x1a\nsignature strokes".as_slice(),
    );
    let a = assessment("S-1", photo, signature);
    let r = result_of(&a);
    let (status, v) = post(
        srv.port,
        &multipart(&a, Some(&r), &[photo, signature]),
        Some("k-1"),
    );
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["verdict"], "ready");
    assert_eq!(v["tampered"], false);
    assert_eq!(
        v["receipt"]["evidence_sha256"],
        r["receipt"]["evidence_sha256"]
    );
    let id = v["id"].as_i64().unwrap();
    let (status, _, body) = request(srv.port, "GET", &format!("/api/submissions/{id}"), &[], b"");
    assert_eq!(status, 200);
    let got = json_of(&body);
    assert_eq!(got["assessment"], a);
    let mut want = vec![sha(photo), sha(signature)];
    want.sort();
    assert_eq!(got["blobs"], json!(want));
    let (status, head, bytes) = request(
        srv.port,
        "GET",
        &format!("/api/blobs/{}", sha(photo)),
        &[],
        b"",
    );
    assert_eq!(status, 200);
    assert_eq!(bytes, photo);
    assert!(head.contains("content-type: image/jpeg"), "{head}");
    // Listing by template and site.
    let (_, _, body) = request(
        srv.port,
        "GET",
        "/api/submissions?template=example&site=S-1",
        &[],
        b"",
    );
    assert_eq!(json_of(&body)[0]["id"], id);
    let (_, _, body) = request(srv.port, "GET", "/api/submissions?site=nowhere", &[], b"");
    assert_eq!(json_of(&body), json!([]));
    let (status, _, _) = request(srv.port, "GET", "/api/submissions/999", &[], b"");
    assert_eq!(status, 404);
}

#[test]
fn the_same_key_twice_is_one_row_and_the_first_answer() {
    let srv = start(&tmp("idem.sqlite"), &[]);
    let a = assessment("S-2", b"\xff\xd8\xffp", b"\x89PNG\r\n\x1a\ns");
    let body = multipart(&a, None, &[b"\xff\xd8\xffp", b"\x89PNG\r\n\x1a\ns"]);
    let (s1, v1) = post(srv.port, &body, Some("same-key"));
    let (s2, v2) = post(srv.port, &body, Some("same-key"));
    assert_eq!((s1, s2), (201, 201));
    assert_eq!(v1, v2);
    assert_eq!(count(srv.port), 1);
    // Without a key every request is a new submission.
    post(srv.port, &body, None);
    assert_eq!(count(srv.port), 2);
}

#[test]
fn a_tampered_result_is_recorded() {
    let srv = start(&tmp("tampered.sqlite"), &[]);
    let a = assessment("S-3", b"\xff\xd8\xffp", b"\x89PNG\r\n\x1a\ns");
    let mut r = result_of(&a);
    r["receipt"]["answers_sha256"] = json!("0".repeat(64));
    let (status, v) = post(
        srv.port,
        &multipart(&a, Some(&r), &[b"\xff\xd8\xffp", b"\x89PNG\r\n\x1a\ns"]),
        None,
    );
    assert_eq!(status, 201);
    assert_eq!(v["tampered"], true);
    let (_, _, body) = request(srv.port, "GET", "/api/submissions", &[], b"");
    assert_eq!(json_of(&body)[0]["tampered"], true);
    // A forged verdict with an honest receipt is caught too (the assessment is dated).
    let mut r = result_of(&a);
    r["verdict"] = json!("ready");
    r["score"] = json!(100.0);
    let mut a2 = a.clone();
    a2["answers"]["org_group"] = json!("no");
    let mut r2 = result_of(&a2);
    r2["verdict"] = json!("ready");
    let (_, v) = post(
        srv.port,
        &multipart(&a2, Some(&r2), &[b"\xff\xd8\xffp", b"\x89PNG\r\n\x1a\ns"]),
        None,
    );
    assert_eq!(v["verdict"], "not_ready");
    assert_eq!(v["tampered"], true);
}

#[test]
fn bad_requests_are_refused_and_nothing_is_stored() {
    let srv = start(&tmp("bad.sqlite"), &["--limit", "200000"]);
    let a = assessment("S-4", b"\xff\xd8\xffphoto", b"\x89PNG\r\n\x1a\nsig");
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (multipart(&a, None, &[b"\xff\xd8\xffphoto"]), "blob"), // the signature is missing
        (
            multipart(
                &a,
                None,
                &[b"\xff\xd8\xffphoto", b"\x89PNG\r\n\x1a\nsig", b"extra"],
            ),
            "blob",
        ), // a blob nobody listed
        // The signature's part holds other bytes than its name's hash.
        (
            {
                let mut b = multipart(&a, None, &[b"\xff\xd8\xffphoto", b"\x89PNG\r\n\x1a\nsig"]);
                let at = b.windows(4).position(|w| w == b"\nsig").unwrap();
                b[at + 1..at + 4].copy_from_slice(b"SIG");
                b
            },
            "blob",
        ),
        (b"--nonsense\r\nnot a multipart body".to_vec(), "multipart"),
    ];
    for (body, code) in &cases {
        let (status, v) = post(srv.port, body, None);
        assert_eq!(status, 400, "{v}");
        if !code.is_empty() {
            assert_eq!(v["code"], *code, "{v}");
        }
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let json_cases: [(&[u8], &str); 4] = [
        (b"{not json", "json"),
        (br#"{"assessment": {"format": "readycheck-assessment/1", "template": {"id": "no-such"}}}"#, "template"),
        (br#"{"assessment": {"format": "wrong"}}"#, "assessment"),
        (br#"{"assessment": {"format": "readycheck-assessment/1", "answers": {"a": 1, "a": 2}}}"#, "json"),
    ];
    for (body, code) in json_cases {
        let (status, _, b) = request(
            srv.port,
            "POST",
            "/api/submissions",
            &[("Content-Type", "application/json")],
            body,
        );
        assert_eq!(status, 400, "{}", String::from_utf8_lossy(&b));
        assert_eq!(json_of(&b)["code"], code);
    }
    // Over the limit: 413 with {code, message}.
    let big = vec![b'x'; 300_000];
    let (status, v) = post(srv.port, &multipart(&a, None, &[&big]), None);
    assert_eq!(status, 413, "{v}");
    assert_eq!(v["code"], "too_large");
    assert_eq!(count(srv.port), 0, "nothing half-stored");
}

#[test]
fn fifty_clients_at_once_lose_nothing_and_duplicate_nothing() {
    let srv = start(&tmp("fifty.sqlite"), &[]);
    let port = srv.port;
    let handles: Vec<_> = (0..50)
        .map(|k| {
            std::thread::spawn(move || {
                let photo = [b"\xff\xd8\xff".as_slice(), format!("photo {k}").as_bytes()].concat();
                let a = assessment(&format!("C-{k:02}"), &photo, b"\x89PNG\r\n\x1a\nsig");
                let body = multipart(&a, None, &[&photo, b"\x89PNG\r\n\x1a\nsig"]);
                // Every client sends twice with its key, as a retrying outbox would.
                let first = post(port, &body, Some(&format!("key-{k}")));
                let again = post(port, &body, Some(&format!("key-{k}")));
                (first, again)
            })
        })
        .collect();
    for h in handles {
        let ((s1, v1), (s2, v2)) = h.join().unwrap();
        assert_eq!((s1, s2), (201, 201));
        assert_eq!(v1, v2);
    }
    assert_eq!(count(port), 50);
}

#[test]
fn the_token_and_static_files() {
    let token_file = tmp("token.txt");
    std::fs::write(&token_file, "a-district-token-0123456789\n").unwrap();
    let www = concat!(env!("CARGO_MANIFEST_DIR"), "/www");
    let srv = start(
        &tmp("token.sqlite"),
        &["--token-file", &token_file, "--www", www],
    );
    let (status, _, body) = request(srv.port, "GET", "/api/submissions", &[], b"");
    assert_eq!(status, 401);
    assert_eq!(json_of(&body)["code"], "unauthorized");
    let (status, _, _) = request(
        srv.port,
        "GET",
        "/api/submissions",
        &[("Authorization", "Bearer wrong-token-0123456789")],
        b"",
    );
    assert_eq!(status, 401);
    let (status, _, _) = request(
        srv.port,
        "GET",
        "/api/submissions",
        &[("Authorization", "Bearer a-district-token-0123456789")],
        b"",
    );
    assert_eq!(status, 200);
    // Static files need no token and carry the strict policy.
    let (status, head, _) = request(srv.port, "GET", "/index.html", &[], b"");
    assert_eq!(status, 200);
    assert!(head.contains("content-security-policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"), "{head}");
    // Asked again on every load (a 304 when unchanged): no old module beside a new wasm.
    assert!(head.contains("cache-control: no-cache"), "{head}");
    let etag = head
        .lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .expect("an etag")
        .to_string();
    let (status, _, body) = request(
        srv.port,
        "GET",
        "/index.html",
        &[("If-None-Match", &etag)],
        b"",
    );
    assert_eq!((status, body.len()), (304, 0));
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/pkg/../../Cargo.toml",
        "/..%2fCargo.toml",
    ] {
        let (status, _, body) = request(srv.port, "GET", path, &[], b"");
        assert_eq!(status, 404, "{path}");
        assert!(
            !String::from_utf8_lossy(&body).contains("[package]"),
            "{path}"
        );
    }
}

#[test]
fn without_a_token_only_loopback() {
    let out = Command::new(env!("CARGO_BIN_EXE_readycheck"))
        .args(["serve", "--addr", "0.0.0.0:0", "--db", &tmp("open.sqlite")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("loopback only"));
}

#[test]
fn the_rollup_equals_the_command_line_over_the_same_files() {
    let srv = start(&tmp("rollup.sqlite"), &[]);
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rollup");
    let mut files: Vec<_> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut stored = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let Ok(v) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        // Files are either an assessment or {assessment, result}; the service takes both as JSON.
        let body = if v.get("format").is_some() {
            json!({"assessment": v})
        } else {
            v
        };
        let (status, _, _) = request(
            srv.port,
            "POST",
            "/api/submissions",
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        );
        if status == 201 {
            stored.push(f.clone());
        }
    }
    assert_eq!(stored.len(), 49);
    let (status, _, body) = request(srv.port, "GET", "/api/rollup?template=example", &[], b"");
    assert_eq!(status, 200);
    let mut served = json_of(&body);
    let out = Command::new(env!("CARGO_BIN_EXE_readycheck"))
        .args(["rollup", "builtin:example"])
        .args(&stored)
        .output()
        .unwrap();
    let mut cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    for doc in [&mut served, &mut cli] {
        common::without_inputs(doc);
    }
    assert_eq!(served, cli);
    assert_eq!(served["verdicts"]["ready"], 31);
    let (status, head, body) = request(
        srv.port,
        "GET",
        "/api/rollup?template=example&format=html",
        &[],
        b"",
    );
    assert_eq!(status, 200);
    assert!(head.contains("text/html"));
    assert!(!String::from_utf8_lossy(&body).contains("<script"));
}

#[test]
fn killing_the_server_mid_write_leaves_the_database_consistent() {
    let db = tmp("killed.sqlite");
    let srv = start(&db, &[]);
    let port = srv.port;
    // Larger photos so that writes are in flight when the process dies.
    let bodies: Vec<(String, Vec<u8>)> = (0..50)
        .map(|k| {
            let mut photo: Vec<u8> = b"\xff\xd8\xff".to_vec();
            photo.extend((0..200_000u32).map(|i| (i.wrapping_mul(31).wrapping_add(k)) as u8));
            let a = assessment(&format!("K-{k:02}"), &photo, b"\x89PNG\r\n\x1a\nsig");
            (
                format!("kill-{k}"),
                multipart(&a, None, &[&photo, b"\x89PNG\r\n\x1a\nsig"]),
            )
        })
        .collect();
    let shared = std::sync::Arc::new(bodies);
    let senders: Vec<_> = (0..50)
        .map(|k| {
            let b = shared.clone();
            std::thread::spawn(move || {
                let (key, body) = &b[k];
                let _ = std::panic::catch_unwind(|| post(port, body, Some(key)));
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(150));
    let mut srv = srv;
    srv.child.kill().unwrap(); // SIGKILL
    srv.child.wait().unwrap();
    for s in senders {
        let _ = s.join();
    }
    // The database is whole and every stored submission has all its blobs.
    let half_stored = "SELECT count(*) FROM submissions s WHERE (SELECT count(*) FROM submission_blobs b WHERE b.submission_id = s.id) != 2";
    let (half, before): (i64, i64) = if postgres_server().is_some() {
        let mut c = postgres::Client::connect(&db_url(&db), postgres::NoTls).unwrap();
        let one = |c: &mut postgres::Client, q: &str| c.query_one(q, &[]).unwrap().get::<_, i64>(0);
        (
            one(&mut c, half_stored),
            one(&mut c, "SELECT count(*) FROM submissions"),
        )
    } else {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let one = |q: &str| conn.query_row(q, [], |r| r.get::<_, i64>(0)).unwrap();
        (one(half_stored), one("SELECT count(*) FROM submissions"))
    };
    assert_eq!(half, 0, "no submission without its blobs");
    eprintln!("stored before the kill: {before} of 50");
    // The clients retry with their keys: everything arrives exactly once.
    let srv = start(&db, &[]);
    for (key, body) in shared.iter() {
        assert_eq!(post(srv.port, body, Some(key)).0, 201);
    }
    assert_eq!(count(srv.port), 50);
}

#[test]
fn published_templates_are_listed_and_fetched_back() {
    let srv = start(&tmp("published.sqlite"), &[]);
    let t = |version: &str| {
        json!({"format": "readycheck/1", "id": "district-check", "version": version, "title": {"zh-CN": "区县核查", "en": "District check"},
               "sections": [{"id": "s", "title": "S", "items": [{"id": "plan", "type": "yesno", "title": "方案"}]}]})
    };
    for v in ["1", "2"] {
        let (status, _, body) = request(
            srv.port,
            "POST",
            "/api/templates",
            &[],
            t(v).to_string().as_bytes(),
        );
        assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    }
    // A §9 workbook publishes too (the exported example, under its own id).
    let dir = common::scratch("published");
    let mut ex: Value =
        serde_json::from_str(readycheck::builtin_text("builtin:example").unwrap()).unwrap();
    ex["id"] = json!("from-workbook");
    let json_path = dir.join("t.json");
    std::fs::write(&json_path, ex.to_string()).unwrap();
    let xlsx = dir.join("t.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_readycheck"))
        .args([
            "sheet",
            "export",
            json_path.to_str().unwrap(),
            "-o",
            xlsx.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let (status, _, body) = request(
        srv.port,
        "POST",
        "/api/templates",
        &[],
        &std::fs::read(&xlsx).unwrap(),
    );
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    // The list: built-ins and the newest of each published id.
    let (status, _, body) = request(srv.port, "GET", "/api/templates", &[], b"");
    assert_eq!(status, 200);
    let list = json_of(&body);
    let find = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .cloned()
    };
    assert_eq!(find("district-check").unwrap()["version"], "2");
    assert_eq!(find("district-check").unwrap()["title"], "区县核查");
    assert!(find("from-workbook").is_some());
    assert_eq!(find("school-reopening").unwrap()["builtin"], true);
    // Fetched back: the newest, a named version, a built-in; 404 for what is not there.
    let get = |path: &str| {
        let (status, _, body) = request(srv.port, "GET", path, &[], b"");
        (
            status,
            serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null),
        )
    };
    assert_eq!(get("/api/templates/district-check").1["version"], "2");
    assert_eq!(
        get("/api/templates/district-check?version=1").1["version"],
        "1"
    );
    assert_eq!(get("/api/templates/example").1["id"], "example");
    assert_eq!(get("/api/templates/district-check?version=9").0, 404);
    assert_eq!(get("/api/templates/nothing").0, 404);
    // A damaged workbook: 400, nothing published.
    let (status, _, body) = request(
        srv.port,
        "POST",
        "/api/templates",
        &[],
        b"PK\x03\x04 not a workbook",
    );
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
}

/// `--www` sends the brotli or gzip copy the build wrote beside a file (scripts/precompress.mjs)
/// to a client that accepts it, the file itself to one that does not; a copy older than its
/// file would send old bytes, so then every file goes as it is and the service says so.
#[test]
fn static_files_go_as_their_compressed_copies_unless_one_is_stale() {
    let www = std::path::PathBuf::from(tmp("www-copies"));
    let _ = std::fs::remove_dir_all(&www);
    std::fs::create_dir_all(www.join("pkg")).unwrap();
    let file = |name: &str, bytes: &[u8]| std::fs::write(www.join(name), bytes).unwrap();
    file("pkg/m.wasm", b"\0asm the module as built");
    file("pkg/m.wasm.br", b"brotli bytes");
    file("pkg/m.wasm.gz", b"gzip bytes");
    file("page.js", b"export {};");
    let get = |port: u16, path: &str, accept: Option<&str>| {
        let headers: Vec<(&str, &str)> =
            accept.map(|a| ("Accept-Encoding", a)).into_iter().collect();
        let (status, head, body) = request(port, "GET", path, &headers, b"");
        assert_eq!(status, 200, "{path}: {head}");
        let encoding = head
            .lines()
            .find_map(|l| l.strip_prefix("content-encoding: "))
            .map(str::to_string);
        (encoding, body)
    };
    let dir = www.to_str().unwrap();
    let srv = start(&tmp("copies.sqlite"), &["--www", dir]);
    let (enc, body) = get(srv.port, "/pkg/m.wasm", Some("gzip, deflate, br"));
    assert_eq!(
        (enc.as_deref(), body.as_slice()),
        (Some("br"), b"brotli bytes".as_slice())
    );
    let (enc, body) = get(srv.port, "/pkg/m.wasm", Some("gzip"));
    assert_eq!(
        (enc.as_deref(), body.as_slice()),
        (Some("gzip"), b"gzip bytes".as_slice())
    );
    let (enc, body) = get(srv.port, "/pkg/m.wasm", None);
    assert_eq!(
        (enc, body.as_slice()),
        (None, b"\0asm the module as built".as_slice())
    );
    // A file without copies goes as it is to every client.
    let (enc, body) = get(srv.port, "/page.js", Some("br"));
    assert_eq!((enc, body.as_slice()), (None, b"export {};".as_slice()));
    assert!(
        srv.log.try_recv().is_err(),
        "nothing to say about fresh copies"
    );
    drop(srv);

    // The module rebuilt after its copies were written.
    let later = std::time::SystemTime::now() + Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(www.join("pkg/m.wasm"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let srv = start(&tmp("copies.sqlite"), &["--www", dir]);
    let said = srv.log.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(said.contains("pkg/m.wasm.br, pkg/m.wasm.gz"), "{said}");
    assert!(
        said.contains("sent uncompressed") && said.contains("scripts/build.sh"),
        "{said}"
    );
    let (enc, body) = get(srv.port, "/pkg/m.wasm", Some("gzip, deflate, br"));
    assert_eq!(
        (enc, body.as_slice()),
        (None, b"\0asm the module as built".as_slice())
    );
}
