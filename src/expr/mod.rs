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

/// An expression problem found at load: a lint code and a message.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprError {
    pub code: Code,
    pub message: String,
}

impl ExprError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ExprError {
            code,
            message: message.into(),
        }
    }
}
