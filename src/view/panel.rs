//! The result panel as values: what each of its parts (verdict box, blockers, other
//! findings, section chart, ledger, comparison) shows, made from the result and the
//! document alone. The web layer keeps the value each part was drawn from and redraws a
//! part only when its new value differs, then maps the value to DOM; nothing here knows
//! of the DOM, so what a part shows is tested natively.

use chrono::NaiveDate;
use serde_json::Value;

use crate::document::Document;

use crate::report::{Comparison, Finding, Report, Verdict};

/// How many findings of each kind the panel lists before "show all": a long list costs
/// every frame hit testing, style and pre-paint, and the first ones are what to fix first.
pub const FINDINGS_SHOWN: usize = 20;

/// The panel's parts, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Verdict,
    Blockers,
    Findings,
    Chart,
    Ledger,
    Comparison,
}

impl Part {
    pub const ALL: [Part; 6] = [
        Part::Verdict,
        Part::Blockers,
        Part::Findings,
        Part::Chart,
        Part::Ledger,
        Part::Comparison,
    ];
}

/// The verdict box: score, verdict, progress and the findings not yet in the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct VerdictBox {
    pub verdict: Verdict,
    pub score: Option<f64>,
    pub answered: usize,
    pub applicable: usize,
    /// Findings with no owned, dated action (§3.6).
    pub uncovered: usize,
}

/// One finding as listed: its id, message and the points it costs.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    pub id: String,
    pub message: String,
    pub points_lost: f64,
}

/// A list of findings: blockers (critical) or the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingList {
    pub critical: bool,
    /// The rows shown: the first [`FINDINGS_SHOWN`], or all once the user asked.
    pub rows: Vec<FindingRow>,
    /// How many findings of this kind there are in all.
    pub total: usize,
    /// Whether the result has no finding of any kind (the "no findings" line shows).
    pub none_at_all: bool,
}

/// What a ledger row draws: its action's id, status and due date with the overdue mark,
/// and the text typed into its fields. The typed text is [`Typed`]: an owner or description
/// typed in re-scores (uncovered findings, §3.6) without redrawing the row the next
/// keystroke lands in.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    pub id: String,
    pub status: String,
    pub due: String,
    /// Open and due before the record's day.
    pub overdue: bool,
    pub description: Typed,
    pub owner: Typed,
}

/// Text someone types into a field that is drawn once: it never makes its part differ
/// (its equality always holds), so the field being typed in is never replaced.
#[derive(Debug, Clone, Default)]
pub struct Typed(pub String);

impl PartialEq for Typed {
    fn eq(&self, _: &Typed) -> bool {
        true
    }
}

/// What one part shows.
#[derive(Debug, Clone, PartialEq)]
pub enum PartView {
    Verdict(VerdictBox),
    Findings(FindingList),
    /// Each section's score, in template order (`None`: nothing scored).
    Chart(Vec<Option<f64>>),
    Ledger(Vec<LedgerRow>),
    Comparison(Option<Comparison>),
}

/// What part `part` shows for result `r` of document `doc` on day `today` (the record's
/// own `as_of` first), with the comparison when there is one and every finding listed when
/// `all_findings`.
pub fn part(
    part: Part,
    r: &Report,
    doc: &Document,
    today: NaiveDate,
    comparison: Option<&Comparison>,
    all_findings: bool,
) -> PartView {
    match part {
        Part::Verdict => PartView::Verdict(VerdictBox {
            verdict: r.verdict,
            score: r.score.as_f64(),
            answered: r.progress.answered,
            applicable: r.progress.applicable,
            uncovered: r.actions.uncovered,
        }),
        Part::Blockers => PartView::Findings(findings(r, true, all_findings)),
        Part::Findings => PartView::Findings(findings(r, false, all_findings)),
        Part::Chart => PartView::Chart(r.sections.iter().map(|s| s.score.as_f64()).collect()),
        Part::Ledger => PartView::Ledger(ledger(doc, doc.as_of().unwrap_or(today))),
        Part::Comparison => PartView::Comparison(comparison.cloned()),
    }
}

