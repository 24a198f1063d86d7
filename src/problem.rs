//! Lint problems (§1.3) and the error a template load fails with, each with a typed code
//! that serializes to the stable string the spec and the `.d.ts` name.

use serde::Serialize;

/// Declares a fieldless enum of stable codes: `as_str`, `Display`, serialization to the
/// string, and comparison with a `&str` (so tests and callers read `code == "cycle"`).
#[macro_export]
macro_rules! codes {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$vm])* $v,)+ }

        impl $name {
            /// Every code, in declaration order.
            #[allow(dead_code)]
            pub const ALL: &'static [$name] = &[$($name::$v,)+];

            /// The stable string this code is written as.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

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
    /// Why a template, an assessment or a call could not be used: the `code` of a
    /// `LoadError`, of the JS `Error` the module throws and of `readycheck-error`.
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

/// Why a template or assessment could not be used, with the lint problems when the
/// template failed lint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadError {
    pub code: Failure,
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
