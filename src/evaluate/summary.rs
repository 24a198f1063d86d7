//! The result document (§3.3–§3.6, §5) made from an evaluation state: section scores,
//! findings, the verdict, issues, values, hidden items, orphans and the ledger's counts.

use std::collections::HashSet;

use serde_json::Value;

use super::{Evaluation, RuleState};
use crate::document::{Assessment, Status};
use crate::expr::eval::Env;
use crate::report::*;
use crate::template::{Item, Kind, Piece, Template};
use crate::text::locale::Lang;
use crate::text::messages;
use crate::text::number::{json_number, json_score, round_half_away};

/// Turns an evaluation state into the result document.
pub fn summarize(t: &Template, a: &Assessment, s: &Evaluation, locale: &str) -> Report {
    let r = summarize_unhashed(t, a, s, locale);
    let _ = r.receipt.hashes.set(a.hashes(t));
    r
}

/// [`summarize`] without the receipt's hashes (a third of the work at N=3000), for a
/// caller that sets them only if the result is read before the answers change.
pub fn summarize_unhashed(t: &Template, a: &Assessment, s: &Evaluation, locale: &str) -> Report {
    let today = s.today.unwrap_or_default();
    let mut sum = Summary {
        t,
        s,
        env: s.env(today),
        locale,
        lang: Lang::of(locale),
        findings: Vec::new(),
        section_findings: Vec::new(),
        progress: Progress {
            applicable: 0,
            answered: 0,
            required: 0,
            missing: 0,
        },
        scores: Vec::with_capacity(t.sections.len()),
        sections: Vec::with_capacity(t.sections.len()),
    };
    for si in 0..t.sections.len() {
        sum.section(si);
    }
    sum.rules_without_section();
    let lang = sum.lang;
    let Summary {
        mut findings,
        section_findings,
        progress,
        scores,
        sections,
        ..
    } = sum;
    // Template order: each section's items then its rules, then rules without a section,
    // then section findings (§3.4).
    findings.extend(section_findings);
    let shown = overall_score(t, &scores).map(|x| round_half_away(x, 1));
    let issues = issues(t, s, lang);
    let complete =
        progress.missing == 0 && !s.rules.contains(&RuleState::Pending) && issues.is_empty();
    Report {
        template: TemplateRef {
            id: t.id.clone(),
            version: t.version.clone(),
        },
        verdict: verdict(t, &findings, complete, shown),
        score: json_score(shown),
        complete,
        progress,
        sections,
        actions: action_counts(a, &findings, today),
        findings,
        issues,
        values: values(t, s),
        hidden: hidden(t, s),
        orphans: s
            .orphans
            .iter()
            .chain(s.row_orphans.iter().flatten())
            .cloned()
            .collect(),
        receipt: Receipt {
            engine: concat!("readycheck ", env!("CARGO_PKG_VERSION")).to_string(),
            template_sha256: t.sha256.clone(),
            hashes: Default::default(),
        },
    }
}

/// The document being summed up, section by section.
struct Summary<'a> {
    t: &'a Template,
    s: &'a Evaluation,
    env: Env<'a>,
    locale: &'a str,
    lang: Lang,
    findings: Vec<Finding>,
    section_findings: Vec<Finding>,
    progress: Progress,
    scores: Vec<Option<f64>>,
    sections: Vec<SectionResult>,
}

/// One section's tallies, points in hundredths.
#[derive(Default)]
struct Tally {
    possible: i64,
    earned: i64,
    applicable: usize,
    answered: usize,
    missing: usize,
    pending: bool,
}

