//! Accounts and roles (SPEC §10.1) over real HTTP, on SQLite and (scripts/test.sh) on
//! PostgreSQL: a site token cannot read or submit for another site, an inspector outside
//! its scope likewise (403, nothing stored), a revoked token is 401, the database holds no
//! token in clear, and every write is in the audit log.

mod common;

use common::cli;
use common::service::*;
use serde_json::Value;

fn tmp(name: &str) -> String {
    let dir = common::scratch("accounts");
    dir.join(name).to_string_lossy().into_owned()
}

/// `readycheck accounts add …`: the token, alone on the last line of standard output.
fn add(db: &str, args: &[&str]) -> String {
    let mut all = vec!["accounts", "add", "--db", db];
    all.extend_from_slice(args);
    let (code, out, err) = cli(&all);
    assert_eq!(code, 0, "{err}");
    let token = out.lines().last().unwrap().to_string();
    assert!(token.starts_with("rc_") && token.len() == 3 + 64, "{token}");
    token
}

const JPEG: &[u8] = b"\xff\xd8\xff a photo";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n a signature";

fn send(port: u16, token: &str, code: &str, mode: &str) -> (u16, Value) {
    let mut a = assessment(code, JPEG, PNG);
    a["mode"] = mode.into();
    let body = multipart(&a, None, &[JPEG, PNG]);
    let ctype = format!("multipart/form-data; boundary={BOUNDARY}");
    let auth = format!("Bearer {token}");
    let (status, _, body) = request(
        port,
        "POST",
        "/api/submissions",
        &[("Content-Type", &ctype), ("Authorization", &auth)],
        &body,
    );
    (status, json_of(&body))
}

