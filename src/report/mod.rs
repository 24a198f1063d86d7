//! The result document (§5) and the comparison document (§6), and the one serializer
//! configuration both the command line and the wasm module print them with.

pub mod canonical;

use serde::Serialize;
use serde_json::Value;
use std::cell::OnceCell;

pub use canonical::Hashes;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub applicable: usize,
    pub answered: usize,
    pub required: usize,
    pub missing: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionResult {
    pub id: String,
    pub score: Value,
    pub earned: Value,
    pub possible: Value,
    pub weight: Value,
    pub applicable: usize,
    pub answered: usize,
    pub complete: bool,
    pub passed: Option<bool>,
}

crate::codes::codes! {
    /// What a finding is about (§5): a failed item, a broken rule, or a section below its
    /// pass mark.
    pub enum FindingKind {
        Item = "item",
        Rule = "rule",
        Section = "section",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub id: String,
    pub kind: FindingKind,
    pub section: Option<String>,
    pub critical: bool,
    pub points_lost: Value,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub target: String,
    pub code: crate::text::messages::IssueCode,
    pub message: std::borrow::Cow<'static, str>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ActionCounts {
    pub open: usize,
    pub overdue: usize,
    pub done: usize,
    pub verified: usize,
    /// Findings with no ledger action that has an owner and a valid due date (§3.6).
    pub uncovered: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    pub engine: String,
    pub template_sha256: String,
    /// The hashes of the assessment. Set by [`crate::evaluate::summarize`]; left for later
    /// by [`crate::evaluate::summarize_unhashed`], whose caller sets them before the
    /// document changes or anything prints them (the element hashes only results someone
    /// reads).
    pub hashes: OnceCell<Hashes>,
}

impl Serialize for Receipt {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let h = self.hashes.get();
        let field = |f: fn(&Hashes) -> &String| h.map_or("", |h| f(h).as_str());
        let mut st = s.serialize_struct("Receipt", 5)?;
        st.serialize_field("engine", &self.engine)?;
        st.serialize_field("template_sha256", &self.template_sha256)?;
        st.serialize_field("answers_sha256", field(|h| &h.answers))?;
        st.serialize_field("evidence_sha256", field(|h| &h.evidence))?;
        st.serialize_field("inputs_sha256", field(|h| &h.inputs))?;
        st.end()
    }
}

crate::codes::codes! {
    /// The verdict (§3.5), written as its code (ordered as declared, for sorting).
    #[derive(PartialOrd, Ord)]
    pub enum Verdict {
        Ready = "ready",
        Conditional = "conditional",
        NotReady = "not_ready",
        Incomplete = "incomplete",
    }
}

impl Verdict {
    /// The verdict's word in `lang`: the one vocabulary of the element, the report, the
    /// district's pages and the roll-up.
    pub fn word(self, lang: crate::text::locale::Lang) -> &'static str {
        use crate::text::locale::Lang;
        match (lang, self) {
            (Lang::Zh, Verdict::Ready) => "具备条件",
            (Lang::Zh, Verdict::Conditional) => "基本具备，需整改",
            (Lang::Zh, Verdict::NotReady) => "不具备条件",
            (Lang::Zh, Verdict::Incomplete) => "未完成",
            (Lang::En, Verdict::Ready) => "Ready",
            (Lang::En, Verdict::Conditional) => "Ready with conditions",
            (Lang::En, Verdict::NotReady) => "Not ready",
            (Lang::En, Verdict::Incomplete) => "Incomplete",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub template: TemplateRef,
    pub verdict: Verdict,
    pub score: Value,
    pub complete: bool,
    pub progress: Progress,
    pub sections: Vec<SectionResult>,
    pub findings: Vec<Finding>,
    pub issues: Vec<Issue>,
    pub values: serde_json::Map<String, Value>,
    pub hidden: Vec<String>,
    pub orphans: Vec<String>,
    pub actions: ActionCounts,
    pub receipt: Receipt,
}

impl Report {
    /// The top-level members, in the order the document prints them.
    pub const KEYS: [&'static str; 13] = [
        "template", "verdict", "score", "complete", "progress", "sections", "findings", "issues",
        "values", "hidden", "orphans", "actions", "receipt",
    ];

    /// The top-level member `KEYS[i]` as compact JSON, `None` past the last: a reader
    /// that wants the score alone does not pay for printing every finding.
    pub fn member_json(&self, i: usize) -> Option<String> {
        (i < Self::KEYS.len()).then(|| crate::json::to_string(&Member(self, i)))
    }
}

/// The member `KEYS[.1]` of a report, serialized alone. By hand rather than one call per
/// member type: the members' serializers are those the whole report links already.
struct Member<'a>(&'a Report, usize);

impl Serialize for Member<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        match self.1 {
            0 => r.template.serialize(s),
            1 => r.verdict.serialize(s),
            2 => r.score.serialize(s),
            3 => r.complete.serialize(s),
            4 => r.progress.serialize(s),
            5 => r.sections.serialize(s),
            6 => r.findings.serialize(s),
            7 => r.issues.serialize(s),
            8 => r.values.serialize(s),
            9 => r.hidden.serialize(s),
            10 => r.orphans.serialize(s),
            11 => r.actions.serialize(s),
            12 => r.receipt.serialize(s),
            _ => s.serialize_unit(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemComparison {
    pub id: String,
    pub a: Value,
    pub b: Value,
    pub agree: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair<T> {
    pub a: T,
    pub b: T,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorePair {
    pub a: Value,
    pub b: Value,
    pub delta: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionComparison {
    pub id: String,
    pub a: Value,
    pub b: Value,
    pub delta: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub items: Vec<ItemComparison>,
    pub agreement: Value,
    pub score: ScorePair,
    pub verdict: Pair<Verdict>,
    pub sections: Vec<SectionComparison>,
    pub disputed: Vec<String>,
}

/// Prints a document as the command line does: two-space indented JSON and a final newline.
pub fn to_json<T: Serialize>(doc: &T) -> String {
    let mut s = crate::json::to_string_pretty(doc);
    s.push('\n');
    s
}
