//! Golden cases: template + assessment + the result worked out by hand from the spec
//! (each file's `arithmetic` says how). Every key of `expect` must match the result.

mod common;

use readycheck::{document::Assessment, evaluate, evaluate::compare, template};
use serde_json::Value;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
}

/// Runs one case the way `readycheck score`/`compare` does and returns the printed JSON.
pub fn run_case(case: &Value) -> String {
    let t = template::load(&case["template"].to_string()).expect("golden template loads");
    let a = Assessment::from_value(case["assessment"].clone()).expect("assessment parses");
    let locale = case["locale"].as_str().unwrap_or("zh-CN");
    match case.get("compare_with") {
        Some(b) => {
            let b = Assessment::from_value(b.clone()).unwrap();
            readycheck::to_json(&compare::compare(&t, &a, &b, locale, today()))
        }
        None => readycheck::to_json(&evaluate::evaluate(&t, &a, locale, today())),
    }
}

#[test]
fn golden_cases_match_hand_computed_results() {
    let cases = common::golden_cases();
    assert!(
        cases.len() >= 20,
        "at least 20 golden cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for (name, case) in &cases {
        assert!(
            case["arithmetic"].as_array().is_some_and(|a| !a.is_empty()),
            "{name}: arithmetic is written down"
        );
        let actual: Value = serde_json::from_str(&run_case(case)).unwrap();
        if let Err(e) = common::subset(&case["expect"], &actual, "") {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn evaluation_is_deterministic() {
    for (name, case) in common::golden_cases() {
        assert_eq!(run_case(&case), run_case(&case), "{name}");
    }
}
