//! Annotated expression cases (§2): each source with the value it must give, or the lint
//! code it must fail with. Evaluated as a computed item of a small template, against:
//! x = 4, half = 2.5, s = 'abc', d = 2026-08-25 (a Tuesday), m = ['a', 'b'], y = 'yes',
//! u = unanswered number, today() = as_of = 2026-09-01.

use readycheck::{evaluate, template, Assessment};
use serde_json::{json, Value};

fn template_with(expr: &str) -> String {
    json!({"format": "readycheck/1", "id": "e", "version": "1", "title": "E",
      "sections": [{"id": "s1", "title": "S", "items": [
        {"id": "x", "type": "number", "title": "x"},
        {"id": "half", "type": "number", "title": "half"},
        {"id": "u", "type": "number", "title": "u", "required": false},
        {"id": "s", "type": "text", "title": "s"},
        {"id": "d", "type": "date", "title": "d"},
        {"id": "m", "type": "multi", "title": "m", "options": [{"value": "a"}, {"value": "b"}, {"value": "c"}]},
        {"id": "y", "type": "yesno", "title": "y"},
        {"id": "rows", "type": "repeat", "title": "rows", "items": [{"id": "v", "type": "number", "title": "v"}]},
        {"id": "out", "type": "computed", "title": "out", "expr": expr}
      ]}]})
    .to_string()
}

fn eval(expr: &str) -> Result<Value, &'static str> {
    let t = template::load(&template_with(expr)).map_err(|e| {
        e.problems
            .iter()
            .find(|p| p.severity == readycheck::Severity::Error)
            .map_or("?", |p| p.code.as_str())
    })?;
    let a = Assessment::from_value(
        json!({"format": "readycheck-assessment/1", "as_of": "2026-09-01",
        "answers": {"x": 4, "half": 2.5, "s": "abc", "d": "2026-08-25", "m": ["a", "b"], "y": "yes",
                    "rows": [{"v": 1}, {"v": 2}, {"v": 3.5}]}}),
    )
    .unwrap();
    let r = evaluate::evaluate(
        &t,
        &a,
        "en",
        chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
    );
    Ok(r.values["out"].clone())
}

