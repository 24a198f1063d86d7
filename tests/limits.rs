//! The engine's limits (`readycheck::limits`) and work that stays bounded on hostile input:
//! templates past a limit are refused with a `limit` lint error; answers past one get an
//! issue and stay in the document; the same aggregate written many times is computed once.
//! Time limits are wide (a debug build, a loaded machine): they catch quadratic work, which
//! would take minutes at these sizes, not slow machines.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use readycheck::limits::{MAX_CONTAINERS, MAX_ITEMS, MAX_OPTIONS, MAX_ROWS, MAX_TEXT};
use readycheck::{evaluate, template, Assessment, Severity};
use serde_json::{json, Value};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 8, 25).unwrap()
}

fn with_items(items: Vec<Value>) -> Value {
    json!({"format": "readycheck/1", "id": "lim", "version": "1", "title": "lim",
           "sections": [{"id": "s", "title": "s", "items": items}]})
}

fn limit_errors(t: &Value) -> Vec<String> {
    template::lint(&t.to_string())
        .into_iter()
        .filter(|p| p.code == readycheck::Code::Limit && p.severity == Severity::Error)
        .map(|p| p.pointer)
        .collect()
}

fn assessment(answers: Value) -> Assessment {
    Assessment::parse(&json!({"format": "readycheck-assessment/1", "answers": answers}).to_string())
        .unwrap()
}

#[test]
fn templates_past_a_limit_are_refused_at_the_place() {
    let opts =
        |n: usize| -> Vec<Value> { (0..n).map(|i| json!({"value": format!("v{i}")})).collect() };
    let ok = with_items(vec![
        json!({"id": "c", "type": "choice", "title": "c", "options": opts(MAX_OPTIONS)}),
    ]);
    assert_eq!(limit_errors(&ok), Vec::<String>::new());
    let over = with_items(vec![
        json!({"id": "c", "type": "choice", "title": "c", "options": opts(MAX_OPTIONS + 1)}),
    ]);
    assert_eq!(limit_errors(&over), ["/sections/0/items/0/options"]);
    assert!(
        template::load(&over.to_string()).is_err(),
        "refused, not loaded"
    );

    let t = with_items(vec![
        json!({"id": "t", "type": "text", "title": "t", "max_length": MAX_TEXT + 1}),
        json!({"id": "r", "type": "repeat", "title": "r", "max_rows": MAX_ROWS + 1,
               "items": [{"id": "v", "type": "number", "title": "v"}]}),
        json!({"id": "u", "type": "text", "title": "u", "max_length": MAX_TEXT}),
    ]);
    assert_eq!(
        limit_errors(&t),
        [
            "/sections/0/items/0/max_length",
            "/sections/0/items/1/max_rows"
        ]
    );

    let items: Vec<Value> = (0..=MAX_ITEMS)
        .map(|i| json!({"id": format!("i{i}"), "type": "yesno", "title": "i"}))
        .collect();
    assert_eq!(
        limit_errors(&with_items(items)),
        [format!("/sections/0/items/{MAX_ITEMS}")]
    );
}

#[test]
fn answers_past_a_limit_get_an_issue_and_are_kept() {
    let t = template::load(
        &with_items(vec![
            json!({"id": "t", "type": "text", "title": "t"}),
            json!({"id": "r", "type": "repeat", "title": "r",
                   "items": [{"id": "v", "type": "number", "title": "v"}]}),
            json!({"id": "k", "type": "computed", "title": "k", "expr": "count(r)"}),
        ])
        .to_string(),
    )
    .unwrap();
    let long = "长".repeat(MAX_TEXT + 1);
    let rows: Vec<Value> = (0..=MAX_ROWS).map(|i| json!({"v": i})).collect();
    let a = assessment(json!({"t": long, "r": rows}));
    let r = evaluate::evaluate(&t, &a, "en", today());
    let issue = |target: &str| {
        r.issues
            .iter()
            .find(|i| i.target == target)
            .map(|i| (i.code.to_string(), i.message.to_string()))
    };
    assert_eq!(
        issue("t"),
        Some(("max_length".into(), "At most 100000 characters".into()))
    );
    assert_eq!(
        issue("r"),
        Some(("max_rows".into(), "At most 10000 rows".into()))
    );
    // The rows past the limit are not read: no per-row issue, and the repeat counts as
    // unanswered for what reads it.
    assert!(r.issues.iter().all(|i| !i.target.starts_with("r[")));
    assert_eq!(r.values.get("k"), Some(&Value::Null));
    // Kept: the document is the caller's, and the receipt hashes every answer.
    assert_eq!(a.answers["r"].as_array().map(Vec::len), Some(MAX_ROWS + 1));
    assert_eq!(
        a.answers["t"].as_str().map(|s| s.chars().count()),
        Some(MAX_TEXT + 1)
    );

    // At the limit itself everything is read.
    let rows: Vec<Value> = (0..MAX_ROWS).map(|i| json!({"v": i})).collect();
    let r = evaluate::evaluate(&t, &assessment(json!({"r": rows})), "en", today());
    assert_eq!(r.values.get("k"), Some(&json!(MAX_ROWS)));
}

