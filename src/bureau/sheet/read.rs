//! Reading a workbook from disk into a [`Book`]: `.xlsx` (streamed cell by cell), `.xls`
//! (Excel 97–2003) and `.ods` (LibreOffice, WPS) through calamine, or a folder of `.csv`
//! files (UTF-8, with or without a byte-order mark, or GBK as WPS and Excel save "CSV" on
//! Chinese Windows).
//!
//! Every limit below is checked before the memory it guards is spent, so a small hostile
//! file (a cell at `XFD1048576`, a merged region over a million rows, a 400 MB shared
//! string) is an error at its cell or file, never an abort.

use std::io::Read;
use std::path::Path;

use super::book::{Book, Cell, Merge, Sheet};
use super::cell_name;

/// The most rows a sheet may use (a template holds at most 100,000 items; banner rows and
/// a header row come on top).
pub const MAX_ROWS: usize = 100_100;
/// The most columns a sheet may use (`IV`, as in Excel 97–2003; a template sheet has ~30).
pub const MAX_COLUMNS: usize = 256;
/// The most characters one cell may hold (the engine's text limit).
pub const MAX_CELL_CHARS: usize = 100_000;
/// The most merged regions one sheet may have.
pub const MAX_MERGES: usize = 10_000;
/// The largest workbook file read.
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// The largest part of an `.xlsx` archive, unpacked (a sheet's XML, the shared strings).
pub const MAX_PART_BYTES: u64 = 256 << 20;
/// The largest shared-strings part, unpacked: calamine holds every shared string at once.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 64 << 20;

/// Reads a workbook: `.xlsx`, `.xls` or `.ods` by its content, or a directory of `.csv`
/// files named after the sheets.
pub fn read(path: &Path) -> Result<Book, String> {
    if path.is_dir() {
        return read_csv_dir(path);
    }
    let bytes = file_bytes(path)?;
    read_workbook(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// A regular file of at most [`MAX_FILE_BYTES`], read whole.
fn file_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", path.display()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} is {} MB; a workbook is read up to {} MB",
            path.display(),
            meta.len() >> 20,
            MAX_FILE_BYTES >> 20
        ));
    }
    // Read within the bound even if the file grows after the check.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "{} is larger than {} MB",
            path.display(),
            MAX_FILE_BYTES >> 20
        ));
    }
    Ok(bytes)
}

/// Reads a workbook file's bytes: `.xlsx`, `.xls` or `.ods`, told apart by their content.
pub fn read_workbook(bytes: &[u8]) -> Result<Book, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "a workbook is read up to {} MB",
            MAX_FILE_BYTES >> 20
        ));
    }
    let kind = Format::of(bytes).ok_or(
        "is not a workbook: save it as Excel Workbook (.xlsx), Excel 97–2003 (.xls) or \
         OpenDocument (.ods), or give a folder of CSV files named after the sheets",
    )?;
    // calamine has panicked on corrupt archives; a damaged file must be an error, not a crash.
    std::panic::catch_unwind(|| match kind {
        Format::Xlsx => read_xlsx(bytes),
        Format::Xls | Format::Ods => read_other(bytes, kind),
    })
    .unwrap_or_else(|_| Err("the workbook is damaged and cannot be read".into()))
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    /// The format by content: a zip archive is `.ods` when its `mimetype` entry says so,
    /// else `.xlsx`; an OLE compound file is `.xls`.
    fn of(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(b"PK") {
            // An ODF package stores `mimetype` first and uncompressed.
            let ods = bytes.len() > 38
                && &bytes[30..38] == b"mimetype"
                && bytes[38..]
                    .windows(11)
                    .take(64)
                    .any(|w| w == b"opendocumen");
            return Some(if ods { Format::Ods } else { Format::Xlsx });
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return Some(Format::Xls);
        }
        None
    }

    fn name(self) -> &'static str {
        match self {
            Format::Xlsx => ".xlsx",
            Format::Xls => ".xls",
            Format::Ods => ".ods",
        }
    }
}