#[test]
fn values() {
    let cases: &[(&str, Value, &str)] = &[
        ("1 + 2 * 3", json!(7), "* binds tighter than +"),
        ("(1 + 2) * 3", json!(9), "parentheses"),
        ("10 - 4 - 3", json!(3), "left associative"),
        ("2 * 3 % 4", json!(2), "% at the level of *"),
        ("-x + 1", json!(-3), "unary minus"),
        ("- -x", json!(4), "double negation"),
        ("x / 8", json!(0.5), "division"),
        ("7 % 3", json!(1), "remainder"),
        ("x / 0", json!(null), "division by zero is null"),
        ("x % 0", json!(null), "remainder by zero is null"),
        (
            "0.1 + 0.2 == 0.3",
            json!(false),
            "no hidden rounding in comparisons",
        ),
        ("x > 3 and x < 5", json!(true), "and"),
        ("x > 3 && x < 2", json!(false), "&& spelling"),
        ("x < 3 or x == 4", json!(true), "or"),
        ("x < 3 || false", json!(false), "|| spelling"),
        (
            "not x > 3",
            json!(false),
            "not binds looser than comparison",
        ),
        ("!(x > 3)", json!(false), "! spelling"),
        (
            "u > 1",
            json!(null),
            "unanswered is null; comparisons of null are null",
        ),
        ("u + 1", json!(null), "arithmetic on null is null"),
        (
            "u > 1 and false",
            json!(false),
            "Kleene: false absorbs null",
        ),
        ("u > 1 or true", json!(true), "Kleene: true absorbs null"),
        ("u > 1 and true", json!(null), "Kleene: otherwise null"),
        ("not (u > 1)", json!(null), "not null is null"),
        ("u == null", json!(null), "== with null is null"),
        ("coalesce(u, x, 9)", json!(4), "first non-null"),
        ("coalesce(u)", json!(null), "all null"),
        ("if(x > 3, 'big', 'small')", json!("big"), "if"),
        (
            "if(u > 3, 'big', 'small')",
            json!(null),
            "if with a null condition",
        ),
        ("if(true, 1, u)", json!(1), "only the taken branch matters"),
        ("answered(x)", json!(true), "answered"),
        (
            "answered(u)",
            json!(false),
            "answered of unanswered, never null",
        ),
        ("ceil(2.1)", json!(3), "ceil"),
        ("floor(-2.1)", json!(-3), "floor"),
        ("abs(-half)", json!(2.5), "abs"),
        ("round(half)", json!(3), "round half away from zero"),
        ("round(-half)", json!(-3), "negative half"),
        ("round(2.345, 2)", json!(2.35), "two decimals"),
        ("round(x / 3, 6)", json!(1.333333), "six decimals"),
        ("min(3, x, 9)", json!(3), "min"),
        ("max(3, x, 9)", json!(9), "max"),
        ("max(3, u)", json!(null), "max with null"),
        ("max(3, ceil(25 / 10))", json!(3), "SPEC example"),
        (
            "max(d, date('2026-09-30'))",
            json!("2026-09-30"),
            "max of dates",
        ),
        ("d + 7", json!("2026-09-01"), "date + days"),
        ("d - 25", json!("2026-07-31"), "date - days across a month"),
        ("today() - d", json!(7), "date - date = days"),
        ("days(d, today())", json!(7), "days(d1, d2) = d2 - d1"),
        ("days(today(), d)", json!(-7), "negative days"),
        ("d + half", json!(null), "a fractional day count is null"),
        ("date('2024-02-28') + 1", json!("2024-02-29"), "leap day"),
        ("year(d)", json!(2026), "year"),
        ("month(d)", json!(8), "month"),
        ("day(d)", json!(25), "day"),
        ("weekday(d)", json!(2), "Tuesday is 2"),
        ("weekday(date('2026-08-30'))", json!(7), "Sunday is 7"),
        ("d < today()", json!(true), "dates compare"),
        ("s < 'abd'", json!(true), "strings compare"),
        ("len(s)", json!(3), "characters"),
        ("len('检查表')", json!(3), "characters, not bytes"),
        ("len(m)", json!(2), "elements of a list"),
        ("contains(m, 'b')", json!(true), "contains"),
        ("contains(m, 'c')", json!(false), "contains, absent"),
        ("y == 'yes'", json!(true), "yesno reads as its string"),
        (
            "'it\\'s' == \"it's\"",
            json!(true),
            "escapes and both quotes",
        ),
        ("count(rows)", json!(3), "count"),
        ("sum(rows, v)", json!(6.5), "sum"),
        (
            "sum(rows, v * x)",
            json!(26),
            "row and top-level names together",
        ),
        ("countif(rows, v > 1)", json!(2), "countif"),
        ("all(rows, v > 0)", json!(true), "all"),
        ("any(rows, v > 3)", json!(true), "any"),
        ("null", json!(null), "the null literal"),
        (
            "1000000 * 1000000",
            json!(1000000000000_i64),
            "large numbers stay exact",
        ),
    ];
    let mut failures = Vec::new();
    for (src, want, why) in cases {
        match eval(src) {
            Ok(got)
                if (got.as_f64().zip(want.as_f64()))
                    .map_or(got == *want, |(g, w)| (g - w).abs() < 1e-9) => {}
            other => failures.push(format!("{src} ({why}): expected {want}, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn errors() {
    let cases: &[(&str, &str, &str)] = &[
        ("1 +", "parse", "missing operand"),
        ("(1", "parse", "unclosed parenthesis"),
        ("1 < 2 < 3", "parse", "comparisons do not chain"),
        ("'abc", "parse", "unclosed string"),
        ("'a\\n'", "parse", "unknown escape"),
        ("x $ 2", "parse", "unknown character"),
        ("1.", "parse", "a number needs digits after the point"),
        ("and", "parse", "keyword without operands"),
        ("nope + 1", "unknown_name", "unknown item"),
        ("v + 1", "unknown_name", "a repeat child outside its repeat"),
        ("s1", "unknown_name", "a section id is not an item"),
        ("foo(1)", "unknown_name", "unknown function"),
        ("x + 'a'", "type", "number + string"),
        ("s * 2", "type", "string * number"),
        ("y and true", "type", "logic on a string"),
        ("x == 'a'", "type", "== across types"),
        ("d + d", "type", "date + date"),
        ("m < m", "type", "lists do not order"),
        ("ceil(s)", "type", "ceil of a string"),
        ("round(x, 7)", "type", "round keeps 0 to 6 decimals"),
        ("round(x, 1, 2)", "type", "arity"),
        ("min()", "type", "min needs an argument"),
        ("min(x, d)", "type", "min mixes numbers and dates"),
        ("if(x, 1, 2)", "type", "if needs a boolean condition"),
        ("if(true, 1, 'a')", "type", "if branches differ"),
        ("coalesce(x, s)", "type", "coalesce arguments differ"),
        ("answered(1)", "type", "answered takes an item id"),
        ("date(s)", "type", "date takes a literal"),
        ("date('2026-13-01')", "type", "not a real date"),
        ("today(1)", "type", "today takes nothing"),
        ("contains(s, 'a')", "type", "contains needs a list"),
        ("count(x)", "type", "aggregates take a repeat"),
        ("sum(rows, v > 1)", "type", "sum needs a number"),
        ("countif(rows, v)", "type", "countif needs a condition"),
        ("rows", "type", "a repeat alone has no value"),
        ("len(x)", "type", "len of a number"),
    ];
    let mut failures = Vec::new();
    for (src, code, why) in cases {
        match eval(src) {
            Err(c) if c == *code => {}
            other => failures.push(format!(
                "{src} ({why}): expected error {code}, got {other:?}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
