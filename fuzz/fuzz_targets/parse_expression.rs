//! Expression parsing, checking and evaluation on arbitrary text: the text becomes a
//! computed item, a rule and a message placeholder of a small template.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let _ = readycheck::expr::parse(src);
    let t = format!(
        r#"{{"format":"readycheck/1","id":"f","version":"1","title":"f","sections":[{{"id":"s","title":"s","items":[
        {{"id":"n","type":"number","title":"n"}},{{"id":"y","type":"yesno","title":"y"}},{{"id":"d","type":"date","title":"d"}},
        {{"id":"r","type":"repeat","title":"r","items":[{{"id":"v","type":"number","title":"v"}}]}},
        {{"id":"k","type":"computed","title":"k","expr":{e}}}]}}],"rules":[{{"id":"q","assert":{e},"message":{m}}}]}}"#,
        e = serde_json_string(src),
        m = serde_json_string(&format!("{{{src}}}")),
    );
    if let Ok(t) = readycheck::template::load(&t) {
        let a = readycheck::Assessment::parse(
            r#"{"format":"readycheck-assessment/1","answers":{"n":3,"y":"yes","d":"2026-08-20","r":[{"v":1},{"v":2}]}}"#,
        )
        .unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap();
        let _ = readycheck::evaluate::evaluate(&t, &a, "en", today);
    }
});

fn serde_json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
