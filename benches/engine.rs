//! Native benchmark: load + lint and one full evaluation of generated templates with
//! 100, 1,000 and 10,000 items (rules, visibility conditions, computed items).
//! Run with `cargo bench --bench engine`; prints medians of repeated runs.

use std::time::{Duration, Instant};

use readycheck::{evaluate, template, Assessment};
use serde_json::{json, Value};

/// A template of `n` items in sections of ten: yesno items with points, a number item,
/// an item shown only when the previous one is answered yes, a computed item, and one
/// scored rule per section with a message placeholder. Answers every item.
pub fn generate(n: usize) -> (String, String) {
    let mut sections = Vec::new();
    let mut rules = Vec::new();
    let mut answers = serde_json::Map::new();
    for s in 0..n.div_ceil(10) {
        let mut items = Vec::new();
        for k in 0..10.min(n - s * 10) {
            let id = format!("i{s}_{k}");
            let item = match k {
                3 => {
                    answers.insert(id.clone(), json!(s % 50 + 10));
                    json!({"id": id, "type": "number", "title": {"zh-CN": "数量", "en": "Count"}, "min": 0, "integer": true})
                }
                4 => {
                    json!({"id": id, "type": "computed", "title": "k", "expr": format!("i{s}_3 * 2 + 1")})
                }
                5 => {
                    answers.insert(id.clone(), json!("yes"));
                    json!({"id": id, "type": "yesno", "title": {"zh-CN": "条件项", "en": "Conditional"}, "points": 2,
                           "visible_if": format!("i{s}_2 == 'yes'")})
                }
                _ => {
                    answers.insert(
                        id.clone(),
                        json!(if (s + k) % 7 == 0 { "no" } else { "yes" }),
                    );
                    json!({"id": id, "type": "yesno", "title": {"zh-CN": "检查项", "en": "Check"}, "points": 1 + k % 3, "na": k % 4 == 0})
                }
            };
            items.push(item);
        }
        if items.len() > 4 {
            rules.push(
                json!({"id": format!("r{s}"), "section": format!("s{s}"), "points": 2,
                "assert": format!("i{s}_4 >= 25"), "message": format!("need 25, have {{i{s}_4}}")}),
            );
        }
        sections.push(json!({"id": format!("s{s}"), "title": {"zh-CN": "分区", "en": "Section"}, "weight": 1 + s % 3, "pass": 50, "items": items}));
    }
    let t = json!({"format": "readycheck/1", "id": "bench", "version": "1", "title": "Bench", "sections": sections, "rules": rules});
    let a = json!({"format": "readycheck-assessment/1", "as_of": "2026-08-25", "answers": Value::Object(answers)});
    (t.to_string(), a.to_string())
}

fn median(mut f: impl FnMut(), min_runs: usize) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < min_runs || (start.elapsed() < Duration::from_secs(2) && times.len() < 200)
    {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap();
    println!("| items | template bytes | load + lint | parse assessment | full evaluation | one answer, incremental | runs |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for n in [100, 1_000, 10_000] {
        let (t_text, a_text) = generate(n);
        let t = template::load(&t_text).expect("generated template loads");
        assert!(t.warnings.is_empty(), "{:?}", t.warnings.first());
        let a = Assessment::parse(&a_text).unwrap();
        let load = median(
            || {
                std::hint::black_box(template::load(&t_text).unwrap());
            },
            5,
        );
        let parse = median(
            || {
                std::hint::black_box(Assessment::parse(&a_text).unwrap());
            },
            5,
        );
        let mut runs = 0;
        let eval = median(
            || {
                runs += 1;
                std::hint::black_box(evaluate::evaluate(&t, &a, "zh-CN", today));
            },
            5,
        );
        // One answer in the middle of the checklist flips between "yes" and "no"; the state
        // is updated through the dependency graph (what the element does per tap).
        let mid = format!("i{}_2", n / 20);
        let i = t.item_index(&mid).expect("generated item");
        let mut doc: Value = serde_json::from_str(&a_text).unwrap();
        let docs: Vec<Assessment> = ["yes", "no"]
            .iter()
            .map(|v| {
                doc["answers"][&mid] = json!(v);
                Assessment::from_value(doc.clone()).unwrap()
            })
            .collect();
        let mut state = evaluate::Evaluation::compute(&t, &docs[0], today);
        let mut flip = 0;
        let inc = median(
            || {
                flip = 1 - flip;
                state.update(&t, &docs[flip], i);
                std::hint::black_box(&state);
            },
            50,
        );
        assert_eq!(state, evaluate::Evaluation::compute(&t, &docs[flip], today));
        println!(
            "| {n} | {} | {load:.2?} | {parse:.2?} | {eval:.2?} | {inc:.2?} | {runs} |",
            t_text.len()
        );
    }
}
