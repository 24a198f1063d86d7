//! One CSV field (`view::csv::cell`) on arbitrary text: the field reads back as the text (with
//! the formula guard's apostrophe) and never starts a formula in a spreadsheet.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let c = readycheck::view::csv::cell(s);
    let read = match c.strip_prefix('"') {
        Some(q) => {
            let inner = q.strip_suffix('"').expect("a quoted field ends with a quote");
            assert!(!inner.replace("\"\"", "").contains('"'), "a lone quote inside");
            inner.replace("\"\"", "\"")
        }
        None => {
            assert!(!c.contains([',', '"', '\n', '\r']), "unquoted field with a separator");
            c.clone()
        }
    };
    assert!(!read.starts_with(['=', '+', '-', '@', '\t', '\r']), "a formula: {read:?}");
    let original = if read.len() > s.len() { &read[1..] } else { &read[..] };
    assert_eq!(original, s);
});
