//! Loading and linting a template (§1.3): every check runs and every problem is reported
//! at once, each with a JSON pointer, a stable code and a message.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Target, Template};
use crate::problem::{Code, Problem, Severity, TemplateError, TemplateFailure};
use crate::report::canonical;

/// The `format` every template declares.
pub const FORMAT: &str = "readycheck/1";

/// Parses and loads a template from JSON text.
pub fn load(json: &str) -> Result<Template, TemplateError> {
    let v: Value = crate::json::parse(json).map_err(|e| {
        let message = format!("malformed JSON: {e}");
        TemplateError {
            code: TemplateFailure::Json,
            problems: vec![Problem {
                severity: Severity::Error,
                pointer: String::new(),
                code: Code::Json,
                message: message.clone(),
                about: Vec::new(),
            }],
            message,
        }
    })?;
    load_value(v)
}

/// Lints JSON text: every problem, errors and warnings, in the order found.
pub fn lint(json: &str) -> Vec<Problem> {
    match load(json) {
        Ok(t) => t.warnings,
        Err(e) => e.problems,
    }
}

/// Loads a template from parsed JSON.
pub fn load_value(v: Value) -> Result<Template, TemplateError> {
    let mut l = Loader::default();
    let t = l.template(&v);
    let errors = l
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    match t {
        Some(mut t) if errors == 0 => {
            t.sha256 = canonical::sha256(&v);
            t.deps = super::deps::Deps::build(&t);
            // serde_json's map keeps keys in order: inserting into one sorts the ids
            // without adding another sort routine to the wasm.
            let mut ids = Map::new();
            for (i, it) in t.items.iter().enumerate() {
                ids.insert(it.id.clone(), Value::from(i));
            }
            t.by_id = ids
                .values()
                .filter_map(Value::as_u64)
                .map(|i| i as usize)
                .collect();
            t.json = v;
            t.warnings = l.problems;
            Ok(t)
        }
        _ => {
            let format_problem = l.problems.iter().find(|p| p.code == Code::Format);
            let (code, message) = match format_problem {
                Some(p) => (TemplateFailure::Format, p.message.clone()),
                None => {
                    let first = l.problems.iter().find(|p| p.severity == Severity::Error);
                    let more = if errors > 1 {
                        format!(" (and {} more)", errors - 1)
                    } else {
                        String::new()
                    };
                    (
                        TemplateFailure::Lint,
                        first.map_or("template does not load".to_string(), |p| {
                            format!("template fails lint: {p}{more}")
                        }),
                    )
                }
            };
            Err(TemplateError {
                code,
                message,
                problems: l.problems,
            })
        }
    }
}

const TEMPLATE_KEYS: &[&str] = &[
    "format",
    "id",
    "version",
    "title",
    "description",
    "default_locale",
    "grading",
    "sections",
    "rules",
];
const SECTION_KEYS: &[&str] = &[
    "id",
    "title",
    "help",
    "description",
    "weight",
    "pass",
    "visible_if",
    "items",
    "tags",
];
const ITEM_KEYS: &[&str] = &[
    "id",
    "type",
    "title",
    "help",
    "source",
    "visible_if",
    "required",
    "critical",
    "tags",
];
const RULE_KEYS: &[&str] = &[
    "id", "title", "section", "when", "assert", "points", "critical", "message", "source", "tags",
    "help",
];
const OPTION_KEYS: &[&str] = &["value", "label", "points", "fail", "help"];

/// The item types (§1.1), in the order the docs and a workbook's drop-down list them.
pub const ITEM_TYPES: [&str; 8] = [
    "yesno", "choice", "multi", "number", "date", "text", "computed", "repeat",
];

/// The keys each item type adds to the common ones; an unknown type allows all of them,
/// so the one real mistake (the type) is the one reported.
fn extra_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "yesno" => &["points", "na"],
        "choice" => &["options"],
        "multi" => &["options", "min_count", "max_count"],
        "number" => &["min", "max", "integer", "unit"],
        "date" => &["min", "max"],
        "text" => &["max_length", "multiline"],
        "computed" => &["expr", "unit"],
        "repeat" => &["items", "min_rows", "max_rows"],
        _ => &[
            "points",
            "na",
            "options",
            "min_count",
            "max_count",
            "min",
            "max",
            "integer",
            "unit",
            "max_length",
            "multiline",
            "expr",
            "items",
            "min_rows",
            "max_rows",
        ],
    }
}

/// Where each expression of the template sits, to check it after names are known.
#[derive(Clone, Copy)]
enum Loc {
    Item(usize),
    Child(usize, usize),
}

#[derive(Default)]
struct Loader {
    problems: Vec<Problem>,
    default_locale: String,
    index: HashMap<String, Target>,
    item_ptrs: Vec<String>,
}

fn is_template_id(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && cs.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Loader {
    fn push(&mut self, severity: Severity, ptr: &str, code: Code, message: String) {
        self.problems.push(Problem {
            severity,
            pointer: ptr.to_string(),
            code,
            message,
            about: Vec::new(),
        });
    }

    /// A problem saying what it is about (`Problem::about`).
    fn push_about(
        &mut self,
        severity: Severity,
        ptr: &str,
        code: Code,
        about: &str,
        message: String,
    ) {
        self.push(severity, ptr, code, message);
        // Only native tools read it (see `ExprError::about`).
        if let Some(p) = self
            .problems
            .last_mut()
            .filter(|_| cfg!(not(target_arch = "wasm32")))
        {
            p.about = vec![about.to_string()];
        }
    }

    /// An expression's problem at `ptr`, with what it is about.
    fn expr_problem(&mut self, severity: Severity, ptr: &str, e: crate::expr::ExprError) {
        self.push(severity, ptr, e.code, e.message);
        if let Some(p) = self.problems.last_mut() {
            p.about = e.about;
        }
    }

    fn err(&mut self, ptr: &str, code: Code, message: impl Into<String>) {
        self.push(Severity::Error, ptr, code, message.into());
    }

    fn warn(&mut self, ptr: &str, code: Code, message: impl Into<String>) {
        self.push(Severity::Warning, ptr, code, message.into());
    }
}

mod fields;
mod items;
mod names;
mod structure;
