//! The one check of a submitted result against the engine's re-score (SPEC §5, §9, §10):
//! used by the command line's roll-up, the collect service and any portal's Rust. A
//! submitted result is *tampered* when its receipt differs from the re-score's, or when it
//! claims another verdict or score.

use crate::document::Assessment;
use crate::report::Report;

/// What is read of a submitted result (the rest is skipped unread).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Submitted {
    pub verdict: Option<String>,
    pub score: Option<f64>,
    pub receipt: Option<SubmittedReceipt>,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct SubmittedReceipt {
    pub template_sha256: Option<String>,
    pub answers_sha256: Option<String>,
    pub evidence_sha256: Option<String>,
    pub inputs_sha256: Option<String>,
}

/// Whether `sub` is not what the engine makes of `a` (`r`, its re-score with its receipt
/// hashed). The one exception: an undated assessment of a template that reads `today()`
/// (`reads_today`) may rightly claim another verdict or score (the day moved on since it was
/// scored); its receipt is still checked, as is any other claim, dated or not.
pub fn is_tampered(r: &Report, a: &Assessment, sub: &Submitted, reads_today: bool) -> bool {
    let (Some(h), Some(rc)) = (r.receipt.hashes.get(), &sub.receipt) else {
        return true;
    };
    let same = |x: &Option<String>, want: &str| x.as_deref() == Some(want);
    let optional = |x: &Option<String>, want: &str| x.is_none() || same(x, want);
    let receipt_ok = same(&rc.template_sha256, &r.receipt.template_sha256)
        && same(&rc.answers_sha256, &h.answers)
        && optional(&rc.evidence_sha256, &h.evidence)
        && optional(&rc.inputs_sha256, &h.inputs);
    let claims_ok = (reads_today && a.as_of.is_none())
        || (sub.verdict.as_deref() == Some(r.verdict.as_str())
            && sub.score.is_none_or(|s| Some(s) == r.score.as_f64()));
    !(receipt_ok && claims_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(answers: serde_json::Value) -> (crate::Template, Assessment, Report) {
        let t = crate::template::load(include_str!("../../templates/example.json")).unwrap();
        let doc = serde_json::json!({"format": "readycheck-assessment/1", "as_of": "2026-08-20", "answers": answers});
        let a = Assessment::from_value(doc).unwrap();
        let day = crate::text::date::parse("2026-08-20").unwrap();
        let r = crate::evaluate::evaluate(&t, &a, "zh-CN", day);
        r.receipt.hashes.get_or_init(|| a.hashes(&t));
        (t, a, r)
    }

    fn honest(r: &Report) -> Submitted {
        let h = r.receipt.hashes.get().unwrap();
        Submitted {
            verdict: Some(r.verdict.as_str().into()),
            score: r.score.as_f64(),
            receipt: Some(SubmittedReceipt {
                template_sha256: Some(r.receipt.template_sha256.clone()),
                answers_sha256: Some(h.answers.clone()),
                evidence_sha256: Some(h.evidence.clone()),
                inputs_sha256: Some(h.inputs.clone()),
            }),
        }
    }

    #[test]
    fn an_honest_result_passes_and_each_change_is_caught() {
        let (_, a, r) = scored(serde_json::json!({"org_group": "yes"}));
        assert!(!is_tampered(&r, &a, &honest(&r), false));
        let mut claim = honest(&r);
        claim.verdict = Some("ready".into());
        assert!(r.verdict.as_str() == "ready" || is_tampered(&r, &a, &claim, false));
        let mut score = honest(&r);
        score.score = Some(100.0);
        assert!(is_tampered(&r, &a, &score, false));
        let mut answers = honest(&r);
        answers.receipt.as_mut().unwrap().answers_sha256 = Some("0".repeat(64));
        assert!(is_tampered(&r, &a, &answers, false));
        assert!(
            is_tampered(&r, &a, &Submitted::default(), false),
            "no receipt"
        );
    }
}
