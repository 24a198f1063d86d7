//! What the form shows, computed from the core alone so it can be tested natively: UI
//! words, per-item display state (which the web layer diffs to patch only what changed),
//! section progress, the next item to visit, overdue actions and the CSV export. No DOM
//! here; the result panel is drawn from the `Report` by `web/render/panel.rs`.

pub mod act;
pub mod csv;
pub mod host;
pub mod panel;
pub mod print;
pub mod words;

use serde_json::Value;

use crate::document::Document;
use crate::evaluate::Evaluation;
use crate::report::Report;
use crate::template::{Kind, Template};
use crate::text::locale::Lang;

/// What one item looks like after an evaluation; equal states need no DOM update.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemState {
    pub applicable: bool,
    pub required: bool,
    /// The answer as stored in the assessment (kept even when invalid).
    pub answer: Value,
    /// Validation messages for this item (repeat rows included), joined.
    pub issue: Option<String>,
    /// Answered with a failed response that is a finding.
    pub failed: bool,
    /// Disputed in the current comparison.
    pub disputed: bool,
    /// The value shown for a computed item.
    pub computed: Option<String>,
}

/// What the form shows for one item. Missing required answers are flagged only when
/// `show_missing` (after a submit attempt): an untouched form should not open covered in
/// red; the "required" badge marks them before that.
pub fn item_state(
    t: &Template,
    s: &Evaluation,
    i: usize,
    answers: &serde_json::Map<String, Value>,
    disputed: &[String],
    lang: Lang,
    show_missing: bool,
) -> ItemState {
    let it = &t.items[i];
    let issue_text: Vec<String> = s.issues[i]
        .iter()
        .filter(|(_, k)| show_missing || *k != crate::text::messages::IssueKind::Required)
        .map(|(target, k)| match target {
            None => k.message(lang).into_owned(),
            Some(target) => {
                // `staff[2].fever_on` reads as "2 · fever_on: …" beside the repeat.
                let at = target
                    .split_once('[')
                    .map_or(target.as_str(), |(_, r)| r.trim_end_matches(']'));
                format!("{}: {}", at.replace("].", " · "), k.message(lang))
            }
        })
        .collect();
    let failed = s.choice(i).is_some_and(|a| it.fails(a))
        && (it.max_points().unwrap_or(0) > 0 || it.critical);
    ItemState {
        applicable: s.applicable[i],
        required: s.required[i],
        answer: answers.get(&it.id).cloned().unwrap_or(Value::Null),
        issue: (!issue_text.is_empty()).then(|| issue_text.join("；")),
        failed,
        disputed: disputed.contains(&it.id),
        computed: matches!(it.kind, Kind::Computed { .. }).then(|| s.vals[i].display(lang)),
    }
}

/// "answered / applicable" of a section, for the navigation.
pub fn section_progress(r: &Report, si: usize) -> (usize, usize) {
    r.sections
        .get(si)
        .map_or((0, 0), |s| (s.answered, s.applicable))
}

/// The index of the next item after `from` (wrapping) that matches `pred`.
pub fn next_index(n: usize, from: Option<usize>, pred: impl Fn(usize) -> bool) -> Option<usize> {
    let start = from.map_or(0, |f| f + 1);
    (0..n).map(|k| (start + k) % n.max(1)).find(|&i| pred(i))
}

/// Whether an open action is past due on `today`.
pub fn action_overdue(action: &Value, today: chrono::NaiveDate) -> bool {
    action.get("status").and_then(Value::as_str) == Some("open")
        && action
            .get("due")
            .and_then(Value::as_str)
            .and_then(crate::text::date::parse)
            .is_some_and(|d| today > d)
}

