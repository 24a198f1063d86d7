//! One template per lint code (§1.3), each asserting the code, the severity and the pointer.

use readycheck::{template, Code, Severity};
use serde_json::{json, Value};

/// A lint-clean template the cases below break one thing at a time.
fn base() -> Value {
    json!({
        "format": "readycheck/1", "id": "lint-base", "version": "1",
        "title": {"zh-CN": "基准", "en": "Base"},
        "sections": [{
            "id": "s1", "title": {"zh-CN": "一", "en": "One"},
            "items": [
                {"id": "a", "type": "yesno", "title": {"zh-CN": "甲", "en": "A"}},
                {"id": "n", "type": "number", "title": {"zh-CN": "数", "en": "N"}},
                {"id": "c", "type": "choice", "title": {"zh-CN": "选", "en": "C"},
                 "options": [{"value": "x", "points": 1}, {"value": "y"}]},
                {"id": "staff", "type": "repeat", "title": {"zh-CN": "人员", "en": "Staff"},
                 "items": [{"id": "temp", "type": "number", "title": {"zh-CN": "体温", "en": "Temp"}}]},
                {"id": "k", "type": "computed", "title": {"zh-CN": "算", "en": "K"}, "expr": "n * 2"}
            ]
        }],
        "rules": [{"id": "r1", "section": "s1", "points": 1, "when": "a == 'yes'", "assert": "n >= 1"}]
    })
}

fn with(f: impl FnOnce(&mut Value)) -> String {
    let mut t = base();
    f(&mut t);
    t.to_string()
}