/// Refuses an archive whose parts unpack past the limits, before calamine unpacks them.
fn check_parts(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable .xlsx workbook ({e})"))?;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index_raw(i) else {
            continue;
        };
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let limit = if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            MAX_SHARED_STRINGS_BYTES
        } else {
            MAX_PART_BYTES
        };
        if part.size() > limit {
            return Err(format!(
                "the part {name} unpacks to {} MB; a workbook part is read up to {} MB",
                part.size() >> 20,
                limit >> 20
            ));
        }
    }
    Ok(())
}

/// The sheet being filled, with the limits checked cell by cell.
struct Grid {
    name: String,
    rows: Vec<Vec<Cell>>,
}

impl Grid {
    fn put(&mut self, row: usize, col: usize, cell: Cell) -> Result<(), String> {
        if matches!(cell, Cell::Empty) {
            return Ok(());
        }
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(format!(
                "{}: a value beyond the sheet's limits ({} rows, columns up to IV); delete \
                 what lies outside the table",
                cell_name(&self.name, row, col),
                MAX_ROWS
            ));
        }
        if let Cell::Text(t) = &cell {
            if t.len() > MAX_CELL_CHARS * 4 || t.chars().count() > MAX_CELL_CHARS {
                return Err(format!(
                    "{}: the cell holds more than {MAX_CELL_CHARS} characters",
                    cell_name(&self.name, row, col)
                ));
            }
        }
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let r = &mut self.rows[row];
        if r.len() <= col {
            r.resize(col + 1, Cell::Empty);
        }
        r[col] = cell;
        Ok(())
    }

    /// Gives each merged region's value to every cell of it (a section name merged down
    /// beside its items, say), within the cells the sheet uses.
    fn merge(&mut self, regions: Vec<Merge>) -> Result<Vec<Merge>, String> {
        if regions.len() > MAX_MERGES {
            return Err(format!(
                "sheet `{}` has {} merged regions; a sheet is read with up to {MAX_MERGES}",
                self.name,
                regions.len()
            ));
        }
        let width = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut kept = Vec::with_capacity(regions.len());
        for m in regions {
            if m.r1 >= self.rows.len() || m.c1 >= width {
                continue;
            }
            let m = Merge {
                r2: m.r2.min(self.rows.len() - 1),
                c2: m.c2.min(width - 1),
                ..m
            };
            let v = self.rows[m.r1].get(m.c1).cloned().unwrap_or(Cell::Empty);
            for r in m.r1..=m.r2 {
                let row = &mut self.rows[r];
                if row.len() <= m.c2 {
                    row.resize(m.c2 + 1, Cell::Empty);
                }
                row[m.c1..=m.c2].fill(v.clone());
            }
            kept.push(m);
        }
        Ok(kept)
    }

    fn finish(self, merges: Vec<Merge>) -> Sheet {
        Sheet {
            name: self.name,
            rows: self.rows,
            merges,
            ..Sheet::default()
        }
    }
}

fn cell_of(d: calamine::DataRef<'_>) -> Cell {
    use calamine::DataRef;
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Float(x) => Cell::Number(x),
        DataRef::Int(i) => Cell::Number(i as f64),
        DataRef::Bool(b) => Cell::Bool(b),
        DataRef::DateTime(d) => date_cell(d.as_datetime()),
        DataRef::Error(e) => Cell::Unreadable(format!("the cell holds the error {e:?}")),
    }
}

fn date_cell(d: Option<chrono::NaiveDateTime>) -> Cell {
    match d {
        Some(dt) => Cell::Date(dt.date()),
        None => Cell::Unreadable("a date Excel cannot place in the calendar".into()),
    }
}

fn merges_of(dims: Vec<calamine::Dimensions>) -> Vec<Merge> {
    dims.into_iter()
        .map(|d| Merge {
            r1: d.start.0 as usize,
            c1: d.start.1 as usize,
            r2: d.end.0 as usize,
            c2: d.end.1 as usize,
        })
        .collect()
}

