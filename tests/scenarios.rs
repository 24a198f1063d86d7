//! The scenario suite of the built-in templates (`tests/scenarios/<template id>/`): per
//! template an `all-met` assessment (every requirement met: ready, 100) and scenarios an
//! inspection team would judge, each with the verdict the sources call for and a one-line
//! reason citing the source line. A scenario is the all-met answers with `changes` applied
//! (null removes an answer); `score_by_hand`, where given, was worked out from the
//! template's points (per section 100 × (possible − lost) / possible, then the weighted
//! mean), not read off the engine.

use std::path::Path;

use readycheck::{evaluate, Assessment};
use serde_json::Value;

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn score(id: &str, doc: Value) -> Value {
    let t = readycheck::template::load(readycheck::builtin::get(id).unwrap()).unwrap();
    let a = Assessment::from_value(doc).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    serde_json::from_str(&readycheck::to_json(&evaluate::evaluate(
        &t, &a, "zh-CN", today,
    )))
    .unwrap()
}

#[test]
fn every_built_in_template_meets_its_scenarios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut failures = Vec::new();
    for b in readycheck::builtin::INDEX
        .iter()
        .filter(|b| b.id != "example")
    {
        let dir = root.join(b.id);
        let all_met = read(&dir.join("all-met.json"));
        assert_eq!(all_met["template"]["id"], b.id);
        let r = score(b.id, all_met.clone());
        assert_eq!(
            (
                r["verdict"].as_str(),
                r["score"].as_f64(),
                r["complete"].as_bool()
            ),
            (Some("ready"), Some(100.0), Some(true)),
            "{}: all-met is not ready at 100: {} {}",
            b.id,
            r["findings"],
            r["issues"]
        );
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap() != "all-met.json")
            .collect();
        files.sort();
        assert!(files.len() >= 12, "{}: {} scenarios", b.id, files.len());
        for f in files {
            let s = read(&f);
            let name = format!("{}/{}", b.id, f.file_name().unwrap().to_string_lossy());
            let reason = s["reason"].as_str().unwrap_or("");
            let source = s["source"].as_str().unwrap_or("");
            assert!(!reason.is_empty(), "{name}: no reason");
            assert!(
                source.contains(".txt L"),
                "{name}: the source names no file and line: {source:?}"
            );
            let mut doc = all_met.clone();
            for (k, v) in s["changes"].as_object().expect("changes") {
                match v {
                    Value::Null => doc["answers"].as_object_mut().unwrap().remove(k),
                    v => doc["answers"]
                        .as_object_mut()
                        .unwrap()
                        .insert(k.clone(), v.clone()),
                };
            }
            let r = score(b.id, doc);
            if r["verdict"] != s["verdict"] {
                failures.push(format!(
                    "{name}: {} (score {}), expected {} because {reason}",
                    r["verdict"], r["score"], s["verdict"]
                ));
            }
            if let Some(want) = s["score_by_hand"].as_f64() {
                let got = r["score"].as_f64().unwrap_or(f64::NAN);
                if (got - want).abs() > 1e-9 {
                    failures.push(format!("{name}: score {got}, by hand {want}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
