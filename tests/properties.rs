//! Property tests: hostile input never panics; evaluation is deterministic; scores stay in
//! range.

mod common;

use proptest::prelude::*;
use readycheck::{evaluate, template, Assessment};
use serde_json::{json, Value};

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        prop_oneof![
            Just("yes".to_string()),
            Just("no".to_string()),
            Just("na".to_string()),
            Just("2026-08-25".to_string()),
            Just("readycheck/1".to_string()),
            Just("a > 1".to_string()),
            "[a-z_]{1,6}",
            ".{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("type".to_string()),
                    Just("items".to_string()),
                    Just("sections".to_string()),
                    Just("expr".to_string()),
                    Just("title".to_string()),
                    Just("format".to_string()),
                    Just("visible_if".to_string()),
                    Just("points".to_string()),
                    Just("answers".to_string()),
                    Just("options".to_string()),
                    "[a-z]{1,4}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A template that uses every item type, rules, a repeat and visibility conditions.
fn rich_template() -> readycheck::Template {
    let t = json!({"format": "readycheck/1", "id": "p", "version": "1", "title": "P",
      "sections": [
        {"id": "s1", "title": "S1", "weight": 2, "pass": 50, "items": [
          {"id": "a", "type": "yesno", "title": "a", "points": 2, "na": true},
          {"id": "b", "type": "yesno", "title": "b", "critical": true, "visible_if": "a != 'no'"},
          {"id": "c", "type": "choice", "title": "c", "options": [{"value": "g", "points": 3}, {"value": "f", "points": 0, "fail": true}]},
          {"id": "n", "type": "number", "title": "n", "min": 0, "max": 1000},
          {"id": "k", "type": "computed", "title": "k", "expr": "n * 2 + coalesce(count(r), 0)"}]},
        {"id": "s2", "title": "S2", "visible_if": "n > 10", "items": [
          {"id": "d", "type": "date", "title": "d"},
          {"id": "m", "type": "multi", "title": "m", "options": [{"value": "x"}, {"value": "y"}], "max_count": 1},
          {"id": "t", "type": "text", "title": "t", "max_length": 5},
          {"id": "e", "type": "yesno", "title": "e", "points": 1.5},
          {"id": "f", "type": "yesno", "title": "f", "visible_if": "k > 20 and e != 'no'"},
          {"id": "r", "type": "repeat", "title": "r", "max_rows": 3, "items": [
            {"id": "rv", "type": "number", "title": "rv"}, {"id": "rf", "type": "yesno", "title": "rf", "required": false}]}]}
      ],
      "rules": [
        {"id": "r1", "section": "s1", "points": 2, "assert": "n >= 5", "message": "n {n}"},
        {"id": "r2", "section": "s2", "points": 1, "critical": true, "when": "answered(d)", "assert": "days(d, today()) <= 14"},
        {"id": "r3", "assert": "all(r, rv < 100)"}]});
    template::load(&t.to_string()).unwrap()
}

fn arb_answer() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("yes")),
        Just(json!("no")),
        Just(json!("na")),
        Just(json!("g")),
        Just(json!("f")),
        (-5i32..50).prop_map(|n| json!(n)),
        Just(json!("2026-08-20")),
        Just(json!("2026-02-31")),
        Just(json!(["x"])),
        Just(json!(["x", "y"])),
        Just(json!("hello!")),
        prop::collection::vec(
            (
                0i32..200,
                prop_oneof![Just(json!("yes")), Just(json!(null)), Just(json!(3))]
            ),
            0..5
        )
        .prop_map(|rows| json!(rows
            .into_iter()
            .map(|(v, f)| json!({"rv": v, "rf": f}))
            .collect::<Vec<_>>())),
        arb_json(),
    ]
}

