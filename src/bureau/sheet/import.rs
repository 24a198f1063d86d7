//! A workbook read into a template. The importer builds the template's JSON row by row,
//! remembering which cell each JSON pointer came from; then the template is linted like
//! any other (§1.3) and every problem, the workbook's own and lint's, is reported at its
//! cell: `error items!F12 unknown_name name 'studnets' is not defined`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::book::{Book, Cell, Sheet};
use super::{cell_name, closest, Column, Kind, SheetSpec, SHEETS};
use crate::problem::Severity;

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

/// What an import gives: the template (when it has no errors) and every problem.
#[derive(Debug)]
pub struct Imported {
    pub template: Option<Value>,
    pub problems: Vec<SheetProblem>,
}

/// Where a cell is: sheet name, 0-based row (0 is the header) and column.
#[derive(Debug, Clone)]
struct At {
    sheet: String,
    row: usize,
    col: usize,
}

impl At {
    fn name(&self) -> String {
        cell_name(&self.sheet, self.row, self.col)
    }
}

/// A sheet's header read against its spec: for each column index, what it fills.
#[derive(Debug, Clone)]
enum Head {
    /// A column of the spec; for locale strings, the locale (`None`: the plain column).
    Col(&'static Column, Option<String>),
    Ignored,
}

struct Importer {
    problems: Vec<SheetProblem>,
    /// The cell each JSON pointer of the template came from.
    cells: HashMap<String, At>,
}

/// Reads a workbook into a template.
pub fn import(book: &Book) -> Imported {
    let mut im = Importer {
        problems: Vec::new(),
        cells: HashMap::new(),
    };
    let template = im.build(book);
    if let Some(t) = &template {
        let ids = ids_of(t);
        for p in crate::template::lint(&crate::json::to_string(t)) {
            let cell = im.cell_of(&p.pointer);
            let mut message = p.message;
            if p.code == "unknown_name" {
                // A misspelled id: name the closest one, as for sheets and columns.
                let name = message.split('`').nth(1).unwrap_or_default().to_string();
                message.push_str(&did_you_mean(closest(
                    &name,
                    ids.iter().map(String::as_str),
                )));
            }
            im.problems.push(SheetProblem {
                severity: p.severity,
                cell,
                code: p.code.as_str(),
                message,
            });
        }
    }
    let ok = !im.problems.iter().any(|p| p.severity == Severity::Error);
    Imported {
        template: template.filter(|_| ok),
        problems: im.problems,
    }
}

impl Importer {
    fn problem(&mut self, severity: Severity, cell: String, code: &'static str, message: String) {
        self.problems.push(SheetProblem {
            severity,
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
            for r in data_rows(sheet) {
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
            for r in data_rows(sheet) {
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
        let rows = data_rows(sheet);
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
        for r in data_rows(sheet) {
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
        for r in data_rows(sheet) {
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

    /// The five sheets, by name; unknown ones are named with the closest valid name.
    fn find_sheets<'b>(&mut self, book: &'b Book) -> Option<[Option<&'b Sheet>; 5]> {
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
    fn header(&mut self, sheet: &Sheet, spec: &'static SheetSpec) -> Vec<Head> {
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
    fn remember_row(&mut self, sheet: &Sheet, heads: &[Head], r: usize, ptr: &str) {
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
    fn row(&mut self, sheet: &Sheet, heads: &[Head], r: usize, ptr: &str) -> Row {
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
    fn remember_extra(&mut self, sheet: &Sheet, r: usize, row: &Row, ptr: &str) {
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

struct Row {
    obj: Map<String, Value>,
    place: HashMap<&'static str, String>,
    /// Keys given by the `extra` cell, and its column.
    extra_keys: Vec<(String, usize)>,
}

fn spec_of(name: &str) -> &'static SheetSpec {
    SHEETS
        .iter()
        .find(|s| s.name == name)
        .copied()
        .unwrap_or(SHEETS[0])
}

fn at(sheet: &Sheet, row: usize, col: usize) -> At {
    At {
        sheet: sheet.name.clone(),
        row,
        col,
    }
}

fn place_col(heads: &[Head], name: &str) -> Option<usize> {
    heads
        .iter()
        .position(|h| matches!(h, Head::Col(c, _) if c.name == name))
}

/// Every id in a template: sections, items, repeat children and rules.
fn ids_of(t: &Value) -> Vec<String> {
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

fn did_you_mean(c: Option<&str>) -> String {
    c.map(|c| format!("; did you mean {}?", crate::text::quote(c)))
        .unwrap_or_default()
}

/// Rows below the header that hold anything.
fn data_rows(sheet: &Sheet) -> Vec<usize> {
    (1..sheet.rows.len())
        .filter(|&r| sheet.rows[r].iter().any(|c| !c.is_empty()))
        .collect()
}

/// A cell as text: numbers in their shortest form, dates as `YYYY-MM-DD`.
fn text_of(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Number(x) => crate::text::number::shortest(*x),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::Empty | Cell::Unreadable(_) => String::new(),
    }
}

fn parse_number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(x) => Some(*x),
        Cell::Text(t) => crate::text::number::parse(t.trim()),
        _ => None,
    }
}

fn parse_bool(cell: &Cell) -> Option<bool> {
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
fn value(kind: Kind, cell: &Cell, row: &Map<String, Value>) -> Result<Value, String> {
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
fn set(obj: &mut Map<String, Value>, key: &str, v: Value) {
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
