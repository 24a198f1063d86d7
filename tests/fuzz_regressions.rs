//! Every input the fuzz campaign (fuzz/, docs/performance.md) reported, run through the same
//! code as its target: none may panic, and none may take long. The two reported so far were
//! timeouts that did not reproduce (1 ms and 22 ms when run alone, with the fuzzer starved
//! of CPU by a build beside it); they are kept so that they stay fast.

use std::path::Path;
use std::time::{Duration, Instant};

use readycheck::{evaluate, template, Assessment};

fn inputs(target: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if let Ok(text) = String::from_utf8(bytes) {
            out.push((path.display().to_string(), text));
        }
    }
    assert!(!out.is_empty(), "no inputs in {}", dir.display());
    out
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap()
}

/// Generous: a debug build on a loaded machine; what the fuzzer calls a timeout is a second
/// in an optimised build.
const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn assessments_against_the_built_in_templates() {
    let templates: Vec<_> = readycheck::builtin::INDEX
        .iter()
        .map(|b| template::load(readycheck::builtin_text(b.id).unwrap()).unwrap())
        .collect();
    let empty = Assessment::parse(r#"{"format":"readycheck-assessment/1","answers":{}}"#).unwrap();
    for (name, text) in inputs("assess_builtin") {
        let start = Instant::now();
        let wrapped = format!(r#"{{"format":"readycheck-assessment/1","answers":{text}}}"#);
        for doc in [text.as_str(), wrapped.as_str()] {
            let Ok(a) = Assessment::parse(doc) else {
                continue;
            };
            for t in &templates {
                let r = evaluate::evaluate(t, &a, "zh-CN", today());
                let _ = readycheck::evaluate::compare::compare(t, &a, &empty, "en", today());
                let whole = readycheck::document::Document::from_map(
                    serde_json::from_str(doc).unwrap_or_default(),
                );
                let csv = readycheck::view::csv::export(t, &r, &whole, "en");
                assert!(csv.starts_with("section,id,item"));
            }
        }
        assert!(start.elapsed() < LIMIT, "{name}: {:?}", start.elapsed());
    }
}

#[test]
fn templates_linted_loaded_and_evaluated() {
    for (name, text) in inputs("load_template") {
        let start = Instant::now();
        let _ = template::lint(&text);
        if let Ok(t) = template::load(&text) {
            let a = format!(r#"{{"format":"readycheck-assessment/1","answers":{text}}}"#);
            if let Ok(a) = Assessment::parse(&a) {
                let _ = evaluate::evaluate(&t, &a, "zh-CN", today());
            }
        }
        assert!(start.elapsed() < LIMIT, "{name}: {:?}", start.elapsed());
    }
}