/// The findings of one kind the panel lists. Only the rows shown are copied, so a tap
/// costs the same with twenty findings or five hundred.
fn findings(r: &Report, critical: bool, all: bool) -> FindingList {
    let of_kind = || r.findings.iter().filter(|f| f.critical == critical);
    let shown = if all { usize::MAX } else { FINDINGS_SHOWN };
    FindingList {
        critical,
        rows: of_kind().take(shown).map(row).collect(),
        total: of_kind().count(),
        none_at_all: r.findings.is_empty(),
    }
}

fn row(f: &Finding) -> FindingRow {
    FindingRow {
        id: f.id.clone(),
        message: f.message.clone(),
        points_lost: f.points_lost.as_f64().unwrap_or(0.0),
    }
}

fn ledger(doc: &Document, day: NaiveDate) -> Vec<LedgerRow> {
    let field = |a: &Value, k: &str| a.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    doc.actions()
        .iter()
        .map(|a| LedgerRow {
            id: field(a, "id"),
            status: field(a, "status"),
            due: field(a, "due"),
            overdue: super::action_overdue(a, day),
            description: Typed(field(a, "description")),
            owner: Typed(field(a, "owner")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scored(answers: Value) -> (Report, Document) {
        let t = crate::template::load(include_str!("../../templates/example.json")).unwrap();
        let doc = json!({"format": "readycheck-assessment/1", "answers": answers});
        let a = crate::document::Assessment::from_value(doc.clone()).unwrap();
        let day = crate::text::date::parse("2026-08-20").unwrap();
        let r = crate::evaluate::evaluate(&t, &a, "zh-CN", day);
        (r, Document::from_map(doc.as_object().unwrap().clone()))
    }

    fn day() -> NaiveDate {
        crate::text::date::parse("2026-08-20").unwrap()
    }

    #[test]
    fn a_part_changes_only_when_what_it_shows_changes() {
        let (r1, d1) = scored(json!({"org_group": "no"}));
        let (r2, d2) = scored(json!({"org_group": "no", "not_an_item": 1}));
        for p in Part::ALL {
            assert_eq!(
                part(p, &r1, &d1, day(), None, false),
                part(p, &r2, &d2, day(), None, false)
            );
        }
        let (r3, d3) = scored(json!({"org_group": "yes"}));
        assert_ne!(
            part(Part::Verdict, &r1, &d1, day(), None, false),
            part(Part::Verdict, &r3, &d3, day(), None, false)
        );
        let PartView::Findings(list) = part(Part::Blockers, &r1, &d1, day(), None, false) else {
            panic!("blockers are a findings list");
        };
        assert!(list.critical);
        assert_eq!(list.total, list.rows.len());
        assert!(list.rows.iter().any(|f| f.id == "org_group"));
    }

    #[test]
    fn long_lists_show_their_first_rows_until_all_are_asked_for() {
        let (mut r, d) = scored(json!({"org_group": "no"}));
        let f = r.findings[0].clone();
        r.findings = (0..50)
            .map(|k| Finding {
                id: format!("x{k}"),
                critical: false,
                ..f.clone()
            })
            .collect();
        let shown = |all| match part(Part::Findings, &r, &d, day(), None, all) {
            PartView::Findings(l) => (l.rows.len(), l.total),
            _ => (0, 0),
        };
        assert_eq!(shown(false), (FINDINGS_SHOWN, 50));
        assert_eq!(shown(true), (50, 50));
    }

    #[test]
    fn the_ledger_part_ignores_typed_text_but_not_status_or_due() {
        let (r, _) = scored(json!({}));
        let doc = |owner: &str, status: &str| {
            Document::from_map(
                json!({"actions": [{"id": "a1", "finding": "masks", "owner": owner, "status": status, "due": "2026-08-01"}]})
                    .as_object()
                    .unwrap()
                    .clone(),
            )
        };
        let view = |d: &Document| part(Part::Ledger, &r, d, day(), None, false);
        assert_eq!(view(&doc("王", "open")), view(&doc("王老师", "open")));
        assert_ne!(view(&doc("王", "open")), view(&doc("王", "done")));
        // The row carries what it draws: the typed text and the overdue mark.
        let PartView::Ledger(rows) = view(&doc("王老师", "open")) else {
            panic!("a ledger part");
        };
        assert_eq!(
            (rows[0].owner.0.as_str(), rows[0].overdue),
            ("王老师", true)
        );
        let PartView::Ledger(done) = view(&doc("王老师", "done")) else {
            panic!("a ledger part");
        };
        assert!(!done[0].overdue, "a done action is not overdue");
    }
}
