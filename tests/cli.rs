//! The command line through the built binary: outputs, exit codes, bad input.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_readycheck"))
}

fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut c = bin();
    c.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn tmp(name: &str, text: &str) -> String {
    let dir = common::scratch("cli");
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

const ASSESSMENT: &str = r#"{"format":"readycheck-assessment/1","template":{"id":"example","version":"1.0.0"},
 "as_of":"2026-08-25","answers":{"org_group":"yes","org_plan":"yes","students":100,"masks":3000,"thermometers":"yes"}}"#;

/// One line on stderr, prefixed, no backtrace.
fn assert_one_line_error(code: i32, err: &str) {
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("readycheck: "), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

#[test]
fn score_builtin_example() {
    let a = tmp("a.json", ASSESSMENT);
    let (code, out, err) = run(&["score", "builtin:example", &a, "--locale", "en"], None);
    assert_eq!(code, 0, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    // org 4/4, supplies 4/4 (masks 3000 >= 100*2*15 = 3000): 100.0, ready.
    assert_eq!(r["verdict"], "ready");
    assert_eq!(r["score"], 100.0);
    assert_eq!(r["values"]["mask_need"], 3000);
}

#[test]
fn score_reads_stdin_and_prints_the_same() {
    let a = tmp("a2.json", ASSESSMENT);
    let (_, from_file, _) = run(&["score", "builtin:example", &a], None);
    let (code, from_stdin, _) = run(&["score", "builtin:example", "-"], Some(ASSESSMENT));
    assert_eq!(code, 0);
    assert_eq!(from_file, from_stdin);
}

#[test]
fn score_exits_zero_whatever_the_verdict() {
    let a = tmp(
        "bad-verdict.json",
        &ASSESSMENT.replace(r#""org_group":"yes""#, r#""org_group":"no""#),
    );
    let (code, out, _) = run(&["score", "builtin:example", &a], None);
    assert_eq!(code, 0);
    assert!(out.contains("\"verdict\": \"not_ready\""));
}

#[test]
fn lint_prints_problems_and_exit_codes() {
    let (code, out, _) = run(&["lint", "builtin:example"], None);
    assert_eq!((code, out.as_str()), (0, ""));
    let bad = tmp(
        "bad.json",
        r#"{"format":"readycheck/1","id":"x","version":"1","title":"X","colour":1,
        "sections":[{"id":"s","title":"S","items":[{"id":"a","type":"yesno","title":"A"},{"id":"a","type":"nope","title":"B"}]}]}"#,
    );
    let (code, out, _) = run(&["lint", &bad], None);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.contains(&"warning /colour unknown_key unknown key `colour` is ignored"),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error /sections/0/items/1/id duplicate_id ")),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("error /sections/0/items/1/type item_type ")),
        "{out}"
    );
    let warn_only = tmp(
        "warn.json",
        r#"{"format":"readycheck/1","id":"x","version":"1","title":"X","colour":1,
        "sections":[{"id":"s","title":"S","items":[{"id":"a","type":"yesno","title":"A"}]}]}"#,
    );
    assert_eq!(
        run(&["lint", &warn_only], None).0,
        0,
        "warnings never block"
    );
    let (code, out, _) = run(&["lint", "-"], Some("{oops"));
    assert_eq!(code, 1);
    assert!(out.starts_with("error / json malformed JSON"), "{out}");
    let (code, out, _) = run(&["lint", "/no/such/template.json"], None);
    assert_eq!(code, 1, "lint reports what keeps a template from loading");
    assert!(
        out.starts_with("error / io cannot read /no/such/template.json"),
        "{out}"
    );
    let (code, out, _) = run(&["lint", "builtin:nope"], None);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("error / io no built-in template `nope`"),
        "{out}"
    );
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let a = tmp("ok.json", ASSESSMENT);
    let cases: Vec<Vec<String>> = vec![
        vec!["score".into(), "/no/such/file.json".into(), a.clone()],
        vec!["score".into(), "builtin:nope".into(), a.clone()],
        vec![
            "score".into(),
            tmp("malformed.json", "{\"format\": "),
            a.clone(),
        ],
        vec![
            "score".into(),
            tmp("wrongformat.json", r#"{"format":"surveyjs"}"#),
            a.clone(),
        ],
        vec![
            "score".into(),
            tmp(
                "lintfail.json",
                r#"{"format":"readycheck/1","id":"x","version":"1","title":"X","sections":[{"id":"s","title":"S","items":[{"id":"a","type":"yesno","title":"A","visible_if":"a == 1"}]}]}"#,
            ),
            a.clone(),
        ],
        vec![
            "score".into(),
            "builtin:example".into(),
            tmp("a-malformed.json", "[1,"),
        ],
        vec![
            "score".into(),
            "builtin:example".into(),
            tmp("a-format.json", r#"{"format":"x","answers":{}}"#),
        ],
        vec![
            "score".into(),
            "builtin:example".into(),
            tmp(
                "a-answers.json",
                r#"{"format":"readycheck-assessment/1","answers":[]}"#,
            ),
        ],
        vec![
            "score".into(),
            "builtin:example".into(),
            tmp(
                "a-asof.json",
                r#"{"format":"readycheck-assessment/1","as_of":"25/08/2026","answers":{}}"#,
            ),
        ],
        vec![
            "score".into(),
            "builtin:example".into(),
            tmp(
                "a-other.json",
                r#"{"format":"readycheck-assessment/1","template":{"id":"exam-site","version":"1"},"answers":{}}"#,
            ),
        ],
        vec![
            "compare".into(),
            "builtin:example".into(),
            a.clone(),
            "/no/such/b.json".into(),
        ],
        vec!["score".into(), "builtin:example".into()],
        vec!["frobnicate".into()],
        vec![
            "score".into(),
            "builtin:example".into(),
            a.clone(),
            "--locale".into(),
        ],
    ];
    for args in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = run(&args, None);
        let first_line = err.lines().next().unwrap_or("").to_string();
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}");
        assert!(first_line.starts_with("readycheck: "), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        if !first_line.contains("wrong arguments") {
            assert_one_line_error(code, &err);
        }
    }
}

