//! The assessment document (§4): answers, notes and the rectification ledger, kept whole.

pub mod draft;
pub mod edit;
mod error;
pub mod fieldkit;
pub mod ledger;
mod whole;
mod whole_edits;

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::text::date;

pub use error::{AssessmentError, AssessmentFailure};
pub use whole::{site_field, Document};

pub const FORMAT: &str = "readycheck-assessment/1";

crate::codes::codes! {
    /// Who assesses: the site itself or an inspector; written as in the document.
    pub enum Mode {
        SelfCheck = "self",
        Inspection = "inspection",
    }
}

impl Mode {
    /// The mode a page or a document names; anything but `inspection` is a self-check (the
    /// default of §4).
    pub fn named(s: &str) -> Mode {
        Mode::parse(s).unwrap_or(Mode::SelfCheck)
    }
}

/// A document's `site.code` and `site.name`, blank ones as none ([`site_field`]).
pub fn site_of(doc: &Value) -> (Option<String>, Option<String>) {
    let field = |k: &str| {
        doc.as_object()
            .and_then(|o| site_field(o, k))
            .map(str::to_owned)
    };
    (field("code"), field("name"))
}

/// The status of a rectification action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Open,
    Done,
    Verified,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub status: Option<Status>,
    pub due: Option<NaiveDate>,
    /// The id of the finding the action rectifies.
    pub finding: Option<String>,
    /// Whether someone is named responsible (a non-blank `owner`).
    pub owned: bool,
}

/// The top-level members besides `answers` that the receipt hashes (§5).
pub const HASHED_MEMBERS: [&str; 5] = ["mode", "as_of", "actions", "evidence", "signatures"];

/// What evaluation reads of an assessment document. The document itself stays with the
/// caller (the command line's file, the element's draft), so nothing is ever dropped.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub template_id: Option<String>,
    pub template_version: Option<String>,
    pub mode: Mode,
    pub as_of: Option<NaiveDate>,
    pub answers: Map<String, Value>,
    pub actions: Vec<Action>,
    /// The document's [`HASHED_MEMBERS`] as written, for the receipt.
    pub hashed: Map<String, Value>,
}

impl Assessment {
    pub fn parse(json: &str) -> Result<Assessment, AssessmentError> {
        let v: Value = crate::json::parse_bounded(json).map_err(|e| {
            let too_large = crate::json::too_large(&e);
            AssessmentError {
                kind: if too_large {
                    AssessmentFailure::Limit
                } else {
                    AssessmentFailure::Json
                },
                pointer: String::new(),
                message: if too_large {
                    format!("the assessment is too large: {e}")
                } else {
                    format!("malformed JSON in the assessment: {e}")
                },
            }
        })?;
        Assessment::from_value(v)
    }

