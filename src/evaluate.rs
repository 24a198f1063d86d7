//! Evaluation (§3): (template, assessment, locale, today) → result. Pure: the same inputs
//! give the same result, byte for byte, natively and in wasm. The date is an argument; the
//! core never reads a clock.

use chrono::NaiveDate;
use serde_json::Value;

use crate::assessment::{Assessment, Status};
use crate::expr::eval::{Env, Row};
use crate::expr::{Expr, Val};
use crate::locale::Lang;
use crate::messages::{self, IssueKind};
use crate::number::{json_number, json_score, round_half_away};
use crate::report::*;
use crate::template::{Item, Kind, Node, Piece, Required, Template};
use crate::validate;

/// Where a rule stands (§3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleState {
    NotApplicable,
    Pending,
    Passed,
    Failed,
}

/// Everything evaluation learns about an assessment, before it is summarised.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct State {
    pub section_visible: Vec<bool>,
    pub applicable: Vec<bool>,
    pub required: Vec<bool>,
    pub vals: Vec<Val>,
    pub answered: Vec<bool>,
    pub rows: Vec<Option<Vec<Row>>>,
    /// Validation issues of each item (repeat rows included), in order, by target: `None`
    /// for the item itself (no copy of its id for each unanswered item), else a place in a
    /// repeat's rows such as `staff[2].fever_on`.
    pub issues: Vec<Vec<(Option<String>, IssueKind)>>,
    /// Unknown keys inside each repeat's rows, as `rep[k].key`.
    pub row_orphans: Vec<Vec<String>>,
    /// Answer keys that name no item, in key order. An update changes the answer of an item,
    /// never this set, so it is found once per full evaluation rather than per change.
    pub orphans: Vec<String>,
    pub rules: Vec<RuleState>,
    pub today: Option<NaiveDate>,
}

/// The date `today()` reads: the assessment's `as_of`, else the caller's today.
pub fn effective_today(a: &Assessment, today: NaiveDate) -> NaiveDate {
    a.as_of.unwrap_or(today)
}

