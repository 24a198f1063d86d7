//! The element's draft and its journal of recent answers (`draft::merge`) on arbitrary text:
//! never a panic, a merged draft is a JSON object, and applying the journal again changes
//! nothing (a crash between writing the draft and removing the journal loses nothing).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first NUL splits the draft from the journal.
    let (base, journal) = text.split_once('\0').unwrap_or((text, r#"{"answers":{}}"#));
    let Ok(merged) = readycheck::document::draft::merge(base, journal) else { return };
    let Ok(serde_json::Value::Object(_)) = serde_json::from_str(&merged) else {
        // A draft that is not an object is handed back as it was, for the loader to report.
        assert_eq!(merged, base);
        return;
    };
    let again = readycheck::document::draft::merge(&merged, journal).expect("the journal merged once");
    assert_eq!(again, merged, "applying the journal twice changed the draft");
});