impl Summary<'_> {
    fn section(&mut self, si: usize) {
        let (t, s) = (self.t, self.s);
        let sec = &t.sections[si];
        let mut tally = Tally::default();
        for i in sec.items.clone() {
            if s.applicable[i] {
                self.item(i, &mut tally);
            }
        }
        for &ri in &sec.rules {
            self.rule(ri, &mut tally);
        }
        let score = (s.section_visible[si] && tally.possible > 0)
            .then(|| 100.0 * tally.earned as f64 / tally.possible as f64);
        let complete = tally.missing == 0 && !tally.pending;
        let shown = score.map(|x| round_half_away(x, 1));
        let passed = match (sec.pass, shown) {
            (Some(p), Some(x)) if complete => Some(x >= p),
            _ => None,
        };
        if passed == Some(false) {
            let finding = self.below_pass(si, shown.unwrap_or(0.0));
            self.section_findings.push(finding);
        }
        self.scores.push(score);
        self.sections.push(SectionResult {
            id: sec.id.clone(),
            score: json_score(shown),
            earned: hundredths(tally.earned),
            possible: hundredths(tally.possible),
            weight: json_number(sec.weight),
            applicable: tally.applicable,
            answered: tally.answered,
            complete,
            passed,
        });
    }

    /// Counts an applicable item: progress, points, and its finding if it failed.
    fn item(&mut self, i: usize, tally: &mut Tally) {
        let (t, s) = (self.t, self.s);
        let it = &t.items[i];
        if !matches!(it.kind, Kind::Computed { .. }) {
            tally.applicable += 1;
            self.progress.applicable += 1;
            if s.answered[i] {
                tally.answered += 1;
                self.progress.answered += 1;
            }
            if s.required[i] {
                self.progress.required += 1;
                if !s.answered[i] {
                    tally.missing += 1;
                    self.progress.missing += 1;
                }
            }
        }
        let Some(max) = it.max_points() else {
            if it.critical && s.choice(i).is_some_and(|a| it.fails(a)) {
                self.findings.push(item_finding(t, i, 0, self.locale));
            }
            return;
        };
        match s.choice(i) {
            Some(ans) => {
                if let Some(e) = earned(it, ans) {
                    tally.possible += max;
                    tally.earned += e;
                }
                if it.fails(ans) && (max > 0 || it.critical) {
                    let lost = max - earned(it, ans).unwrap_or(0);
                    self.findings.push(item_finding(t, i, lost, self.locale));
                }
            }
            None => tally.possible += max,
        }
    }

    /// Counts a rule of the section: its points, whether it is pending, its finding.
    fn rule(&mut self, ri: usize, tally: &mut Tally) {
        let st = self.s.rules[ri];
        tally.pending |= st == RuleState::Pending;
        if let Some(p) = self.t.rules[ri].points {
            if st != RuleState::NotApplicable {
                tally.possible += p;
                if st == RuleState::Passed {
                    tally.earned += p;
                }
            }
        }
        if st == RuleState::Failed {
            let f = rule_finding(self.t, ri, &self.env, self.locale, self.lang);
            self.findings.push(f);
        }
    }

    fn rules_without_section(&mut self) {
        for (ri, r) in self.t.rules.iter().enumerate() {
            if r.section.is_none() && self.s.rules[ri] == RuleState::Failed {
                let f = rule_finding(self.t, ri, &self.env, self.locale, self.lang);
                self.findings.push(f);
            }
        }
    }

    /// A complete, scored section below its pass mark: a critical finding (§3.4).
    fn below_pass(&self, si: usize, shown: f64) -> Finding {
        let sec = &self.t.sections[si];
        let shown_s = crate::text::number::format_number(shown);
        let shown_s = if shown_s.contains('.') {
            shown_s
        } else {
            format!("{shown_s}.0")
        };
        Finding {
            id: sec.id.clone(),
            kind: FindingKind::Section,
            section: Some(sec.id.clone()),
            critical: true,
            points_lost: json_number(0.0),
            message: messages::section_below_pass(
                sec.title.get(self.locale, &self.t.default_locale),
                &shown_s,
                &crate::text::number::format_number(sec.pass.unwrap_or(0.0)),
                self.lang,
            ),
        }
    }
}

/// The verdict (§3.5): a known blocker first, then completeness, then the shown score.
fn verdict(t: &Template, findings: &[Finding], complete: bool, shown: Option<f64>) -> Verdict {
    if findings.iter().any(|f| f.critical) {
        Verdict::NotReady
    } else if !complete {
        Verdict::Incomplete
    } else {
        match shown {
            Some(x) if x >= t.grading.ready => Verdict::Ready,
            Some(x) if x >= t.grading.conditional => Verdict::Conditional,
            Some(_) => Verdict::NotReady,
            None if findings.is_empty() => Verdict::Ready,
            None => Verdict::Conditional,
        }
    }
}

fn issues(t: &Template, s: &Evaluation, lang: Lang) -> Vec<Issue> {
    let mut issues = Vec::new();
    for (list, it) in s.issues.iter().zip(&t.items) {
        for (target, kind) in list {
            issues.push(Issue {
                target: target.clone().unwrap_or_else(|| it.id.clone()),
                code: kind.code(),
                message: kind.message(lang),
            });
        }
    }
    issues
}

