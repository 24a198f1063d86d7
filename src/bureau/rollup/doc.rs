//! The roll-up document a district reads (§9) and its per-site CSV.

use serde::Serialize;
use serde_json::Value;

use crate::text::number::{json_score, round_half_away};

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
    pub kind: crate::report::FindingKind,
    pub section: Option<String>,
    pub title: String,
    pub tags: Vec<String>,
    pub critical: bool,
    pub applicable: u64,
    pub failed: u64,
    /// Percent of the assessments where it applied that failed it.
    pub failed_share: Value,
    #[serde(skip)]
    pub(super) order: usize,
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
    /// Copies of a submission already counted (same site, mode and receipt), each counted
    /// once: the copy's input and the input kept.
    pub duplicates: Vec<Duplicate>,
    pub verdicts: Verdicts,
    pub sites: Vec<SiteRow>,
    pub requirements: Vec<RequirementRow>,
    pub sections: Vec<SectionRow>,
    pub tags: Vec<TagRow>,
    pub pairs: Vec<PairRow>,
    /// With `--roster` (§9, 1.2): the roster's sites with no assessment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<crate::bureau::roster::Site>>,
    /// With `--group-by`: per column and value, the sites' verdicts and mean score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<crate::bureau::roster::Group>>,
}

/// The `sites` table as CSV (the roll-up's `--format csv`).
pub fn sites_csv(doc: &RollupDoc) -> String {
    use crate::view::csv::cell;
    // A byte-order mark first: Excel opens the sites' Chinese names intact (§9, 1.2).
    let mut out = String::from(
        "\u{feff}input,site_code,site_name,mode,as_of,score,verdict,critical_failed,open_actions,overdue_actions,uncovered,tampered\r\n",
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

#[derive(Debug, Clone, Serialize)]
pub struct Duplicate {
    pub input: String,
    pub same_as: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    pub input: String,
    pub reason: String,
}

/// `part / whole` as a percentage with one decimal, null when `whole` is 0.
pub(super) fn share(part: u64, whole: u64) -> Value {
    if whole == 0 {
        Value::Null
    } else {
        json_score(Some(round_half_away(100.0 * part as f64 / whole as f64, 1)))
    }
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
    /// With `--roster`: the site's attributes there (empty for a site not on it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<std::collections::BTreeMap<String, String>>,
    #[serde(skip)]
    pub score_f64: Option<f64>,
}
