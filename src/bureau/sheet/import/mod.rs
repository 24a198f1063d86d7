//! A workbook read into a template. The importer builds the template's JSON row by row,
//! remembering which cell each JSON pointer came from; then the template is linted like
//! any other (§1.3) and every problem, the workbook's own and lint's, is reported at its
//! cell: `error items!F12 unknown_name name 'studnets' is not defined`.

mod cells;
mod rows;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::book::{Book, Sheet};
use super::{cell_name, closest};
use crate::problem::Severity;

use cells::*;

/// A problem found in a workbook, at a cell (`items!F12`) or at the workbook (`workbook`).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetProblem {
    pub severity: Severity,
    pub cell: String,
    pub code: &'static str,
    pub message: String,
}

impl std::fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let one = crate::text::one_line;
        write!(
            f,
            "{sev} {} {} {}",
            one(&self.cell),
            self.code,
            one(&self.message)
        )
    }
}

/// Something the importer decided on the reader's behalf, worth saying but no problem:
/// `note items!A1 header_row the header is row 3; rows 1–2 above it … are not read`.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub cell: String,
    pub code: &'static str,
    pub message: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let one = crate::text::one_line;
        write!(
            f,
            "note {} {} {}",
            one(&self.cell),
            self.code,
            one(&self.message)
        )
    }
}

/// What an import gives: the template (when it has no errors), every problem, and notes.
#[derive(Debug)]
pub struct Imported {
    pub template: Option<Value>,
    pub problems: Vec<SheetProblem>,
    pub notes: Vec<Note>,
}

struct Importer {
    problems: Vec<SheetProblem>,
    notes: Vec<Note>,
    /// The first data row of each sheet read, below its header.
    data_from: HashMap<String, usize>,
    /// The cell each JSON pointer of the template came from.
    cells: HashMap<String, At>,
}

/// Reads a workbook into a template.
pub fn import(book: &Book) -> Imported {
    let mut im = Importer {
        problems: Vec::new(),
        notes: Vec::new(),
        data_from: HashMap::new(),
        cells: HashMap::new(),
    };
    let template = im.build(book);
    if let Some(t) = &template {
        im.lint(t);
    }
    let ok = !im.problems.iter().any(|p| p.severity == Severity::Error);
    let mut notes: Vec<Note> = book
        .notes
        .iter()
        .map(|n| Note {
            cell: "workbook".into(),
            code: "encoding",
            message: n.clone(),
        })
        .collect();
    notes.append(&mut im.notes);
    Imported {
        template: template.filter(|_| ok),
        problems: im.problems,
        notes,
    }
}

