//! Where a full re-score's time goes, natively, on any template and assessment (the bench's
//! checklists, for instance):
//!
//! ```sh
//! cargo run --release --example phases -- TEMPLATE.json ASSESSMENT.json
//! ```
//!
//! prints the median of each phase. `ONLY=compute` or `ONLY=change` runs just one workload,
//! for a profiler (`valgrind --tool=callgrind`, `perf record`): 200 full evaluations, or 50
//! answer changes the way the element makes them (update, summarize, print the result).

use std::time::Instant;

use readycheck::{evaluate, template, Assessment};
use serde_json::{json, Value};

/// Median wall time of 61 runs of `f`, in ms.
fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..61)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, template_path, assessment_path] = &args[..] else {
        return Err("usage: phases TEMPLATE.json ASSESSMENT.json".into());
    };
    let template_text = std::fs::read_to_string(template_path)?;
    let assessment_text = std::fs::read_to_string(assessment_path)?;
    let t = template::load(&template_text).map_err(|e| e.message)?;
    let a = Assessment::parse(&assessment_text).map_err(|e| e.message)?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 8, 25).ok_or("date")?;
    let s = evaluate::Evaluation::compute(&t, &a, today);
    let r = evaluate::summarize(&t, &a, &s, "zh-CN");

    match std::env::var("ONLY").as_deref() {
        Ok("compute") => {
            for _ in 0..200 {
                std::hint::black_box(evaluate::Evaluation::compute(&t, &a, today));
            }
        }
        Ok("change") => {
            let mut doc: Value = serde_json::from_str(&assessment_text)?;
            let ids: Vec<String> = doc["answers"]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            let mut s = s;
            for k in 0..50.min(ids.len()) {
                let id = &ids[(k * 37) % ids.len()];
                let flipped = if doc["answers"][id] == "yes" {
                    "no"
                } else {
                    "yes"
                };
                doc["answers"][id] = json!(flipped);
                let a = Assessment::from_value(doc.clone()).map_err(|e| e.message)?;
                match t.item_index(id) {
                    Some(i) => {
                        s.update(&t, &a, i);
                    }
                    None => s = evaluate::Evaluation::compute(&t, &a, today),
                }
                let r = evaluate::summarize(&t, &a, &s, "zh-CN");
                std::hint::black_box(readycheck::json::to_string(&r));
            }
        }
        _ => {
            let phases: [(&str, &mut dyn FnMut()); 5] = [
                ("parse assessment", &mut || {
                    std::hint::black_box(Assessment::parse(&assessment_text).ok());
                }),
                ("State::compute", &mut || {
                    std::hint::black_box(evaluate::Evaluation::compute(&t, &a, today));
                }),
                ("summarize", &mut || {
                    std::hint::black_box(evaluate::summarize(&t, &a, &s, "zh-CN"));
                }),
                ("  of which the answers' hash", &mut || {
                    std::hint::black_box(a.answers_sha256());
                }),
                ("print the result", &mut || {
                    std::hint::black_box(readycheck::to_json(&r));
                }),
            ];
            for (name, f) in phases {
                println!("{name:<30} {:.3} ms", median_ms(f));
            }
            println!("score {}", readycheck::json::to_string(&r.score));
        }
    }
    Ok(())
}
