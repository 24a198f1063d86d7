//! Lint's problems in the words of a workbook: each at its cell, a misspelled id with the
//! closest one, a duplicate id with both cells, a choice compared with a label as an error
//! naming the value, and hints for a type written in Chinese or punctuation typed with a
//! Chinese input method.

use serde_json::Value;

use super::super::closest;
use super::cells::*;
use super::{Importer, SheetProblem};
use crate::problem::Severity;

impl Importer {
    /// Lints the assembled template and reports each problem at its cell, in the words of
    /// a workbook: a misspelled id gets the closest one, a duplicate id both cells, and a
    /// choice compared with a text that is none of its values is an error (a rule that
    /// silently never applies is a mistake in a workbook, though lint only warns of it).
    pub(super) fn lint(&mut self, t: &Value) {
        use crate::problem::Code;
        let ids = ids_of(t);
        for p in crate::template::lint(&crate::json::to_string(t)) {
            let cell = self.cell_of(&p.pointer);
            let mut message = p.message;
            let mut severity = p.severity;
            // What the problem is about, as lint says it (never read back from the message).
            let quoted = p.about.first().map_or("", String::as_str);
            match p.code {
                Code::UnknownName => {
                    message.push_str(&did_you_mean(closest(
                        quoted,
                        ids.iter().map(String::as_str),
                    )));
                }
                Code::DuplicateId => {
                    if let Some(first) = pointers_of_id(t, quoted).first() {
                        let first = self.cell_of(&format!("{first}/id"));
                        message.push_str(&format!(" (first at {first}, again at {cell})"));
                    }
                }
                Code::Parse => {
                    if let Some(c) = quoted
                        .chars()
                        .next()
                        .filter(|_| quoted.chars().count() == 1)
                    {
                        message.push_str(&half_width_hint(c));
                    }
                }
                Code::ItemType => message.push_str(&type_hint(quoted)),
                Code::UnknownValue => {
                    severity = Severity::Error;
                    let text = p.about.get(1).map_or("", String::as_str);
                    message.push_str(&meant_value(t, quoted, text));
                }
                _ => {}
            }
            self.problems.push(SheetProblem {
                severity,
                cell,
                code: super::ProblemCode::Lint(p.code),
                message,
            });
        }
    }
}

/// The JSON pointers of every object with this id, in template order.
fn pointers_of_id(t: &Value, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    let is = |v: &Value| v.get("id").and_then(Value::as_str) == Some(id);
    for (si, sec) in t["sections"].as_array().into_iter().flatten().enumerate() {
        if is(sec) {
            out.push(format!("/sections/{si}"));
        }
        for (ii, it) in sec["items"].as_array().into_iter().flatten().enumerate() {
            if is(it) {
                out.push(format!("/sections/{si}/items/{ii}"));
            }
            let children = it.get("items").and_then(Value::as_array);
            for (ci, c) in children.into_iter().flatten().enumerate() {
                if is(c) {
                    out.push(format!("/sections/{si}/items/{ii}/items/{ci}"));
                }
            }
        }
    }
    let rules = t.get("rules").and_then(Value::as_array);
    for (ri, r) in rules.into_iter().flatten().enumerate() {
        if is(r) {
            out.push(format!("/rules/{ri}"));
        }
    }
    out
}

/// "did you mean" for a choice compared with a label instead of its value: the value whose
/// label (in any language) is the text.
fn meant_value(t: &Value, id: &str, text: &str) -> String {
    const YESNO: &[(&str, &str)] = &[
        ("是", "yes"),
        ("否", "no"),
        ("符合", "yes"),
        ("不符合", "no"),
        ("有", "yes"),
        ("无", "no"),
        ("不适用", "na"),
    ];
    let Some(item) = pointers_of_id(t, id)
        .first()
        .and_then(|p| t.pointer(p))
        .cloned()
    else {
        return String::new();
    };
    let label_is = |label: &Value| match label {
        Value::String(s) => s.trim() == text.trim(),
        Value::Object(m) => m
            .values()
            .any(|v| v.as_str().map(str::trim) == Some(text.trim())),
        _ => false,
    };
    let options = item.get("options").and_then(Value::as_array);
    let found = options
        .into_iter()
        .flatten()
        .find(|o| o.get("label").is_some_and(label_is))
        .and_then(|o| o.get("value").and_then(Value::as_str))
        .map(str::to_string)
        .or_else(|| {
            (item.get("type").and_then(Value::as_str) == Some("yesno"))
                .then(|| YESNO.iter().find(|(zh, _)| *zh == text.trim()))
                .flatten()
                .map(|(_, v)| v.to_string())
        });
    match found {
        Some(v) => format!(
            "; {} is a label: compare with its value {}",
            crate::text::quote(text),
            crate::text::quote(&format!("'{v}'"))
        ),
        None => "; compare with one of the values in the choices sheet's `value` column".into(),
    }
}

/// The type an official probably meant by a Chinese word: `是否` is `yesno`.
fn type_hint(word: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("是否", "yesno"),
        ("是非", "yesno"),
        ("判断", "yesno"),
        ("单选", "choice"),
        ("多选", "multi"),
        ("数字", "number"),
        ("数值", "number"),
        ("日期", "date"),
        ("文本", "text"),
        ("文字", "text"),
        ("计算", "computed"),
        ("表格", "repeat"),
        ("明细", "repeat"),
    ];
    let w = word.trim();
    WORDS
        .iter()
        .find(|(zh, _)| w == *zh || w.trim_end_matches('题') == *zh)
        .map(|(zh, ty)| format!("; for {zh} write `{ty}`"))
        .unwrap_or_else(|| format!("; the types are {}", crate::template::ITEM_TYPES.join(", ")))
}

/// A hint for punctuation typed with a Chinese input method: the expression language is
/// written in half-width (ASCII) characters.
fn half_width_hint(c: char) -> String {
    let ascii = match c {
        // Full-width forms U+FF01..U+FF5E sit at a fixed distance from ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' => Some(' '),
        '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' | '\u{300C}' | '\u{300D}' => Some('\''),
        '\u{3001}' => Some(','),
        '\u{3002}' => Some('.'),
        _ => None,
    };
    match ascii {
        Some(a) => format!("; write the half-width `{a}` (English punctuation)"),
        None => String::new(),
    }
}