fn assert_problem(text: &str, severity: Severity, code: &str, pointer: &str) {
    let problems = template::lint(text);
    assert!(
        problems
            .iter()
            .any(|p| p.severity == severity && p.code.as_str() == code && p.pointer == pointer),
        "expected {severity:?} {code} at {pointer}, got:\n{}",
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let loads = template::load(text).is_ok();
    assert_eq!(
        loads,
        severity == Severity::Warning,
        "errors block loading, warnings never do"
    );
}

fn item(t: &mut Value, i: usize) -> &mut Value {
    &mut t["sections"][0]["items"][i]
}

#[test]
fn base_is_clean() {
    assert_eq!(template::lint(&base().to_string()), vec![]);
}

#[test]
fn each_error_code() {
    use Severity::Error as E;
    assert_problem("{\"format\": ", E, "json", "");
    assert_problem(
        &with(|t| t["format"] = json!("readycheck/2")),
        E,
        "format",
        "/format",
    );
    assert_problem(&with(|t| t["id"] = json!("Bad Id")), E, "id", "/id");
    assert_problem(
        &with(|t| item(t, 1)["id"] = json!("1n")),
        E,
        "id",
        "/sections/0/items/1/id",
    );
    assert_problem(
        &with(|t| {
            item(t, 1)
                .as_object_mut()
                .unwrap()
                .remove("id")
                .map(|_| ())
                .unwrap()
        }),
        E,
        "id",
        "/sections/0/items/1/id",
    );
    assert_problem(
        &with(|t| item(t, 1)["id"] = json!("a")),
        E,
        "duplicate_id",
        "/sections/0/items/1/id",
    );
    assert_problem(
        &with(|t| t["rules"][0]["id"] = json!("s1")),
        E,
        "duplicate_id",
        "/rules/0/id",
    );
    assert_problem(
        &with(|t| item(t, 3)["items"][0]["id"] = json!("n")),
        E,
        "duplicate_id",
        "/sections/0/items/3/items/0/id",
    );
    assert_problem(
        &with(|t| item(t, 0)["type"] = json!("slider")),
        E,
        "item_type",
        "/sections/0/items/0/type",
    );
    assert_problem(
        &with(|t| {
            item(t, 3)["items"][0] =
                json!({"id": "inner", "type": "repeat", "title": "R", "items": []})
        }),
        E,
        "item_type",
        "/sections/0/items/3/items/0/type",
    );
    assert_problem(
        &with(|t| item(t, 3)["items"][0]["type"] = json!("computed")),
        E,
        "item_type",
        "/sections/0/items/3/items/0/type",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("n >= ")),
        E,
        "parse",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| item(t, 4)["expr"] = json!("(n * 2")),
        E,
        "parse",
        "/sections/0/items/4/expr",
    );
    assert_problem(
        &with(|t| t["rules"][0]["message"] = json!({"zh-CN": "缺 {n", "en": "x"})),
        E,
        "parse",
        "/rules/0/message/zh-CN",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("nope >= 1")),
        E,
        "unknown_name",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("temp >= 1")),
        E,
        "unknown_name",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("s1 >= 1")),
        E,
        "unknown_name",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("frobnicate(n)")),
        E,
        "unknown_name",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["section"] = json!("nowhere")),
        E,
        "unknown_name",
        "/rules/0/section",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("a + 1 > 2")),
        E,
        "type",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("n + 1")),
        E,
        "type",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("staff > 1")),
        E,
        "type",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("sum(n, 1) > 1")),
        E,
        "type",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("round(n, 9) > 1")),
        E,
        "type",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["assert"] = json!("date('2026-02-30') > today()")),
        E,
        "type",
        "/rules/0/assert",
    );
    assert_problem(
        &with(|t| t["rules"][0]["message"] = json!({"zh-CN": "{n + 'x'}", "en": "x"})),
        E,
        "type",
        "/rules/0/message/zh-CN",
    );
    assert_problem(
        &with(|t| item(t, 1)["visible_if"] = json!("n + 1")),
        E,
        "type",
        "/sections/0/items/1/visible_if",
    );
    assert_problem(
        &with(|t| item(t, 4)["expr"] = json!("k + 1")),
        E,
        "cycle",
        "/sections/0/items/4",
    );
    assert_problem(
        &with(|t| {
            item(t, 0)["visible_if"] = json!("n > 1");
            item(t, 1)["visible_if"] = json!("a == 'yes'");
        }),
        E,
        "cycle",
        "/sections/0/items/0",
    );
    assert_problem(
        &with(|t| item(t, 1)["required"] = json!("k > 1 and answered(n)")),
        E,
        "cycle",
        "/sections/0/items/1",
    );
    assert_problem(
        &with(|t| t["sections"][0]["visible_if"] = json!("a == 'yes'")),
        E,
        "cycle",
        "/sections/0/visible_if",
    );
    assert_problem(
        &with(|t| t["grading"] = json!({"ready": 70, "conditional": 80})),
        E,
        "grading",
        "/grading",
    );
    assert_problem(
        &with(|t| t["grading"] = json!({"ready": 120})),
        E,
        "grading",
        "/grading",
    );
    assert_problem(
        &with(|t| item(t, 0)["points"] = json!(-1)),
        E,
        "negative",
        "/sections/0/items/0/points",
    );
    assert_problem(
        &with(|t| t["sections"][0]["weight"] = json!(-2)),
        E,
        "negative",
        "/sections/0/weight",
    );
    assert_problem(
        &with(|t| t["rules"][0]["points"] = json!(-0.5)),
        E,
        "negative",
        "/rules/0/points",
    );
    assert_problem(
        &with(|t| item(t, 0)["points"] = json!(1.234)),
        E,
        "precision",
        "/sections/0/items/0/points",
    );
    assert_problem(
        &with(|t| item(t, 2)["options"] = json!([])),
        E,
        "options",
        "/sections/0/items/2/options",
    );
    assert_problem(
        &with(|t| {
            item(t, 2)
                .as_object_mut()
                .unwrap()
                .remove("options")
                .map(|_| ())
                .unwrap()
        }),
        E,
        "options",
        "/sections/0/items/2/options",
    );
    assert_problem(
        &with(|t| item(t, 2)["options"][1]["value"] = json!("x")),
        E,
        "options",
        "/sections/0/items/2/options/1/value",
    );
    assert_problem(
        &with(|t| t["sections"] = json!({})),
        E,
        "structure",
        "/sections",
    );
    assert_problem(
        &with(|t| item(t, 0)["title"] = json!(5)),
        E,
        "structure",
        "/sections/0/items/0/title",
    );
    assert_problem(
        &with(|t| item(t, 1)["min"] = json!("10")),
        E,
        "structure",
        "/sections/0/items/1/min",
    );
}

