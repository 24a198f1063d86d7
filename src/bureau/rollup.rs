//! The district roll-up (§9): many assessments of one template re-scored, their receipts
//! checked, and the aggregates a district office reads (verdicts, per-site rows, the most
//! failed requirements, section score spread, catalogue tags, self-check against
//! inspection). Scoring one entry ([`score_entry`]) is independent of the others, so the
//! caller may run it on many threads; [`Rollup::add`] folds the scored entries in any
//! order and [`Rollup::finish`] gives the same document whatever that order was.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use crate::document::Assessment;
use crate::evaluate::{self, RuleState, State};
use crate::report::{FindingKind, Report};
use crate::template::{Kind, Template};
use crate::text::number::{json_score, round_half_away};

/// A requirement the roll-up counts: a scored or critical item, or a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Item(usize),
    Rule(usize),
}

/// The requirements of a template and where each item's and rule's count is kept.
pub struct Plan<'t> {
    pub t: &'t Template,
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
    /// Per requirement: 0 not applicable, 1 applicable and not failed, 2 failed.
    pub outcomes: Vec<u8>,
    /// Section scores as shown, in tenths (exact integers, so sums do not depend on order).
    pub sections: Vec<Option<i64>>,
    /// What a comparison with the site's other mode needs.
    pub answers: Fingerprint,
}

/// One row of the `sites` table.
#[derive(Debug, Clone, Serialize)]
pub struct SiteRow {
    pub input: String,
    pub site_code: Option<String>,
    pub site_name: Option<String>,
    pub mode: &'static str,
    pub as_of: Option<String>,
    pub score: Value,
    pub verdict: crate::report::Verdict,
    /// Critical findings (failed critical items and rules, sections below their pass mark).
    pub critical_failed: usize,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub uncovered: usize,
    pub tampered: bool,
    #[serde(skip)]
    pub score_f64: Option<f64>,
}

/// An assessment's valid answers reduced to what §6's comparison reads: per applicable
/// answered item, its index, a hash of its canonical answer and whether it passed or
/// failed. About 8 bytes an item, so waiting for a site's other mode costs little memory.
#[derive(Debug, Default, Clone)]
pub struct Fingerprint(Box<[u64]>);

const PASS: u64 = 1;
const FAIL: u64 = 2;

impl Fingerprint {
    fn of(t: &Template, a: &Assessment, s: &State) -> Fingerprint {
        let mut out = Vec::with_capacity(a.answers.len());
        // Answers and the template's ids side by side, both in byte order of the ids.
        let mut ids = t.by_id.iter().peekable();
        for (key, v) in &a.answers {
            while ids
                .next_if(|&&i| t.items[i].id.as_str() < key.as_str())
                .is_some()
            {}
            let Some(&&i) = ids.peek().filter(|&&&i| t.items[i].id == *key) else {
                continue;
            };
            let it = &t.items[i];
            if matches!(it.kind, Kind::Computed { .. }) || !(s.applicable[i] && s.answered[i]) {
                continue;
            }
            let outcome = match s.choice(i) {
                Some(x) if it.passes(x) => PASS,
                Some(x) if it.fails(x) => FAIL,
                _ => 0,
            };
            // Strings, most answers, hash as they are; the rest in canonical form.
            let h = match v {
                Value::String(x) => fnv32(x.as_bytes()),
                other => fnv32(crate::report::canonical::canonical(other).as_bytes()) ^ 1,
            };
            out.push(((i as u64) << 34) | (u64::from(h) << 2) | outcome);
        }
        // In item order, for the merge in `agreement`.
        out.sort_unstable();
        Fingerprint(out.into_boxed_slice())
    }

    fn entries(&self) -> impl Iterator<Item = (usize, u32, u64)> + '_ {
        self.0
            .iter()
            .map(|&x| ((x >> 34) as usize, ((x >> 2) & 0xffff_ffff) as u32, x & 3))
    }
}

