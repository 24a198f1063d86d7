//! The bureau's command line against hostile inputs (issue 27), each run as its own process
//! under a memory limit (`ulimit -v`) and a time limit: a lint of 50,000 cycles, a ring of
//! 5,000 items, a roll-up over symbolic-link loops, a FIFO, files with a byte-order mark,
//! a thousand copies of one submission, and ids that would forge or reorder a line.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn tmp(name: &str) -> PathBuf {
    let dir = common::scratch("hostile");
    dir.join(name)
}

/// Runs `readycheck ARGS` with at most `mem_mb` of address space and `secs` seconds;
/// gives the exit code, standard output and standard error.
fn limited(args: &[&str], mem_mb: u64, secs: u64) -> (i32, String, String) {
    let bin = env!("CARGO_BIN_EXE_readycheck");
    let quoted: Vec<String> = args
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    let script = format!(
        "ulimit -v {}; exec timeout {secs} '{bin}' {}",
        mem_mb * 1024,
        quoted.join(" ")
    );
    let start = Instant::now();
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    assert!(start.elapsed() < Duration::from_secs(secs + 5));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn template_with(items: Vec<Value>) -> String {
    json!({"format": "readycheck/1", "id": "hostile", "version": "1", "title": "h",
           "sections": [{"id": "s", "title": "S", "items": items}]})
    .to_string()
}

#[test]
fn fifty_thousand_cycles_lint_in_linear_memory() {
    let items = (0..50_000)
        .flat_map(|k| {
            [
                json!({"id": format!("a{k}"), "type": "computed", "title": "a", "expr": format!("b{k} + 1")}),
                json!({"id": format!("b{k}"), "type": "computed", "title": "b", "expr": format!("a{k} + 1")}),
            ]
        })
        .collect();
    let path = tmp("cycles.json");
    std::fs::write(&path, template_with(items)).unwrap();
    let (code, out, err) = limited(&["lint", path.to_str().unwrap()], 2048, 60);
    assert_eq!(code, 1, "{err}");
    let cycles = out.lines().filter(|l| l.contains(" cycle ")).count();
    assert_eq!(cycles, 50_000, "one line per cycle");
    assert!(out.len() < 20_000_000, "{} bytes", out.len());
    // A ring of 5,000: one line naming a few members and how many more.
    let items = (0..5_000)
        .map(|k| json!({"id": format!("r{k}"), "type": "computed", "title": "r", "expr": format!("r{} + 1", (k + 1) % 5_000)}))
        .collect();
    std::fs::write(&path, template_with(items)).unwrap();
    let (code, out, _) = limited(&["lint", path.to_str().unwrap()], 2048, 60);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains(" cycle ")).collect();
    assert_eq!(lines.len(), 1, "{}", &out[..out.len().min(2000)]);
    assert!(lines[0].contains("and 4992 more"), "{}", lines[0]);
    assert!(out.len() < 2_000, "{} bytes", out.len());
}

fn example_assessment(code: &str) -> Value {
    json!({"format": "readycheck-assessment/1", "template": {"id": "example", "version": "1.0.0"},
           "mode": "self", "site": {"code": code, "name": code}, "as_of": "2026-08-25",
           "answers": {"org_group": "yes", "org_plan": "yes", "students": 100, "masks": 3000,
                       "thermometers": "yes"}})
}

fn rollup(args: &[&str]) -> (i32, Value, String) {
    let mut all = vec!["rollup", "builtin:example"];
    all.extend_from_slice(args);
    let (code, out, err) = limited(&all, 2048, 60);
    let doc = serde_json::from_str(&out).unwrap_or(Value::Null);
    (code, doc, err)
}

#[cfg(unix)]
#[test]
fn the_rollup_walks_no_link_loop_and_reads_no_fifo() {
    let dir = tmp("walk");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a/b")).unwrap();
    std::fs::write(
        dir.join("a/b/one.json"),
        example_assessment("W-1").to_string(),
    )
    .unwrap();
    // Two links to an ancestor at every level: exponential if followed.
    for d in ["a", "a/b"] {
        std::os::unix::fs::symlink(&dir, dir.join(d).join("up1")).unwrap();
        std::os::unix::fs::symlink(&dir, dir.join(d).join("up2")).unwrap();
    }
    assert!(Command::new("mkfifo")
        .arg(dir.join("a/pipe.json"))
        .status()
        .unwrap()
        .success());
    let (code, doc, err) = rollup(&[dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["count"], 1, "{doc}");
    // A FIFO named on the command line is refused, not read.
    let fifo = dir.join("a/pipe.json");
    let (code, doc, err) = rollup(&[fifo.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["rejected"][0]["reason"], "not a regular file", "{doc}");
}

#[test]
fn json_with_a_byte_order_mark_reads_everywhere() {
    let path = tmp("bom.json");
    std::fs::write(&path, format!("\u{feff}{}", example_assessment("M-1"))).unwrap();
    let (code, out, err) = limited(
        &["score", "builtin:example", path.to_str().unwrap()],
        2048,
        30,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"verdict\""));
    let (_, doc, _) = rollup(&[path.to_str().unwrap()]);
    assert_eq!(doc["count"], 1, "{doc}");
    let t = tmp("bom-template.json");
    std::fs::write(
        &t,
        format!(
            "\u{feff}{}",
            readycheck::builtin_text("builtin:example").unwrap()
        ),
    )
    .unwrap();
    assert_eq!(limited(&["lint", t.to_str().unwrap()], 2048, 30).0, 0);
}

#[test]
fn a_thousand_copies_of_one_submission_count_once() {
    let dir = tmp("copies");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let one = example_assessment("C-1").to_string();
    for k in 0..1_000 {
        std::fs::write(dir.join(format!("copy-{k:04}.json")), &one).unwrap();
    }
    // Another site with the same answers is another submission.
    std::fs::write(
        dir.join("other.json"),
        example_assessment("C-2").to_string(),
    )
    .unwrap();
    let (code, doc, err) = rollup(&[dir.to_str().unwrap(), "--threads", "2"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(doc["count"], 2, "{}", doc["sites"]);
    let dups = doc["duplicates"].as_array().unwrap();
    assert_eq!(dups.len(), 999);
    // The first in input order is kept, whichever worker scored it first.
    assert!(doc["sites"][0]["input"]
        .as_str()
        .unwrap()
        .ends_with("copy-0000.json"));
    assert!(dups
        .iter()
        .all(|d| d["same_as"].as_str().unwrap().ends_with("copy-0000.json")));
}

#[test]
fn ids_cannot_forge_or_reorder_a_line() {
    let path = tmp("bidi.json");
    let items = vec![
        json!({"id": "x", "type": "computed", "title": "x", "expr": "y\u{2028}error / forged + \u{202e}1"}),
    ];
    std::fs::write(&path, template_with(items)).unwrap();
    let (code, out, _) = limited(&["lint", path.to_str().unwrap()], 2048, 30);
    assert_eq!(code, 1);
    for bad in ['\u{2028}', '\u{2029}', '\u{202e}'] {
        assert!(!out.contains(bad), "{out}");
    }
    assert!(
        out.lines()
            .all(|l| l.starts_with("error") || l.starts_with("warning")),
        "{out}"
    );
    let _ = Path::new(&path);
}
