//! Comparison of two assessments of one template (§6): usually the site's self-check
//! (a) against the inspection (b).

use chrono::NaiveDate;
use serde_json::Value;

use crate::document::Assessment;
use crate::evaluate::Evaluation;
use crate::report::*;
use crate::template::{Kind, Template};
use crate::text::number::{json_score, round_half_away};

/// The valid answer of an applicable item as given in the assessment, or null.
fn valid_answer(t: &Template, a: &Assessment, s: &Evaluation, i: usize) -> Value {
    if s.applicable[i] && s.answered[i] {
        a.answers
            .get(&t.items[i].id)
            .cloned()
            .unwrap_or(Value::Null)
    } else {
        Value::Null
    }
}

fn delta(a: Option<f64>, b: Option<f64>) -> Value {
    match (a, b) {
        (Some(x), Some(y)) => json_score(Some(round_half_away(y - x, 1))),
        _ => Value::Null,
    }
}

/// One side of a comparison, already evaluated.
pub struct Side<'a> {
    pub assessment: &'a Assessment,
    pub state: &'a Evaluation,
    pub report: &'a Report,
}

/// Evaluates both assessments and compares them.
pub fn compare(
    t: &Template,
    a: &Assessment,
    b: &Assessment,
    locale: &str,
    today: NaiveDate,
) -> Comparison {
    let (sa, sb) = (
        Evaluation::compute(t, a, today),
        Evaluation::compute(t, b, today),
    );
    let (ra, rb) = (
        crate::evaluate::summarize(t, a, &sa, locale),
        crate::evaluate::summarize(t, b, &sb, locale),
    );
    compare_evaluated(
        t,
        &Side {
            assessment: a,
            state: &sa,
            report: &ra,
        },
        &Side {
            assessment: b,
            state: &sb,
            report: &rb,
        },
    )
}

/// Compares two assessments whose evaluation the caller already has (the element keeps
/// both, so a change in an inspection does not re-evaluate either side).
pub fn compare_evaluated(t: &Template, x: &Side, y: &Side) -> Comparison {
    let (a, sa, ra) = (x.assessment, x.state, x.report);
    let (b, sb, rb) = (y.assessment, y.state, y.report);
    let mut items = Vec::new();
    let mut disputed = Vec::new();
    let (mut both, mut agreeing) = (0usize, 0usize);
    for (i, it) in t.items.iter().enumerate() {
        if matches!(it.kind, Kind::Computed { .. }) || !(sa.applicable[i] || sb.applicable[i]) {
            continue;
        }
        let (va, vb) = (valid_answer(t, a, sa, i), valid_answer(t, b, sb, i));
        if va.is_null() && vb.is_null() {
            continue;
        }
        let agree = (!va.is_null() && !vb.is_null()).then(|| va == vb);
        if let Some(ag) = agree {
            both += 1;
            agreeing += usize::from(ag);
        }
        if sa.choice(i).is_some_and(|x| it.passes(x)) && sb.choice(i).is_some_and(|x| it.fails(x)) {
            disputed.push(it.id.clone());
        }
        items.push(ItemComparison {
            id: it.id.clone(),
            a: va,
            b: vb,
            agree,
        });
    }
    let shown = |v: &Value| v.as_f64();
    let sections = ra
        .sections
        .iter()
        .zip(&rb.sections)
        .map(|(x, y)| SectionComparison {
            id: x.id.clone(),
            a: x.score.clone(),
            b: y.score.clone(),
            delta: delta(shown(&x.score), shown(&y.score)),
        })
        .collect();
    Comparison {
        items,
        agreement: json_score(
            (both > 0).then(|| round_half_away(100.0 * agreeing as f64 / both as f64, 1)),
        ),
        score: ScorePair {
            a: ra.score.clone(),
            b: rb.score.clone(),
            delta: delta(shown(&ra.score), shown(&rb.score)),
        },
        verdict: Pair {
            a: ra.verdict,
            b: rb.verdict,
        },
        sections,
        disputed,
    }
}
