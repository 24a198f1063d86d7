//! Arbitrary assessments scored against every built-in template: evaluation, the receipt,
//! the comparison with an empty assessment and the CSV export. The bytes are read both as a
//! whole document and as its `answers`, so the fuzzer reaches answers without first having
//! to find the envelope.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use readycheck::{Assessment, Template};

fn templates() -> &'static [Template] {
    static T: OnceLock<Vec<Template>> = OnceLock::new();
    T.get_or_init(|| {
        readycheck::builtin::INDEX
            .iter()
            .map(|b| readycheck::load_template(readycheck::builtin_text(b.id).unwrap()).unwrap())
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap();
    let wrapped = format!(r#"{{"format":"readycheck-assessment/1","answers":{text}}}"#);
    let empty = Assessment::parse(r#"{"format":"readycheck-assessment/1","answers":{}}"#).unwrap();
    for doc in [text, wrapped.as_str()] {
        let Ok(a) = Assessment::parse(doc) else { continue };
        for t in templates() {
            let r = readycheck::evaluate::evaluate(t, &a, "zh-CN", today);
            let json = readycheck::to_json(&r);
            assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "report is not JSON");
            let _ = readycheck::evaluate::compare::compare(t, &a, &empty, "en", today);
            let whole = readycheck::document::Document::from_map(serde_json::from_str(doc).unwrap_or_default());
            let csv = readycheck::view::csv::export(t, &r, &whole, "en");
            assert!(csv.starts_with("section,id,item"));
        }
    }
});