#[test]
fn one_aggregate_written_many_times_walks_its_rows_once() {
    // 2,000 computed items and a rule summing the same 10,000 rows: without sharing, 20
    // million row evaluations (tens of seconds in a debug build).
    let mut items = vec![
        json!({"id": "r", "type": "repeat", "title": "r",
        "items": [{"id": "v", "type": "number", "title": "v"},
                  {"id": "w", "type": "number", "title": "w",
                   "visible_if": "sum(r2, x) > 0"}]}),
        json!({"id": "r2", "type": "repeat", "title": "r2",
        "items": [{"id": "x", "type": "number", "title": "x"}]}),
    ];
    items.extend((0..2000).map(|i| {
        json!({"id": format!("k{i}"), "type": "computed", "title": "k", "expr": "sum(r, v) + count(r2)"})
    }));
    // A different body is a different aggregate.
    items.push(json!({"id": "twice", "type": "computed", "title": "t", "expr": "sum(r, v * 2)"}));
    let t_items = items.clone();
    let mut t = with_items(items);
    t["rules"] = json!([{"id": "q", "assert": "sum(r, v) == k0 - count(r2)", "points": 1}]);
    let t = template::load(&t.to_string()).unwrap();
    let rows: Vec<Value> = (0..MAX_ROWS).map(|i| json!({"v": i % 7, "w": 1})).collect();
    let a = assessment(json!({"r": rows, "r2": [{"x": 1}, {"x": 2}]}));
    let r = evaluate::evaluate(&t, &a, "en", today());
    let sum: u64 = (0..MAX_ROWS as u64).map(|i| i % 7).sum();
    assert_eq!(r.values.get("k0"), Some(&json!(sum + 2)));
    assert_eq!(r.values.get("k1999"), Some(&json!(sum + 2)));
    assert_eq!(r.values.get("twice"), Some(&json!(sum * 2)));
    assert!(r.issues.is_empty(), "{:?}", r.issues);
    assert!(
        r.findings.iter().all(|f| f.id != "q"),
        "the rule passed: {:?}",
        r.findings
    );

    // Compared with the same template using the sum once: walking the rows for each use
    // would make it hundreds of times slower; shared, it costs about the same.
    let (mut once, mut many) = (Duration::MAX, Duration::MAX);
    let one = {
        let mut t1: Value = with_items(vec![
            t_items[0].clone(),
            t_items[1].clone(),
            t_items[2].clone(),
        ]);
        t1["rules"] = json!([]);
        template::load(&t1.to_string()).unwrap()
    };
    for _ in 0..3 {
        let start = Instant::now();
        evaluate::evaluate(&one, &a, "en", today());
        once = once.min(start.elapsed());
        let start = Instant::now();
        evaluate::evaluate(&t, &a, "en", today());
        many = many.min(start.elapsed());
    }
    assert!(
        many < once * 20,
        "2,000 equal sums {many:?}, one {once:?}: the rows are walked per use"
    );

    // An update (the element's path) agrees with a full evaluation after the rows change.
    let rows: Vec<Value> = (0..100).map(|i| json!({"v": i})).collect();
    let b = assessment(json!({"r": rows, "r2": [{"x": 1}]}));
    let mut s = evaluate::Evaluation::compute(&t, &a, today());
    let r_index = t.items.iter().position(|i| i.id == "r").unwrap();
    let r2_index = t.items.iter().position(|i| i.id == "r2").unwrap();
    s.update(&t, &b, r_index);
    s.update(&t, &b, r2_index);
    let updated = evaluate::summarize(&t, &b, &s, "en");
    let full = evaluate::evaluate(&t, &b, "en", today());
    assert_eq!(updated.values.get("k5"), Some(&json!(4950 + 1)));
    assert_eq!(readycheck::to_json(&updated), readycheck::to_json(&full));
}

#[test]
fn an_assessment_past_the_object_limit_is_refused_before_it_is_read_whole() {
    // The answers object, the document and its `template` are three containers; the rows
    // make up the rest.
    let doc = |rows: usize| {
        let rows: Vec<Value> = (0..rows).map(|i| json!({"v": i % 7})).collect();
        json!({"format": "readycheck-assessment/1", "template": {"id": "lim", "version": "1"},
               "answers": {"r": rows}})
        .to_string()
    };
    let at = doc(MAX_CONTAINERS - 4);
    assert!(Assessment::parse(&at).is_ok(), "at the limit it is read");
    let over = doc(MAX_CONTAINERS - 3);
    let e = Assessment::parse(&over).unwrap_err();
    assert_eq!(e.kind, readycheck::AssessmentFailure::Limit);
    assert!(
        e.message
            .starts_with("the assessment is too large: more than 250000 objects and arrays"),
        "{}",
        e.message
    );
    // Malformed text is still malformed, not too large.
    assert_eq!(
        Assessment::parse("{\"answers\": [").unwrap_err().kind,
        readycheck::AssessmentFailure::Json
    );
}