fn get(port: u16, token: &str, path: &str) -> (u16, Value) {
    let auth = format!("Bearer {token}");
    let (status, _, body) = request(port, "GET", path, &[("Authorization", &auth)], b"");
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[test]
fn each_account_sees_and_submits_within_its_scope() {
    let file = tmp("accounts.sqlite");
    let _ = std::fs::remove_file(&file);
    let db = db_url(&file);
    let admin = add(&db, &["--role", "admin", "--name", "区教育局"]);
    let inspector = add(
        &db,
        &[
            "--role",
            "inspector",
            "--sites",
            "CG-01,CG-02",
            "--name",
            "城关督查组",
        ],
    );
    let school = add(
        &db,
        &["--role", "site", "--sites", "CG-01", "--name", "城关一小"],
    );
    let other = add(
        &db,
        &["--role", "site", "--sites", "CG-02", "--name", "城关二小"],
    );
    // A role must be known and a non-admin needs a scope; names are unique.
    assert_eq!(
        cli(&["accounts", "add", "--db", &db, "--role", "root", "--name", "x"]).0,
        2
    );
    assert_eq!(
        cli(&["accounts", "add", "--db", &db, "--role", "site", "--name", "y"]).0,
        2
    );
    assert_eq!(
        cli(&[
            "accounts",
            "add",
            "--db",
            &db,
            "--role",
            "admin",
            "--name",
            "区教育局"
        ])
        .0,
        2
    );

    let srv = start(&file, &[]);
    let port = srv.port;
    // No token, a bad one: 401 (accounts exist, so nothing is open).
    assert_eq!(request(port, "GET", "/api/submissions", &[], b"").0, 401);
    assert_eq!(get(port, "rc_nope", "/api/submissions").0, 401);

    // The school submits its own self-check, not another's, not an inspection.
    let (status, v) = send(port, &school, "CG-01", "self");
    assert_eq!(status, 201, "{v}");
    let own = v["id"].as_i64().unwrap();
    for (code, mode) in [("CG-02", "self"), ("CG-01", "inspection")] {
        let (status, v) = send(port, &school, code, mode);
        assert_eq!(status, 403, "{code} {mode}: {v}");
        assert_eq!(v["code"], "forbidden");
    }
    // The inspector submits within its scope only.
    assert_eq!(send(port, &inspector, "CG-02", "inspection").0, 201);
    assert_eq!(send(port, &inspector, "CG-09", "inspection").0, 403);
    let (_, all) = get(port, &admin, "/api/submissions");
    assert_eq!(
        all.as_array().unwrap().len(),
        2,
        "nothing stored for the refused"
    );

    // Reading: each sees its own sites.
    let (_, mine) = get(port, &school, "/api/submissions");
    let codes: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["site"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["CG-01"]);
    assert_eq!(get(port, &other, &format!("/api/submissions/{own}")).0, 403);
    assert_eq!(
        get(port, &school, &format!("/api/submissions/{own}")).0,
        200
    );
    assert_eq!(
        get(port, &other, &format!("/api/blobs/{}", sha(JPEG))).0,
        200,
        "CG-02's inspection carries the same photo bytes"
    );
    assert_eq!(
        get(port, &inspector, "/api/submissions")
            .1
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // Admin-only: the roll-up, publishing, the audit log.
    assert_eq!(get(port, &school, "/api/rollup?template=example").0, 403);
    assert_eq!(get(port, &inspector, "/api/audit").0, 403);
    assert_eq!(get(port, &admin, "/api/rollup?template=example").0, 200);

    // Revoked: 401 from then on.
    let (code, _, err) = cli(&["accounts", "revoke", "城关二小", "--db", &db]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(get(port, &other, "/api/submissions").0, 401);

    // The audit log holds every write: accounts, submissions.
    let (status, log) = get(port, &admin, "/api/audit");
    assert_eq!(status, 200);
    let lines: Vec<(String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["account"].as_str().unwrap().to_string(),
                l["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(lines.iter().filter(|(_, a)| a == "account add").count(), 4);
    assert!(
        lines.contains(&("城关一小".into(), "submit".into())),
        "{lines:?}"
    );
    assert!(
        lines.contains(&("城关督查组".into(), "submit".into())),
        "{lines:?}"
    );
    assert!(
        lines.contains(&("cli".into(), "account revoke".into())),
        "{lines:?}"
    );
    // The listing of accounts shows no token or hash.
    let (code, out, _) = cli(&["accounts", "list", "--db", &db]);
    assert_eq!(code, 0);
    assert!(!out.contains(&school) && !out.contains("token"), "{out}");

    // The database holds no token in clear; each submission names its account.
    drop(srv);
    for t in [&admin, &inspector, &school, &other] {
        if postgres_server().is_some() {
            let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
            let rows = c
                .query(
                    "SELECT name, role, token_sha256, sites, scope FROM accounts",
                    &[],
                )
                .unwrap();
            for r in rows {
                for k in 0..5 {
                    assert!(!r.get::<_, String>(k).contains(t.as_str()));
                }
            }
        } else {
            let bytes = std::fs::read(&file).unwrap();
            let wal = std::fs::read(format!("{file}-wal")).unwrap_or_default();
            for b in [&bytes, &wal] {
                assert!(
                    !b.windows(t.len()).any(|w| w == t.as_bytes()),
                    "a token in clear"
                );
            }
        }
    }
    let accounts: Vec<String> = if postgres_server().is_some() {
        let mut c = postgres::Client::connect(&db, postgres::NoTls).unwrap();
        c.query("SELECT account FROM submissions ORDER BY id", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    } else {
        let c = rusqlite::Connection::open(&file).unwrap();
        let mut st = c
            .prepare("SELECT account FROM submissions ORDER BY id")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(accounts, ["城关一小", "城关督查组"]);
}

fn send_json(port: u16, token: &str, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
    let auth = format!("Bearer {token}");
    let (status, _, body) = request(port, method, path, &[("Authorization", &auth)], body);
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[test]
fn the_roster_reviews_and_scopes_by_attribute() {
    let file = tmp("district.sqlite");
    let _ = std::fs::remove_file(&file);
    let db = db_url(&file);
    let admin = add(&db, &["--role", "admin", "--name", "教育局"]);
    let team = add(
        &db,
        &[
            "--role",
            "inspector",
            "--scope",
            "片区=城关",
            "--name",
            "城关组",
        ],
    );
    let school = add(
        &db,
        &["--role", "site", "--sites", "CG-01", "--name", "一小"],
    );
    let srv = start(&file, &[]);
    let port = srv.port;
    // The roster (§10.2): Chinese headers, a byte-order mark; only an admin replaces it.
    let csv = "\u{feff}单位代码,单位名称,片区\nCG-01,城关一小,城关\nCG-02,城关二小,城关\nDQ-01,东区一小,东区\n";
    assert_eq!(
        send_json(port, &team, "PUT", "/api/sites", csv.as_bytes()).0,
        403
    );
    let (status, v) = send_json(port, &admin, "PUT", "/api/sites", csv.as_bytes());
    assert_eq!((status, v["sites"].as_u64()), (200, Some(3)), "{v}");

    // The school's self-check; the team (scoped by 片区) loads it for the comparison.
    let (status, v) = send(port, &school, "CG-01", "self");
    assert_eq!(status, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    assert_eq!(send(port, &team, "CG-02", "inspection").0, 201);
    assert_eq!(
        send(port, &team, "DQ-01", "inspection").0,
        403,
        "东区 is outside 城关"
    );
    let (_, latest) = get(
        port,
        &team,
        "/api/submissions?site=CG-01&mode=self&latest=1",
    );
    assert_eq!(latest.as_array().unwrap().len(), 1);
    assert_eq!(latest[0]["id"].as_i64(), Some(id));

    // Review (§10.4): the team returns it for rectification; a site cannot review.
    let path = format!("/api/submissions/{id}/review");
    let (status, _) = send_json(
        port,
        &school,
        "POST",
        &path,
        br#"{"state":"accepted","note":"ok"}"#,
    );
    assert_eq!(status, 403);
    let (status, _) = send_json(port, &team, "POST", &path, br#"{"state":"maybe"}"#);
    assert_eq!(status, 400);
    let (status, v) = send_json(
        port,
        &team,
        "POST",
        &path,
        "{\"state\":\"returned\",\"note\":\"隔离室未配备\"}".as_bytes(),
    );
    assert_eq!(status, 201, "{v}");
    // The school reads its review and history.
    let (_, doc) = get(port, &school, &format!("/api/submissions/{id}"));
    assert_eq!(doc["review"], "returned");
    assert_eq!(doc["reviews"][0]["note"], "隔离室未配备");
    assert_eq!(doc["reviews"][0]["account"], "城关组");

    // The roster with each site's latest self-check and inspection.
    let (_, sites) = get(port, &admin, "/api/sites");
    let site = |code: &str| {
        sites
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(site("CG-01")["self"]["review"], "returned");
    assert_eq!(site("CG-01")["attributes"]["片区"], "城关");
    assert!(site("CG-02")["inspection"]["verdict"].is_string());
    assert!(site("DQ-01")["self"].is_null() && site("DQ-01")["inspection"].is_null());
    let (_, mine) = get(port, &team, "/api/sites");
    assert_eq!(mine.as_array().unwrap().len(), 2, "the team sees 城关 only");

    // The roll-up knows who is missing and groups by 片区.
    let (status, r) = get(
        port,
        &admin,
        "/api/rollup?template=example&group_by=%E7%89%87%E5%8C%BA",
    );
    assert_eq!(status, 200, "{r}");
    let missing: Vec<&str> = r["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["DQ-01"]);
    let east = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["value"] == "东区")
        .unwrap();
    assert_eq!(
        (east["count"].as_u64(), east["missing"].as_u64()),
        (Some(0), Some(1))
    );

    // Every write is in the audit log.
    let (_, log) = get(port, &admin, "/api/audit");
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    for a in ["roster", "review", "submit", "account add"] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }
}
