//! `readycheck rollup` over tests/data/rollup: 50 entries of the example template whose
//! aggregates are worked out by hand below from the groups make.py writes.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rollup");

fn rollup(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_readycheck"));
    c.arg("rollup")
        .arg("builtin:example")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        pipe.write_all(s.as_bytes()).unwrap();
    }
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn folder() -> Value {
    let (code, out, err) = rollup(&[DATA], None);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn aggregates_match_the_hand_count() {
    let r = folder();
    // 50 files: 49 scored, the malformed one rejected with its reason.
    assert_eq!(r["count"], 49);
    let rejected = r["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 1);
    assert!(rejected[0]["input"]
        .as_str()
        .unwrap()
        .ends_with("48-malformed.json"));
    assert!(rejected[0]["reason"]
        .as_str()
        .unwrap()
        .contains("malformed JSON"));
    // A (29) + tampered (1) + pair self (1) ready; B (10) conditional at 75.0;
    // C (5: supplies 25 < pass 60) and the pair's inspection (critical org_group) not
    // ready; D (2) incomplete.
    assert_eq!(
        r["verdicts"],
        json!({"ready": 31, "conditional": 10, "not_ready": 6, "incomplete": 2})
    );
    // Most failed first: org_plan 10/49 = 20.4 %, mask_stock 5/49 = 10.2 %, org_group
    // 1/49 = 2.0 %, thermometers 0/49.
    let reqs: Vec<(&str, u64, u64, f64)> = r["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap(),
                q["applicable"].as_u64().unwrap(),
                q["failed"].as_u64().unwrap(),
                q["failed_share"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reqs,
        vec![
            ("org_plan", 49, 10, 20.4),
            ("mask_stock", 49, 5, 10.2),
            ("org_group", 49, 1, 2.0),
            ("thermometers", 49, 0, 0.0)
        ]
    );
    // org: 29*100 + 10*50 + 5*100 + 2*100 + 100 + 100 + 50 = 4350 / 49 = 88.78 -> 88.8.
    // supplies: 29*100 + 10*100 + 5*25 + 2*75 + 100 + 100 + 100 = 4475 / 49 = 91.33 -> 91.3.
    assert_eq!(
        r["sections"],
        json!([
            {"id": "org", "title": "组织领导", "scored": 49, "mean": 88.8, "min": 50.0, "max": 100.0},
            {"id": "supplies", "title": "物资保障", "scored": 49, "mean": 91.3, "min": 25.0, "max": 100.0}
        ])
    );
    // P01: five items answered in both, four agree (80.0); self 100, inspection
    // (50 + 100) / 2 = 75: delta -25.0; org_group yes -> no is disputed.
    let pairs = r["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["site_code"], "P01");
    assert_eq!(pairs[0]["agreement"], 80.0);
    assert_eq!(pairs[0]["score_delta"], -25.0);
    assert_eq!(pairs[0]["disputed"], 1);
    assert_eq!(pairs[0]["disputed_items"], json!(["org_group"]));
    // Only the entry with the forged receipt is tampered.
    let sites = r["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 49);
    let tampered: Vec<&str> = sites
        .iter()
        .filter(|s| s["tampered"] == true)
        .map(|s| s["site_code"].as_str().unwrap())
        .collect();
    assert_eq!(tampered, ["T00"]);
    // Rows in input (path) order.
    assert_eq!(sites[0]["site_code"], "A00");
    assert_eq!(sites[48]["mode"], "inspection");
    let c = sites.iter().find(|s| s["site_code"] == "C00").unwrap();
    assert_eq!(c["score"], 62.5);
    assert_eq!(c["critical_failed"], 1);
}

#[test]
fn ndjson_on_standard_input_equals_the_folder() {
    let mut files: Vec<_> = std::fs::read_dir(DATA)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let ndjson: String = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().replace('\n', " ") + "\n")
        .collect();
    let (code, out, err) = rollup(&["-"], Some(&ndjson));
    assert_eq!(code, 0, "{err}");
    let mut from_stdin: Value = serde_json::from_str(&out).unwrap();
    let mut from_folder = folder();
    // The same entries, named by line rather than by file.
    assert_eq!(from_stdin["rejected"][0]["input"], "-:48");
    for doc in [&mut from_stdin, &mut from_folder] {
        common::without_inputs(doc);
        doc["rejected"] = Value::Null;
    }
    assert_eq!(from_stdin, from_folder);
}

#[test]
fn html_runs_no_script_and_escapes_names() {
    let (code, out, err) = rollup(&[DATA, "--format", "html", "--locale", "en"], None);
    assert_eq!(code, 0, "{err}");
    assert!(!out.to_lowercase().contains("<script"), "no script element");
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;小学"));
    assert!(out.contains("<svg"), "charts are inline SVG");
    assert!(
        out.contains("default-src 'none'"),
        "its CSP forbids scripts"
    );
    assert!(out.contains("Most failed requirements"));
}

#[test]
fn csv_lists_the_sites() {
    let out_file = common::scratch("rollup").join("sites.csv");
    let path = out_file.to_string_lossy().into_owned();
    let (code, out, err) = rollup(&[DATA, "--format", "csv", "-o", &path], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "written to the file, not standard output");
    let csv = std::fs::read_to_string(&out_file).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 50, "a header and 49 rows");
    // A UTF-8 byte-order mark first, so Excel reads the Chinese names (§9, 1.2).
    assert!(
        lines[0].starts_with("\u{feff}input,site_code,site_name,mode"),
        "{}",
        lines[0]
    );
    assert!(lines
        .iter()
        .any(|l| l.contains(",T00,") && l.ends_with(",true")));
    assert!(err.contains("49 scored, 1 rejected, 1 tampered"), "{err}");
}

#[test]
fn bad_arguments_and_unreadable_inputs() {
    let (code, _, err) = rollup(&[DATA, "--format", "pdf"], None);
    assert_eq!(code, 2);
    assert!(err.contains("--format `pdf`"), "{err}");
    // An input that cannot be read is a rejected entry, and the run goes on.
    let (code, out, _) = rollup(&["/no/such/file.json", DATA], None);
    assert_eq!(code, 0);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["count"], 49);
    assert_eq!(r["rejected"][0]["input"], "/no/such/file.json");
    // An assessment of another template is rejected with the reason.
    let (code, out, _) = rollup(
        &["-"],
        Some(
            r#"{"format":"readycheck-assessment/1","template":{"id":"exam-site","version":"1"},"answers":{}}"#,
        ),
    );
    assert_eq!(code, 0);
    let r: Value = serde_json::from_str(&out).unwrap();
    assert!(r["rejected"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("not `example`"));
}
