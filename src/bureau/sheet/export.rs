//! A template written out as a workbook. Every key lands in its column, and anything a
//! column cannot hold as it is (an unknown key, an empty tag list, a value of another
//! type) in the row's `extra` JSON cell, so importing the workbook gives the same template.

use serde_json::{Map, Value};

use super::book::{Book, Cell, List, Sheet};
use super::{covered_keys, Column, Kind, SheetSpec, CHOICES, ITEMS, RULES, SECTIONS, SETTINGS};

/// One row to write: the object and the values of its `Place` columns.
struct Row<'a> {
    obj: &'a Map<String, Value>,
    /// Keys of `obj` that are structure (written as rows of their own), never cells.
    skip: &'static [&'static str],
    place: Vec<(&'static str, String)>,
}

/// The workbook of a template (given as its JSON, which has loaded without errors).
pub fn export(t: &Value) -> Book {
    let empty = Map::new();
    let top = t.as_object().unwrap_or(&empty);
    let locales = locales(top);
    let mut sections = Vec::new();
    let mut items = Vec::new();
    let mut choices = Vec::new();
    let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    let section_values = list(top.get("sections"));
    for s in &section_values {
        let Some(so) = s.as_object() else { continue };
        sections.push(Row {
            obj: so,
            skip: &["items"],
            place: Vec::new(),
        });
        let sid = so.get("id").and_then(Value::as_str).unwrap_or_default();
        for it in so
            .get("items")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(io) = it.as_object() else { continue };
            push_item(io, sid, "", &mut items, &mut choices);
            if io.get("type").and_then(Value::as_str) == Some("repeat") {
                let pid = io.get("id").and_then(Value::as_str).unwrap_or_default();
                for c in io
                    .get("items")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(co) = c.as_object() {
                        push_item(co, sid, pid, &mut items, &mut choices);
                    }
                }
            }
        }
    }
    let rule_values = list(top.get("rules"));
    let rules: Vec<Row> = rule_values
        .iter()
        .filter_map(Value::as_object)
        .map(|o| Row {
            obj: o,
            skip: &[],
            place: Vec::new(),
        })
        .collect();
    let settings = vec![Row {
        obj: top,
        skip: &["format", "sections", "rules"],
        place: Vec::new(),
    }];
    let mut book = Book {
        notes: Vec::new(),
        sheets: vec![
            sheet(&SETTINGS, &settings, &locales),
            sheet(&SECTIONS, &sections, &locales),
            sheet(&ITEMS, &items, &locales),
            sheet(&CHOICES, &choices, &locales),
            sheet(&RULES, &rules, &locales),
        ],
    };
    offer_list_names(&mut book);
    book
}

/// What a column's drop-down offers in an exported workbook, by its header.
fn drop_down_of(spec: &'static SheetSpec, header: &str) -> Option<List> {
    let (col, _) = super::resolve(spec, header)?;
    match (spec.name, col.name, col.kind) {
        ("items", "type", _) => Some(List::Values(
            crate::template::ITEM_TYPES
                .iter()
                .map(|t| t.to_string())
                .collect(),
        )),
        (_, "section", _) => Some(List::Column(SECTIONS.name.into(), 0)),
        (_, _, Kind::Bool) => Some(List::Values(vec!["TRUE".into(), "FALSE".into()])),
        _ => None,
    }
}

/// The items sheet's `choices` column offers the names of the choices sheet's lists,
/// each once (when they fit the 255 characters Excel keeps inline).
fn offer_list_names(book: &mut Book) {
    let Some(choices) = book.sheets.iter().find(|s| s.name == CHOICES.name) else {
        return;
    };
    let mut names: Vec<String> = Vec::new();
    for row in choices.rows.iter().skip(choices.header_rows) {
        if let Some(Cell::Text(t)) = row.first() {
            if !names.contains(t) {
                names.push(t.clone());
            }
        }
    }
    let size: usize = names.iter().map(|n| n.chars().count() + 1).sum();
    if names.is_empty() || size > 255 {
        return;
    }
    if let Some(items) = book.sheets.iter_mut().find(|s| s.name == ITEMS.name) {
        let col = items.rows[0]
            .iter()
            .position(|c| *c == Cell::Text("choices".into()));
        if let Some(col) = col {
            items.lists.push((col, List::Values(names)));
        }
    }
}