impl State {
    fn env(&self, today: NaiveDate) -> Env<'_> {
        Env {
            vals: &self.vals,
            answered: &self.answered,
            rows: &self.rows,
            row: None,
            today,
        }
    }

    fn truthy(env: &Env, e: Option<&Expr>) -> bool {
        e.is_none_or(|e| env.eval(e) == Val::Bool(true))
    }

    /// Computes visibility, values, validation and rule states.
    pub fn compute(t: &Template, a: &Assessment, today: NaiveDate) -> State {
        let today = effective_today(a, today);
        let n = t.items.len();
        let mut s = State {
            section_visible: vec![false; t.sections.len()],
            applicable: vec![false; n],
            required: vec![false; n],
            // Made, not cloned: `vec![x; n]` clones a non-Copy `x` n times, a call each.
            vals: std::iter::repeat_with(|| Val::Null).take(n).collect(),
            answered: vec![false; n],
            rows: std::iter::repeat_with(|| None).take(n).collect(),
            issues: std::iter::repeat_with(Vec::new).take(n).collect(),
            row_orphans: std::iter::repeat_with(Vec::new).take(n).collect(),
            orphans: Vec::new(),
            rules: Vec::with_capacity(t.rules.len()),
            today: Some(today),
        };
        let mut answers = vec![None; n];
        for_each_answer(t, a, |k, v, item| match item {
            Some(i) => answers[i] = Some(v),
            None => s.orphans.push(k.clone()),
        });
        for node in &t.order {
            match *node {
                Node::Section(si) => {
                    let env = s.env(today);
                    s.section_visible[si] = Self::truthy(&env, t.sections[si].visible_if.as_ref());
                }
                Node::Item(i) => s.item(t, answers[i], i, today),
            }
        }
        for ri in 0..t.rules.len() {
            let state = s.rule_state(t, ri, today);
            s.rules.push(state);
        }
        s
    }

    fn rule_state(&self, t: &Template, ri: usize, today: NaiveDate) -> RuleState {
        let r = &t.rules[ri];
        let env = self.env(today);
        if r.section.is_some_and(|si| !self.section_visible[si]) {
            return RuleState::NotApplicable;
        }
        match r.when.as_ref().map(|w| env.eval(w)) {
            Some(Val::Bool(false)) => RuleState::NotApplicable,
            Some(Val::Bool(true)) | None => match env.eval(&r.assert) {
                Val::Bool(true) => RuleState::Passed,
                Val::Bool(false) => RuleState::Failed,
                _ => RuleState::Pending,
            },
            Some(_) => RuleState::Pending,
        }
    }

    /// Re-evaluates after the answer to item `changed` changed in `a`: only the sections
    /// and items that read it (transitively, in evaluation order, stopping where a value
    /// did not change) and the rules that read any of them. The result equals
    /// [`State::compute`] on the new assessment.
    /// Returns the items it re-evaluated (the only ones whose state may differ).
    pub fn update(&mut self, t: &Template, a: &Assessment, changed: usize) -> Vec<usize> {
        use std::cmp::Reverse;
        use std::collections::{BTreeSet, BinaryHeap};
        let today = self
            .today
            .unwrap_or_else(|| effective_today(a, NaiveDate::default()));
        let d = &t.deps;
        let mut heap: BinaryHeap<Reverse<(usize, Node)>> = BinaryHeap::new();
        let mut queued: BTreeSet<(usize, Node)> = BTreeSet::new();
        let mut rules: BTreeSet<usize> = BTreeSet::new();
        let mut push = |heap: &mut BinaryHeap<_>, node: Node| {
            let p = match node {
                Node::Section(s) => d.pos_section[s],
                Node::Item(i) => d.pos_item[i],
            };
            if queued.insert((p, node)) {
                heap.push(Reverse((p, node)));
            }
        };
        push(&mut heap, Node::Item(changed));
        let mut touched = Vec::new();
        while let Some(Reverse((_, node))) = heap.pop() {
            match node {
                Node::Section(si) => {
                    let before = self.section_visible[si];
                    let env = self.env(today);
                    self.section_visible[si] =
                        Self::truthy(&env, t.sections[si].visible_if.as_ref());
                    if before != self.section_visible[si] {
                        for i in t.sections[si].items.clone() {
                            push(&mut heap, Node::Item(i));
                        }
                        rules.extend(t.sections[si].rules.iter().copied());
                    }
                }
                Node::Item(i) => {
                    touched.push(i);
                    let before = (self.vals[i].clone(), self.answered[i], self.rows[i].clone());
                    self.item(t, a.answers.get(&t.items[i].id), i, today);
                    if before != (self.vals[i].clone(), self.answered[i], self.rows[i].clone()) {
                        for &r in &d.item_readers[i] {
                            push(&mut heap, r);
                        }
                        rules.extend(d.rule_readers[i].iter().copied());
                    }
                }
            }
        }
        for ri in rules {
            self.rules[ri] = self.rule_state(t, ri, today);
        }
        touched
    }

    fn item(&mut self, t: &Template, answer: Option<&Value>, i: usize, today: NaiveDate) {
        let it = &t.items[i];
        // Start from nothing, so that an item can be recomputed on its own. What is empty
        // already (always, in a full evaluation) is left alone: dropping an empty value is
        // still a call per field in the size-optimised wasm (N=3000: 0.49 -> 0.47 ms).
        if !self.vals[i].is_null() {
            self.vals[i] = Val::Null;
        }
        self.answered[i] = false;
        if self.rows[i].is_some() {
            self.rows[i] = None;
        }
        if !self.issues[i].is_empty() {
            self.issues[i].clear();
        }
        if !self.row_orphans[i].is_empty() {
            self.row_orphans[i].clear();
        }
        let (applicable, required) = {
            let env = self.env(today);
            let ap = self.section_visible[it.section] && Self::truthy(&env, it.visible_if.as_ref());
            (ap, ap && is_required(&env, it))
        };
        self.applicable[i] = applicable;
        self.required[i] = required;
        if !applicable {
            return;
        }
        let answer = answer.filter(|v| !v.is_null());
        match &it.kind {
            Kind::Computed { expr, .. } => {
                let v = self.env(today).eval(expr);
                self.answered[i] = !v.is_null();
                self.vals[i] = v;
                if answer.is_some() {
                    self.issues[i].push((None, IssueKind::Type("computed")));
                }
            }
            Kind::Repeat {
                children,
                min_rows,
                max_rows,
                order,
            } => {
                let Some(v) = answer else {
                    if let Some(m) = min_rows.filter(|m| *m > 0.0) {
                        self.issues[i]
                            .push((None, IssueKind::MinRows(crate::number::format_number(m))));
                    } else if self.required[i] {
                        self.issues[i].push((None, IssueKind::Required));
                    }
                    return;
                };
                let Some(list) = v.as_array() else {
                    self.issues[i].push((None, IssueKind::Type("repeat")));
                    return;
                };
                let count = list.len() as f64;
                let mut whole_ok = true;
                if let Some(m) = min_rows.filter(|m| count < *m) {
                    self.issues[i]
                        .push((None, IssueKind::MinRows(crate::number::format_number(m))));
                    whole_ok = false;
                }
                if let Some(m) = max_rows.filter(|m| count > *m) {
                    self.issues[i]
                        .push((None, IssueKind::MaxRows(crate::number::format_number(m))));
                    whole_ok = false;
                }
                let mut rows = Vec::with_capacity(list.len());
                for (k, rv) in list.iter().enumerate() {
                    let mut row = Row {
                        vals: vec![Val::Null; children.len()],
                        answered: vec![false; children.len()],
                    };
                    let Some(obj) = rv.as_object() else {
                        self.issues[i]
                            .push((Some(format!("{}[{k}]", it.id)), IssueKind::Type("row")));
                        rows.push(row);
                        continue;
                    };
                    for key in obj.keys() {
                        if !children.iter().any(|c| &c.id == key) {
                            self.row_orphans[i].push(format!("{}[{k}].{key}", it.id));
                        }
                    }
                    for &ci in order {
                        let c = &children[ci];
                        let renv = Env {
                            row: Some(&row),
                            ..self.env(today)
                        };
                        if !Self::truthy(&renv, c.visible_if.as_ref()) {
                            continue;
                        }
                        let req = is_required(&renv, c);
                        let target = || Some(format!("{}[{k}].{}", it.id, c.id));
                        match obj.get(&c.id).filter(|v| !v.is_null()) {
                            None if req => self.issues[i].push((target(), IssueKind::Required)),
                            None => {}
                            Some(cv) => match validate::answer(c, cv) {
                                Ok(val) => {
                                    row.vals[ci] = val;
                                    row.answered[ci] = true;
                                }
                                Err(kind) => self.issues[i].push((target(), kind)),
                            },
                        }
                    }
                    rows.push(row);
                }
                if whole_ok {
                    self.answered[i] = true;
                    self.rows[i] = Some(rows);
                }
            }
            _ => match answer {
                None => {
                    if self.required[i] {
                        self.issues[i].push((None, IssueKind::Required));
                    }
                }
                Some(v) => match validate::answer(it, v) {
                    Ok(val) => {
                        self.vals[i] = val;
                        self.answered[i] = true;
                    }
                    Err(kind) => self.issues[i].push((None, kind)),
                },
            },
        }
    }

    /// The valid answer of a scored item as a string ("yes", an option value), if any.
    pub fn choice(&self, i: usize) -> Option<&str> {
        match &self.vals[i] {
            Val::Str(s) if self.applicable[i] && self.answered[i] => Some(s),
            _ => None,
        }
    }
}

