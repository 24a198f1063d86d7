//! The field kit's decisions that need no browser (SPEC 1.1 §4.1, §8): photo evidence and
//! sign-offs as edits of the assessment document, when a signature is stale, which blobs a
//! document names, and the outbox's retry schedule. The element's JS does what only a
//! browser can (camera, canvas, IndexedDB, fetch) and calls these, so the native tests cover
//! every rule.

use super::AssessmentError;
use serde_json::{Map, Value};

use crate::report::canonical::sha256_object;

/// Whether `s` is a SHA-256 in lower-case hex, the only names blobs have.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A member of `doc` made an object or list of the right kind if missing or of another kind.
fn member<'a>(doc: &'a mut Map<String, Value>, key: &str, empty: Value) -> &'a mut Value {
    let v = doc.entry(key).or_insert(Value::Null);
    if std::mem::discriminant(v) != std::mem::discriminant(&empty) {
        *v = empty;
    }
    v
}

/// The photos of `item`, made an empty list if missing.
fn photos_of<'a>(doc: &'a mut Map<String, Value>, item: &str) -> &'a mut Vec<Value> {
    let Value::Object(evidence) = member(doc, "evidence", Value::Object(Map::new())) else {
        unreachable!("made an object above")
    };
    let list = evidence
        .entry(item.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !list.is_array() {
        *list = Value::Array(Vec::new());
    }
    match list {
        Value::Array(a) => a,
        _ => unreachable!("made a list above"),
    }
}

/// Why a photo's description cannot be recorded, if it cannot.
fn photo_problem(photo: &Map<String, Value>) -> Option<String> {
    let sha = photo.get("sha256").and_then(Value::as_str).unwrap_or("");
    if !is_sha256(sha) {
        return Some("sha256 must be 64 lower-case hex digits".into());
    }
    if !photo
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.starts_with("image/"))
    {
        return Some("type must be an image type such as image/jpeg".into());
    }
    for k in ["bytes", "width", "height"] {
        if photo.get(k).is_none_or(|v| v.as_u64().is_none()) {
            return Some(format!("{k} must be a whole number"));
        }
    }
    None
}

/// Appends a photo to `item`'s evidence (in the order taken). A photo already listed for
/// the item (same hash) is not listed twice. Err names what is wrong with the description.
pub fn add_photo(
    doc: &mut Map<String, Value>,
    item: &str,
    photo: Value,
) -> Result<bool, AssessmentError> {
    let at = crate::problem::pointer("/evidence", item);
    let Value::Object(p) = photo else {
        return Err(AssessmentError::input(
            &at,
            "a photo is an object {sha256, type, bytes, width, height, …}".into(),
        ));
    };
    if let Some(why) = photo_problem(&p) {
        return Err(AssessmentError::input(&at, why));
    }
    let list = photos_of(doc, item);
    if list.iter().any(|x| x.get("sha256") == p.get("sha256")) {
        return Ok(false);
    }
    list.push(Value::Object(p));
    Ok(true)
}

/// Removes the photo `sha` from `item`; an item left without photos leaves `evidence`.
pub fn remove_photo(doc: &mut Map<String, Value>, item: &str, sha: &str) -> bool {
    let list = photos_of(doc, item);
    let before = list.len();
    list.retain(|p| p.get("sha256").and_then(Value::as_str) != Some(sha));
    let removed = list.len() != before;
    if list.is_empty() {
        if let Some(Value::Object(e)) = doc.get_mut("evidence") {
            e.remove(item);
        }
    }
    removed
}

/// Sets (or, when empty, removes) the caption of photo `sha` of `item`.
pub fn set_caption(doc: &mut Map<String, Value>, item: &str, sha: &str, caption: &str) -> bool {
    let list = photos_of(doc, item);
    let Some(Value::Object(p)) = list
        .iter_mut()
        .find(|p| p.get("sha256").and_then(Value::as_str) == Some(sha))
    else {
        return false;
    };
    if caption.is_empty() {
        p.remove("caption");
    } else {
        p.insert("caption".into(), caption.into());
    }
    true
}

/// The photos listed for `item`: (sha256, caption).
pub fn photos(doc: &Map<String, Value>, item: &str) -> Vec<(String, String)> {
    doc.get("evidence")
        .and_then(|e| e.get(item))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|p| {
            let sha = p.get("sha256")?.as_str()?;
            let caption = p.get("caption").and_then(Value::as_str).unwrap_or("");
            Some((sha.to_string(), caption.to_string()))
        })
        .collect()
}

/// The signer roles of §4.1, in the order the form shows them.
pub const ROLES: [&str; 2] = ["inspector", "site"];

/// The answers hash a signature made now records (the receipt's `answers_sha256`).
pub fn answers_hash(doc: &Map<String, Value>) -> String {
    let empty = Map::new();
    let answers = doc
        .get("answers")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    sha256_object(answers)
}

