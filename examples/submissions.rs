//! Generates submissions of a template for the roll-up benchmark (scripts/bench-rollup.sh):
//! `cargo run --release --example submissions -- TEMPLATE N > out.ndjson` writes N lines,
//! each `{assessment, result}` with the result the engine gives (so receipts check out),
//! one site in ten with both a self-check and an inspection, one in a hundred tampered.
//! Answers are drawn from a fixed-seed generator: the same N gives the same file.

use std::io::{BufWriter, Write};

use readycheck::template::{Item, Kind};
use readycheck::{evaluate, template, Assessment};
use serde_json::{json, Map, Value};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn answer(it: &Item, rng: &mut Rng) -> Option<Value> {
    Some(match &it.kind {
        Kind::YesNo { .. } => json!(if rng.below(100) < 93 { "yes" } else { "no" }),
        Kind::Choice { options } => json!(options[rng.below(options.len() as u64) as usize].value),
        Kind::Multi { options, .. } => json!([options.first()?.value]),
        Kind::Number {
            min, max, integer, ..
        } => {
            let lo = min.unwrap_or(0.0);
            let hi = max.unwrap_or(lo + 2000.0);
            let x = lo + (hi - lo) * rng.below(1000) as f64 / 1000.0;
            if *integer {
                json!(x.round() as i64)
            } else {
                json!(x)
            }
        }
        Kind::Date { .. } => json!(format!("2026-08-{:02}", 1 + rng.below(24))),
        Kind::Text { .. } => json!("已落实"),
        Kind::Computed { .. } | Kind::Repeat { .. } => return None,
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(t), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: submissions TEMPLATE N");
        std::process::exit(2);
    };
    let text = readycheck::builtin_text(t)
        .map(str::to_owned)
        .or_else(|_| std::fs::read_to_string(t))
        .expect("a readable template");
    let t = template::load(&text).expect("a template that loads");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap_or_default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for k in 0..n {
        // Every tenth site is inspected too: entry k and k+1 share a site code.
        let site = if k % 10 == 1 { k - 1 } else { k };
        let mode = if k % 10 == 1 { "inspection" } else { "self" };
        let mut answers = Map::new();
        for it in &t.items {
            if let Some(v) = answer(it, &mut rng) {
                answers.insert(it.id.clone(), v);
            }
        }
        let doc = json!({
            "format": "readycheck-assessment/1",
            "template": {"id": t.id, "version": t.version},
            "mode": mode,
            "site": {"code": format!("S{site:06}"), "name": format!("第{site}学校")},
            "as_of": "2026-08-25",
            "answers": answers,
            "actions": [{"id": "a1", "finding": t.items[0].id, "owner": "王老师", "due": "2026-08-30", "status": "open"}],
        });
        let a = Assessment::from_value(doc.clone()).expect("a valid assessment");
        let mut result: Value =
            serde_json::to_value(evaluate::evaluate(&t, &a, "zh-CN", today)).expect("a result");
        if k % 100 == 99 {
            result["receipt"]["answers_sha256"] = json!("0".repeat(64));
        }
        let line = json!({"assessment": doc, "result": result});
        let _ = writeln!(out, "{line}");
    }
}