fn is_required(env: &Env, it: &Item) -> bool {
    match &it.required {
        Required::Always => true,
        Required::Never => false,
        Required::If(e) => env.eval(e) == Val::Bool(true),
    }
}

/// Points an answered scored item earns, in hundredths (`None` for "na": not counted).
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

/// Evaluates an assessment against a template, with `today` for `today()` when the
/// assessment has no `as_of`.
pub fn evaluate(t: &Template, a: &Assessment, locale: &str, today: NaiveDate) -> Report {
    let s = State::compute(t, a, today);
    summarize(t, a, &s, locale)
}

/// Turns an evaluation state into the result document.
pub fn summarize(t: &Template, a: &Assessment, s: &State, locale: &str) -> Report {
    let r = summarize_unhashed(t, a, s, locale);
    let _ = r.receipt.hashes.set(a.hashes(t));
    r
}

/// [`summarize`] without the receipt's hash of the answers (a third of the work at N=3000),
/// for a caller that sets it only if the result is read before the answers change.
pub fn summarize_unhashed(t: &Template, a: &Assessment, s: &State, locale: &str) -> Report {
    let lang = Lang::of(locale);
    let today = s.today.unwrap_or_default();
    let env = s.env(today);
    let dl = &t.default_locale;

    let mut sections = Vec::with_capacity(t.sections.len());
    let mut findings = Vec::new();
    let mut section_findings = Vec::new();
    let mut progress = Progress {
        applicable: 0,
        answered: 0,
        required: 0,
        missing: 0,
    };
    let mut scores = Vec::with_capacity(t.sections.len());

    for (si, sec) in t.sections.iter().enumerate() {
        let (mut possible, mut earned_c) = (0i64, 0i64);
        let (mut applicable, mut answered, mut missing) = (0usize, 0usize, 0usize);
        for i in sec.items.clone() {
            let it = &t.items[i];
            if !s.applicable[i] {
                continue;
            }
            if !matches!(it.kind, Kind::Computed { .. }) {
                applicable += 1;
                progress.applicable += 1;
                if s.answered[i] {
                    answered += 1;
                    progress.answered += 1;
                }
                if s.required[i] {
                    progress.required += 1;
                    if !s.answered[i] {
                        missing += 1;
                        progress.missing += 1;
                    }
                }
            }
            let Some(max) = it.max_points() else {
                if it.critical && s.choice(i).is_some_and(|a| it.fails(a)) {
                    findings.push(item_finding(t, i, 0, locale));
                }
                continue;
            };
            match s.choice(i) {
                Some(ans) => {
                    if let Some(e) = earned(it, ans) {
                        possible += max;
                        earned_c += e;
                    }
                    if it.fails(ans) && (max > 0 || it.critical) {
                        let lost = max - earned(it, ans).unwrap_or(0);
                        findings.push(item_finding(t, i, lost, locale));
                    }
                }
                None => possible += max,
            }
        }
        let mut pending = false;
        for &ri in &sec.rules {
            let r = &t.rules[ri];
            let st = s.rules[ri];
            pending |= st == RuleState::Pending;
            if let Some(p) = r.points {
                if st != RuleState::NotApplicable {
                    possible += p;
                    if st == RuleState::Passed {
                        earned_c += p;
                    }
                }
            }
            if st == RuleState::Failed {
                findings.push(rule_finding(t, ri, &env, locale, lang));
            }
        }
        let visible = s.section_visible[si];
        let score = (visible && possible > 0).then(|| 100.0 * earned_c as f64 / possible as f64);
        let complete = missing == 0 && !pending;
        let shown = score.map(|x| round_half_away(x, 1));
        let passed = match (sec.pass, shown) {
            (Some(p), Some(x)) if complete => Some(x >= p),
            _ => None,
        };
        if passed == Some(false) {
            let shown_s = crate::number::format_number(shown.unwrap_or(0.0));
            let shown_s = if shown_s.contains('.') {
                shown_s
            } else {
                format!("{shown_s}.0")
            };
            section_findings.push(Finding {
                id: sec.id.clone(),
                kind: "section",
                section: Some(sec.id.clone()),
                critical: true,
                points_lost: json_number(0.0),
                message: messages::section_below_pass(
                    sec.title.get(locale, dl),
                    &shown_s,
                    &crate::number::format_number(sec.pass.unwrap_or(0.0)),
                    lang,
                ),
            });
        }
        scores.push(score);
        sections.push(SectionResult {
            id: sec.id.clone(),
            score: json_score(shown),
            earned: hundredths(earned_c),
            possible: hundredths(possible),
            weight: json_number(sec.weight),
            applicable,
            answered,
            complete,
            passed,
        });
    }
    for (ri, r) in t.rules.iter().enumerate() {
        if r.section.is_none() && s.rules[ri] == RuleState::Failed {
            findings.push(rule_finding(t, ri, &env, locale, lang));
        }
    }
    findings.extend(section_findings);

    let overall = overall_score(t, &scores);
    let shown = overall.map(|x| round_half_away(x, 1));

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
    let pending = s.rules.contains(&RuleState::Pending);
    let complete = progress.missing == 0 && !pending && issues.is_empty();
    let verdict = if findings.iter().any(|f| f.critical) {
        "not_ready"
    } else if !complete {
        "incomplete"
    } else {
        match shown {
            Some(x) if x >= t.grading.ready => "ready",
            Some(x) if x >= t.grading.conditional => "conditional",
            Some(_) => "not_ready",
            None if findings.is_empty() => "ready",
            None => "conditional",
        }
    };

    let mut values = serde_json::Map::new();
    for (i, it) in t.items.iter().enumerate() {
        if matches!(it.kind, Kind::Computed { .. }) {
            values.insert(it.id.clone(), s.vals[i].to_json());
        }
    }
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
    let mut orphans = s.orphans.clone();
    orphans.extend(s.row_orphans.iter().flatten().cloned());

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
        let covered: std::collections::HashSet<&str> = a
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

    Report {
        template: TemplateRef {
            id: t.id.clone(),
            version: t.version.clone(),
        },
        verdict,
        score: json_score(shown),
        complete,
        progress,
        sections,
        findings,
        issues,
        values,
        hidden,
        orphans,
        actions,
        receipt: Receipt {
            engine: concat!("readycheck ", env!("CARGO_PKG_VERSION")).to_string(),
            template_sha256: t.sha256.clone(),
            hashes: Default::default(),
        },
    }
}