/// Records a sign-off by `role`, replacing an earlier one by the same role, stamped with
/// the answers hash of this moment. `sig` holds `name`, `signed_at` and `sha256` (the
/// signature image's hash).
pub fn add_signature(doc: &mut Map<String, Value>, sig: Value) -> Result<(), AssessmentError> {
    let bad = |m: String| Err(AssessmentError::input("/signatures", m));
    let Value::Object(mut s) = sig else {
        return bad("a signature is an object {role, name, signed_at, sha256}".into());
    };
    let role = s.get("role").and_then(Value::as_str).unwrap_or("");
    if !ROLES.contains(&role) {
        return bad(format!(
            "role must be inspector or site, not {}",
            crate::text::quote(role)
        ));
    }
    if !s
        .get("sha256")
        .and_then(Value::as_str)
        .is_some_and(is_sha256)
    {
        return bad("sha256 must be 64 lower-case hex digits".into());
    }
    if s.get("name")
        .and_then(Value::as_str)
        .is_none_or(|n| n.trim().is_empty())
    {
        return bad("a signature needs the signer's name".into());
    }
    let role = role.to_string();
    s.insert("answers_sha256".into(), answers_hash(doc).into());
    let Value::Array(list) = member(doc, "signatures", Value::Array(Vec::new())) else {
        unreachable!("made a list above")
    };
    list.retain(|x| x.get("role").and_then(Value::as_str) != Some(role.as_str()));
    list.push(Value::Object(s));
    Ok(())
}

/// One sign-off as the form and the print view show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOff {
    pub role: String,
    pub name: String,
    pub signed_at: String,
    pub sha256: String,
    /// The answers changed after signing (§4.1).
    pub stale: bool,
}

/// The document's sign-offs, each marked stale when its answers hash is not the current one.
pub fn sign_offs(doc: &Map<String, Value>) -> Vec<SignOff> {
    let list = doc.get("signatures").and_then(Value::as_array);
    let Some(list) = list.filter(|l| !l.is_empty()) else {
        return Vec::new();
    };
    let now = answers_hash(doc);
    let s = |x: &Value, k: &str| x.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    list.iter()
        .map(|x| SignOff {
            role: s(x, "role"),
            name: s(x, "name"),
            signed_at: s(x, "signed_at"),
            sha256: s(x, "sha256"),
            stale: s(x, "answers_sha256") != now,
        })
        .collect()
}

/// Every `sha256` a document's photos and signatures give, once each, in order (photos, then
/// signatures), well-formed or not: what a server checks the parts it received against.
pub fn named_blobs(doc: &Map<String, Value>) -> Vec<&str> {
    // Plain loops: iterator chains here cost the wasm 1.5 KB (twiggy).
    fn push<'a>(out: &mut Vec<&'a str>, x: &'a Value) {
        if let Some(s) = x.get("sha256").and_then(Value::as_str) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    let mut out = Vec::new();
    if let Some(Value::Object(e)) = doc.get("evidence") {
        for p in e.values().filter_map(Value::as_array).flatten() {
            push(&mut out, p);
        }
    }
    if let Some(Value::Array(sigs)) = doc.get("signatures") {
        for s in sigs {
            push(&mut out, s);
        }
    }
    out
}

/// The blobs a document names by a well-formed hash: what a submission or a package must
/// carry beside it.
pub fn blobs(doc: &Map<String, Value>) -> Vec<String> {
    named_blobs(doc)
        .into_iter()
        .filter(|s| is_sha256(s))
        .map(str::to_owned)
        .collect()
}

/// What an outbox entry becomes after an attempt (§8).
#[cfg_attr(test, derive(Debug))]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// Kept queued and tried again later.
    Retry,
    /// Kept, shown with the server's message, not retried.
    Failed,
}

/// The outcome of an attempt that got HTTP `status`, or none (a network error).
pub fn outcome(status: Option<u16>) -> Outcome {
    match status {
        None | Some(408) | Some(429) => Outcome::Retry,
        Some(200..=299) => Outcome::Sent,
        Some(500..=599) => Outcome::Retry,
        Some(_) => Outcome::Failed,
    }
}

/// First retry delay and the cap of §8 ("at most 5 minutes apart").
const FIRST_RETRY_MS: u64 = 2_000;
const MAX_RETRY_MS: u64 = 300_000;