impl Importer {
    /// Lints the assembled template and reports each problem at its cell, in the words of
    /// a workbook: a misspelled id gets the closest one, a duplicate id both cells, and a
    /// choice compared with a text that is none of its values is an error (a rule that
    /// silently never applies is a mistake in a workbook, though lint only warns of it).
    fn lint(&mut self, t: &Value) {
        use crate::problem::Code;
        let ids = ids_of(t);
        for p in crate::template::lint(&crate::json::to_string(t)) {
            let cell = self.cell_of(&p.pointer);
            let mut message = p.message;
            let mut severity = p.severity;
            let quoted = message.split('`').nth(1).unwrap_or_default().to_string();
            match p.code {
                Code::UnknownName => {
                    message.push_str(&did_you_mean(closest(
                        &quoted,
                        ids.iter().map(String::as_str),
                    )));
                }
                Code::DuplicateId => {
                    if let Some(first) = pointers_of_id(t, &quoted).first() {
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
                Code::ItemType => {
                    message = format!(
                        "{}{}",
                        message.split(';').next().unwrap_or_default(),
                        type_hint(&quoted)
                    );
                }
                Code::UnknownValue => {
                    severity = Severity::Error;
                    let text = message.split('\'').nth(1).unwrap_or_default();
                    message.push_str(&meant_value(t, &quoted, text));
                }
                _ => {}
            }
            self.problems.push(SheetProblem {
                severity,
                cell,
                code: p.code.as_str(),
                message,
            });
        }
    }

    fn problem(&mut self, severity: Severity, cell: String, code: &'static str, message: String) {
        self.problems.push(SheetProblem {
            severity,
            cell,
            code,
            message,
        });
    }

    fn note(&mut self, cell: String, code: &'static str, message: String) {
        self.notes.push(Note {
            cell,
            code,
            message,
        });
    }

    fn error(&mut self, at: &At, code: &'static str, message: String) {
        self.problem(Severity::Error, at.name(), code, message);
    }

    /// The cell a lint pointer names: the longest prefix of it that came from a cell.
    fn cell_of(&self, pointer: &str) -> String {
        let mut p = pointer;
        loop {
            if let Some(at) = self.cells.get(p) {
                return at.name();
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return "settings!A2".into(),
            }
        }
    }

    fn build(&mut self, book: &Book) -> Option<Value> {
        let [settings, sections, items, choices, rules] = self.find_sheets(book)?;
        let mut top = self.settings(settings?);
        top.insert(
            "format".into(),
            Value::String(crate::template::FORMAT.into()),
        );
        let mut parts = Parts::default();
        if let Some(sheet) = sections {
            self.sections(sheet, &mut parts);
            self.cells.insert("/sections".into(), at(sheet, 0, 0));
        }
        let choices = choices.map(|s| (s, self.header(s, spec_of("choices"))));
        if let Some((sheet, heads)) = &choices {
            self.choices(sheet, heads, &mut parts);
        }
        if let Some(sheet) = items {
            let heads = self.header(sheet, spec_of("items"));
            for r in self.data_rows(sheet) {
                self.item(sheet, &heads, r, choices.as_ref(), &mut parts);
            }
        }
        if let Some((sheet, heads)) = &choices {
            self.unused_lists(sheet, heads, &parts);
        }
        top.insert("sections".into(), Value::Array(parts.sections));
        if let Some(sheet) = rules {
            let heads = self.header(sheet, spec_of("rules"));
            let mut list = Vec::new();
            for r in self.data_rows(sheet) {
                let row = self.row(sheet, &heads, r, &format!("/rules/{}", list.len()));
                list.push(Value::Object(row.obj));
            }
            if !list.is_empty() {
                top.insert("rules".into(), Value::Array(list));
            }
        }
        Some(Value::Object(top))
    }

    /// The settings sheet's first data row: the template's own keys.
    fn settings(&mut self, sheet: &Sheet) -> Map<String, Value> {
        let heads = self.header(sheet, spec_of("settings"));
        let rows = self.data_rows(sheet);
        let Some((&first, rest)) = rows.split_first() else {
            self.problem(
                Severity::Error,
                cell_name(&sheet.name, 1, 0),
                "missing",
                "the settings sheet needs one row below its header (id, version, title, …)".into(),
            );
            return Map::new();
        };
        for &extra in rest {
            self.problem(
                Severity::Warning,
                cell_name(&sheet.name, extra, 0),
                "ignored",
                "settings has one row; this one is ignored".into(),
            );
        }
        // The template's own pointers (`/id`, `/grading/ready`) are this row's.
        self.remember_row(sheet, &heads, first, "");
        let row = self.row(sheet, &heads, first, "");
        self.remember_extra(sheet, first, &row, "");
        row.obj
    }

    fn sections(&mut self, sheet: &Sheet, parts: &mut Parts) {
        let heads = self.header(sheet, spec_of("sections"));
        for r in self.data_rows(sheet) {
            let ptr = format!("/sections/{}", parts.sections.len());
            let mut row = self.row(sheet, &heads, r, &ptr);
            if let Some(id) = row.obj.get("id").and_then(Value::as_str) {
                parts
                    .section_index
                    .insert(id.to_string(), parts.sections.len());
            }
            row.obj.insert("items".into(), Value::Array(Vec::new()));
            parts.sections.push(Value::Object(row.obj));
        }
    }

    /// The choices, grouped by list in order of appearance; a blank list continues the
    /// one above.
    fn choices(&mut self, sheet: &Sheet, heads: &[Head], parts: &mut Parts) {
        let mut last = String::new();
        for r in self.data_rows(sheet) {
            let row = self.row(sheet, heads, r, "");
            let list = row
                .place
                .get("list")
                .cloned()
                .unwrap_or_else(|| last.clone());
            if list.is_empty() {
                let col = place_col(heads, "list").unwrap_or(0);
                self.error(
                    &at(sheet, r, col),
                    "missing",
                    "a choice needs the name of its list".into(),
                );
                continue;
            }
            last.clone_from(&list);
            if !parts.lists.contains_key(&list) {
                parts.list_order.push(list.clone());
            }
            parts.lists.entry(list).or_default().rows.push((r, row.obj));
        }
    }

    fn unused_lists(&mut self, sheet: &Sheet, heads: &[Head], parts: &Parts) {
        for name in &parts.list_order {
            let Some(list) = parts.lists.get(name).filter(|l| !l.used) else {
                continue;
            };
            if let Some(&(r, _)) = list.rows.first() {
                let col = place_col(heads, "list").unwrap_or(0);
                self.problem(
                    Severity::Warning,
                    cell_name(&sheet.name, r, col),
                    "unused_list",
                    format!(
                        "no item names the list {} in its choices column",
                        crate::text::quote(name)
                    ),
                );
            }
        }
    }

    /// The section an item row goes to: its own, or the one above when blank (as merged
    /// cells give).
    fn item_section(
        &mut self,
        sheet: &Sheet,
        heads: &[Head],
        r: usize,
        row: &Row,
        parts: &mut Parts,
    ) -> Option<usize> {
        let col = place_col(heads, "section").unwrap_or(0);
        let Some(section) = row
            .place
            .get("section")
            .cloned()
            .or_else(|| parts.last_section.clone())
        else {
            self.error(
                &at(sheet, r, col),
                "missing",
                "an item needs the id of its section".into(),
            );
            return None;
        };
        parts.last_section = Some(section.clone());
        let found = parts.section_index.get(&section).copied();
        if found.is_none() {
            let hint = did_you_mean(closest(
                &section,
                parts.section_index.keys().map(String::as_str),
            ));
            self.error(
                &at(sheet, r, col),
                "unknown_section",
                format!(
                    "no section {} in the sections sheet{hint}",
                    crate::text::quote(&section)
                ),
            );
        }
        found
    }

    /// Where an item goes: `/sections/i/items/j`, or inside its parent repeat.
    fn item_pointer(
        &mut self,
        sheet: &Sheet,
        heads: &[Head],
        r: usize,
        si: usize,
        parent: Option<&String>,
        parts: &Parts,
    ) -> Option<String> {
        let Some(p) = parent else {
            let n = parts.sections[si]["items"].as_array().map_or(0, Vec::len);
            return Some(format!("/sections/{si}/items/{n}"));
        };
        let why = match parts.item_at.get(p) {
            Some(&(psi, pii)) if parts.sections[psi]["items"][pii]["type"] == "repeat" => {
                let n = parts.sections[psi]["items"][pii]["items"]
                    .as_array()
                    .map_or(0, Vec::len);
                return Some(format!("/sections/{psi}/items/{pii}/items/{n}"));
            }
            Some(_) => format!("the parent {} is not a repeat item", crate::text::quote(p)),
            None => {
                let hint = did_you_mean(closest(p, parts.item_at.keys().map(String::as_str)));
                format!(
                    "no repeat item {} above this row{hint}",
                    crate::text::quote(p)
                )
            }
        };
        let col = place_col(heads, "parent").unwrap_or(0);
        self.error(&at(sheet, r, col), "unknown_parent", why);
        None
    }

    /// One item row, placed in its section or its parent repeat, with its options.
    fn item(
        &mut self,
        sheet: &Sheet,
        heads: &[Head],
        r: usize,
        choices: Option<&(&Sheet, Vec<Head>)>,
        parts: &mut Parts,
    ) {
        let mut row = self.row(sheet, heads, r, "");
        let Some(si) = self.item_section(sheet, heads, r, &row, parts) else {
            return;
        };
        let parent = row.place.get("parent").cloned();
        let Some(ptr) = self.item_pointer(sheet, heads, r, si, parent.as_ref(), parts) else {
            return;
        };
        self.remember_row(sheet, heads, r, &ptr);
        self.remember_extra(sheet, r, &row, &ptr);
        let mut obj = std::mem::take(&mut row.obj);
        if let Some(list) = row.place.get("choices") {
            let col = place_col(heads, "choices").unwrap_or(0);
            self.cells
                .insert(format!("{ptr}/options"), at(sheet, r, col));
            match (parts.lists.get_mut(list), choices) {
                (Some(l), Some((cs, ch))) => {
                    l.used = true;
                    let mut opts = Vec::new();
                    for (k, (cr, o)) in l.rows.iter().enumerate() {
                        self.remember_row(cs, ch, *cr, &format!("{ptr}/options/{k}"));
                        opts.push(Value::Object(o.clone()));
                    }
                    obj.insert("options".into(), Value::Array(opts));
                }
                _ => {
                    let hint =
                        did_you_mean(closest(list, parts.list_order.iter().map(String::as_str)));
                    self.error(
                        &at(sheet, r, col),
                        "unknown_list",
                        format!(
                            "no list {} in the choices sheet{hint}",
                            crate::text::quote(list)
                        ),
                    );
                }
            }
        }
        if obj.get("type").and_then(Value::as_str) == Some("repeat") && !obj.contains_key("items") {
            obj.insert("items".into(), Value::Array(Vec::new()));
        }
        let id = obj.get("id").and_then(Value::as_str).map(str::to_owned);
        let (psi, pii) = match parent.as_ref().and_then(|p| parts.item_at.get(p)) {
            Some(&found) => found,
            None => (si, usize::MAX),
        };
        let list = if pii == usize::MAX {
            parts.sections[psi]["items"].as_array_mut()
        } else {
            parts.sections[psi]["items"][pii]["items"].as_array_mut()
        };
        if let Some(list) = list {
            if let (Some(id), true) = (id, pii == usize::MAX) {
                parts.item_at.insert(id, (psi, list.len()));
            }
            list.push(Value::Object(obj));
        }
    }
}

/// The template as it is being assembled.
#[derive(Default)]
struct Parts {
    sections: Vec<Value>,
    section_index: HashMap<String, usize>,
    lists: HashMap<String, ChoiceList>,
    list_order: Vec<String>,
    /// Where each top-level item is: (section, index in it).
    item_at: HashMap<String, (usize, usize)>,
    last_section: Option<String>,
}

/// A list of the choices sheet: its rows (row number, option) and whether an item uses it.
#[derive(Default)]
struct ChoiceList {
    rows: Vec<(usize, Map<String, Value>)>,
    used: bool,
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