fn push_item<'a>(
    io: &'a Map<String, Value>,
    section: &str,
    parent: &str,
    items: &mut Vec<Row<'a>>,
    choices: &mut Vec<Row<'a>>,
) {
    let id = io.get("id").and_then(Value::as_str).unwrap_or_default();
    let is_repeat = io.get("type").and_then(Value::as_str) == Some("repeat");
    // Options become rows of the choices sheet, listed under the item's id; an empty
    // option list has no rows to stand for it and stays in `extra`.
    let options = io
        .get("options")
        .and_then(Value::as_array)
        .filter(|o| !o.is_empty() && o.iter().all(Value::is_object));
    let mut place = vec![
        ("section", section.to_string()),
        ("parent", parent.to_string()),
    ];
    if let Some(opts) = options {
        place.push(("choices", id.to_string()));
        for o in opts.iter().filter_map(Value::as_object) {
            choices.push(Row {
                obj: o,
                skip: &[],
                place: vec![("list", id.to_string())],
            });
        }
    }
    let skip: &'static [&'static str] = match (options.is_some(), is_repeat) {
        (true, true) => &["options", "items"],
        (true, false) => &["options"],
        (false, true) => &["items"],
        (false, false) => &[],
    };
    items.push(Row {
        obj: io,
        skip,
        place,
    });
}

