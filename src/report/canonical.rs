//! Canonical JSON (keys sorted, no insignificant white space, numbers in shortest
//! round-trip form) and its SHA-256, for the receipt (§5).

use crate::text::number;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Writes `v` canonically. Numbers print as JavaScript prints them for the values JSON
/// documents hold (integers without a fraction, others shortest round-trip), so a portal
/// can reproduce the hash with `JSON.stringify` on key-sorted objects.
pub fn canonical(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::String(s) => write_str(s, out),
        Value::Number(n) => {
            // JavaScript holds every number as a double: integers print as digits only up
            // to 2^53, where doubles stop being exact; beyond, as the double prints.
            match n.as_i64() {
                Some(i) if i.unsigned_abs() <= 1 << 53 => out.push_str(&i.to_string()),
                _ => out.push_str(&number::shortest(n.as_f64().unwrap_or(0.0))),
            }
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(x, out);
            }
            out.push(']');
        }
        Value::Object(m) => write_object(m, out),
    }
}

fn write_object(m: &serde_json::Map<String, Value>, out: &mut String) {
    // serde_json's map is ordered by key already (then this is one pass); sort when it is
    // not, so the canonical form does not depend on a feature flag elsewhere in the build.
    let mut entries: Vec<(&String, &Value)> = m.iter().collect();
    if !entries.is_sorted_by(|a, b| a.0 <= b.0) {
        entries.sort_by(|a, b| a.0.cmp(b.0));
    }
    out.push('{');
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(k, out);
        out.push(':');
        write(v, out);
    }
    out.push('}');
}

/// A JSON string as JSON.stringify writes it. Most strings need no escape and are copied
/// as they are (this runs over every answer on every change, for the receipt); the others
/// go through serde_json, whose escapes are JSON.stringify's.
fn write_str(s: &str, out: &mut String) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// Lower-case hex SHA-256 of the canonical form of `v`.
pub fn sha256(v: &Value) -> String {
    sha256_hex(canonical(v).as_bytes())
}

/// The canonical form of an object held as a map (no copy into a `Value` first).
pub fn canonical_object(m: &serde_json::Map<String, Value>) -> String {
    let mut out = String::with_capacity(64 * m.len());
    write_object(m, &mut out);
    out
}

/// The SHA-256 of [`canonical_object`].
pub fn sha256_object(m: &serde_json::Map<String, Value>) -> String {
    sha256_hex(canonical_object(m).as_bytes())
}

/// The receipt's hashes of an assessment (§5), from its answers and its other members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashes {
    /// Over the canonical `answers` object.
    pub answers: String,
    /// Over `{"evidence": …, "signatures": …}` (`{}` and `[]` when absent).
    pub evidence: String,
    /// Over `{"template": {id, version}, "mode", "as_of", "answers", "actions"}`, absent
    /// members as `null`: everything the result depends on besides the template's text.
    pub inputs: String,
}

/// The receipt's hashes of an assessment scored with template `(id, version)`; `member`
/// reads the assessment document's other top-level members. The answers are written out
/// once for both hashes that hold them.
pub fn receipt_hashes<'a>(
    (id, version): (&str, &str),
    answers: &serde_json::Map<String, Value>,
    member: impl Fn(&str) -> Option<&'a Value>,
) -> Hashes {
    let answers_text = canonical_object(answers);
    let of = |k: &str| member(k).unwrap_or(&Value::Null);
    let mut ev = String::from("{\"evidence\":");
    match member("evidence") {
        None | Some(Value::Null) => ev.push_str("{}"),
        Some(v) => write(v, &mut ev),
    }
    ev.push_str(",\"signatures\":");
    match member("signatures") {
        None | Some(Value::Null) => ev.push_str("[]"),
        Some(v) => write(v, &mut ev),
    }
    ev.push('}');
    // Keys in sorted order: actions, answers, as_of, mode, template.
    let mut inputs = String::with_capacity(answers_text.len() + 128);
    inputs.push_str("{\"actions\":");
    write(of("actions"), &mut inputs);
    inputs.push_str(",\"answers\":");
    inputs.push_str(&answers_text);
    inputs.push_str(",\"as_of\":");
    write(of("as_of"), &mut inputs);
    inputs.push_str(",\"mode\":");
    write(of("mode"), &mut inputs);
    inputs.push_str(",\"template\":{\"id\":");
    write_str(id, &mut inputs);
    inputs.push_str(",\"version\":");
    write_str(version, &mut inputs);
    inputs.push_str("}}");
    Hashes {
        answers: digest(&answers_text),
        evidence: digest(&ev),
        inputs: digest(&inputs),
    }
}

fn digest(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

/// SHA-256 of bytes in lower-case hex: the receipt's hashes and the names of photo and
/// signature blobs (§4.1).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(Sha256::digest(bytes).as_slice())
}

/// Lower-case hex of bytes (a SHA-256 digest, say).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_form() {
        let v: Value =
            serde_json::from_str(r#"{"b": [1.0, 2.5, "x"], "a": {"d": null, "c": true}}"#).unwrap();
        assert_eq!(
            canonical(&v),
            r#"{"a":{"c":true,"d":null},"b":[1,2.5,"x"]}"#
        );
        assert_eq!(canonical(&json!("中\"")), "\"中\\\"\"");
        // The escapes JSON.stringify writes; everything else, U+2028 included, as is.
        assert_eq!(
            canonical(&json!({"k\n": "a\\b\u{1}\t\u{2028}é"})),
            "{\"k\\n\":\"a\\\\b\\u0001\\t\u{2028}é\"}"
        );
    }

    #[test]
    fn numbers_as_json_stringify_prints_them() {
        let v: Value = serde_json::from_str(
            "[9007199254740992, 9007199254740993, -9007199254740993, 18446744073709551615, 1e21, 1.5e-7, 100]",
        )
        .unwrap();
        assert_eq!(
            canonical(&v),
            "[9007199254740992,9007199254740992,-9007199254740992,18446744073709552000,1e+21,1.5e-7,100]"
        );
    }

    #[test]
    fn known_digest() {
        // sha256 of the three bytes `{}`.
        assert_eq!(
            sha256(&json!({})),
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }
}
