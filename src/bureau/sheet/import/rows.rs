//! Reading a workbook's sheets: finding them by name, a header against its sheet's spec,
//! and each data row into an object, every value remembered at the cell it came from.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::super::book::{Book, Cell, Sheet};
use super::super::{
    cell_name, chinese_name, closest, header_words, resolve, sheet_named, Kind, SheetSpec, SHEETS,
};
use super::SheetCode;
use crate::problem::Severity;

use super::cells::*;
use super::Importer;

/// How many rows from the top a header is looked for in.
pub const HEADER_SEARCH: usize = 30;

/// A header cell's words.
fn header_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(x) => crate::text::number::shortest(*x),
        _ => String::new(),
    }
}

impl Importer {
    /// The five sheets, by name; unknown ones are named with the closest valid name.
    pub(super) fn find_sheets<'b>(&mut self, book: &'b Book) -> Option<[Option<&'b Sheet>; 5]> {
        let mut found: [Option<&Sheet>; 5] = [None; 5];
        for s in &book.sheets {
            let name = s.name.trim().to_lowercase();
            match sheet_named(&name) {
                Some(k) if found[k].is_none() => found[k] = Some(s),
                Some(_) => self.problem(
                    Severity::Error,
                    "workbook".into(),
                    SheetCode::DuplicateSheet,
                    format!("two sheets are named {}", crate::text::quote(&s.name)),
                ),
                None => {
                    let hint = did_you_mean(closest(&name, SHEETS.iter().map(|x| x.name)));
                    self.problem(
                        Severity::Warning,
                        "workbook".into(),
                        SheetCode::UnknownSheet,
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
                    .filter(|n| sheet_named(n).is_none());
                let hint = match closest(spec.name, unknown) {
                    Some(n) => format!(" (is {} it, misspelled?)", crate::text::quote(n)),
                    None => String::new(),
                };
                self.problem(
                    Severity::Error,
                    "workbook".into(),
                    SheetCode::MissingSheet,
                    format!("the workbook has no sheet `{}`{hint}", spec.name),
                );
            }
        }
        ok.then_some(found)
    }

    /// Reads a sheet's header row: the row among the first [`HEADER_SEARCH`] that names the
    /// most columns (rows above it, a banner title or notes, are skipped and named in a
    /// note; a row right below it that only repeats its columns in other words, as an
    /// export's Chinese header row does, is skipped too). Unknown or repeated columns are
    /// errors at their cell.
    pub(super) fn header(&mut self, sheet: &Sheet, spec: &'static SheetSpec) -> Vec<Head> {
        let Some(h) = self.find_header(sheet, spec) else {
            return Vec::new();
        };
        let mut heads = Vec::new();
        let mut seen: Vec<(&'static str, Option<String>)> = Vec::new();
        let width = sheet.rows.get(h).map_or(0, Vec::len);
        for c in 0..width {
            let raw = header_text(sheet.cell(h, c));
            if raw.is_empty() {
                heads.push(Head::Ignored);
                continue;
            }
            let cell = at(sheet, h, c);
            match resolve(spec, &raw) {
                Some((col, Some(l))) if l.is_empty() => {
                    self.error(
                        &cell,
                        SheetCode::UnknownColumn,
                        format!(
                            "column `{}` names no locale after `::` (for example `{}::zh-CN`)",
                            crate::text::one_line(&raw),
                            col.name
                        ),
                    );
                    heads.push(Head::Ignored);
                }
                Some((col, locale)) => {
                    let key = (col.name, locale.clone());
                    if let Some(first) = seen.iter().position(|k| *k == key) {
                        let first_col = heads
                            .iter()
                            .enumerate()
                            .filter(|(_, h)| matches!(h, Head::Col(..)))
                            .nth(first)
                            .map_or(0, |(k, _)| k);
                        self.error(
                            &cell,
                            SheetCode::DuplicateColumn,
                            format!(
                                "column {} appears twice (also {})",
                                crate::text::quote(&raw),
                                cell_name(&sheet.name, h, first_col)
                            ),
                        );
                        heads.push(Head::Ignored);
                    } else {
                        seen.push(key);
                        heads.push(Head::Col(col, locale));
                    }
                }
                None => {
                    let valid = header_words(spec);
                    let hint = did_you_mean(closest(&raw, valid.iter().map(String::as_str)));
                    self.error(
                        &cell,
                        SheetCode::UnknownColumn,
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
        self.check_merges(sheet, &heads);
        heads
    }

    /// Finds the header row and the first data row of a sheet, and remembers them.
    fn find_header(&mut self, sheet: &Sheet, spec: &'static SheetSpec) -> Option<usize> {
        let named = |r: usize| -> Vec<Option<&'static str>> {
            sheet
                .rows
                .get(r)
                .map(|row| {
                    row.iter()
                        .map(|c| resolve(spec, &header_text(c)).map(|(col, _)| col.name))
                        .collect()
                })
                .unwrap_or_default()
        };
        let count = |r: usize| named(r).iter().flatten().count();
        let search = sheet.rows.len().min(HEADER_SEARCH);
        let best = (0..search).max_by_key(|&r| (count(r), std::cmp::Reverse(r)));
        let h = match best {
            Some(r) if count(r) > 0 => r,
            _ if sheet.rows.iter().all(|r| r.iter().all(Cell::is_empty)) => 0,
            _ => {
                let some: Vec<&str> = spec.columns.iter().take(4).map(|c| c.name).collect();
                let zh: Vec<String> = spec
                    .columns
                    .iter()
                    .take(4)
                    .map(|c| chinese_name(spec, c, None))
                    .collect();
                self.problem(
                    Severity::Error,
                    format!("{}!A1", sheet.name),
                    SheetCode::NoHeader,
                    format!(
                        "no header row in the first {HEADER_SEARCH} rows of `{}`: the header names \
                         its columns, such as {} (or {})",
                        sheet.name,
                        some.join(", "),
                        zh.join("、")
                    ),
                );
                self.data_from.insert(sheet.name.clone(), sheet.rows.len());
                return None;
            }
        };
        let skipped: Vec<usize> = (0..h)
            .filter(|&r| sheet.rows[r].iter().any(|c| !c.is_empty()))
            .collect();
        if let (Some(first), Some(last)) = (skipped.first(), skipped.last()) {
            let rows = if first == last {
                format!("row {}", first + 1)
            } else {
                format!("rows {}–{}", first + 1, last + 1)
            };
            self.note(
                cell_name(&sheet.name, *first, 0),
                SheetCode::HeaderRow,
                format!(
                    "the header is row {}; {rows} above it (a title or notes) are not read",
                    h + 1
                ),
            );
        }
        // A second header row: every cell names the same column as the cell above it.
        let head = named(h);
        let below = named(h + 1);
        let second = sheet.rows.get(h + 1).is_some_and(|row| {
            row.iter().any(|c| !c.is_empty())
                && row.iter().enumerate().all(|(c, cell)| {
                    cell.is_empty()
                        || (below[c].is_some() && below[c] == head.get(c).copied().flatten())
                })
        });
        self.data_from
            .insert(sheet.name.clone(), h + 1 + usize::from(second));
        Some(h)
    }

    /// Refuses a merged region across two different columns in a data row: Excel keeps
    /// the value in the first cell only, and copying it (a Chinese title into the English
    /// column, say) would be a guess.
    fn check_merges(&mut self, sheet: &Sheet, heads: &[Head]) {
        let from = self.data_from.get(&sheet.name).copied().unwrap_or(1);
        for m in &sheet.merges {
            if m.r2 < from || m.c1 == m.c2 {
                continue;
            }
            let name = |c: usize| match heads.get(c) {
                Some(Head::Col(col, Some(l))) => format!("{}::{l}", col.name),
                Some(Head::Col(col, None)) => col.name.to_string(),
                _ => super::super::column_letter(c),
            };
            self.problem(
                Severity::Error,
                cell_name(&sheet.name, m.r1.max(from), m.c1),
                SheetCode::MergedCells,
                format!(
                    "cells {}{}:{}{} are merged across the columns `{}` and `{}`: unmerge them \
                     and give each column its own text",
                    super::super::column_letter(m.c1),
                    m.r1.max(from) + 1,
                    super::super::column_letter(m.c2),
                    m.r2 + 1,
                    name(m.c1),
                    name(m.c2)
                ),
            );
        }
    }

    /// Rows below the header that hold anything.
    pub(super) fn data_rows(&self, sheet: &Sheet) -> Vec<usize> {
        let from = self.data_from.get(&sheet.name).copied().unwrap_or(1);
        (from..sheet.rows.len())
            .filter(|&r| sheet.rows[r].iter().any(|c| !c.is_empty()))
            .collect()
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
                self.error(&where_, SheetCode::Cell, why.clone());
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
                        SheetCode::Extra,
                        "`extra` holds a JSON object of other keys, such as {\"weight\": 2}".into(),
                    ),
                    Err(e) => self.error(
                        &where_,
                        SheetCode::Extra,
                        format!("`extra` is not JSON: {e}"),
                    ),
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
                                    SheetCode::Locale,
                                    format!("both `{0}` and `{0}::{l}` are filled: use one or the other", col.name),
                                ),
                            }
                        }
                    }
                }
                kind => match value(kind, cell, &obj) {
                    Ok(v) => set(&mut obj, col.key, v),
                    Err(why) => self.error(&where_, SheetCode::Cell, why),
                },
            }
        }
        if let Some((c, m)) = extra {
            for (k, v) in m {
                if obj.contains_key(&k) {
                    self.error(
                        &at(sheet, r, c),
                        SheetCode::Extra,
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