/// Every locale named in a locale string of the template: the default first.
fn locales(top: &Map<String, Value>) -> Vec<String> {
    fn walk(v: &Value, key: Option<&str>, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                let is_loc = matches!(
                    key,
                    Some("title" | "help" | "unit" | "label" | "message" | "description")
                ) && m.values().all(Value::is_string);
                for (k, x) in m {
                    if is_loc {
                        if !out.contains(k) {
                            out.push(k.clone());
                        }
                    } else {
                        walk(x, Some(k), out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, None, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&Value::Object(top.clone()), None, &mut out);
    let first = top
        .get("default_locale")
        .and_then(Value::as_str)
        .unwrap_or(crate::text::locale::DEFAULT_LOCALE);
    out.sort_by_key(|l| (l != first, l != "zh-CN", l != "en", l.clone()));
    out
}

/// The value at a column's key (`grading/ready` reads a nested one).
fn get<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    match key.split_once('/') {
        Some((a, b)) => o.get(a)?.as_object()?.get(b),
        None => o.get(key),
    }
}

/// The cells a value gives in a column of this kind, or `None` when it cannot be written
/// there as it is (then it goes to `extra`).
fn fits(kind: Kind, v: &Value) -> bool {
    match kind {
        Kind::Str => v.is_string(),
        Kind::Num => v.is_number(),
        Kind::Bool => v.is_boolean(),
        Kind::BoolOrExpr => v.is_boolean() || v.is_string(),
        Kind::NumOrDate => v.is_number() || v.is_string(),
        Kind::Loc => {
            v.is_string()
                || v.as_object()
                    .is_some_and(|m| !m.is_empty() && m.values().all(Value::is_string))
        }
        Kind::Tags => v.as_array().is_some_and(|a| {
            !a.is_empty()
                && a.iter().all(|t| {
                    t.as_str()
                        .is_some_and(|s| !s.is_empty() && !s.chars().any(char::is_whitespace))
                })
        }),
        Kind::Extra | Kind::Place => false,
    }
}

fn scalar(v: &Value) -> Cell {
    match v {
        Value::String(s) => Cell::Text(s.clone()),
        Value::Number(n) => Cell::Number(n.as_f64().unwrap_or(0.0)),
        Value::Bool(b) => Cell::Bool(*b),
        _ => Cell::Empty,
    }
}

/// A header and its cell for each row.
type OutColumn = (String, Vec<Cell>);

/// Whether a nested object (`grading`) goes to its columns: every key of it has a column
/// that can hold its value. Otherwise it goes to `extra` whole.
fn nested_fits(spec: &SheetSpec, obj: &Map<String, Value>, outer: &str) -> bool {
    obj.get(outer).and_then(Value::as_object).is_some_and(|m| {
        m.iter().all(|(inner, v)| {
            spec.columns
                .iter()
                .any(|c| c.key.split_once('/') == Some((outer, inner.as_str())) && fits(c.kind, v))
        })
    })
}

fn sheet(spec: &'static SheetSpec, rows: &[Row], locales: &[String]) -> Sheet {
    let mut columns: Vec<OutColumn> = Vec::new();
    let mut extras: Vec<Map<String, Value>> = vec![Map::new(); rows.len()];
    let covered: Vec<&str> = covered_keys(spec).collect();
    let nested: Vec<&str> = spec
        .columns
        .iter()
        .filter_map(|c| c.key.split_once('/').map(|(o, _)| o))
        .collect();
    for (k, r) in rows.iter().enumerate() {
        for (key, v) in r.obj {
            let key = key.as_str();
            let in_columns =
                covered.contains(&key) && (!nested.contains(&key) || nested_fits(spec, r.obj, key));
            if !in_columns && !r.skip.contains(&key) {
                extras[k].insert(key.to_string(), v.clone());
            }
        }
    }
    for c in spec.columns {
        match c.kind {
            Kind::Extra => {}
            Kind::Place => {
                let cells = rows
                    .iter()
                    .map(|r| {
                        r.place
                            .iter()
                            .find(|(n, v)| *n == c.name && !v.is_empty())
                            .map_or(Cell::Empty, |(_, v)| Cell::Text(v.clone()))
                    })
                    .collect();
                columns.push((c.name.to_string(), cells));
            }
            Kind::Loc => loc_columns(c, rows, locales, &mut extras, &mut columns),
            kind => {
                let mut cells = Vec::with_capacity(rows.len());
                for (k, r) in rows.iter().enumerate() {
                    let nested_out = c
                        .key
                        .split_once('/')
                        .is_some_and(|(o, _)| !nested_fits(spec, r.obj, o));
                    cells.push(match get(r.obj, c.key) {
                        None => Cell::Empty,
                        Some(_) if nested_out => Cell::Empty,
                        Some(v) if fits(kind, v) => match kind {
                            Kind::Tags => Cell::Text(
                                v.as_array()
                                    .into_iter()
                                    .flatten()
                                    .filter_map(Value::as_str)
                                    .collect::<Vec<_>>()
                                    .join(" "),
                            ),
                            _ => scalar(v),
                        },
                        Some(v) => {
                            extras[k].insert(c.key.to_string(), v.clone());
                            Cell::Empty
                        }
                    });
                }
                columns.push((c.name.to_string(), cells));
            }
        }
    }
    if spec.columns.iter().any(|c| c.kind == Kind::Extra) {
        columns.push((
            "extra".into(),
            extras
                .iter()
                .map(|m| {
                    if m.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(crate::json::to_string(m))
                    }
                })
                .collect(),
        ));
    }
    // Two header rows: the column names the importer reads, then the same in Chinese for
    // the official (the importer reads either, and skips the second).
    let chinese = columns
        .iter()
        .map(|(h, _)| match super::resolve(spec, h) {
            Some((col, locale)) => Cell::Text(super::chinese_name(spec, col, locale.as_deref())),
            None => Cell::Empty,
        })
        .collect();
    let lists = columns
        .iter()
        .enumerate()
        .filter_map(|(k, (h, _))| Some((k, drop_down_of(spec, h)?)))
        .collect();
    let mut out = Sheet {
        name: spec.name.to_string(),
        rows: vec![
            columns.iter().map(|(h, _)| Cell::Text(h.clone())).collect(),
            chinese,
        ],
        merges: Vec::new(),
        header_rows: 2,
        lists,
    };
    for k in 0..rows.len() {
        out.rows
            .push(columns.iter().map(|(_, cells)| cells[k].clone()).collect());
    }
    out
}

/// A locale string's columns: `key` for plain strings (if any row has one), then
/// `key::<locale>` for each locale (a column per locale of the template).
fn loc_columns(
    c: &Column,
    rows: &[Row],
    locales: &[String],
    extras: &mut [Map<String, Value>],
    columns: &mut Vec<OutColumn>,
) {
    let mut plain = vec![Cell::Empty; rows.len()];
    let mut per: Vec<Vec<Cell>> = vec![vec![Cell::Empty; rows.len()]; locales.len()];
    let mut any_plain = false;
    for (k, r) in rows.iter().enumerate() {
        match r.obj.get(c.key) {
            None => {}
            Some(Value::String(s)) => {
                plain[k] = Cell::Text(s.clone());
                any_plain = true;
            }
            Some(v) if fits(Kind::Loc, v) => {
                for (l, text) in v.as_object().into_iter().flatten() {
                    if let Some(i) = locales.iter().position(|x| x == l) {
                        per[i][k] = Cell::Text(text.as_str().unwrap_or_default().to_string());
                    }
                }
            }
            Some(v) => {
                extras[k].insert(c.key.to_string(), v.clone());
            }
        }
    }
    if any_plain {
        columns.push((c.name.to_string(), plain));
    }
    for (i, l) in locales.iter().enumerate() {
        // Only the locales this column uses, but always the default one for titles.
        if per[i].iter().any(|x| !x.is_empty()) || (i == 0 && c.name == "title" && !any_plain) {
            columns.push((format!("{}::{l}", c.name), std::mem::take(&mut per[i])));
        }
    }
}