#[test]
fn range_checks() {
    use Severity::Error as E;
    assert_problem(
        &with(|t| {
            item(t, 1)["min"] = json!(10);
            item(t, 1)["max"] = json!(5);
        }),
        E,
        "range",
        "/sections/0/items/1/min",
    );
    assert_problem(
        &with(|t| t["sections"][0]["pass"] = json!(101)),
        E,
        "range",
        "/sections/0/pass",
    );
    assert_problem(
        &with(|t| item(t, 3)["min_rows"] = json!(1.5)),
        E,
        "range",
        "/sections/0/items/3/min_rows",
    );
}

#[test]
fn each_warning_code() {
    use Severity::Warning as W;
    assert_problem(
        &with(|t| {
            item(t, 0)["critical"] = json!(true);
            item(t, 0)["na"] = json!(true);
        }),
        W,
        "critical_na",
        "/sections/0/items/0/na",
    );
    assert_problem(
        &with(|t| {
            t["sections"].as_array_mut().unwrap().push(json!({"id": "s2", "title": "S2", "weight": 2, "items": [{"id": "t", "type": "text", "title": "T"}]}))
        }),
        W,
        "empty_section",
        "/sections/1",
    );
    assert_problem(
        &with(|t| t["rules"][0]["when"] = json!("1 == 1")),
        W,
        "constant_when",
        "/rules/0/when",
    );
    assert_problem(
        &with(|t| t["rules"][0]["when"] = json!("a == 'Yes'")),
        W,
        "unknown_value",
        "/rules/0/when",
    );
    assert_problem(
        &with(|t| t["rules"][0]["when"] = json!("c != 'z'")),
        W,
        "unknown_value",
        "/rules/0/when",
    );
    assert_problem(
        &with(|t| t["rules"][0]["when"] = json!("a == 'na'")),
        W,
        "unknown_value",
        "/rules/0/when",
    );
    assert_problem(
        &with(|t| t["colour"] = json!("red")),
        W,
        "unknown_key",
        "/colour",
    );
    assert_problem(
        &with(|t| item(t, 0)["weight"] = json!(2)),
        W,
        "unknown_key",
        "/sections/0/items/0/weight",
    );
    assert_problem(
        &with(|t| item(t, 0)["title"] = json!({"en": "A"})),
        W,
        "missing_locale",
        "/sections/0/items/0/title",
    );
    assert_problem(
        &with(|t| {
            t["default_locale"] = json!("en");
            item(t, 0)["title"] = json!({"zh-CN": "甲"});
        }),
        W,
        "missing_locale",
        "/sections/0/items/0/title",
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let text = with(|t| {
        t["format"] = json!("nope");
        item(t, 0)["type"] = json!("slider");
        t["rules"][0]["assert"] = json!("zzz > 1");
        t["grading"] = json!({"ready": 10, "conditional": 20});
    });
    let codes: Vec<&str> = template::lint(&text)
        .iter()
        .map(|p| p.code.as_str())
        .collect();
    for c in ["format", "item_type", "unknown_name", "grading"] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    let err = template::load(&text).unwrap_err();
    assert_eq!(err.code, readycheck::TemplateFailure::Format);
    assert!(err.problems.len() >= 4);
}

#[test]
fn hostile_and_odd_input_is_an_error_not_a_panic() {
    for text in [
        "",
        "null",
        "[]",
        "1",
        "\"x\"",
        "{}",
        "{\"format\":\"readycheck/1\"}",
        &"[".repeat(100_000),
    ] {
        let problems = template::lint(text);
        assert!(
            problems.iter().any(|p| p.severity == Severity::Error),
            "{text:.20}"
        );
    }
    let deep = with(|t| {
        t["rules"][0]["assert"] = json!(format!("{}1{} > 0", "(".repeat(5000), ")".repeat(5000)))
    });
    assert_problem(&deep, Severity::Error, "parse", "/rules/0/assert");
    let script = with(|t| {
        item(t, 0)["title"] =
            json!({"zh-CN": "<script>alert(1)</script>", "en": "<img src=x onerror=alert(1)>"})
    });
    assert!(
        template::load(&script).is_ok(),
        "markup in titles is just text"
    );
}

#[test]
fn problem_line_format() {
    let text = with(|t| item(t, 1)["id"] = json!("a"));
    let line = template::lint(&text)[0].to_string();
    assert!(
        line.starts_with("error /sections/0/items/1/id duplicate_id "),
        "{line}"
    );
}

/// The deepest expressions the parser accepts load and evaluate within a 1 MiB stack
/// (wasm's default), even in a debug build.
#[test]
fn deepest_accepted_expressions_fit_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let n = readycheck::expr::MAX_NESTING - 1;
            let exprs = [
                format!("{}n{}", "(".repeat(n), ")".repeat(n)),
                vec!["n"; 250].join(" + "),
                format!(
                    "{}{}{}",
                    "(".repeat(n),
                    vec!["n"; 200].join(" * "),
                    ")".repeat(n)
                ),
                format!("{}n", "-".repeat(n)),
                format!("{}n > 0", "not ".repeat(n)),
            ];
            let mut values = Vec::new();
            for e in exprs {
                let t = json!({"format": "readycheck/1", "id": "d", "version": "1", "title": "d",
                    "sections": [{"id": "s", "title": "s", "items": [
                        {"id": "n", "type": "number", "title": "n"},
                        {"id": "k", "type": "computed", "title": "k", "expr": e}]}]});
                let t = template::load(&t.to_string()).expect("accepted");
                let a = readycheck::Assessment::parse(
                    r#"{"format":"readycheck-assessment/1","answers":{"n":1}}"#,
                )
                .unwrap();
                let r = readycheck::evaluate::evaluate(
                    &t,
                    &a,
                    "en",
                    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                );
                values.push(r.values["k"].clone());
            }
            values
        })
        .unwrap();
    let values = handle.join().expect("no stack overflow");
    assert_eq!(
        values,
        vec![json!(1), json!(250), json!(1), json!(-1), json!(false)]
    );
}