fn arb_answers() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(
        prop_oneof![
            Just("a"),
            Just("b"),
            Just("c"),
            Just("n"),
            Just("k"),
            Just("d"),
            Just("m"),
            Just("t"),
            Just("e"),
            Just("r"),
            Just("zz")
        ],
        arb_answer(),
        0..11,
    )
    .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_as_template_never_panics(v in arb_json()) {
        let _ = template::lint(&v.to_string());
        let mut t = v.clone();
        if let Value::Object(m) = &mut t {
            m.insert("format".into(), json!("readycheck/1"));
        }
        let _ = template::lint(&t.to_string());
    }

    #[test]
    fn arbitrary_text_as_template_never_panics(s in ".{0,200}") {
        let _ = template::lint(&s);
    }

    #[test]
    fn arbitrary_strings_as_expressions_never_panic(s in "[a-z0-9_ ()+*/%<>=!&|,.'\"-]{0,60}") {
        let _ = readycheck::expr::parse(&s);
        let t = json!({"format": "readycheck/1", "id": "x", "version": "1", "title": "x",
            "sections": [{"id": "s", "title": "s", "items": [
                {"id": "a", "type": "number", "title": "a"},
                {"id": "k", "type": "computed", "title": "k", "expr": s}]}],
            "rules": [{"id": "r", "assert": s, "message": format!("{{{s}}}")}]});
        if let Ok(t) = template::load(&t.to_string()) {
            let a = Assessment::from_value(json!({"format": "readycheck-assessment/1", "answers": {"a": 3}})).unwrap();
            let _ = evaluate::evaluate(&t, &a, "en", today());
        }
    }

    #[test]
    fn arbitrary_json_as_assessment_never_panics(v in arb_json()) {
        let t = rich_template();
        let mut doc = v;
        if let Value::Object(m) = &mut doc {
            m.insert("format".into(), json!("readycheck-assessment/1"));
        }
        if let Ok(a) = Assessment::parse(&doc.to_string()) {
            let _ = evaluate::evaluate(&t, &a, "zh-CN", today());
        }
    }

    #[test]
    fn evaluation_is_deterministic_and_scores_in_range(answers in arb_answers()) {
        let t = rich_template();
        let a = Assessment::from_value(json!({"format": "readycheck-assessment/1", "answers": answers})).unwrap();
        let report = evaluate::evaluate(&t, &a, "en", today());
        let r1 = readycheck::to_json(&report);
        let r2 = readycheck::to_json(&evaluate::evaluate(&t, &a, "en", today()));
        prop_assert_eq!(&r1, &r2);
        // The members read one by one (the element's lazy result) make the whole document.
        let members: Vec<String> = readycheck::Report::KEYS
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{:?}:{}", k, report.member_json(i).unwrap()))
            .collect();
        prop_assert_eq!(format!("{{{}}}", members.join(",")), readycheck::json::to_string(&report));
        prop_assert!(report.member_json(readycheck::Report::KEYS.len()).is_none());
        let r: Value = serde_json::from_str(&r1).unwrap();
        for s in r["sections"].as_array().unwrap() {
            match &s["score"] {
                Value::Null => {}
                x => { let x = x.as_f64().unwrap(); prop_assert!((0.0..=100.0).contains(&x), "{}", x); }
            }
        }
        if let Some(x) = r["score"].as_f64() { prop_assert!((0.0..=100.0).contains(&x)); }
        // Nothing is dropped: every answer key is an item or an orphan.
        for k in answers.as_object().unwrap().keys() {
            prop_assert!(t.item_index(k).is_some() || r["orphans"].as_array().unwrap().contains(&json!(k)));
        }
    }
}

const STEP_IDS: &[&str] = &["a", "b", "c", "n", "k", "d", "m", "t", "e", "f", "r", "zz"];

/// Applies answers one at a time, updating the state incrementally, and checks it against a
/// full evaluation after every step.
fn check_incremental(
    t: &readycheck::Template,
    ids: &[&str],
    steps: Vec<(usize, Value)>,
) -> Result<(), TestCaseError> {
    let mut doc =
        json!({"format": "readycheck-assessment/1", "as_of": "2026-08-25", "answers": {}});
    let a = Assessment::from_value(doc.clone()).unwrap();
    let mut state = evaluate::Evaluation::compute(t, &a, today());
    for (k, v) in steps {
        let id = ids[k % ids.len()];
        let answers = doc["answers"].as_object_mut().unwrap();
        if v.is_null() {
            answers.remove(id);
        } else {
            answers.insert(id.to_string(), v);
        }
        let a = Assessment::from_value(doc.clone()).unwrap();
        // As the element does: an answer to an item is an update; an answer to an id the
        // template does not have (an orphan) is a full evaluation.
        match t.item_index(id) {
            Some(i) => {
                state.update(t, &a, i);
            }
            None => state = evaluate::Evaluation::compute(t, &a, today()),
        }
        let full = evaluate::Evaluation::compute(t, &a, today());
        prop_assert_eq!(&state, &full, "after setting {}", id);
        let r1 = readycheck::to_json(&evaluate::summarize(t, &a, &state, "en"));
        let r2 = readycheck::to_json(&evaluate::summarize(t, &a, &full, "en"));
        prop_assert_eq!(r1, r2);
    }
    Ok(())
}

fn school_answer() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("yes")),
        Just(json!("no")),
        Just(json!(null)),
        Just(json!("2026-08-18")),
        Just(json!("2026-08-30")),
        (0i32..600).prop_map(|n| json!(n)),
        Just(json!(37.3)),
        Just(json!(1)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn incremental_update_equals_full_evaluation(steps in prop::collection::vec((0usize..12, arb_answer()), 1..30)) {
        check_incremental(&rich_template(), STEP_IDS, steps)?;
    }

    #[test]
    fn incremental_update_equals_full_evaluation_on_the_school_template(
        steps in prop::collection::vec((0usize..20, school_answer()), 1..40)
    ) {
        let t = template::load(readycheck::builtin::get("school-reopening").unwrap()).unwrap();
        let ids = ["students", "staff", "reopen_on", "has_canteen", "monitor_from", "health_known", "mask_stock",
            "fever_cutoff", "org_01", "leaflets", "food_01", "delayed_not_kept", "linked_hospitals", "hlth_05",
            "queue_spacing", "activity_classes", "cluster_report_hours", "daily_report_hour", "clean_03", "iso_01"];
        check_incremental(&t, &ids, steps)?;
    }
}
