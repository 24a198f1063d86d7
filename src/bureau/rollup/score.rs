//! One entry of a roll-up scored on its own: the requirements a template can fail, an
//! assessment (or a submission with the result its client computed) re-scored, and whether
//! that result was tampered with. Independent of every other entry, so run on many threads.

use super::doc::SiteRow;
use crate::evaluate::verify::{is_tampered, Submitted};
use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use crate::document::Assessment;
use crate::evaluate::{self, Evaluation, RuleState};
use crate::report::FindingKind;
use crate::template::{Kind, Template};

use super::fingerprint::Fingerprint;

/// A requirement the roll-up counts: a scored or critical item, or a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Item(usize),
    Rule(usize),
}

/// The requirements of a template and where each item's and rule's count is kept.
pub struct Plan<'t> {
    pub t: &'t Template,
    /// Whether the template reads `today()` (see [`is_tampered`]).
    pub reads_today: bool,
    pub reqs: Vec<Requirement>,
    item_req: Vec<Option<usize>>,
    rule_req: HashMap<&'t str, usize>,
}

impl<'t> Plan<'t> {
    pub fn new(t: &'t Template) -> Plan<'t> {
        let reqs = requirements(t);
        let mut item_req = vec![None; t.items.len()];
        let mut rule_req = HashMap::new();
        for (k, r) in reqs.iter().enumerate() {
            match *r {
                Requirement::Item(i) => item_req[i] = Some(k),
                Requirement::Rule(ri) => {
                    rule_req.insert(t.rules[ri].id.as_str(), k);
                }
            }
        }
        Plan {
            t,
            reads_today: t.reads_today(),
            reqs,
            item_req,
            rule_req,
        }
    }
}

/// The requirements of `t` that can fail, in template order (items, then rules).
pub fn requirements(t: &Template) -> Vec<Requirement> {
    let items = t.items.iter().enumerate().filter(|(_, it)| {
        matches!(it.kind, Kind::YesNo { .. } | Kind::Choice { .. })
            && (it.max_points().unwrap_or(0) > 0 || it.critical)
    });
    items
        .map(|(i, _)| Requirement::Item(i))
        .chain((0..t.rules.len()).map(Requirement::Rule))
        .collect()
}

/// What one entry of the input gave.
#[derive(Debug)]
pub enum Entry {
    Scored(Box<Scored>),
    Rejected { input: String, reason: String },
}

/// One assessment, re-scored: its row and what the aggregates need of it.
#[derive(Debug)]
pub struct Scored {
    pub row: SiteRow,
    /// What makes two entries the same submission: the site, the mode and the submitted
    /// receipt and claims (or, without a result, the entry's text), hashed.
    pub same: [u8; 32],
    /// Per requirement: 0 not applicable, 1 applicable and not failed, 2 failed.
    pub outcomes: Vec<u8>,
    /// Section scores as shown, in tenths (exact integers, so sums do not depend on order).
    pub sections: Vec<Option<i64>>,
    /// What a comparison with the site's other mode needs.
    pub answers: Fingerprint,
}

/// The options of a roll-up.
#[derive(Debug, Clone)]
pub struct Options {
    pub locale: String,
    /// `today()` for assessments without `as_of`.
    pub today: NaiveDate,
    /// Scores every assessment as of this day (a server's day of receipt).
    pub as_of: Option<NaiveDate>,
}

/// Scores one entry: an assessment document, or `{assessment, result}` with the result
/// the client submitted (its receipt is checked against the re-score).
pub fn score_entry(plan: &Plan, opts: &Options, input: String, text: &str) -> Entry {
    match score(plan, opts, &input, text) {
        Ok(s) => Entry::Scored(Box::new(s)),
        Err(reason) => Entry::Rejected {
            input,
            reason: crate::text::one_line(&reason).into_owned(),
        },
    }
}

fn score(plan: &Plan, opts: &Options, input: &str, text: &str) -> Result<Scored, String> {
    let (t, reqs) = (plan.t, &plan.reqs);
    let (v, submitted) = crate::json::parse_skimming::<Option<Submitted>>(text, "result")
        .map_err(|e| format!("malformed JSON: {e}"))?;
    let Value::Object(mut o) = v else {
        return Err("not a JSON object".into());
    };
    let doc = if o.contains_key("format") {
        Value::Object(o)
    } else {
        o.remove("assessment")
            .ok_or("neither an assessment (no `format`) nor {assessment, result}")?
    };
    let (site_code, site_name) = crate::document::site_of(&doc);
    let mut a = Assessment::from_value(doc).map_err(|e| e.message)?;
    crate::document::check_pairing(t, &a).map_err(|e| e.message)?;
    let submitted = submitted.flatten();
    // `--as-of` moves the day the roll-up looks at, not the day the site scored: a receipt
    // is checked against the assessment's own hashes (SPEC §9, 1.2), and, for a template
    // that reads `today()`, against a re-score as of its own `as_of` (elsewhere the day
    // changes no verdict or score, so the one re-score serves both).
    let moved = opts.as_of.filter(|&day| a.as_of != Some(day));
    let own_hashes = (submitted.is_some() && moved.is_some()).then(|| a.hashes(t));
    let tampered = match (&submitted, moved) {
        (Some(sub), Some(_)) if plan.reads_today => {
            let s = Evaluation::compute(t, &a, opts.today);
            let r = evaluate::summarize_unhashed(t, &a, &s, &opts.locale);
            let _ = r
                .receipt
                .hashes
                .set(own_hashes.clone().unwrap_or_else(|| a.hashes(t)));
            Some(is_tampered(&r, &a, sub, true))
        }
        _ => None,
    };
    if let Some(day) = opts.as_of {
        a.set_as_of(day);
    }
    let s = Evaluation::compute(t, &a, opts.today);
    // The receipt is hashed only to check a submitted one (a sixth of the work).
    let r = evaluate::summarize_unhashed(t, &a, &s, &opts.locale);
    let tampered = tampered.unwrap_or_else(|| {
        submitted.as_ref().is_some_and(|sub| {
            let _ = r
                .receipt
                .hashes
                .set(own_hashes.unwrap_or_else(|| a.hashes(t)));
            is_tampered(&r, &a, sub, plan.reads_today)
        })
    });

    let mut outcomes = vec![0u8; reqs.len()];
    for (k, req) in reqs.iter().enumerate() {
        outcomes[k] = match *req {
            Requirement::Item(i) => u8::from(s.applicable[i]),
            Requirement::Rule(ri) => u8::from(s.rules[ri] != RuleState::NotApplicable),
        };
    }
    for f in &r.findings {
        let k = match f.kind {
            FindingKind::Item => t.item_index(&f.id).and_then(|i| plan.item_req[i]),
            FindingKind::Rule => plan.rule_req.get(f.id.as_str()).copied(),
            FindingKind::Section => None,
        };
        if let Some(k) = k {
            outcomes[k] = 2;
        }
    }
    let sections = r
        .sections
        .iter()
        .map(|x| x.score.as_f64().map(|v| (v * 10.0).round() as i64))
        .collect();
    let score_f64 = r.score.as_f64();
    let row = SiteRow {
        input: input.to_string(),
        site_code,
        site_name,
        mode: a.mode.as_str(),
        as_of: a.as_of.map(|d| d.format("%Y-%m-%d").to_string()),
        score: r.score.clone(),
        verdict: r.verdict,
        critical_failed: r.findings.iter().filter(|f| f.critical).count(),
        open_actions: r.actions.open,
        overdue_actions: r.actions.overdue,
        uncovered: r.actions.uncovered,
        tampered,
        attributes: None,
        score_f64,
    };
    Ok(Scored {
        same: sameness(&row, submitted.as_ref(), text),
        row,
        outcomes,
        sections,
        answers: Fingerprint::of(t, &a, &s),
    })
}

/// The key two copies of one submission share (see [`Scored::same`]).
fn sameness(row: &SiteRow, sub: Option<&Submitted>, text: &str) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut put = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    put(row.site_code.as_deref().unwrap_or(""));
    put(row.mode);
    match sub.and_then(|s| s.receipt.as_ref().map(|r| (s, r))) {
        Some((s, r)) => {
            for x in [
                &r.template_sha256,
                &r.answers_sha256,
                &r.evidence_sha256,
                &r.inputs_sha256,
                &s.verdict,
            ] {
                put(x.as_deref().unwrap_or(""));
            }
            put(&s.score.map(|x| x.to_string()).unwrap_or_default());
        }
        None => put(text.trim()),
    }
    h.finalize().into()
}