/// `.xlsx`, streamed: no grid is allocated for the cells the sheet does not use.
fn read_xlsx(bytes: &[u8]) -> Result<Book, String> {
    use calamine::{Reader, Xlsx};
    check_parts(bytes)?;
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable .xlsx workbook ({e})"))?;
    let mut book = Book::default();
    for name in wb.sheet_names() {
        let mut grid = Grid {
            name: name.clone(),
            rows: Vec::new(),
        };
        {
            let mut cells = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| format!("sheet `{name}` cannot be read ({e})"))?;
            while let Some(c) = cells
                .next_cell_with_formula()
                .map_err(|e| format!("sheet `{name}` cannot be read ({e})"))?
            {
                let (r, col) = (c.pos.0 as usize, c.pos.1 as usize);
                let cell = match (c.value, c.formula) {
                    (calamine::DataRef::Empty, Some(f)) if !f.is_empty() => Cell::Unreadable(
                        format!("the formula ={f} has no saved value: type the value instead"),
                    ),
                    (v, _) => cell_of(v),
                };
                grid.put(r, col, cell)?;
            }
        }
        let merges = merges_of(wb.merge_cells_by_sheet_name(&name).unwrap_or_default());
        let merges = grid.merge(merges)?;
        book.sheets.push(grid.finish(merges));
    }
    Ok(book)
}

/// `.xls` and `.ods`: calamine reads them whole (an `.xls` sheet is at most 65,536 × 256;
/// the file size is bounded above).
fn read_other(bytes: &[u8], kind: Format) -> Result<Book, String> {
    use calamine::{Data, Reader};
    let unreadable =
        |e: &dyn std::fmt::Display| format!("not a readable {} workbook ({e})", kind.name());
    let cursor = std::io::Cursor::new(bytes);
    let mut book = Book::default();
    let mut read_sheets = |names: Vec<String>,
                           range: &mut dyn FnMut(&str) -> Result<calamine::Range<Data>, String>,
                           merges: &dyn Fn(&str) -> Vec<Merge>|
     -> Result<(), String> {
        for name in names {
            let range = range(&name)?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut grid = Grid {
                name: name.clone(),
                rows: Vec::new(),
            };
            for (r, row) in range.rows().enumerate() {
                for (c, d) in row.iter().enumerate() {
                    let cell = match d {
                        Data::Empty => Cell::Empty,
                        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                            Cell::Text(s.clone())
                        }
                        Data::Float(x) => Cell::Number(*x),
                        Data::Int(i) => Cell::Number(*i as f64),
                        Data::Bool(b) => Cell::Bool(*b),
                        Data::DateTime(d) => date_cell(d.as_datetime()),
                        Data::Error(e) => {
                            Cell::Unreadable(format!("the cell holds the error {e:?}"))
                        }
                    };
                    grid.put(r + r0 as usize, c + c0 as usize, cell)?;
                }
            }
            let kept = grid.merge(merges(&name))?;
            book.sheets.push(grid.finish(kept));
        }
        Ok(())
    };
    match kind {
        Format::Xls => {
            let mut wb: calamine::Xls<_> =
                calamine::Xls::new(cursor).map_err(|e| unreadable(&e))?;
            let names = wb.sheet_names();
            let merges: Vec<(String, Vec<Merge>)> = names
                .iter()
                .map(|n| {
                    (
                        n.clone(),
                        merges_of(wb.merge_cells_by_sheet_name(n).unwrap_or_default()),
                    )
                })
                .collect();
            let find = |n: &str| {
                merges
                    .iter()
                    .find(|(m, _)| m == n)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            read_sheets(
                names,
                &mut |n| {
                    wb.worksheet_range(n)
                        .map_err(|e| format!("sheet `{n}` cannot be read ({e})"))
                },
                &find,
            )?;
        }
        _ => {
            let mut wb: calamine::Ods<_> =
                calamine::Ods::new(cursor).map_err(|e| unreadable(&e))?;
            let names = wb.sheet_names();
            // calamine does not report an .ods file's merged regions: a merged section
            // cell reads as its first cell, and blank cells below continue the section.
            read_sheets(
                names,
                &mut |n| {
                    wb.worksheet_range(n)
                        .map_err(|e| format!("sheet `{n}` cannot be read ({e})"))
                },
                &|_| Vec::new(),
            )?;
        }
    }
    Ok(book)
}

