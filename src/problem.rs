//! Lint problems (§1.3) and the error a template load fails with.

use serde::Serialize;

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
    pub code: &'static str,
    pub message: String,
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

/// Why a template or assessment could not be used. `code` is `json` (malformed JSON),
/// `format` (wrong `format`), `lint` (the template has lint errors) or `input` (an
/// assessment that is not an assessment document).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadError {
    pub code: &'static str,
    pub message: String,
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

/// Appends `key` to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer(base: &str, key: impl std::fmt::Display) -> String {
    let key = key.to_string().replace('~', "~0").replace('/', "~1");
    format!("{base}/{key}")
}
