//! The cells of a workbook as the importer reads them: where a cell is, what a header
//! column fills, a row's object, and a cell's text, number, flag or typed value.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::super::book::{Cell, Sheet};
use super::super::{cell_name, Column, Kind, SheetSpec, SHEETS};

/// Where a cell is: sheet name, 0-based row (0 is the header) and column.
#[derive(Debug, Clone)]
pub(super) struct At {
    pub(super) sheet: String,
    pub(super) row: usize,
    pub(super) col: usize,
}

impl At {
    pub(super) fn name(&self) -> String {
        cell_name(&self.sheet, self.row, self.col)
    }
}

/// A sheet's header read against its spec: for each column index, what it fills.
#[derive(Debug, Clone)]
pub(super) enum Head {
    /// A column of the spec; for locale strings, the locale (`None`: the plain column).
    Col(&'static Column, Option<String>),
    Ignored,
}

pub(super) struct Row {
    pub(super) obj: Map<String, Value>,
    pub(super) place: HashMap<&'static str, String>,
    /// Keys given by the `extra` cell, and its column.
    pub(super) extra_keys: Vec<(String, usize)>,
}

pub(super) fn spec_of(name: &str) -> &'static SheetSpec {
    SHEETS
        .iter()
        .find(|s| s.name == name)
        .copied()
        .unwrap_or(SHEETS[0])
}

pub(super) fn at(sheet: &Sheet, row: usize, col: usize) -> At {
    At {
        sheet: sheet.name.clone(),
        row,
        col,
    }
}

pub(super) fn place_col(heads: &[Head], name: &str) -> Option<usize> {
    heads
        .iter()
        .position(|h| matches!(h, Head::Col(c, _) if c.name == name))
}

/// Every id in a template: sections, items, repeat children and rules.
pub(super) fn ids_of(t: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |v: &Value| {
        if let Some(id) = v.get("id").and_then(Value::as_str) {
            out.push(id.to_string());
        }
    };
    for s in t["sections"].as_array().into_iter().flatten() {
        push(s);
        for it in s["items"].as_array().into_iter().flatten() {
            push(it);
            for c in it
                .get("items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                push(c);
            }
        }
    }
    for r in t
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        push(r);
    }
    out
}

pub(super) fn did_you_mean(c: Option<&str>) -> String {
    c.map(|c| format!("; did you mean {}?", crate::text::quote(c)))
        .unwrap_or_default()
}

/// A cell as text: numbers in their shortest form, dates as `YYYY-MM-DD`.
pub(super) fn text_of(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Number(x) => crate::text::number::shortest(*x),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Empty | Cell::Unreadable(_) => String::new(),
    }
}

pub(super) fn parse_number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(x) => Some(*x),
        Cell::Text(t) => crate::text::number::parse(t.trim()),
        _ => None,
    }
}

pub(super) fn parse_bool(cell: &Cell) -> Option<bool> {
    match cell {
        Cell::Bool(b) => Some(*b),
        Cell::Number(x) if *x == 1.0 => Some(true),
        Cell::Number(x) if *x == 0.0 => Some(false),
        Cell::Text(t) => match t.trim().to_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "是" | "真" => Some(true),
            "false" | "no" | "n" | "0" | "否" | "假" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A cell's JSON value in a column of `kind`; `row` is what the row holds so far (a date
/// item's `min` is a date, another item's a number).
pub(super) fn value(kind: Kind, cell: &Cell, row: &Map<String, Value>) -> Result<Value, String> {
    let shown = || crate::text::quote(&text_of(cell));
    match kind {
        Kind::Str => Ok(Value::String(text_of(cell))),
        Kind::Num => parse_number(cell)
            .map(crate::text::number::json_number)
            .ok_or_else(|| format!("{} is not a number", shown())),
        Kind::Bool => parse_bool(cell).map(Value::Bool).ok_or_else(|| {
            format!(
                "{} is not true or false (TRUE/FALSE, yes/no, 是/否)",
                shown()
            )
        }),
        Kind::BoolOrExpr => Ok(match cell {
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Text(t) if matches!(t.trim(), "true" | "TRUE" | "false" | "FALSE") => {
                Value::Bool(t.trim().eq_ignore_ascii_case("true"))
            }
            other => Value::String(text_of(other)),
        }),
        Kind::Tags => Ok(Value::Array(
            text_of(cell)
                .split_whitespace()
                .map(|t| Value::String(t.to_string()))
                .collect(),
        )),
        Kind::NumOrDate => {
            let is_date = row.get("type").and_then(Value::as_str) == Some("date");
            match cell {
                Cell::Date(d) => Ok(Value::String(d.format("%Y-%m-%d").to_string())),
                Cell::Text(t) if is_date => Ok(Value::String(t.trim().to_string())),
                c => parse_number(c)
                    .map(crate::text::number::json_number)
                    .ok_or_else(|| format!("{} is not a number", shown())),
            }
        }
        Kind::Loc | Kind::Extra | Kind::Place => Ok(Value::String(text_of(cell))),
    }
}

/// Sets `key` (`grading/ready` nests) in `obj`.
pub(super) fn set(obj: &mut Map<String, Value>, key: &str, v: Value) {
    match key.split_once('/') {
        Some((a, b)) => {
            let inner = obj
                .entry(a.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = inner {
                m.insert(b.to_string(), v);
            }
        }
        None => {
            obj.insert(key.to_string(), v);
        }
    }
}
