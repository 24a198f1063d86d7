//! The findings document (督查意见 / 自查报告, SPEC §8 "Drafts and print"): the short report an
//! inspection team signs — site, date, verdict and score, blockers and findings with their
//! notes and photos, the rectification ledger, the signatures — as values made from the
//! template, the result and the document. The web layer draws it for printing; what it
//! says is tested here.

use chrono::NaiveDate;
use serde_json::Value;

use crate::document::fieldkit::ROLES;
use crate::document::{Document, Mode};
use crate::report::Report;
use crate::template::Template;
use crate::text::locale::Lang;
use crate::view::words::{self, word, Word};

/// What the print view shows: the findings document, or the whole form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintKind {
    Findings,
    Form,
}

impl PrintKind {
    /// `findings` or `form`; anything else is the mode's default: the findings document in
    /// inspection mode (what the team signs), the whole form in a self-check.
    pub fn parse(kind: &str, inspection: bool) -> PrintKind {
        match kind {
            "findings" => PrintKind::Findings,
            "form" => PrintKind::Form,
            _ if inspection => PrintKind::Findings,
            _ => PrintKind::Form,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PrintKind::Findings => "findings",
            PrintKind::Form => "form",
        }
    }
}

/// One finding as the document lists it: its title, the points it costs, the note written
/// beside it and its photos (sha256, caption).
#[derive(Debug, Clone, PartialEq)]
pub struct DocFinding {
    pub title: String,
    pub points: Option<String>,
    pub note: String,
    pub photos: Vec<(String, String)>,
}

/// One ledger row: the finding it rectifies, what to do, who, by when, its state.
#[derive(Debug, Clone, PartialEq)]
pub struct DocAction {
    pub finding: String,
    pub description: String,
    pub owner: String,
    pub due: String,
    pub status: String,
}

/// One signer's line, for each role of §4.1 in order (signed or not): the role's word and
/// its sign-off, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct DocSignature {
    pub role: String,
    pub signed: Option<crate::document::fieldkit::SignOff>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FindingsDoc {
    pub heading: String,
    pub template: String,
    pub site: String,
    pub date: String,
    /// The verdict's code (for its colour) and word.
    pub verdict: (String, String),
    pub score: String,
    pub progress: String,
    pub blockers: Vec<DocFinding>,
    pub findings: Vec<DocFinding>,
    pub ledger: Vec<DocAction>,
    pub signatures: Vec<DocSignature>,
}

