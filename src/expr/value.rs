//! Runtime values of expressions (§2.2) and how messages print them (§2.4).

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::text::locale::Lang;
use crate::{text::date, text::number};

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Val {
    /// Unknown: unanswered, hidden, invalid, or the result of an operation on an unknown.
    #[default]
    Null,
    Num(f64),
    Bool(bool),
    /// Text; the yes/no/na answers every checklist is full of are borrowed, not allocated.
    Str(Cow<'static, str>),
    Date(NaiveDate),
    List(Vec<String>),
}

impl Val {
    pub fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }

    /// A finite number, or null: overflow to infinity is as unknown as division by zero.
    pub fn num(x: f64) -> Val {
        if x.is_finite() {
            Val::Num(x)
        } else {
            Val::Null
        }
    }

    /// The text a message placeholder shows (§2.4).
    pub fn display(&self, lang: Lang) -> String {
        match self {
            Val::Null => "—".into(),
            Val::Num(n) => number::format_number(*n),
            Val::Bool(b) => crate::text::messages::yes_no(*b, lang).into(),
            Val::Str(s) => s.to_string(),
            Val::Date(d) => date::format(*d),
            Val::List(l) => l.join(if lang == Lang::Zh { "、" } else { ", " }),
        }
    }

    /// The JSON form used in `values` of the result.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Val::Null => J::Null,
            Val::Num(n) => number::json_number(*n),
            Val::Bool(b) => J::Bool(*b),
            Val::Str(s) => J::String(s.to_string()),
            Val::Date(d) => J::String(date::format(*d)),
            Val::List(l) => J::Array(l.iter().cloned().map(J::String).collect()),
        }
    }
}
