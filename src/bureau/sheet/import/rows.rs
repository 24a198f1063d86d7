//! Reading a workbook's sheets: finding them by name, a header against its sheet's spec,
//! and each data row into an object, every value remembered at the cell it came from.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::super::book::{Book, Cell, Sheet};
use super::super::{closest, Kind, SheetSpec, SHEETS};
use crate::problem::Severity;

use super::cells::*;
use super::Importer;

impl Importer {
    /// The five sheets, by name; unknown ones are named with the closest valid name.
    pub(super) fn find_sheets<'b>(&mut self, book: &'b Book) -> Option<[Option<&'b Sheet>; 5]> {
        let mut found: [Option<&Sheet>; 5] = [None; 5];
        for s in &book.sheets {
            let name = s.name.trim().to_lowercase();
            match SHEETS.iter().position(|spec| spec.name == name) {
                Some(k) if found[k].is_none() => found[k] = Some(s),
                Some(_) => self.problem(
                    Severity::Error,
                    "workbook".into(),
                    "duplicate_sheet",
                    format!("two sheets are named {}", crate::text::quote(&s.name)),
                ),
                None => {
                    let hint = did_you_mean(closest(&name, SHEETS.iter().map(|x| x.name)));
                    self.problem(
                        Severity::Warning,
                        "workbook".into(),
                        "unknown_sheet",
                        format!(
                            "sheet {} is not read (the sheets are settings, sections, items, choices, rules){hint}",
                            crate::text::quote(&s.name)
                        ),
                    );
                }
            }
        }
        let mut ok = true;
        for (k, spec) in SHEETS.iter().enumerate() {
            if found[k].is_none() && spec.required {
                ok = false;
                let unknown = book
                    .sheets
                    .iter()
                    .map(|s| s.name.as_str())
                    .filter(|n| !SHEETS.iter().any(|x| x.name == n.trim().to_lowercase()));
                let hint = match closest(spec.name, unknown) {
                    Some(n) => format!(" (is {} it, misspelled?)", crate::text::quote(n)),
                    None => String::new(),
                };
                self.problem(
                    Severity::Error,
                    "workbook".into(),
                    "missing_sheet",
                    format!("the workbook has no sheet `{}`{hint}", spec.name),
                );
            }
        }
        ok.then_some(found)
    }

    /// Reads a header row; unknown or repeated columns are errors at their cell.
    pub(super) fn header(&mut self, sheet: &Sheet, spec: &'static SheetSpec) -> Vec<Head> {
        let mut heads = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let width = sheet.rows.first().map_or(0, Vec::len);
        for c in 0..width {
            let raw = match sheet.cell(0, c) {
                Cell::Text(t) => t.trim().to_string(),
                Cell::Empty => String::new(),
                Cell::Number(x) => crate::text::number::shortest(*x),
                other => format!("{other:?}"),
            };
            if raw.is_empty() {
                heads.push(Head::Ignored);
                continue;
            }
            let (name, locale) = match raw.split_once("::") {
                Some((n, l)) => (n.trim(), Some(l.trim().to_string())),
                None => (raw.as_str(), None),
            };
            let column = spec
                .columns
                .iter()
                .find(|col| col.name == name && (locale.is_none() || col.kind == Kind::Loc));
            let cell = at(sheet, 0, c);
            match column {
                Some(col) if locale.as_deref() == Some("") => {
                    self.error(
                        &cell,
                        "unknown_column",
                        format!(
                            "column `{}` names no locale after `::` (for example `{}::zh-CN`)",
                            crate::text::one_line(&raw),
                            col.name
                        ),
                    );
                    heads.push(Head::Ignored);
                }
                Some(col) => {
                    if seen.contains(&raw) {
                        self.error(
                            &cell,
                            "duplicate_column",
                            format!("column {} appears twice", crate::text::quote(&raw)),
                        );
                        heads.push(Head::Ignored);
                    } else {
                        seen.push(raw.clone());
                        heads.push(Head::Col(col, locale));
                    }
                }
                None => {
                    let mut valid: Vec<String> =
                        spec.columns.iter().map(|c| c.name.to_string()).collect();
                    for col in spec.columns.iter().filter(|c| c.kind == Kind::Loc) {
                        valid.push(format!("{}::zh-CN", col.name));
                        valid.push(format!("{}::en", col.name));
                    }
                    let hint = did_you_mean(closest(&raw, valid.iter().map(String::as_str)));
                    self.error(
                        &cell,
                        "unknown_column",
                        format!(
                            "unknown column {} in {}{hint}",
                            crate::text::quote(&raw),
                            spec.name
                        ),
                    );
                    heads.push(Head::Ignored);
                }
            }
        }
        heads
    }

    /// Records the cells of a row under its JSON pointer.
    pub(super) fn remember_row(&mut self, sheet: &Sheet, heads: &[Head], r: usize, ptr: &str) {
        let first = heads
            .iter()
            .position(|h| matches!(h, Head::Col(c, _) if c.key == "id"))
            .unwrap_or(0);
        self.cells.insert(ptr.to_string(), at(sheet, r, first));
        for (c, h) in heads.iter().enumerate() {
            let Head::Col(col, locale) = h else { continue };
            if col.key.is_empty() {
                continue;
            }
            let key_ptr = format!("{ptr}/{}", col.key);
            if let Some((outer, _)) = col.key.split_once('/') {
                self.cells
                    .entry(format!("{ptr}/{outer}"))
                    .or_insert_with(|| at(sheet, r, c));
            }
            match locale {
                Some(l) => {
                    self.cells
                        .entry(key_ptr.clone())
                        .or_insert_with(|| at(sheet, r, c));
                    self.cells.insert(
                        format!(
                            "{key_ptr}/{}",
                            crate::problem::pointer("", l).trim_start_matches('/')
                        ),
                        at(sheet, r, c),
                    );
                }
                None => {
                    self.cells.insert(key_ptr, at(sheet, r, c));
                }
            }
        }
    }

    /// Reads one data row into an object (and its placement columns).
    pub(super) fn row(&mut self, sheet: &Sheet, heads: &[Head], r: usize, ptr: &str) -> Row {
        if !ptr.is_empty() {
            self.remember_row(sheet, heads, r, ptr);
        }
        let mut obj = Map::new();
        let mut place = HashMap::new();
        let mut extra: Option<(usize, Map<String, Value>)> = None;
        let mut extra_keys = Vec::new();
        // `min`/`max` read after the rest: a date item's are dates, so they need `type`.
        let mut order: Vec<usize> = (0..heads.len()).collect();
        order
            .sort_by_key(|&c| matches!(heads[c], Head::Col(col, _) if col.kind == Kind::NumOrDate));
        for c in order {
            let h = &heads[c];
            let Head::Col(col, locale) = h else { continue };
            let cell = sheet.cell(r, c);
            if cell.is_empty() {
                continue;
            }
            let where_ = at(sheet, r, c);
            if let Cell::Unreadable(why) = cell {
                self.error(&where_, "cell", why.clone());
                continue;
            }
            match col.kind {
                Kind::Place => {
                    place.insert(col.name, text_of(cell).trim().to_string());
                }
                Kind::Extra => match crate::json::parse(&text_of(cell)) {
                    Ok(Value::Object(m)) => extra = Some((c, m)),
                    Ok(_) => self.error(
                        &where_,
                        "extra",
                        "`extra` holds a JSON object of other keys, such as {\"weight\": 2}".into(),
                    ),
                    Err(e) => self.error(&where_, "extra", format!("`extra` is not JSON: {e}")),
                },
                Kind::Loc => {
                    let text = Value::String(text_of(cell));
                    match locale {
                        None => {
                            obj.insert(col.key.to_string(), text);
                        }
                        Some(l) => {
                            let entry = obj
                                .entry(col.key.to_string())
                                .or_insert_with(|| Value::Object(Map::new()));
                            match entry {
                                Value::Object(m) => {
                                    m.insert(l.clone(), text);
                                }
                                _ => self.error(
                                    &where_,
                                    "locale",
                                    format!("both `{0}` and `{0}::{l}` are filled: use one or the other", col.name),
                                ),
                            }
                        }
                    }
                }
                kind => match value(kind, cell, &obj) {
                    Ok(v) => set(&mut obj, col.key, v),
                    Err(why) => self.error(&where_, "cell", why),
                },
            }
        }
        if let Some((c, m)) = extra {
            for (k, v) in m {
                if obj.contains_key(&k) {
                    self.error(
                        &at(sheet, r, c),
                        "extra",
                        format!(
                            "`extra` repeats the key {} that a column already gives",
                            crate::text::quote(&k)
                        ),
                    );
                } else {
                    extra_keys.push((k.clone(), c));
                    obj.insert(k, v);
                }
            }
        }
        let row = Row {
            obj,
            place,
            extra_keys,
        };
        if !ptr.is_empty() {
            self.remember_extra(sheet, r, &row, ptr);
        }
        row
    }

    /// Records the `extra` cell as where the keys it gave come from.
    pub(super) fn remember_extra(&mut self, sheet: &Sheet, r: usize, row: &Row, ptr: &str) {
        for (k, c) in &row.extra_keys {
            self.cells.insert(
                format!(
                    "{ptr}/{}",
                    crate::problem::pointer("", k).trim_start_matches('/')
                ),
                at(sheet, r, *c),
            );
        }
    }
}
