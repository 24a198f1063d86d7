//! A workbook read into a template. The importer builds the template's JSON row by row,
//! remembering which cell each JSON pointer came from; then the template is linted like
//! any other (§1.3) and every problem, the workbook's own and lint's, is reported at its
//! cell: `error items!F12 unknown_name name 'studnets' is not defined`.

mod cells;
mod lint;
mod rows;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::book::{Book, Sheet};
use super::{cell_name, closest};
use crate::problem::Severity;

use cells::*;

crate::codes::codes! {
    /// The importer's own codes for what it finds in a workbook's cells and sheets.
    pub enum SheetCode {
        Cell = "cell",
        DuplicateColumn = "duplicate_column",
        DuplicateSheet = "duplicate_sheet",
        Encoding = "encoding",
        Extra = "extra",
        HeaderRow = "header_row",
        Ignored = "ignored",
        Locale = "locale",
        MergedCells = "merged_cells",
        Missing = "missing",
        MissingSheet = "missing_sheet",
        NoHeader = "no_header",
        UnknownColumn = "unknown_column",
        UnknownList = "unknown_list",
        UnknownParent = "unknown_parent",
        UnknownSection = "unknown_section",
        UnknownSheet = "unknown_sheet",
        UnusedList = "unused_list",
        Workbook = "workbook",
    }
}

/// A workbook problem's code: the importer's own, or lint's for a problem found in the
/// template the rows make (reported at the cell it came from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemCode {
    Sheet(SheetCode),
    Lint(crate::problem::Code),
}

impl ProblemCode {
    /// The stable string the code is written as.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::Sheet(c) => c.as_str(),
            ProblemCode::Lint(c) => c.as_str(),
        }
    }
}

impl std::fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem found in a workbook, at a cell (`items!F12`) or at the workbook (`workbook`).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetProblem {
    pub severity: Severity,
    pub cell: String,
    pub code: ProblemCode,
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
    pub code: SheetCode,
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
            code: SheetCode::Encoding,
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
    fn problem(&mut self, severity: Severity, cell: String, code: SheetCode, message: String) {
        self.problems.push(SheetProblem {
            severity,
            cell,
            code: ProblemCode::Sheet(code),
            message,
        });
    }

    fn note(&mut self, cell: String, code: SheetCode, message: String) {
        self.notes.push(Note {
            cell,
            code,
            message,
        });
    }

    fn error(&mut self, at: &At, code: SheetCode, message: String) {
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
                SheetCode::Missing,
                "the settings sheet needs one row below its header (id, version, title, …)".into(),
            );
            return Map::new();
        };
        for &extra in rest {
            self.problem(
                Severity::Warning,
                cell_name(&sheet.name, extra, 0),
                SheetCode::Ignored,
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
                    SheetCode::Missing,
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
                    SheetCode::UnusedList,
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
                SheetCode::Missing,
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
                SheetCode::UnknownSection,
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
        self.error(&at(sheet, r, col), SheetCode::UnknownParent, why);
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
                        SheetCode::UnknownList,
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
