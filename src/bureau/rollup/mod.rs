//! The district roll-up (§9): many assessments of one template re-scored, their receipts
//! checked, and the aggregates a district office reads (verdicts, per-site rows, the most
//! failed requirements, section score spread, catalogue tags, self-check against
//! inspection). Scoring one entry ([`score_entry`]) is independent of the others, so the
//! caller may run it on many threads; [`Rollup::add`] folds the scored entries in any
//! order and [`Rollup::finish`] gives the same document whatever that order was.

mod doc;
mod fingerprint;
mod score;

pub use crate::evaluate::verify::{is_tampered, Submitted};
pub use doc::*;
pub use score::{requirements, score_entry, Entry, Options, Plan, Requirement, Scored};

use std::collections::HashMap;

use serde_json::Value;

use crate::template::Template;
use crate::text::number::{json_score, round_half_away};

use doc::share;
use fingerprint::{agreement, Fingerprint};

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
    /// Each submission counted, by [`Scored::same`]: the row it is.
    seen: HashMap<[u8; 32], usize>,
    /// Copies set aside: sequence number, input, and the row they copy.
    duplicates: Vec<(u64, String, usize)>,
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
            seen: HashMap::new(),
            duplicates: Vec::new(),
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
        // A copy of a submission already counted (the same file twice, say) is counted
        // once: the first in input order stays, the others are listed as duplicates. The
        // copies score alike, so which arrives first from the workers changes nothing else.
        if let Some(&row) = self.seen.get(&s.same) {
            let kept = &mut self.rows[row];
            let (mut seq, mut input) = (seq, s.row.input);
            if seq < kept.0 {
                std::mem::swap(&mut seq, &mut kept.0);
                std::mem::swap(&mut input, &mut kept.1.input);
            }
            self.duplicates.push((seq, input, row));
            return;
        }
        self.seen.insert(s.same, self.rows.len());
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
        // Named now: the row a copy is counted in may have taken an earlier input's name
        // since the copy was set aside.
        self.duplicates.sort_by_key(|d| d.0);
        let duplicates = std::mem::take(&mut self.duplicates)
            .into_iter()
            .map(|(_, input, row)| Duplicate {
                input,
                same_as: self.rows[row].1.input.clone(),
            })
            .collect();
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
        let sites: Vec<SiteRow> = std::mem::take(&mut self.rows)
            .into_iter()
            .map(|r| r.1)
            .collect();
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
        let mut requirements = self.requirement_rows();
        let tags = tag_rows(&requirements);
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
        RollupDoc {
            template: crate::report::TemplateRef {
                id: t.id.clone(),
                version: t.version.clone(),
            },
            count: sites.len(),
            rejected: std::mem::take(&mut self.rejected)
                .into_iter()
                .map(|r| r.1)
                .collect(),
            duplicates,
            verdicts,
            sections: self.section_rows(),
            pairs: self.pair_rows(&sites, &new_pos),
            sites,
            requirements,
            tags,
            missing: None,
            groups: None,
        }
    }

    /// Each requirement with its title in the roll-up's locale and its counts, in
    /// template order.
    fn requirement_rows(&self) -> Vec<RequirementRow> {
        let t = self.t;
        let (locale, dl) = (self.locale.as_str(), &t.default_locale);
        self.reqs
            .iter()
            .enumerate()
            .map(|(k, req)| {
                let (id, kind, title, tags, section, critical) = match *req {
                    Requirement::Item(i) => {
                        let it = &t.items[i];
                        (
                            &it.id,
                            crate::report::FindingKind::Item,
                            it.title.get(locale, dl).to_string(),
                            &it.tags,
                            Some(t.sections[it.section].id.clone()),
                            it.critical,
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
                            crate::report::FindingKind::Rule,
                            title,
                            &r.tags,
                            r.section.map(|s| t.sections[s].id.clone()),
                            r.critical,
                        )
                    }
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
            .collect()
    }

    /// Each section's mean, lowest and highest score over the sites that scored it.
    fn section_rows(&self) -> Vec<SectionRow> {
        let t = self.t;
        let (locale, dl) = (self.locale.as_str(), &t.default_locale);
        t.sections
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
            .collect()
    }

    /// Sites with both a self-check and an inspection, by site code: the two scores and
    /// verdicts side by side, their agreement and the disputed items (§6).
    fn pair_rows(&self, sites: &[SiteRow], new_pos: &[usize]) -> Vec<PairRow> {
        let mut pairs = Vec::new();
        let mut codes: Vec<(&String, &[Option<Side>; 2])> = self.sides.iter().collect();
        codes.sort_by(|a, b| a.0.cmp(b.0));
        for (code, [a, b]) in codes {
            let (Some(a), Some(b)) = (a, b) else { continue };
            let (ra, rb) = (&sites[new_pos[a.row]], &sites[new_pos[b.row]]);
            let (agreement, disputed) = agreement(self.t, &a.answers, &b.answers);
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
        pairs
    }
}

/// The catalogue tags: per tag, its requirements and their summed counts, by tag name.
fn tag_rows(requirements: &[RequirementRow]) -> Vec<TagRow> {
    let mut tags: Vec<TagRow> = Vec::new();
    let mut tag_index: HashMap<&str, usize> = HashMap::new();
    for r in requirements {
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
    tags
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