/// The findings document of result `r` of document `doc`, dated by its `as_of` or `today`.
pub fn findings_doc(
    t: &Template,
    r: &Report,
    doc: &Document,
    locale: &str,
    today: NaiveDate,
) -> FindingsDoc {
    let lang = Lang::of(locale);
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
    let inspection = doc.mode() == Mode::Inspection;
    let site = match (doc.site_name(), doc.site_code()) {
        (Some(name), Some(code)) => format!("{name}（{code}）"),
        (Some(name), None) => name.to_string(),
        (None, code) => code.unwrap_or("").to_string(),
    };
    // The record's own day: what is overdue is overdue on it.
    let day = doc.as_of().unwrap_or(today);
    let date = crate::text::date::format(day);
    let notes = doc.notes();
    let listed = |critical: bool| {
        r.findings
            .iter()
            .filter(|f| f.critical == critical)
            .map(|f| {
                let lost = f.points_lost.as_f64().filter(|p| *p > 0.0);
                DocFinding {
                    title: f.message.clone(),
                    points: lost
                        .map(|p| words::points_lost(&crate::text::number::format_score(p), lang)),
                    note: text(notes.and_then(|n| n.get(&f.id))),
                    photos: doc.photos(&f.id),
                }
            })
            .collect()
    };
    let title_of = |id: &str| {
        r.findings
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.message.clone())
            .or_else(|| {
                let i = t.item_index(id)?;
                Some(t.items[i].title.get(locale, &t.default_locale).to_string())
            })
            .unwrap_or_else(|| id.to_string())
    };
    let ledger = doc
        .actions()
        .iter()
        .map(|a| {
            let due = text(a.get("due"));
            let state = text(a.get("status"));
            let overdue =
                state == "open" && crate::text::date::parse(&due).is_some_and(|d| d < day);
            let mut status = word(
                match state.as_str() {
                    "done" => Word::Done,
                    "verified" => Word::Verified,
                    _ => Word::Open,
                },
                lang,
            )
            .to_string();
            if overdue {
                status = match lang {
                    Lang::Zh => format!("{status}（{}）", word(Word::Overdue, lang)),
                    Lang::En => format!("{status} ({})", word(Word::Overdue, lang)),
                };
            }
            DocAction {
                finding: title_of(&text(a.get("finding"))),
                description: text(a.get("description")),
                owner: text(a.get("owner")),
                due,
                status,
            }
        })
        .collect();
    let mut signed = doc.sign_offs();
    let signatures = ROLES
        .iter()
        .zip([Word::RoleInspector, Word::RoleSite])
        .map(|(role, w)| DocSignature {
            role: word(w, lang).to_string(),
            signed: signed
                .iter()
                .position(|s| s.role == *role)
                .map(|k| signed.swap_remove(k)),
        })
        .collect();
    FindingsDoc {
        heading: word(
            if inspection {
                Word::FindingsInspection
            } else {
                Word::FindingsSelf
            },
            lang,
        )
        .into(),
        template: t.title.get(locale, &t.default_locale).to_string(),
        site,
        date,
        verdict: (r.verdict.to_string(), r.verdict.word(lang).into()),
        score: r
            .score
            .as_f64()
            .map_or_else(|| "—".into(), crate::text::number::format_score),
        progress: words::progress(r.progress.answered, r.progress.applicable, lang),
        blockers: listed(true),
        findings: listed(false),
        ledger,
        signatures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_document_lists_what_the_team_signs() {
        let t = crate::template::load(include_str!("../../templates/example.json")).unwrap();
        let doc = json!({"format": "readycheck-assessment/1", "mode": "inspection",
            "site": {"code": "S1", "name": "一中"}, "answers": {"org_group": "no"},
            "notes": {"org_group": "未成立领导小组"},
            "evidence": {"org_group": [{"sha256": "a".repeat(64), "caption": "门口"}]},
            "actions": [{"id": "a1", "finding": "org_group", "description": "成立小组", "owner": "王",
                "due": "2026-08-01", "status": "open"}],
            "signatures": [{"role": "site", "name": "李校长", "signed_at": "2026-08-20T10:00:00+08:00", "sha256": "b".repeat(64)}]});
        let a = crate::document::Assessment::from_value(doc.clone()).unwrap();
        let day = crate::text::date::parse("2026-08-20").unwrap();
        let r = crate::evaluate::evaluate(&t, &a, "zh-CN", day);
        let whole = Document::from_map(doc.as_object().unwrap().clone());
        let d = findings_doc(&t, &r, &whole, "zh-CN", day);
        assert_eq!(d.heading, "督查意见");
        assert_eq!(
            (d.site.as_str(), d.date.as_str()),
            ("一中（S1）", "2026-08-20")
        );
        assert_eq!(d.verdict.1, r.verdict.word(Lang::Zh));
        let org = d
            .blockers
            .iter()
            .chain(&d.findings)
            .find(|f| f.note == "未成立领导小组")
            .expect("the finding with its note");
        assert_eq!(org.photos, vec![("a".repeat(64), "门口".to_string())]);
        assert_eq!(d.ledger.len(), 1);
        assert_eq!(
            d.ledger[0].status, "待整改（已逾期）",
            "due before the day: overdue"
        );
        assert_eq!(d.ledger[0].finding, org.title);
        // Both signers' lines, in order, signed or not.
        let roles: Vec<_> = d
            .signatures
            .iter()
            .map(|s| (s.role.as_str(), s.signed.is_some()))
            .collect();
        assert_eq!(roles, [("检查人", false), ("学校负责人", true)]);
        let site = d.signatures[1].signed.as_ref().unwrap();
        assert_eq!(site.name, "李校长");
        assert!(site.stale, "signed before these answers");
        // A self-check is a 自查报告, dated by its own as_of.
        let mut own = doc.as_object().unwrap().clone();
        own.insert("mode".into(), "self".into());
        own.insert("as_of".into(), "2026-07-01".into());
        let d = findings_doc(&t, &r, &Document::from_map(own), "en", day);
        assert_eq!(
            (d.heading.as_str(), d.date.as_str()),
            ("Self-check report", "2026-07-01")
        );
        assert_eq!(d.ledger[0].status, "Open", "not overdue on its own day");
    }

    #[test]
    fn the_default_print_follows_the_mode() {
        assert_eq!(PrintKind::parse("", true), PrintKind::Findings);
        assert_eq!(PrintKind::parse("", false), PrintKind::Form);
        assert_eq!(PrintKind::parse("form", true), PrintKind::Form);
        assert_eq!(PrintKind::parse("findings", false), PrintKind::Findings);
    }
}