/// A CSV file's text: UTF-8 (a byte-order mark dropped), else GBK (read as GB18030, its
/// superset), which WPS and Excel write for "CSV" on Chinese Windows.
fn csv_text(bytes: Vec<u8>, file: &Path, notes: &mut Vec<String>) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
            if bad {
                return Err(format!(
                    "{} is neither UTF-8 nor GBK text: save it as \"CSV UTF-8\" (WPS and Excel \
                     offer it)",
                    file.display()
                ));
            }
            notes.push(format!(
                "{} is not UTF-8: read as GBK (save as \"CSV UTF-8\" to be sure)",
                file.display()
            ));
            Ok(text.into_owned())
        }
    }
}

fn read_csv_dir(dir: &Path) -> Result<Book, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read the folder {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
        .filter(|p| p.is_file())
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
        let bytes = file_bytes(&f)?;
        let text = csv_text(bytes, &f, &mut book.notes)?;
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut grid = Grid {
            name: name.clone(),
            rows: Vec::new(),
        };
        for (k, rec) in r.records().enumerate() {
            let rec = rec.map_err(|e| format!("{}: {e}", f.display()))?;
            for (c, s) in rec.iter().enumerate() {
                let cell = if s.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                };
                grid.put(k, c, cell)?;
            }
            if grid.rows.len() <= k {
                grid.rows.resize_with(k + 1, Vec::new);
            }
        }
        book.sheets.push(grid.finish(Vec::new()));
    }
    Ok(book)
}

/// The first sheet of a workbook, or a CSV file, as rows of text (a roster, say): numbers in
/// their shortest form, dates as `YYYY-MM-DD`.
pub fn first_table(path: &Path) -> Result<Vec<Vec<String>>, String> {
    let bytes = file_bytes(path)?;
    table_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// [`first_table`] of a file's bytes: a workbook by its content, else CSV text (UTF-8 or GBK).
pub fn table_bytes(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    if Format::of(bytes).is_some() {
        let book = read_workbook(bytes)?;
        let sheet = book
            .sheets
            .into_iter()
            .next()
            .ok_or("the workbook has no sheet")?;
        return Ok(sheet
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Cell::Text(t) => t.trim().to_string(),
                        Cell::Number(x) => crate::text::number::shortest(*x),
                        Cell::Bool(b) => b.to_string(),
                        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
                        Cell::Empty | Cell::Unreadable(_) => String::new(),
                    })
                    .collect()
            })
            .collect());
    }
    let text = csv_text(bytes.to_vec(), Path::new("the CSV file"), &mut Vec::new())?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        rows.push(rec.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        assert!(Format::of(b"PK\x03\x04rest") == Some(Format::Xlsx));
        assert!(
            Format::of(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]) == Some(Format::Xls)
        );
        assert!(Format::of(b"id,version\n").is_none());
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert!(Format::of(&ods) == Some(Format::Ods));
    }

    #[test]
    fn a_value_beyond_the_limits_is_an_error_at_its_cell() {
        let mut g = Grid {
            name: "items".into(),
            rows: Vec::new(),
        };
        g.put(0, 0, Cell::Text("id".into())).unwrap();
        // An empty cell far away costs nothing and is no error.
        g.put(1_048_575, 16_383, Cell::Empty).unwrap();
        let e = g.put(1_048_575, 16_383, Cell::Number(1.0)).unwrap_err();
        assert!(e.starts_with("items!XFD1048576"), "{e}");
        assert_eq!(g.rows.len(), 1);
    }

    #[test]
    fn merged_regions_fill_only_the_used_cells() {
        let mut g = Grid {
            name: "items".into(),
            rows: Vec::new(),
        };
        g.put(0, 0, Cell::Text("section".into())).unwrap();
        g.put(1, 0, Cell::Text("s1".into())).unwrap();
        g.put(3, 1, Cell::Text("x".into())).unwrap();
        let kept = g
            .merge(vec![Merge {
                r1: 1,
                c1: 0,
                r2: 1_000_000,
                c2: 16_000,
            }])
            .unwrap();
        assert_eq!(g.rows.len(), 4);
        assert_eq!(g.rows[3][0], Cell::Text("s1".into()));
        assert_eq!(kept[0].r2, 3);
        assert_eq!(kept[0].c2, 1);
        let many = (0..=MAX_MERGES)
            .map(|k| Merge {
                r1: k,
                c1: 0,
                r2: k,
                c2: 0,
            })
            .collect();
        assert!(g.merge(many).is_err());
    }
}
