//! Template loading and lint on arbitrary bytes; a template that loads is then evaluated
//! against an assessment made of the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = readycheck::template::lint(text);
    if let Ok(t) = readycheck::template::load(text) {
        let a = format!(r#"{{"format":"readycheck-assessment/1","answers":{text}}}"#);
        if let Ok(a) = readycheck::Assessment::parse(&a) {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap();
            let _ = readycheck::evaluate::evaluate(&t, &a, "zh-CN", today);
        }
    }
});