/// Calls `f` with every answer and the index of the item it answers (`None`: an orphan).
/// The template's ids and the answers are walked side by side in key order: one string
/// comparison per step instead of a map search per answer, which was half of a full
/// evaluation at N=3000 (and a SipHash per answer is slower still in the wasm).
fn for_each_answer<'a>(
    t: &Template,
    a: &'a Assessment,
    mut f: impl FnMut(&'a String, &'a Value, Option<usize>),
) {
    if !map_is_sorted() || t.by_id.len() != t.items.len() {
        for (k, v) in &a.answers {
            f(k, v, t.item_index(k));
        }
        return;
    }
    let mut ids = t
        .by_id
        .iter()
        .map(|&i| (t.items[i].id.as_str(), i))
        .peekable();
    for (k, v) in &a.answers {
        // One comparison per step: skip ids before `k`, take the one equal to it.
        let mut item = None;
        while let Some(&(id, i)) = ids.peek() {
            match id.cmp(k.as_str()) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => item = Some(i),
                std::cmp::Ordering::Greater => break,
            }
            ids.next();
            if item.is_some() {
                break;
            }
        }
        f(k, v, item);
    }
}

/// Whether serde_json's maps iterate in key order: they do unless some crate in the build
/// turns on its `preserve_order` feature (insertion order). Asked of a two-key map rather
/// than by checking every answer's order on every evaluation.
fn map_is_sorted() -> bool {
    let mut m = serde_json::Map::new();
    m.insert("b".into(), Value::Null);
    m.insert("a".into(), Value::Null);
    m.keys().next().is_some_and(|k| k == "a")
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
        kind: "item",
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
        kind: "rule",
        section: r.section.map(|s| t.sections[s].id.clone()),
        critical: r.critical,
        points_lost: hundredths(r.points.unwrap_or(0)),
        message: rule_message(t, ri, env, locale, lang),
    }
}