/// How long to wait before the next attempt after `attempts` failed ones: doubling from two
/// seconds, never more than five minutes. The `online` event and a page load try at once
/// whatever the schedule says.
pub fn retry_delay_ms(attempts: u32) -> u64 {
    let doublings = attempts.saturating_sub(1).min(20);
    (FIRST_RETRY_MS << doublings).min(MAX_RETRY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    fn doc(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => panic!("an object"),
        }
    }

    fn photo(sha: &str) -> Value {
        json!({"sha256": sha, "type": "image/jpeg", "bytes": 1000, "width": 1600, "height": 1200})
    }

    #[test]
    fn photos_are_added_once_captioned_and_removed() {
        let mut d = doc(json!({"answers": {}}));
        assert_eq!(add_photo(&mut d, "iso_room", photo(A)), Ok(true));
        assert_eq!(add_photo(&mut d, "iso_room", photo(B)), Ok(true));
        assert_eq!(add_photo(&mut d, "iso_room", photo(A)), Ok(false));
        assert!(set_caption(&mut d, "iso_room", B, "隔离室门口"));
        assert!(!set_caption(&mut d, "iso_room", "c", "x"));
        assert_eq!(
            photos(&d, "iso_room"),
            vec![(A.into(), String::new()), (B.into(), "隔离室门口".into())]
        );
        assert!(set_caption(&mut d, "iso_room", B, ""));
        assert!(d["evidence"]["iso_room"][1].get("caption").is_none());
        assert!(remove_photo(&mut d, "iso_room", A));
        assert!(!remove_photo(&mut d, "iso_room", A));
        assert!(remove_photo(&mut d, "iso_room", B));
        assert_eq!(
            d["evidence"],
            json!({}),
            "an item without photos leaves evidence"
        );
    }

    #[test]
    fn bad_photo_descriptions_are_refused_with_the_reason() {
        let mut d = doc(json!({"evidence": "broken"}));
        let bad = [
            (json!({"sha256": "ABC"}), "sha256"),
            (
                json!({"sha256": A, "type": "text/html", "bytes": 1, "width": 1, "height": 1}),
                "type",
            ),
            (
                json!({"sha256": A, "type": "image/jpeg", "bytes": -1, "width": 1, "height": 1}),
                "bytes",
            ),
            (json!([1]), "object"),
        ];
        for (p, word) in bad {
            let e = add_photo(&mut d, "x", p).unwrap_err();
            assert!(e.message.contains(word), "{e}");
            assert_eq!(e.pointer, "/evidence/x", "the member the photo was for");
        }
        // A damaged evidence member is replaced only when a photo is added.
        assert_eq!(d["evidence"], json!("broken"));
        add_photo(&mut d, "x", photo(A)).unwrap();
        assert_eq!(d["evidence"]["x"][0]["sha256"], A);
    }

    #[test]
    fn a_signature_goes_stale_when_the_answers_change_and_back() {
        let mut d = doc(json!({"answers": {"a": "yes"}}));
        let sig = |role: &str, sha: &str| json!({"role": role, "name": "张三", "signed_at": "2026-08-25T11:02:00+08:00", "sha256": sha});
        add_signature(&mut d, sig("inspector", A)).unwrap();
        add_signature(&mut d, sig("site", B)).unwrap();
        assert!(sign_offs(&d).iter().all(|s| !s.stale));
        d["answers"]["a"] = json!("no");
        assert!(sign_offs(&d).iter().all(|s| s.stale));
        d["answers"]["a"] = json!("yes");
        assert!(
            sign_offs(&d).iter().all(|s| !s.stale),
            "the same answers again"
        );
        // Signing again replaces the role's signature with a fresh one.
        d["answers"]["a"] = json!("no");
        add_signature(&mut d, sig("inspector", B)).unwrap();
        let s = sign_offs(&d);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].role.as_str(), s[0].stale), ("site", true));
        assert_eq!((s[1].role.as_str(), s[1].stale), ("inspector", false));
        assert_eq!(
            d["signatures"][1]["answers_sha256"],
            json!(crate::report::canonical::sha256(&json!({"a": "no"})))
        );
    }

    #[test]
    fn signatures_need_a_role_a_name_and_a_hash() {
        let mut d = doc(json!({}));
        for (s, word) in [
            (json!({"role": "mayor", "name": "x", "sha256": A}), "role"),
            (json!({"role": "site", "name": " ", "sha256": A}), "name"),
            (
                json!({"role": "site", "name": "x", "sha256": "1"}),
                "sha256",
            ),
        ] {
            let e = add_signature(&mut d, s).unwrap_err();
            assert!(
                e.message.contains(word) && e.pointer == "/signatures",
                "{e}"
            );
        }
        assert!(d.get("signatures").is_none());
    }

    #[test]
    fn blobs_are_listed_once_photos_then_signatures() {
        let d = doc(json!({
            "evidence": {"x": [photo(A), photo(B)], "y": [photo(A)], "z": "junk"},
            "signatures": [{"role": "site", "sha256": B}, {"role": "inspector", "sha256": "not-hex"}]
        }));
        assert_eq!(blobs(&d), vec![A.to_string(), B.to_string()]);
    }

    #[test]
    fn outcomes_follow_the_spec() {
        assert_eq!(outcome(None), Outcome::Retry);
        for s in [408, 429, 500, 502, 503, 599] {
            assert_eq!(outcome(Some(s)), Outcome::Retry, "{s}");
        }
        for s in [200, 201, 204] {
            assert_eq!(outcome(Some(s)), Outcome::Sent, "{s}");
        }
        for s in [400, 401, 404, 409, 413, 422, 300] {
            assert_eq!(outcome(Some(s)), Outcome::Failed, "{s}");
        }
    }

    #[test]
    fn retries_grow_and_stay_within_five_minutes() {
        let d: Vec<u64> = (1..=10).map(retry_delay_ms).collect();
        assert_eq!(&d[..4], &[2_000, 4_000, 8_000, 16_000]);
        assert!(d.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(d[9], 300_000);
        assert_eq!(retry_delay_ms(0), 2_000);
        assert_eq!(retry_delay_ms(u32::MAX), 300_000);
    }
}
