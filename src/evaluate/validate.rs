//! Validation of one answer against its item (§3.1): the answer's value for expressions,
//! or why it is not valid.

use serde_json::Value;

use crate::expr::Val;
use crate::template::{Item, Kind};
use crate::text::date;
use crate::text::messages::IssueKind;
use crate::text::number::format_number;

/// Checks a present, non-null answer of a non-repeat item.
pub fn answer(item: &Item, v: &Value) -> Result<Val, IssueKind> {
    let ty = item.kind.type_name();
    match &item.kind {
        Kind::YesNo { na, .. } => {
            let s = v.as_str().ok_or(IssueKind::Type(ty))?;
            match s {
                "yes" => Ok(Val::Str("yes".into())),
                "no" => Ok(Val::Str("no".into())),
                "na" if *na => Ok(Val::Str("na".into())),
                "na" => Err(IssueKind::NaNotAllowed),
                _ => Err(IssueKind::Option(crate::text::clip(s).into_owned())),
            }
        }
        Kind::Choice { options } => {
            let s = v.as_str().ok_or(IssueKind::Type(ty))?;
            if options.iter().any(|o| o.value == s) {
                Ok(Val::Str(s.to_string().into()))
            } else {
                Err(IssueKind::Option(crate::text::clip(s).into_owned()))
            }
        }
        Kind::Multi {
            options,
            min_count,
            max_count,
        } => {
            let a = v.as_array().ok_or(IssueKind::Type(ty))?;
            let mut list: Vec<String> = Vec::with_capacity(a.len());
            for x in a {
                let s = x.as_str().ok_or(IssueKind::Type(ty))?;
                if !options.iter().any(|o| o.value == s) || list.iter().any(|l| l == s) {
                    return Err(IssueKind::Option(crate::text::clip(s).into_owned()));
                }
                list.push(s.into());
            }
            let n = list.len() as f64;
            if let Some(m) = min_count.filter(|m| n < *m) {
                return Err(IssueKind::MinCount(format_number(m)));
            }
            if let Some(m) = max_count.filter(|m| n > *m) {
                return Err(IssueKind::MaxCount(format_number(m)));
            }
            Ok(Val::List(list))
        }
        Kind::Number {
            min, max, integer, ..
        } => {
            let x = v.as_f64().ok_or(IssueKind::Type(ty))?;
            if *integer && x.fract() != 0.0 {
                return Err(IssueKind::Integer);
            }
            if let Some(m) = min.filter(|m| x < *m) {
                return Err(IssueKind::Min(format_number(m)));
            }
            if let Some(m) = max.filter(|m| x > *m) {
                return Err(IssueKind::Max(format_number(m)));
            }
            Ok(Val::Num(x))
        }
        Kind::Date { min, max } => {
            let s = v.as_str().ok_or(IssueKind::Type(ty))?;
            let d = date::parse(s).ok_or(IssueKind::DateFormat)?;
            if let Some(m) = min.filter(|m| d < *m) {
                return Err(IssueKind::Min(date::format(m)));
            }
            if let Some(m) = max.filter(|m| d > *m) {
                return Err(IssueKind::Max(date::format(m)));
            }
            Ok(Val::Date(d))
        }
        Kind::Text { max_length, .. } => {
            let s = v.as_str().ok_or(IssueKind::Type(ty))?;
            let m = crate::limits::cap(*max_length, crate::limits::MAX_TEXT);
            if s.chars().count() as f64 > m {
                return Err(IssueKind::MaxLength(format_number(m)));
            }
            Ok(Val::Str(s.to_string().into()))
        }
        Kind::Computed { .. } => Err(IssueKind::Type(ty)),
        Kind::Repeat { .. } => Err(IssueKind::Type(ty)),
    }
}
