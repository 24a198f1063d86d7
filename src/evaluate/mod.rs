//! Evaluation (§3): (template, assessment, locale, today) → result. Pure: the same inputs
//! give the same result, byte for byte, natively and in wasm. The date is an argument; the
//! core never reads a clock.

use chrono::NaiveDate;
use serde_json::Value;

use crate::document::Assessment;
use crate::expr::eval::{Env, Memo, Row};
use crate::expr::{Expr, Val};
use crate::report::Report;
use crate::template::{Item, Kind, Node, Required, Template};
use crate::text::messages::IssueKind;

pub mod compare;

mod summary;
pub(crate) mod validate;
pub mod verify;
pub use summary::{overall_score, summarize, summarize_unhashed};

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
pub struct Evaluation {
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
    /// The aggregates computed from the values above.
    pub aggregates: Memo,
}

/// The date `today()` reads: the assessment's `as_of`, else the caller's today.
pub fn effective_today(a: &Assessment, today: NaiveDate) -> NaiveDate {
    a.as_of.unwrap_or(today)
}

impl Evaluation {
    pub(crate) fn env(&self, today: NaiveDate) -> Env<'_> {
        Env {
            vals: &self.vals,
            answered: &self.answered,
            rows: &self.rows,
            row: None,
            today,
            memo: Some(&self.aggregates),
        }
    }

    fn truthy(env: &Env, e: Option<&Expr>) -> bool {
        e.is_none_or(|e| env.eval(e) == Val::Bool(true))
    }

    /// Computes visibility, values, validation and rule states.
    pub fn compute(t: &Template, a: &Assessment, today: NaiveDate) -> Evaluation {
        let today = effective_today(a, today);
        let n = t.items.len();
        let mut s = Evaluation {
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
            aggregates: Memo::default(),
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
    /// [`Evaluation::compute`] on the new assessment.
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
        // Aggregates are recomputed as the items they read are (in dependency order).
        self.aggregates.clear();
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
        self.clear(i);
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
            Kind::Repeat { .. } => self.repeat(it, i, answer, today),
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

    /// Forgets item `i`'s value, rows and issues, so that it can be recomputed on its own.
    /// What is empty already (always, in a full evaluation) is left alone: dropping an empty
    /// value is still a call per field in the size-optimised wasm (N=3000: 0.49 -> 0.47 ms).
    fn clear(&mut self, i: usize) {
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
    }

    /// A repeat's answer: the list as a whole (a list, within its row counts), then each row.
    /// It counts as answered only when the whole list is valid.
    fn repeat(&mut self, it: &Item, i: usize, answer: Option<&Value>, today: NaiveDate) {
        let Kind::Repeat {
            children,
            min_rows,
            max_rows,
            order,
        } = &it.kind
        else {
            return;
        };
        let rows_word = |m: f64| crate::text::number::format_number(m);
        let Some(v) = answer else {
            if let Some(m) = min_rows.filter(|m| *m > 0.0) {
                self.issues[i].push((None, IssueKind::MinRows(rows_word(m))));
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
            self.issues[i].push((None, IssueKind::MinRows(rows_word(m))));
            whole_ok = false;
        }
        let most = crate::limits::cap(*max_rows, crate::limits::MAX_ROWS);
        if count > most {
            self.issues[i].push((None, IssueKind::MaxRows(rows_word(most))));
            whole_ok = false;
            if list.len() > crate::limits::MAX_ROWS {
                // Past the engine's limit the rows are not read: the answer is kept and the
                // issue says why it does not count.
                return;
            }
        }
        let rows = list
            .iter()
            .enumerate()
            .map(|(k, rv)| self.repeat_row((it, children, order), i, k, rv, today))
            .collect();
        if whole_ok {
            self.answered[i] = true;
            self.rows[i] = Some(rows);
        }
    }

    /// Row `k` of repeat item `i`: each visible child validated in dependency order (a
    /// child's `visible_if` and `required` may read the row's earlier children), keys that
    /// are no child kept as orphans.
    fn repeat_row(
        &mut self,
        (it, children, order): (&Item, &[Item], &[usize]),
        i: usize,
        k: usize,
        rv: &Value,
        today: NaiveDate,
    ) -> Row {
        let mut row = Row {
            vals: vec![Val::Null; children.len()],
            answered: vec![false; children.len()],
        };
        let Some(obj) = rv.as_object() else {
            self.issues[i].push((Some(format!("{}[{k}]", it.id)), IssueKind::Type("row")));
            return row;
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
        row
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
/// Evaluates an assessment against a template, with `today` for `today()` when the
/// assessment has no `as_of`.
pub fn evaluate(t: &Template, a: &Assessment, locale: &str, today: NaiveDate) -> Report {
    let s = Evaluation::compute(t, a, today);
    summarize(t, a, &s, locale)
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