#[test]
fn compare_prints_comparison() {
    let a = tmp("self.json", ASSESSMENT);
    let b = tmp(
        "insp.json",
        &ASSESSMENT
            .replace(r#""org_plan":"yes""#, r#""org_plan":"no""#)
            .replace("\"as_of\"", "\"mode\":\"inspection\",\"as_of\""),
    );
    let (code, out, err) = run(&["compare", "builtin:example", &a, &b], None);
    assert_eq!(code, 0, "{err}");
    let c: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(c["disputed"], serde_json::json!(["org_plan"]));
    // 5 items answered in both, 4 agree: 80.0.
    assert_eq!(c["agreement"], 80.0);
    // b: org 2/4, supplies 4/4 -> (50 + 100) / 2 = 75.0; delta -25.0.
    assert_eq!(c["score"]["delta"], -25.0);
}

#[test]
fn templates_lists_builtins() {
    let (code, out, _) = run(&["templates"], None);
    assert_eq!(code, 0);
    assert!(
        out.lines().any(|l| l.starts_with("example\t1.0.0\t")),
        "{out}"
    );
}

/// A template whose only rule reads `today()`: a check dated after the deadline fails.
const DEADLINE_TEMPLATE: &str = r#"{"format":"readycheck/1","id":"deadline","version":"1","title":"D",
 "sections":[{"id":"s","title":"S","items":[{"id":"drill","type":"date","title":"drill"}]}],
 "rules":[{"id":"recent","section":"s","assert":"days(drill, today()) <= 14","critical":true,"message":"drill too old"}]}"#;