/// Every computed item's value.
fn values(t: &Template, s: &Evaluation) -> serde_json::Map<String, Value> {
    let mut values = serde_json::Map::new();
    for (i, it) in t.items.iter().enumerate() {
        if matches!(it.kind, Kind::Computed { .. }) {
            values.insert(it.id.clone(), s.vals[i].to_json());
        }
    }
    values
}

/// The ids of hidden sections and of items that are not applicable.
fn hidden(t: &Template, s: &Evaluation) -> Vec<String> {
    let mut hidden = Vec::new();
    for (si, sec) in t.sections.iter().enumerate() {
        if !s.section_visible[si] {
            hidden.push(sec.id.clone());
        }
        hidden.extend(
            sec.items
                .clone()
                .filter(|&i| !s.applicable[i])
                .map(|i| t.items[i].id.clone()),
        );
    }
    hidden
}

/// The ledger's counts (§4), and the findings no action with an owner and a due date
/// covers (§3.6).
fn action_counts(a: &Assessment, findings: &[Finding], today: chrono::NaiveDate) -> ActionCounts {
    let mut actions = ActionCounts::default();
    for act in &a.actions {
        match act.status {
            Some(Status::Open) => {
                actions.open += 1;
                if act.due.is_some_and(|d| today > d) {
                    actions.overdue += 1;
                }
            }
            Some(Status::Done) => actions.done += 1,
            Some(Status::Verified) => actions.verified += 1,
            None => {}
        }
    }
    if !findings.is_empty() {
        let covered: HashSet<&str> = a
            .actions
            .iter()
            .filter(|x| x.owned && x.due.is_some())
            .filter_map(|x| x.finding.as_deref())
            .collect();
        actions.uncovered = findings
            .iter()
            .filter(|f| !covered.contains(f.id.as_str()))
            .count();
    }
    actions
}

fn earned(it: &Item, answer: &str) -> Option<i64> {
    match &it.kind {
        Kind::YesNo { points, .. } => match answer {
            "yes" => Some(*points),
            "na" => None,
            _ => Some(0),
        },
        Kind::Choice { options } => Some(
            options
                .iter()
                .find(|o| o.value == answer)
                .and_then(|o| o.points)
                .unwrap_or(0),
        ),
        _ => None,
    }
}

fn hundredths(x: i64) -> Value {
    json_number(x as f64 / 100.0)
}

/// Formats a rule's message for `locale`, falling back to its title, then its id.
fn rule_message(t: &Template, ri: usize, env: &Env, locale: &str, lang: Lang) -> String {
    let r = &t.rules[ri];
    let Some(m) = &r.message else {
        return r.title.as_ref().map_or_else(
            || r.id.clone(),
            |x| x.get(locale, &t.default_locale).to_string(),
        );
    };
    let k = m.text.index_for(locale, &t.default_locale);
    m.pieces
        .get(k)
        .map(|ps| {
            ps.iter()
                .map(|p| match p {
                    Piece::Lit(s) => s.clone(),
                    Piece::Expr(e) => env.eval(e).display(lang),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Weighted mean of the section scores that are not null (§3.3).
pub fn overall_score(t: &Template, scores: &[Option<f64>]) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (sec, sc) in t.sections.iter().zip(scores) {
        if let Some(x) = sc {
            num += sec.weight * x;
            den += sec.weight;
        }
    }
    (den > 0.0).then(|| num / den)
}

fn item_finding(t: &Template, i: usize, lost: i64, locale: &str) -> Finding {
    let it = &t.items[i];
    Finding {
        id: it.id.clone(),
        kind: FindingKind::Item,
        section: Some(t.sections[it.section].id.clone()),
        critical: it.critical,
        points_lost: hundredths(lost),
        message: it.title.get(locale, &t.default_locale).to_string(),
    }
}

fn rule_finding(t: &Template, ri: usize, env: &Env, locale: &str, lang: Lang) -> Finding {
    let r = &t.rules[ri];
    Finding {
        id: r.id.clone(),
        kind: FindingKind::Rule,
        section: r.section.map(|s| t.sections[s].id.clone()),
        critical: r.critical,
        points_lost: hundredths(r.points.unwrap_or(0)),
        message: rule_message(t, ri, env, locale, lang),
    }
}
