//! The collect service's submission path (`App::submit`, what `POST /api/submissions` calls
//! after reading the body) on arbitrary parts: never a panic, every refusal a 4xx with a
//! code, and a stored submission answered again, unchanged, for its key.
#![no_main]
use libfuzzer_sys::fuzz_target;
use readycheck::serve::{access::Caller, store::Store, App, Submission};

fuzz_target!(|data: &[u8]| {
    // Parts split by NUL: the assessment, the result, then blobs.
    let mut parts = data.split(|&b| b == 0);
    let text = |p: Option<&[u8]>| p.map(|b| String::from_utf8_lossy(b).into_owned());
    let assessment = text(parts.next());
    let result = text(parts.next()).filter(|r| !r.is_empty());
    let blobs = parts
        .map(|b| (readycheck::report::canonical::sha256_hex(b), "image/jpeg".to_string(), b.to_vec()))
        .collect();
    let Ok(store) = Store::open(":memory:") else { return };
    let app = App::new(store, None, readycheck::serve::DEFAULT_LIMIT);
    let submission = || Submission {
        idempotency_key: Some("fuzz".into()),
        assessment: assessment.clone(),
        result: result.clone(),
        blobs: Vec::clone(&blobs),
    };
    match app.submit(submission(), &Caller::Open) {
        Ok((status, first)) => {
            assert_eq!(status, 201);
            let (_, again) = app.submit(submission(), &Caller::Open).expect("the same body again");
            assert_eq!(again, first, "a retry answers the first response");
        }
        Err(e) => assert!((400..500).contains(&e.status), "{} {}", e.status, e.code),
    }
});
