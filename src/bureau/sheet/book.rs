//! Workbooks as the importer and exporter see them: a plain grid of cells per sheet.
//! Reading is in [`super::read`]; writing here: an `.xlsx` file (rust_xlsxwriter) or a
//! folder of `<sheet>.csv` files (the csv crate), each starting with a UTF-8 byte-order
//! mark so that Excel opens the Chinese text intact (the reader drops the mark).

use std::path::Path;

use chrono::NaiveDate;

/// One cell's value as the importer reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// A formula whose value the file does not hold, or an error value (`#REF!`).
    Unreadable(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A sheet: its name, rows of cells (the header is found among the first rows) and the
/// merged regions whose value has been given to each of their cells.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    pub merges: Vec<Merge>,
    /// How many rows at the top are headers (an export writes the column names, then the
    /// same names in Chinese); 0 counts as 1.
    pub header_rows: usize,
    /// Drop-down lists an `.xlsx` export offers in a column's data cells.
    pub lists: Vec<(usize, List)>,
}

/// The values a column's drop-down offers.
#[derive(Debug, Clone, PartialEq)]
pub enum List {
    Values(Vec<String>),
    /// The data cells of a column of another sheet: (sheet, column).
    Column(String, usize),
}

/// A merged region, 0-based and inclusive: rows `r1..=r2`, columns `c1..=c2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub r1: usize,
    pub c1: usize,
    pub r2: usize,
    pub c2: usize,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    /// What reading the file decided on the reader's behalf (a CSV read as GBK).
    pub notes: Vec<String>,
}

/// The byte-order mark that tells Excel a CSV file is UTF-8: without it, a double-click
/// opens the Chinese text garbled.
pub const UTF8_BOM: &str = "\u{feff}";

/// Writes a workbook: `.xlsx` when the path ends so, else a folder of CSV files.
pub fn write(book: &Book, path: &Path) -> Result<(), String> {
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        write_xlsx(book, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
    } else {
        write_csv_dir(book, path)
    }
}

fn write_xlsx(book: &Book, path: &Path) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color(0xE8EEF4);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for s in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name)?;
        let heading = s.header_rows.max(1);
        let mut widths: Vec<usize> = Vec::new();
        for (r, row) in s.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r32, c16) = (r as u32, c as u16);
                let len = match cell {
                    Cell::Empty | Cell::Unreadable(_) => 0,
                    Cell::Text(t) if r < heading => {
                        ws.write_string_with_format(r32, c16, t, &head)?;
                        display_width(t)
                    }
                    Cell::Text(t) => {
                        ws.write_string(r32, c16, t)?;
                        display_width(t)
                    }
                    Cell::Number(x) => {
                        ws.write_number(r32, c16, *x)?;
                        8
                    }
                    Cell::Bool(b) => {
                        ws.write_boolean(r32, c16, *b)?;
                        5
                    }
                    Cell::Date(d) => {
                        let dt = rust_xlsxwriter::ExcelDateTime::parse_from_str(
                            &d.format("%Y-%m-%d").to_string(),
                        )?;
                        ws.write_datetime_with_format(r32, c16, &dt, &date)?;
                        10
                    }
                };
                if widths.len() <= c {
                    widths.resize(c + 1, 0);
                }
                widths[c] = widths[c].max(len);
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
        }
        ws.set_freeze_panes(heading as u32, 0)?;
        for (c, list) in &s.lists {
            let Some(v) = drop_down(book, list) else {
                continue;
            };
            // A warning, not a stop: an official may still type something else (an
            // expression in `required`, a list added later), and the import says what is
            // wrong at its cell.
            let v = v.set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Warning);
            let last = (s.rows.len() + 500).min(1_048_575) as u32;
            ws.add_data_validation(heading as u32, *c as u16, last, *c as u16, &v)?;
        }
    }
    wb.save(path)
}

/// Text width in spreadsheet columns: CJK characters take two.
fn display_width(t: &str) -> usize {
    t.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum()
}

/// A column's drop-down: its values (Excel holds at most 255 characters of them inline),
/// or a range of another sheet.
fn drop_down(book: &Book, list: &List) -> Option<rust_xlsxwriter::DataValidation> {
    use rust_xlsxwriter::{DataValidation, Formula};
    match list {
        List::Values(values) => DataValidation::new().allow_list_strings(values).ok(),
        List::Column(sheet, col) => {
            let other = book.sheets.iter().find(|s| &s.name == sheet)?;
            let first = other.header_rows.max(1) + 1;
            let last = other.rows.len().max(first);
            let letter = super::column_letter(*col);
            Some(
                DataValidation::new().allow_list_formula(Formula::new(format!(
                    "={sheet}!${letter}${first}:${letter}${last}"
                ))),
            )
        }
    }
}

fn write_csv_dir(book: &Book, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot make the folder {}: {e}", dir.display()))?;
    for s in &book.sheets {
        let p = dir.join(format!("{}.csv", s.name));
        let err = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", p.display());
        let mut file = std::fs::File::create(&p).map_err(|e| err(&e))?;
        std::io::Write::write_all(&mut file, UTF8_BOM.as_bytes()).map_err(|e| err(&e))?;
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(std::io::BufWriter::new(file));
        for row in &s.rows {
            let fields: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Empty | Cell::Unreadable(_) => String::new(),
                    Cell::Text(t) => t.clone(),
                    Cell::Number(x) => crate::text::number::shortest(*x),
                    Cell::Bool(b) => b.to_string(),
                    Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
                })
                .collect();
            w.write_record(&fields).map_err(|e| err(&e))?;
        }
        w.flush().map_err(|e| err(&e))?;
    }
    Ok(())
}
