//! Where a full re-score's time goes, natively: `cargo run --release --example phases -- FILE.template FILE.assessment`
use readycheck::{evaluate, template, Assessment};
use std::time::Instant;
fn med(mut f: impl FnMut()) -> f64 {
    let mut v = Vec::new();
    for _ in 0..60 {
        let t = Instant::now();
        f();
        v.push(t.elapsed().as_secs_f64() * 1e3);
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[30]
}
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let tt = std::fs::read_to_string(&args[1]).unwrap();
    let at = std::fs::read_to_string(&args[2]).unwrap();
    let t = template::load(&tt).unwrap();
    let a = Assessment::parse(&at).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap();
    let s = evaluate::State::compute(&t, &a, today);
    let r = evaluate::summarize(&t, &a, &s, "zh-CN");
    if std::env::var("ONLY").is_ok_and(|v| v == "change") {
        // What the element does per answer: update, summarize, print the result.
        let mut doc: serde_json::Value = serde_json::from_str(&at).unwrap();
        let ids: Vec<String> = doc["answers"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let mut s = evaluate::State::compute(&t, &a, today);
        for k in 0..50 {
            let id = &ids[(k * 37) % ids.len()];
            let v = doc["answers"][id].clone();
            doc["answers"][id] = serde_json::json!(if v == "yes" { "no" } else { "yes" });
            let a2 = Assessment::from_value(doc.clone()).unwrap();
            if let Some(i) = t.item_index(id) {
                s.update(&t, &a2, i);
            }
            let r = evaluate::summarize(&t, &a2, &s, "zh-CN");
            std::hint::black_box(readycheck::json::to_string(&r));
        }
        return;
    }
    if std::env::var("ONLY").is_ok_and(|v| v == "compute") {
        for _ in 0..200 {
            std::hint::black_box(evaluate::State::compute(&t, &a, today));
        }
        return;
    }
    println!(
        "parse   {:.3} ms",
        med(|| {
            std::hint::black_box(Assessment::parse(&at).unwrap());
        })
    );
    println!(
        "compute {:.3} ms",
        med(|| {
            std::hint::black_box(evaluate::State::compute(&t, &a, today));
        })
    );
    println!(
        "summar. {:.3} ms",
        med(|| {
            std::hint::black_box(evaluate::summarize(&t, &a, &s, "zh-CN"));
        })
    );
    println!(
        "hash    {:.3} ms",
        med(|| {
            std::hint::black_box(a.answers_sha256());
        })
    );
    println!(
        "to_json {:.3} ms",
        med(|| {
            std::hint::black_box(readycheck::to_json(&r));
        })
    );
    println!("score   {:?}", r.score);
}
