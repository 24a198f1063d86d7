//! Lint problems (§1.3) and the error a template load fails with, each with a typed code
//! that serializes to the stable string the spec and the `.d.ts` name; the failure codes
//! the JS boundary reports.

use serde::Serialize;

use crate::codes::codes;

codes! {
    /// A lint problem's code (§1.3).
    pub enum Code {
        Json = "json",
        Format = "format",
        Structure = "structure",
        Id = "id",
        DuplicateId = "duplicate_id",
        ItemType = "item_type",
        Parse = "parse",
        UnknownName = "unknown_name",
        Type = "type",
        Cycle = "cycle",
        Grading = "grading",
        Negative = "negative",
        Options = "options",
        Range = "range",
        Precision = "precision",
        Limit = "limit",
        CriticalNa = "critical_na",
        EmptySection = "empty_section",
        ConstantWhen = "constant_when",
        UnknownValue = "unknown_value",
        UnknownKey = "unknown_key",
        MissingLocale = "missing_locale",
    }
}

codes! {
    /// Why a call from JS could not be done: the `code` of the JS `Error` the module
    /// throws and of `readycheck-error` (the boundary's failure, `web::boundary`), covering
    /// a [`TemplateError`], an assessment's error and the browser's own failures.
    pub enum Failure {
        /// Malformed JSON.
        Json = "json",
        /// A wrong `format`.
        Format = "format",
        /// The template has lint errors.
        Lint = "lint",
        /// An assessment that is not an assessment document, or an unknown template.
        Input = "input",
        /// A document beyond the size limits (`limits.rs`).
        Limit = "limit",
        /// A draft or journal that cannot be read back.
        Storage = "storage",
        /// A value of the wrong shape passed from JS.
        Value = "value",
        /// An argument of the wrong JS type.
        Type = "type",
        /// A call that needs a loaded template before one is loaded.
        NotReady = "not_ready",
        /// A file the element needed (its wasm, a template) could not be fetched; thrown by
        /// the element's JS, listed here so the codes stay one list.
        Fetch = "fetch",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One lint finding: where (a JSON pointer into the template), what (a stable code) and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub pointer: String,
    pub code: Code,
    pub message: String,
    /// What the message quotes, for a tool that points at it without reading the message:
    /// the unknown name, the duplicate id, the unknown item type, the unexpected character;
    /// for a comparison with an impossible value, the item's id and the value. Not written
    /// out (the JSON and line formats stay as they are).
    #[serde(skip)]
    pub about: Vec<String>,
}

impl std::fmt::Display for Problem {
    /// The command line's line format: `error|warning POINTER CODE message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let ptr = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        // An id or key with a line break must not forge a line of output.
        let one = crate::text::one_line;
        write!(f, "{sev} {} {} {}", one(ptr), self.code, one(&self.message))
    }
}

codes! {
    /// Why a template could not be loaded: the `code` of a [`TemplateError`].
    pub enum TemplateFailure {
        /// Malformed JSON.
        Json = "json",
        /// A wrong `format`.
        Format = "format",
        /// The template has lint errors (each in `problems`, with its pointer).
        Lint = "lint",
        /// No such built-in template, or one that must be fetched first.
        Unknown = "input",
    }
}

/// Why a template could not be loaded; where is in each lint problem's pointer (a JSON
/// syntax error is one problem at the root, its line and column in the message).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TemplateError {
    pub code: TemplateFailure,
    pub message: String,
    pub problems: Vec<Problem>,
}

impl TemplateError {
    /// An error without lint problems (an unknown built-in template).
    pub fn unknown(message: String) -> TemplateError {
        TemplateError {
            code: TemplateFailure::Unknown,
            message,
            problems: Vec::new(),
        }
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TemplateError {}

/// Appends `key` to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer(base: &str, key: impl std::fmt::Display) -> String {
    let key = key.to_string().replace('~', "~0").replace('/', "~1");
    format!("{base}/{key}")
}
