//! The expression language of §2: parsed and type-checked once at load, then evaluated.
//!
//! `parse` turns source into an [`Expr`] whose names are still unresolved; the template
//! loader resolves names to item slots (`resolve`) and infers types (`check`) in dependency
//! order; `eval` computes a [`Val`] with three-valued nulls.

mod ast;
pub mod check;
pub mod eval;
mod lexer;
mod parser;
pub mod value;

pub use ast::{BinOp, Expr, Func, Name, Slot, UnOp};
pub use parser::{parse, MAX_DEPTH, MAX_NESTING};
pub use value::Val;

use crate::problem::Code;

/// An expression problem found at load: a lint code, a message, and what the message
/// quotes ([`crate::problem::Problem::about`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    pub code: Code,
    pub message: String,
    pub about: Vec<String>,
}

impl ExprError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ExprError {
            code,
            message: message.into(),
            about: Vec::new(),
        }
    }

    /// The same error, saying what it is about. Only native tools read it (the bureau's
    /// importer), so the wasm builds none of it.
    #[inline]
    pub fn about(mut self, about: impl FnOnce() -> Vec<String>) -> Self {
        if cfg!(not(target_arch = "wasm32")) {
            self.about = about();
        }
        self
    }
}