    pub fn from_value(v: Value) -> Result<Assessment, AssessmentError> {
        let bad = AssessmentError::input;
        let Value::Object(mut o) = v else {
            return Err(bad("", "an assessment must be a JSON object".into()));
        };
        match o.get("format") {
            Some(Value::String(f)) if f == FORMAT => {}
            other => {
                return Err(AssessmentError {
                    kind: AssessmentFailure::Format,
                    pointer: "/format".into(),
                    message: format!(
                        "assessment format is {}, expected \"{FORMAT}\"",
                        other.map_or("missing".to_string(), crate::json::to_string)
                    ),
                })
            }
        }
        let (template_id, template_version) = match o.get("template") {
            None | Some(Value::Null) => (None, None),
            Some(Value::Object(t)) => (
                t.get("id").and_then(Value::as_str).map(str::to_owned),
                t.get("version").and_then(Value::as_str).map(str::to_owned),
            ),
            Some(_) => {
                return Err(bad(
                    "/template",
                    "`template` must be an object {\"id\", \"version\"}".into(),
                ))
            }
        };
        let mode = match o.get("mode").and_then(Value::as_str) {
            None | Some("self") => Mode::SelfCheck,
            Some("inspection") => Mode::Inspection,
            Some(m) => {
                return Err(bad(
                    "/mode",
                    format!("mode `{m}` is neither \"self\" nor \"inspection\""),
                ))
            }
        };
        let as_of =
            match o.get("as_of") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(date::parse(s).ok_or_else(|| {
                    bad("/as_of", format!("as_of `{s}` is not a YYYY-MM-DD date"))
                })?),
                Some(_) => {
                    return Err(bad(
                        "/as_of",
                        "as_of must be a \"YYYY-MM-DD\" string".into(),
                    ))
                }
            };
        let answers = match o.remove("answers") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m,
            Some(_) => {
                return Err(bad(
                    "/answers",
                    "`answers` must be an object keyed by item id".into(),
                ))
            }
        };
        let actions = match o.get("actions") {
            Some(Value::Array(a)) => a
                .iter()
                .map(|x| Action {
                    status: match x.get("status").and_then(Value::as_str) {
                        Some("open") => Some(Status::Open),
                        Some("done") => Some(Status::Done),
                        Some("verified") => Some(Status::Verified),
                        _ => None,
                    },
                    due: x.get("due").and_then(Value::as_str).and_then(date::parse),
                    finding: x.get("finding").and_then(Value::as_str).map(str::to_owned),
                    owned: x
                        .get("owner")
                        .and_then(Value::as_str)
                        .is_some_and(|o| !o.trim().is_empty()),
                })
                .collect(),
            _ => Vec::new(),
        };
        let hashed = HASHED_MEMBERS
            .iter()
            .filter_map(|&k| Some((k.to_string(), o.remove(k)?)))
            .collect();
        Ok(Assessment {
            hashed,
            template_id,
            template_version,
            mode,
            as_of,
            answers,
            actions,
        })
    }

    /// SHA-256 of the canonical answers object (the receipt's `answers_sha256`).
    pub fn answers_sha256(&self) -> String {
        crate::report::canonical::sha256_object(&self.answers)
    }

    /// Scores as of `day` whatever the document says (`readycheck score --as-of`): a server
    /// scores as of the day it received a submission. The receipt's inputs hash follows.
    pub fn set_as_of(&mut self, day: NaiveDate) {
        self.as_of = Some(day);
        self.hashed.insert(
            "as_of".into(),
            Value::String(day.format("%Y-%m-%d").to_string()),
        );
    }

    /// The receipt's hashes of this assessment scored with `t` (§5).
    pub fn hashes(&self, t: &crate::template::Template) -> crate::report::canonical::Hashes {
        crate::report::canonical::receipt_hashes((&t.id, &t.version), &self.answers, |k| {
            self.hashed.get(k)
        })
    }
}

/// Checks that an assessment was made for this template (a different version is fine:
/// answers to removed items are reported as orphans).
pub fn check_pairing(t: &crate::template::Template, a: &Assessment) -> Result<(), AssessmentError> {
    match &a.template_id {
        Some(id) if *id != t.id => Err(AssessmentError::input(
            "/template/id",
            format!("the assessment is for template `{id}`, not `{}`", t.id),
        )),
        _ => Ok(()),
    }
}

pub fn put_answer(answers: &mut Map<String, Value>, id: &str, value: Value) {
    if value.is_null() {
        answers.remove(id);
    } else {
        answers.insert(id.to_string(), value);
    }
}

/// The answers object of an assessment document, made an empty one if it is missing or not
/// an object (a change of answers replaces what could not be read as answers).
pub fn answers_of(doc: &mut Map<String, Value>) -> &mut Map<String, Value> {
    if !doc.get("answers").is_some_and(Value::is_object) {
        doc.insert("answers".into(), Value::Object(Map::new()));
    }
    doc.get_mut("answers")
        .and_then(Value::as_object_mut)
        .expect("answers is an object")
}