/// Complexity, not speed: sizes where a quadratic check takes minutes (100,000 options
/// took 25 s in a release build; a cycle before a 100,000-item chain 20 s) and a linear one
/// well under a second. The limit is wide so a slow machine does not fail it.
#[test]
fn large_templates_lint_in_linear_time() {
    let opts: Vec<Value> = (0..100_000)
        .map(|i| json!({"value": format!("v{i}"), "points": 1}))
        .collect();
    let mut t = base();
    t["sections"][0]["items"][2]["options"] = Value::Array(opts);
    t["sections"][0]["items"][2]["options"][99_999]["value"] = json!("v7");
    let start = std::time::Instant::now();
    let problems = template::lint(&t.to_string());
    assert!(
        problems
            .iter()
            .any(|p| p.code == Code::Options
                && p.pointer == "/sections/0/items/2/options/99999/value"),
        "the repeated value is still found"
    );
    assert!(
        start.elapsed().as_secs() < 20,
        "100,000 options: {:?}",
        start.elapsed()
    );

    let mut items = vec![
        json!({"id": "a", "type": "computed", "title": "a", "expr": "b + 1"}),
        json!({"id": "b", "type": "computed", "title": "b", "expr": "a + 1"}),
        json!({"id": "x0", "type": "computed", "title": "x", "expr": "a + 1"}),
    ];
    items.extend((1..100_000).map(|i| {
        json!({"id": format!("x{i}"), "type": "computed", "title": "x", "expr": format!("x{} + 1", i - 1)})
    }));
    let mut t = base();
    t["sections"][0]["items"] = Value::Array(items);
    let start = std::time::Instant::now();
    let cycles: Vec<String> = template::lint(&t.to_string())
        .into_iter()
        .filter(|p| p.code == Code::Cycle)
        .map(|p| p.pointer)
        .collect();
    assert_eq!(
        cycles,
        ["/sections/0/items/0"],
        "only a and b are on the cycle, reported once at a"
    );
    assert!(
        start.elapsed().as_secs() < 20,
        "cycle and chain: {:?}",
        start.elapsed()
    );
}