/// What a draft made with another version of the template (or naming items it does not
/// have) is told when it opens: the two versions and the answers whose items are gone,
/// which stay in the document (SPEC §4: nothing is dropped). `None` when nothing changed.
pub fn draft_notice(doc: &Document, t: &Template, lang: Lang) -> Option<String> {
    let old = doc.template_version().filter(|v| *v != t.version);
    let mut gone: Vec<&str> = Vec::new();
    if let Some(answers) = doc.answers() {
        for k in answers.keys() {
            if t.item_index(k).is_none() {
                gone.push(k);
            }
        }
    }
    if old.is_none() && gone.is_empty() {
        return None;
    }
    let joined = gone.join(", ");
    let ids = crate::text::clip(&joined);
    let mut s = String::new();
    if let Some(old) = old {
        s += &match lang {
            Lang::Zh => format!("此草稿按模板 {old} 版填写，当前为 {} 版，请核对未答的检查项。", t.version),
            Lang::En => format!(
                "This draft was made with version {old} of the checklist; this is version {}. Check the unanswered items.",
                t.version
            ),
        };
    }
    if !gone.is_empty() {
        if !s.is_empty() && lang == Lang::En {
            s.push(' ');
        }
        s += &match lang {
            Lang::Zh => format!("{} 个答案对应的检查项已不在本模板中，答案仍保留在草稿里：{ids}", gone.len()),
            Lang::En if gone.len() == 1 => format!(
                "1 answer belongs to an item this checklist no longer has; it stays in the draft: {ids}"
            ),
            Lang::En => format!(
                "{} answers belong to items this checklist no longer has; they stay in the draft: {ids}",
                gone.len()
            ),
        };
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_draft_of_another_version_is_told_what_changed() {
        let t = crate::template::load(
            &json!({"format": "readycheck/1", "id": "x", "version": "1.1.1",
            "title": "x", "sections": [{"id": "s", "title": "s", "items": [
                {"id": "a", "type": "yesno", "title": "a"}]}]})
            .to_string(),
        )
        .unwrap();
        let doc = |v: &str, answers: Value| {
            Document::from_map(
                json!({"template": {"id": "x", "version": v}, "answers": answers})
                    .as_object()
                    .unwrap()
                    .clone(),
            )
        };
        assert_eq!(
            draft_notice(&doc("1.1.1", json!({"a": "yes"})), &t, Lang::Zh),
            None
        );
        assert_eq!(
            draft_notice(&doc("1.1.0", json!({"a": "yes", "acc_04": "yes"})), &t, Lang::Zh).as_deref(),
            Some("此草稿按模板 1.1.0 版填写，当前为 1.1.1 版，请核对未答的检查项。1 个答案对应的检查项已不在本模板中，答案仍保留在草稿里：acc_04")
        );
        assert_eq!(
            draft_notice(&doc("1.1.0", json!({"a": "yes"})), &t, Lang::En).as_deref(),
            Some("This draft was made with version 1.1.0 of the checklist; this is version 1.1.1. Check the unanswered items.")
        );
        assert_eq!(
            draft_notice(&doc("1.1.0", json!({"b": 1})), &t, Lang::En).as_deref(),
            Some("This draft was made with version 1.1.0 of the checklist; this is version 1.1.1. Check the unanswered items. 1 answer belongs to an item this checklist no longer has; it stays in the draft: b")
        );
        assert_eq!(
            draft_notice(&doc("1.1.1", json!({"b": 1, "c": 2})), &t, Lang::En).as_deref(),
            Some("2 answers belong to items this checklist no longer has; they stay in the draft: b, c")
        );
    }

    #[test]
    fn next_wraps_and_skips() {
        assert_eq!(next_index(5, None, |i| i == 3), Some(3));
        assert_eq!(next_index(5, Some(3), |i| i == 3 || i == 1), Some(1));
        assert_eq!(next_index(5, Some(4), |_| false), None);
        assert_eq!(next_index(0, None, |_| true), None);
    }

    #[test]
    fn overdue_actions() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap();
        assert!(action_overdue(
            &json!({"status": "open", "due": "2026-08-24"}),
            d
        ));
        assert!(!action_overdue(
            &json!({"status": "open", "due": "2026-08-25"}),
            d
        ));
        assert!(!action_overdue(
            &json!({"status": "done", "due": "2026-08-01"}),
            d
        ));
        assert!(!action_overdue(&json!({"status": "open"}), d));
    }

    #[test]
    fn states_follow_evaluation() {
        let t = crate::template::load(crate::builtin::get("example").unwrap()).unwrap();
        let a = crate::document::Assessment::from_value(
            json!({"format": "readycheck-assessment/1", "as_of": "2026-08-25",
            "answers": {"org_group": "no", "students": -1, "masks": 10}}),
        )
        .unwrap();
        let s = Evaluation::compute(&t, &a, d());
        let r = crate::evaluate::summarize(&t, &a, &s, "zh-CN");
        let st = (0..t.items.len())
            .map(|i| item_state(&t, &s, i, &a.answers, &["org_group".into()], Lang::Zh, true))
            .collect::<Vec<_>>();
        let by = |id: &str| &st[t.item_index(id).unwrap()];
        assert!(by("org_group").failed && by("org_group").disputed);
        // The failed flags are exactly the report's item findings.
        let failed: Vec<&str> = t
            .items
            .iter()
            .zip(&st)
            .filter(|(_, x)| x.failed)
            .map(|(it, _)| it.id.as_str())
            .collect();
        let findings: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.kind == crate::report::FindingKind::Item)
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(failed, findings);
        assert_eq!(by("students").issue.as_deref(), Some("不能小于 0"));
        assert_eq!(by("students").answer, json!(-1));
        assert_eq!(by("mask_need").computed.as_deref(), Some("—"));
        assert_eq!(by("org_plan").issue.as_deref(), Some("此项必填，尚未作答"));
        let quiet = (0..t.items.len())
            .map(|i| item_state(&t, &s, i, &a.answers, &[], Lang::Zh, false))
            .collect::<Vec<_>>();
        assert_eq!(
            quiet[t.item_index("org_plan").unwrap()].issue,
            None,
            "missing answers wait for a submit"
        );
        assert_eq!(
            quiet[t.item_index("students").unwrap()].issue.as_deref(),
            Some("不能小于 0"),
            "wrong answers show at once"
        );
    }

    fn d() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 8, 25).unwrap()
    }
}