#[test]
fn as_of_overrides_the_document_and_changes_the_inputs_hash() {
    let t = tmp("deadline.json", DEADLINE_TEMPLATE);
    let a = tmp(
        "deadline-a.json",
        r#"{"format":"readycheck-assessment/1","template":{"id":"deadline","version":"1"},
            "as_of":"2026-08-20","answers":{"drill":"2026-08-15"}}"#,
    );
    let score = |extra: &[&str]| {
        let mut args = vec!["score", t.as_str(), a.as_str()];
        args.extend_from_slice(extra);
        let (code, out, err) = run(&args, None);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).unwrap()
    };
    let claimed = score(&[]);
    assert_eq!(claimed["verdict"], "ready");
    // The server scores as of the day it received the submission: the drill is 21 days old.
    let received = score(&["--as-of", "2026-09-05"]);
    assert_eq!(received["verdict"], "not_ready");
    assert_eq!(
        claimed["receipt"]["answers_sha256"], received["receipt"]["answers_sha256"],
        "the answers are the same"
    );
    assert_ne!(
        claimed["receipt"]["inputs_sha256"], received["receipt"]["inputs_sha256"],
        "a different as_of is a different input"
    );
    // The same date given explicitly is the same input.
    let same = score(&["--as-of=2026-08-20"]);
    assert_eq!(claimed["receipt"], same["receipt"]);
    let (code, _, err) = run(&["score", &t, &a, "--as-of", "2026-13-01"], None);
    assert_one_line_error(code, &err);
    assert!(err.contains("--as-of"), "{err}");
}

#[test]
fn duplicate_keys_are_refused() {
    let t = tmp("deadline-dup.json", DEADLINE_TEMPLATE);
    let a = tmp(
        "dup-answers.json",
        r#"{"format":"readycheck-assessment/1","answers":{"drill":"2026-08-15","drill":"2026-01-01"}}"#,
    );
    let (code, _, err) = run(&["score", &t, &a], None);
    assert_one_line_error(code, &err);
    assert!(err.contains("duplicate key `drill`"), "{err}");
    let dup_template = DEADLINE_TEMPLATE.replace(r#""title":"D","#, r#""title":"D","title":"E","#);
    let (code, out, _) = run(&["lint", "-"], Some(&dup_template));
    assert_eq!(code, 1);
    assert!(out.contains("duplicate key `title`"), "{out}");
}

#[test]
fn a_newline_in_an_id_cannot_forge_a_lint_line() {
    let t = DEADLINE_TEMPLATE.replace(
        r#""id":"drill""#,
        r#""id":"x\nerror /fake forged this line""#,
    );
    let (code, out, _) = run(&["lint", "-"], Some(&t));
    assert_eq!(code, 1);
    for line in out.lines() {
        assert!(
            line.starts_with("error /") || line.starts_with("warning /"),
            "{line}"
        );
        assert!(!line.starts_with("error /fake"), "{out}");
    }
    assert!(out.contains("x\\nerror /fake"), "{out}");
}

#[test]
fn seventeen_digit_numbers_hash_as_javascript_reads_them() {
    // Read correctly rounded, a number printed and read back is the same double: the
    // receipt a browser made equals the server's re-score. Checked against Rust's own
    // correctly rounded parser over many 16- and 17-digit decimals.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..2000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let text = format!("{}.{:011}", x % 1_000_000, x % 100_000_000_000);
        let doc = format!(r#"{{"n":{text}}}"#);
        let v = readycheck::json::parse(&doc).unwrap();
        assert_eq!(
            v["n"].as_f64().unwrap(),
            text.parse::<f64>().unwrap(),
            "{text}"
        );
    }
    let v = readycheck::json::parse(r#"{"n":969964.15095848599}"#).unwrap();
    assert_eq!(v["n"].as_f64().unwrap(), 969_964.150_958_486);
}

#[test]
fn a_reader_that_stops_early_is_no_crash() {
    // `readycheck lint … | head -1`: the pipe closes while 300 KB are still to come.
    let keys: Vec<String> = (0..5000).map(|i| format!("\"unknown_{i}\":1")).collect();
    let t = DEADLINE_TEMPLATE.replacen('{', &format!("{{{},", keys.join(",")), 1);
    let path = tmp("many-warnings.json", &t);
    let mut child = bin()
        .args(["lint", &path])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}
