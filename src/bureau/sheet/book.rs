//! Workbooks in and out: an `.xlsx` file (calamine reads it, rust_xlsxwriter writes it) or
//! a folder of `<sheet>.csv` files (the csv crate), both as the same plain grid of cells.

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

/// A sheet: its name and rows of cells; row 0 is the header.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
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
}

/// Reads a workbook: an `.xlsx` file, or a directory of `.csv` files named after sheets.
pub fn read(path: &Path) -> Result<Book, String> {
    if path.is_dir() {
        return read_csv_dir(path);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !bytes.starts_with(b"PK") {
        return Err(format!(
            "{} is not an .xlsx workbook (an .xlsx file is a zip archive); save it as Excel \
             Workbook (.xlsx), or give a folder of CSV files named after the sheets",
            path.display()
        ));
    }
    // calamine has panicked on corrupt archives; a damaged file must be an error, not a crash.
    std::panic::catch_unwind(|| read_xlsx(&bytes))
        .unwrap_or_else(|_| Err("the workbook is damaged and cannot be read".into()))
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn read_xlsx(bytes: &[u8]) -> Result<Book, String> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable .xlsx workbook ({e})"))?;
    let mut book = Book::default();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| format!("sheet `{name}` cannot be read ({e})"))?;
        let formulas = wb.worksheet_formula(&name).ok();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (r0, c0) = (r0 as usize, c0 as usize);
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0];
        for (r, row) in range.rows().enumerate() {
            let mut cells = vec![Cell::Empty; c0];
            for (c, d) in row.iter().enumerate() {
                cells.push(match d {
                    Data::Empty => {
                        let abs = ((r + r0) as u32, (c + c0) as u32);
                        match formulas.as_ref().and_then(|f| f.get_value(abs)) {
                            Some(f) if !f.is_empty() => Cell::Unreadable(format!(
                                "the formula ={f} has no saved value: type the value instead"
                            )),
                            _ => Cell::Empty,
                        }
                    }
                    Data::String(s) => Cell::Text(s.clone()),
                    Data::Float(x) => Cell::Number(*x),
                    Data::Int(i) => Cell::Number(*i as f64),
                    Data::Bool(b) => Cell::Bool(*b),
                    Data::DateTime(d) => match d.as_datetime() {
                        Some(dt) => Cell::Date(dt.date()),
                        None => {
                            Cell::Unreadable("a date Excel cannot place in the calendar".into())
                        }
                    },
                    Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                    Data::Error(e) => Cell::Unreadable(format!("the cell holds the error {e:?}")),
                });
            }
            rows.push(cells);
        }
        // A merged cell's value belongs to every cell of the region (a section name merged
        // down beside its items, say).
        for dim in wb.merge_cells_by_sheet_name(&name).unwrap_or_default() {
            let (r1, c1) = (dim.start.0 as usize, dim.start.1 as usize);
            let (r2, c2) = (dim.end.0 as usize, dim.end.1 as usize);
            let v = rows
                .get(r1)
                .and_then(|r| r.get(c1))
                .cloned()
                .unwrap_or(Cell::Empty);
            for r in r1..=r2.min(rows.len().saturating_sub(1)) {
                for c in c1..=c2 {
                    if rows[r].len() <= c {
                        rows[r].resize(c + 1, Cell::Empty);
                    }
                    rows[r][c] = v.clone();
                }
            }
        }
        book.sheets.push(Sheet { name, rows });
    }
    Ok(book)
}

fn read_csv_dir(dir: &Path) -> Result<Book, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "the folder {} holds no .csv files (expected settings.csv, sections.csv, items.csv, …)",
            dir.display()
        ));
    }
    let mut book = Book::default();
    for f in files {
        let name = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(&f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            format!(
                "{} is not UTF-8 text: save it as \"CSV UTF-8\" (WPS and Excel offer it)",
                f.display()
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| format!("{}: {e}", f.display()))?;
            rows.push(
                rec.iter()
                    .map(|s| {
                        if s.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(s.to_string())
                        }
                    })
                    .collect(),
            );
        }
        book.sheets.push(Sheet { name, rows });
    }
    Ok(book)
}

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
        let mut widths: Vec<usize> = Vec::new();
        for (r, row) in s.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r32, c16) = (r as u32, c as u16);
                let len = match cell {
                    Cell::Empty | Cell::Unreadable(_) => 0,
                    Cell::Text(t) if r == 0 => {
                        ws.write_string_with_format(r32, c16, t, &head)?;
                        t.chars().count()
                    }
                    Cell::Text(t) => {
                        ws.write_string(r32, c16, t)?;
                        // CJK characters take two columns' width.
                        t.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum()
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
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save(path)
}

fn write_csv_dir(book: &Book, dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot make the folder {}: {e}", dir.display()))?;
    for s in &book.sheets {
        let p = dir.join(format!("{}.csv", s.name));
        let err = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", p.display());
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(&p)
            .map_err(|e| err(&e))?;
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
