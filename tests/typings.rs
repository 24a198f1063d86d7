//! The `.d.ts` the package ships names the same codes the engine writes: every union of
//! string literals there equals the set of an enum's codes here, so a new code in Rust
//! without its type (or a stale one in the type) fails this test.

use std::collections::BTreeSet;

use readycheck::report::{FindingKind, Verdict};
use readycheck::view::host::Host;
use readycheck::{Code, Failure};

/// The string literals of `export type NAME = "a" | "b" ...;` in the types file.
fn union(name: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string("www/readycheck-types.d.ts").unwrap();
    let start = text
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("no type {name} in the .d.ts"));
    let body = &text[start..];
    let body = &body[..body.find(';').unwrap()];
    let set: BTreeSet<String> = body
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    assert!(!set.is_empty(), "type {name} lists no codes");
    set
}

fn codes<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> BTreeSet<String> {
    all.iter().map(|c| as_str(*c).to_string()).collect()
}

#[test]
fn lint_codes_match_the_types() {
    assert_eq!(union("LintCode"), codes(Code::ALL, Code::as_str));
}

#[test]
fn failure_codes_match_the_types() {
    assert_eq!(union("FailureCode"), codes(Failure::ALL, Failure::as_str));
}

#[test]
fn finding_kinds_and_verdicts_match_the_types() {
    assert_eq!(
        union("FindingKind"),
        codes(FindingKind::ALL, FindingKind::as_str)
    );
    assert_eq!(union("Verdict"), codes(Verdict::ALL, Verdict::as_str));
}

#[test]
fn codes_serialize_to_their_strings() {
    for c in Code::ALL {
        assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
    }
    assert_eq!(
        serde_json::to_string(&Verdict::NotReady).unwrap(),
        "\"not_ready\""
    );
}

#[test]
fn the_element_handles_every_message_the_form_sends() {
    let js = std::fs::read_to_string("www/src/readycheck.js").unwrap();
    let handled: BTreeSet<String> = js
        .split("case '")
        .skip(1)
        .filter_map(|rest| rest.split_once("':").map(|(code, _)| code.to_string()))
        .collect();
    let sent = codes(Host::ALL, Host::as_str);
    let missing: Vec<_> = sent.difference(&handled).collect();
    assert!(
        missing.is_empty(),
        "messages the element ignores: {missing:?}"
    );
}