/// FNV-1a, 32 bits: answers that hash alike but differ are vanishingly rare among one
/// item's few distinct answers, and the roll-up's agreement is a district statistic.
fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
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
    crate::check_pairing(t, &a).map_err(|e| e.message)?;
    if let Some(day) = opts.as_of {
        a.set_as_of(day);
    }
    let s = State::compute(t, &a, opts.today);
    // The receipt is hashed only to check a submitted one (a sixth of the work).
    let r = evaluate::summarize_unhashed(t, &a, &s, &opts.locale);
    let tampered = submitted.flatten().is_some_and(|sub| {
        let _ = r.receipt.hashes.set(a.hashes(t));
        is_tampered(&r, &a, &sub)
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
        score_f64,
    };
    Ok(Scored {
        row,
        outcomes,
        sections,
        answers: Fingerprint::of(t, &a, &s),
    })
}

/// What the roll-up reads of a submitted result (the rest is skipped unread).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Submitted {
    verdict: Option<String>,
    score: Option<f64>,
    receipt: Option<SubmittedReceipt>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct SubmittedReceipt {
    template_sha256: Option<String>,
    answers_sha256: Option<String>,
    evidence_sha256: Option<String>,
    inputs_sha256: Option<String>,
}

/// A submitted result is tampered when its receipt differs from the re-score's, or when it
/// claims another verdict or score for a dated assessment (an undated one may rightly
/// differ: `today()` moved on since it was scored).
pub fn is_tampered(r: &Report, a: &Assessment, sub: &Submitted) -> bool {
    let (Some(h), Some(rc)) = (r.receipt.hashes.get(), &sub.receipt) else {
        return true;
    };
    let same = |x: &Option<String>, want: &str| x.as_deref() == Some(want);
    let optional = |x: &Option<String>, want: &str| x.is_none() || same(x, want);
    let receipt_ok = same(&rc.template_sha256, &r.receipt.template_sha256)
        && same(&rc.answers_sha256, &h.answers)
        && optional(&rc.evidence_sha256, &h.evidence)
        && optional(&rc.inputs_sha256, &h.inputs);
    let claims_ok = a.as_of.is_none()
        || (sub.verdict.as_deref() == Some(r.verdict.as_str())
            && sub.score.is_none_or(|s| Some(s) == r.score.as_f64()));
    !(receipt_ok && claims_ok)
}

/// The latest assessment of a site in one mode, for pairing.
#[derive(Debug)]
struct Side {
    row: usize,
    answers: Fingerprint,
}

/// The roll-up being folded.
pub struct Rollup<'t> {
    t: &'t Template,
    locale: String,
    reqs: Vec<Requirement>,
    rows: Vec<(u64, SiteRow)>,
    rejected: Vec<(u64, Rejected)>,
    applicable: Vec<u64>,
    failed: Vec<u64>,
    sections: Vec<SectionAgg>,
    /// Per site code: the latest self-check and inspection.
    sides: HashMap<String, [Option<Side>; 2]>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    pub input: String,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, Default)]
struct SectionAgg {
    n: u64,
    sum: i64,
    min: i64,
    max: i64,
}

