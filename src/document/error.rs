//! Why an assessment document could not be read: what went wrong and where (a JSON pointer
//! into the document), so a portal or a bureau can point at the member to fix.

use crate::codes::codes;

codes! {
    /// What kind of problem an [`AssessmentError`] is; its string is the code the JS error
    /// and `readycheck-error` carry.
    pub enum AssessmentFailure {
        /// Malformed JSON.
        Json = "json",
        /// A wrong `format`.
        Format = "format",
        /// A member of the wrong shape, or a document for another template.
        Input = "input",
        /// A document beyond the size limits (`limits.rs`).
        Limit = "limit",
    }
}

/// Why an assessment document could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentError {
    pub kind: AssessmentFailure,
    /// The member at fault (RFC 6901), `""` for the document as a whole.
    pub pointer: String,
    pub message: String,
}

impl AssessmentError {
    /// A member of the wrong shape at `pointer`.
    pub fn input(pointer: &str, message: String) -> AssessmentError {
        AssessmentError {
            kind: AssessmentFailure::Input,
            pointer: pointer.into(),
            message,
        }
    }
}

impl std::fmt::Display for AssessmentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AssessmentError {}