impl<'t> Rollup<'t> {
    pub fn new(t: &'t Template, locale: &str) -> Rollup<'t> {
        let reqs = requirements(t);
        Rollup {
            t,
            locale: locale.to_string(),
            applicable: vec![0; reqs.len()],
            failed: vec![0; reqs.len()],
            reqs,
            rows: Vec::new(),
            rejected: Vec::new(),
            sections: vec![SectionAgg::default(); t.sections.len()],
            sides: HashMap::new(),
        }
    }

    /// Folds in entry number `seq` of the input (entries may come in any order).
    pub fn add(&mut self, seq: u64, e: Entry) {
        let s = match e {
            Entry::Rejected { input, reason } => {
                self.rejected.push((seq, Rejected { input, reason }));
                return;
            }
            Entry::Scored(s) => *s,
        };
        for (k, &o) in s.outcomes.iter().enumerate() {
            self.applicable[k] += u64::from(o > 0);
            self.failed[k] += u64::from(o == 2);
        }
        for (agg, sc) in self.sections.iter_mut().zip(&s.sections) {
            if let Some(x) = *sc {
                if agg.n == 0 {
                    (agg.min, agg.max) = (x, x);
                }
                agg.n += 1;
                agg.sum += x;
                agg.min = agg.min.min(x);
                agg.max = agg.max.max(x);
            }
        }
        let row = self.rows.len();
        if let Some(code) = &s.row.site_code {
            let m = usize::from(s.row.mode == "inspection");
            let slot = &mut self.sides.entry(code.clone()).or_default()[m];
            let newer = slot.as_ref().is_none_or(|old| {
                let (o, _) = &self.rows[old.row];
                (&self.rows[old.row].1.as_of, *o) < (&s.row.as_of, seq)
            });
            if newer {
                *slot = Some(Side {
                    row,
                    answers: s.answers,
                });
            }
        }
        self.rows.push((seq, s.row));
    }

    /// The roll-up document (§9), the same whatever order the entries were added in.
    pub fn finish(mut self) -> RollupDoc {
        let t = self.t;
        let dl = &t.default_locale;
        let locale = self.locale.as_str();
        // Rows in input order; pairs refer to rows by position, so map old to new first.
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by_key(|&k| self.rows[k].0);
        let mut new_pos = vec![0; order.len()];
        for (n, &k) in order.iter().enumerate() {
            new_pos[k] = n;
        }
        self.rejected.sort_by_key(|r| r.0);
        // Sequence numbers are unique, so this sort orders the rows exactly as `order`.
        self.rows.sort_unstable_by_key(|r| r.0);
        let sites: Vec<SiteRow> = self.rows.into_iter().map(|r| r.1).collect();

        let mut verdicts = Verdicts::default();
        for r in &sites {
            use crate::report::Verdict;
            match r.verdict {
                Verdict::Ready => verdicts.ready += 1,
                Verdict::Conditional => verdicts.conditional += 1,
                Verdict::NotReady => verdicts.not_ready += 1,
                Verdict::Incomplete => verdicts.incomplete += 1,
            }
        }

        let mut requirements: Vec<RequirementRow> = self
            .reqs
            .iter()
            .enumerate()
            .map(|(k, req)| {
                let (id, kind, title, tags, section) = match *req {
                    Requirement::Item(i) => {
                        let it = &t.items[i];
                        (
                            &it.id,
                            "item",
                            it.title.get(locale, dl).to_string(),
                            &it.tags,
                            Some(t.sections[it.section].id.clone()),
                        )
                    }
                    Requirement::Rule(ri) => {
                        let r = &t.rules[ri];
                        let title = match (&r.title, &r.message) {
                            (Some(x), _) => x.get(locale, dl).to_string(),
                            // A message's placeholders have no value across many sites.
                            (None, Some(m)) => without_placeholders(m, locale, dl),
                            (None, None) => r.id.clone(),
                        };
                        (
                            &r.id,
                            "rule",
                            title,
                            &r.tags,
                            r.section.map(|s| t.sections[s].id.clone()),
                        )
                    }
                };
                let critical = match *req {
                    Requirement::Item(i) => t.items[i].critical,
                    Requirement::Rule(ri) => t.rules[ri].critical,
                };
                RequirementRow {
                    id: id.clone(),
                    kind,
                    section,
                    title,
                    tags: tags.clone(),
                    critical,
                    applicable: self.applicable[k],
                    failed: self.failed[k],
                    failed_share: share(self.failed[k], self.applicable[k]),
                    order: k,
                }
            })
            .collect();

        let mut tags: Vec<TagRow> = Vec::new();
        let mut tag_index: HashMap<&str, usize> = HashMap::new();
        for r in &requirements {
            for tag in &r.tags {
                let k = *tag_index.entry(tag).or_insert_with(|| {
                    tags.push(TagRow {
                        tag: tag.clone(),
                        requirements: 0,
                        applicable: 0,
                        failed: 0,
                        failed_share: Value::Null,
                    });
                    tags.len() - 1
                });
                tags[k].requirements += 1;
                tags[k].applicable += r.applicable;
                tags[k].failed += r.failed;
            }
        }
        for tg in &mut tags {
            tg.failed_share = share(tg.failed, tg.applicable);
        }
        tags.sort_by(|a, b| a.tag.cmp(&b.tag));

        requirements.sort_by(|a, b| {
            b.failed
                .cmp(&a.failed)
                .then_with(|| {
                    let (x, y) = (
                        a.failed_share.as_f64().unwrap_or(0.0),
                        b.failed_share.as_f64().unwrap_or(0.0),
                    );
                    y.total_cmp(&x)
                })
                .then(a.order.cmp(&b.order))
        });

        let sections = t
            .sections
            .iter()
            .zip(&self.sections)
            .map(|(sec, agg)| SectionRow {
                id: sec.id.clone(),
                title: sec.title.get(locale, dl).to_string(),
                scored: agg.n,
                mean: if agg.n == 0 {
                    Value::Null
                } else {
                    json_score(Some(round_half_away(
                        agg.sum as f64 / agg.n as f64 / 10.0,
                        1,
                    )))
                },
                min: tenths(agg.n, agg.min),
                max: tenths(agg.n, agg.max),
            })
            .collect();

        let mut pairs = Vec::new();
        let mut codes: Vec<(&String, &[Option<Side>; 2])> = self.sides.iter().collect();
        codes.sort_by(|a, b| a.0.cmp(b.0));
        for (code, [a, b]) in codes {
            let (Some(a), Some(b)) = (a, b) else { continue };
            let (ra, rb) = (&sites[new_pos[a.row]], &sites[new_pos[b.row]]);
            let (agreement, disputed) = agreement(t, &a.answers, &b.answers);
            pairs.push(PairRow {
                site_code: code.clone(),
                site_name: rb.site_name.clone().or_else(|| ra.site_name.clone()),
                self_input: ra.input.clone(),
                inspection_input: rb.input.clone(),
                self_score: ra.score.clone(),
                inspection_score: rb.score.clone(),
                self_verdict: ra.verdict,
                inspection_verdict: rb.verdict,
                agreement,
                score_delta: match (ra.score_f64, rb.score_f64) {
                    (Some(x), Some(y)) => json_score(Some(round_half_away(y - x, 1))),
                    _ => Value::Null,
                },
                disputed: disputed.len(),
                disputed_items: disputed,
            });
        }

        RollupDoc {
            template: crate::report::TemplateRef {
                id: t.id.clone(),
                version: t.version.clone(),
            },
            count: sites.len(),
            rejected: self.rejected.into_iter().map(|r| r.1).collect(),
            verdicts,
            sites,
            requirements,
            sections,
            tags,
            pairs,
        }
    }
}

/// A rule message in `locale` with each `{expression}` shown as `…`: the pieces the loader
/// parsed it into, with no value to put in them across many sites.
fn without_placeholders(m: &crate::template::Message, locale: &str, dl: &str) -> String {
    let k = m.text.index_for(locale, dl);
    m.pieces
        .get(k)
        .into_iter()
        .flatten()
        .map(|p| match p {
            crate::template::Piece::Lit(s) => s.as_str(),
            crate::template::Piece::Expr(_) => "…",
        })
        .collect()
}

fn tenths(n: u64, x: i64) -> Value {
    if n == 0 {
        Value::Null
    } else {
        json_score(Some(x as f64 / 10.0))
    }
}

/// `part / whole` as a percentage with one decimal, null when `whole` is 0.
fn share(part: u64, whole: u64) -> Value {
    if whole == 0 {
        Value::Null
    } else {
        json_score(Some(round_half_away(100.0 * part as f64 / whole as f64, 1)))
    }
}

/// §6's agreement and disputed items from two fingerprints (a: self-check, b: inspection).
fn agreement(t: &Template, a: &Fingerprint, b: &Fingerprint) -> (Value, Vec<String>) {
    let (mut both, mut agreeing) = (0u64, 0u64);
    let mut disputed = Vec::new();
    let (mut x, mut y) = (a.entries().peekable(), b.entries().peekable());
    while let (Some(&(i, ha, oa)), Some(&(j, hb, ob))) = (x.peek(), y.peek()) {
        match i.cmp(&j) {
            std::cmp::Ordering::Less => {
                x.next();
            }
            std::cmp::Ordering::Greater => {
                y.next();
            }
            std::cmp::Ordering::Equal => {
                both += 1;
                agreeing += u64::from(ha == hb);
                if oa == PASS && ob == FAIL {
                    disputed.push(t.items[i].id.clone());
                }
                x.next();
                y.next();
            }
        }
    }
    (share(agreeing, both), disputed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_become_ellipses() {
        let t = crate::template::load(
            r#"{"format": "readycheck/1", "id": "t", "version": "1", "title": "T",
                "sections": [{"id": "s", "title": "S", "items": [
                  {"id": "a", "type": "number", "title": "a"}, {"id": "b", "type": "number", "title": "b"},
                  {"id": "mask_need", "type": "number", "title": "m"}]}],
                "rules": [{"id": "r", "section": "s", "assert": "a > b",
                  "message": "口罩不足：需 {mask_need} 只，现 {max(a, b)} 只 {{x}}"}]}"#,
        )
        .unwrap();
        let m = t.rules[0].message.as_ref().unwrap();
        assert_eq!(
            super::without_placeholders(m, "zh-CN", "zh-CN"),
            "口罩不足：需 … 只，现 … 只 {x}"
        );
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Verdicts {
    pub ready: usize,
    pub conditional: usize,
    pub not_ready: usize,
    pub incomplete: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementRow {
    pub id: String,
    pub kind: &'static str,
    pub section: Option<String>,
    pub title: String,
    pub tags: Vec<String>,
    pub critical: bool,
    pub applicable: u64,
    pub failed: u64,
    /// Percent of the assessments where it applied that failed it.
    pub failed_share: Value,
    #[serde(skip)]
    order: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRow {
    pub id: String,
    pub title: String,
    pub scored: u64,
    pub mean: Value,
    pub min: Value,
    pub max: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct TagRow {
    pub tag: String,
    pub requirements: u64,
    pub applicable: u64,
    pub failed: u64,
    pub failed_share: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairRow {
    pub site_code: String,
    pub site_name: Option<String>,
    pub self_input: String,
    pub inspection_input: String,
    pub self_score: Value,
    pub inspection_score: Value,
    pub self_verdict: crate::report::Verdict,
    pub inspection_verdict: crate::report::Verdict,
    pub agreement: Value,
    pub score_delta: Value,
    pub disputed: usize,
    pub disputed_items: Vec<String>,
}

/// The roll-up document of §9.
#[derive(Debug, Clone, Serialize)]
pub struct RollupDoc {
    pub template: crate::report::TemplateRef,
    pub count: usize,
    pub rejected: Vec<Rejected>,
    pub verdicts: Verdicts,
    pub sites: Vec<SiteRow>,
    pub requirements: Vec<RequirementRow>,
    pub sections: Vec<SectionRow>,
    pub tags: Vec<TagRow>,
    pub pairs: Vec<PairRow>,
}

/// The `sites` table as CSV (the roll-up's `--format csv`).
pub fn sites_csv(doc: &RollupDoc) -> String {
    use crate::view::csv::cell;
    let mut out = String::from(
        "input,site_code,site_name,mode,as_of,score,verdict,critical_failed,open_actions,overdue_actions,uncovered,tampered\r\n",
    );
    for r in &doc.sites {
        let opt = |s: &Option<String>| s.as_deref().map(cell).unwrap_or_default();
        let score = r
            .score
            .as_f64()
            .map(crate::text::number::format_score)
            .unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            cell(&r.input),
            opt(&r.site_code),
            opt(&r.site_name),
            r.mode,
            opt(&r.as_of),
            score,
            r.verdict,
            r.critical_failed,
            r.open_actions,
            r.overdue_actions,
            r.uncovered,
            r.tampered
        ));
    }
    out
}
