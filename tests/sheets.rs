//! Spreadsheet templates (§9): every built-in template survives export then import; every
//! feature is reachable from a workbook; every problem is reported at its cell; malformed
//! workbooks give a clear error, never a panic.

mod common;

use std::path::PathBuf;

use common::cli;
use readycheck::bureau::sheet::book::{self, Book, Cell, Sheet};
use readycheck::bureau::sheet::import::{import, Imported, ProblemCode, SheetCode};
use readycheck::bureau::sheet::read;
use readycheck::report::canonical::canonical;
use readycheck::Severity;
use serde_json::Value;

fn tmp(name: &str) -> PathBuf {
    let dir = common::scratch("sheets");
    dir.join(name)
}

#[test]
fn every_builtin_template_survives_export_then_import() {
    for b in readycheck::builtin::INDEX {
        let original: Value =
            serde_json::from_str(readycheck::builtin_text(b.id).unwrap()).unwrap();
        for out in [
            tmp(&format!("{}.xlsx", b.id)),
            tmp(&format!("{}-csv", b.id)),
        ] {
            let out_s = out.to_string_lossy().into_owned();
            let (code, _, err) = cli(&[
                "sheet",
                "export",
                &format!("builtin:{}", b.id),
                "-o",
                &out_s,
            ]);
            assert_eq!(code, 0, "{err}");
            let (code, json, err) = cli(&["sheet", "import", &out_s]);
            assert_eq!(code, 0, "{}: {err}", b.id);
            assert!(err.is_empty(), "{}: no problems, got {err}", b.id);
            let back: Value = serde_json::from_str(&json).unwrap();
            assert_eq!(
                canonical(&back),
                canonical(&original),
                "{} via {out_s}",
                b.id
            );
        }
    }
}

#[test]
fn published_workbooks_are_up_to_date() {
    // templates/<id>.xlsx is what `sheet export` writes today: importing the checked-in
    // workbook gives the checked-in template.
    for b in readycheck::builtin::INDEX {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("templates/{}.xlsx", b.id));
        assert!(
            path.exists(),
            "{} is published (bash scripts/workbooks.sh)",
            path.display()
        );
        let imported = import(&read::read(&path).unwrap());
        let original: Value =
            serde_json::from_str(readycheck::builtin_text(b.id).unwrap()).unwrap();
        assert_eq!(
            imported.template.map(|t| canonical(&t)),
            Some(canonical(&original)),
            "{} is stale: run bash scripts/workbooks.sh",
            path.display()
        );
    }
}

// ---- a workbook built cell by cell -------------------------------------------------------

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.into())
    }
}

fn sheet(name: &str, header: &[&str], rows: &[&[&str]]) -> Sheet {
    let mut out = Sheet {
        name: name.into(),
        rows: vec![header.iter().map(|h| text(h)).collect()],
        ..Default::default()
    };
    for r in rows {
        out.rows.push(r.iter().map(|c| text(c)).collect());
    }
    out
}

/// A workbook that uses every feature: two locales, visibility, a required expression, a
/// computed item, a repeat with children, a choice list, tags, sources and a rule with
/// `when`.
fn base() -> Book {
    Book {
        notes: Vec::new(),
        sheets: vec![
            sheet(
                "settings",
                &[
                    "id",
                    "version",
                    "title::zh-CN",
                    "title::en",
                    "grading_ready",
                    "grading_conditional",
                ],
                &[&["sheet-test", "1", "测试", "Test", "90", "75"]],
            ),
            sheet(
                "sections",
                &[
                    "id",
                    "title::zh-CN",
                    "title::en",
                    "weight",
                    "pass",
                    "visible_if",
                ],
                &[
                    &["s1", "组织", "Organisation", "1", "", ""],
                    &["s2", "人员", "Staff", "2", "60", "students > 0"],
                ],
            ),
            sheet(
                "items",
                &[
                    "section",
                    "id",
                    "type",
                    "parent",
                    "title::zh-CN",
                    "title::en",
                    "points",
                    "critical",
                    "required",
                    "visible_if",
                    "expr",
                    "choices",
                    "min",
                    "integer",
                    "min_rows",
                    "source",
                    "tags",
                ],
                &[
                    &[
                        "s1",
                        "students",
                        "number",
                        "",
                        "学生数",
                        "Students",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "0",
                        "true",
                        "",
                        "001 L10",
                        "",
                    ],
                    &[
                        "s1", "masks", "number", "", "口罩", "Masks", "", "", "", "", "", "", "0",
                        "", "", "", "",
                    ],
                    &[
                        "s1",
                        "plan",
                        "yesno",
                        "",
                        "预案",
                        "Plan",
                        "2",
                        "true",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "001 L22",
                        "PLAN-05 七个到位",
                    ],
                    &[
                        "s1", "level", "choice", "", "等级", "Level", "", "", "", "", "", "levels",
                        "", "", "", "", "",
                    ],
                    &[
                        "s2",
                        "need",
                        "computed",
                        "",
                        "需求",
                        "Need",
                        "",
                        "",
                        "",
                        "",
                        "students * 2",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &[
                        "s2", "staff", "repeat", "", "人员", "Staff", "", "", "", "", "", "", "",
                        "", "1", "", "",
                    ],
                    &[
                        "",
                        "fever_on",
                        "date",
                        "staff",
                        "发热日期",
                        "Fever on",
                        "",
                        "",
                        "false",
                        "",
                        "",
                        "",
                        "2026-01-01",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &[
                        "",
                        "staff_name",
                        "text",
                        "staff",
                        "姓名",
                        "Name",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &[
                        "s2",
                        "drill_on",
                        "date",
                        "",
                        "演练日期",
                        "Drill on",
                        "",
                        "",
                        "plan == 'yes'",
                        "plan == 'yes'",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "",
                    ],
                    &[
                        "s2", "canteen", "yesno", "", "食堂", "Canteen", "1", "", "", "", "", "",
                        "", "", "", "", "",
                    ],
                ],
            ),
            sheet(
                "choices",
                &[
                    "list",
                    "value",
                    "label::zh-CN",
                    "label::en",
                    "points",
                    "fail",
                ],
                &[
                    &["levels", "low", "低", "Low", "2", ""],
                    &["levels", "high", "高", "High", "0", "true"],
                ],
            ),
            sheet(
                "rules",
                &[
                    "id",
                    "section",
                    "when",
                    "assert",
                    "points",
                    "critical",
                    "message::zh-CN",
                    "message::en",
                    "source",
                    "tags",
                ],
                &[&[
                    "mask_rule",
                    "s1",
                    "students > 0",
                    "masks >= need",
                    "3",
                    "",
                    "口罩不足：需 {need}",
                    "Too few masks: {need}",
                    "002 L5",
                    "Q-26",
                ]],
            ),
        ],
    }
}

fn set(b: &mut Book, sheet_name: &str, row: usize, column: &str, value: &str) {
    let s = b.sheets.iter_mut().find(|s| s.name == sheet_name).unwrap();
    let col = s.rows[0]
        .iter()
        .position(|c| *c == Cell::Text(column.into()))
        .unwrap_or_else(|| {
            s.rows[0].push(Cell::Text(column.into()));
            s.rows[0].len() - 1
        });
    let r = &mut s.rows[row];
    if r.len() <= col {
        r.resize(col + 1, Cell::Empty);
    }
    r[col] = text(value);
}

fn problems(i: &Imported) -> String {
    i.problems.iter().map(|p| format!("{p}\n")).collect()
}

#[test]
fn every_feature_is_reachable_from_a_workbook() {
    let i = import(&base());
    assert!(i.problems.is_empty(), "{}", problems(&i));
    let t = i.template.unwrap();
    let loaded = readycheck::template::load(&t.to_string()).unwrap();
    assert_eq!(loaded.sections.len(), 2);
    assert_eq!(t["sections"][1]["visible_if"], "students > 0");
    assert_eq!(t["sections"][1]["pass"], 60);
    let items = &t["sections"][1]["items"];
    assert_eq!(items[0]["expr"], "students * 2");
    assert_eq!(items[1]["type"], "repeat");
    assert_eq!(items[1]["items"][0]["id"], "fever_on");
    assert_eq!(
        items[1]["items"][0]["min"], "2026-01-01",
        "a date item's min stays a date"
    );
    assert_eq!(items[1]["items"][0]["required"], false);
    assert_eq!(items[1]["items"][1]["id"], "staff_name");
    assert_eq!(items[2]["required"], "plan == 'yes'");
    let plan = &t["sections"][0]["items"][2];
    assert_eq!(plan["tags"], serde_json::json!(["PLAN-05", "七个到位"]));
    assert_eq!(plan["critical"], true);
    assert_eq!(plan["title"]["en"], "Plan");
    assert_eq!(
        t["sections"][0]["items"][0]["min"], 0,
        "a number item's min is a number"
    );
    assert_eq!(t["sections"][0]["items"][3]["options"][1]["fail"], true);
    assert_eq!(t["rules"][0]["when"], "students > 0");
    assert_eq!(t["rules"][0]["message"]["zh-CN"], "口罩不足：需 {need}");
    assert_eq!(t["grading"]["ready"], 90);
}

/// Imports the base workbook changed by `f` and finds `code` at `cell`.
fn assert_at(f: impl FnOnce(&mut Book), severity: Severity, code: &str, cell: &str) -> String {
    let mut b = base();
    f(&mut b);
    let i = import(&b);
    let found = i
        .problems
        .iter()
        .find(|p| p.severity == severity && p.code.as_str() == code && p.cell == cell);
    assert!(
        found.is_some(),
        "expected {severity:?} {code} at {cell}, got:\n{}",
        problems(&i)
    );
    if severity == Severity::Error {
        assert!(i.template.is_none());
    }
    found.map(|p| p.to_string()).unwrap_or_default()
}

#[test]
fn lint_problems_are_reported_at_their_cell() {
    use Severity::{Error, Warning};
    // items: section A, id B, type C, parent D, title E F, points G, critical H,
    // required I, visible_if J, expr K, choices L, min M; data rows from row 2.
    let line = assert_at(
        |b| set(b, "items", 9, "visible_if", "studnets > 0"),
        Error,
        "unknown_name",
        "items!J10",
    );
    assert!(line.starts_with("error items!J10 unknown_name "), "{line}");
    assert!(line.contains("studnets"), "{line}");
    assert!(line.ends_with("did you mean `students`?"), "{line}");
    let line = assert_at(
        |b| set(b, "items", 5, "expr", "students *"),
        Error,
        "parse",
        "items!K6",
    );
    assert!(
        line.contains("at character"),
        "the column in the text: {line}"
    );
    assert_at(
        |b| set(b, "items", 2, "id", "students"),
        Error,
        "duplicate_id",
        "items!B3",
    );
    assert_at(
        |b| set(b, "items", 2, "type", "slider"),
        Error,
        "item_type",
        "items!C3",
    );
    assert_at(
        |b| set(b, "items", 5, "expr", "students + 'a'"),
        Error,
        "type",
        "items!K6",
    );
    // A cycle is the item's: reported at its id.
    assert_at(
        |b| set(b, "items", 5, "expr", "need + 1"),
        Error,
        "cycle",
        "items!B6",
    );
    assert_at(
        |b| set(b, "items", 3, "points", "-1"),
        Error,
        "negative",
        "items!G4",
    );
    assert_at(
        |b| set(b, "settings", 1, "grading_ready", "50"),
        Error,
        "grading",
        "settings!E2",
    );
    assert_at(
        |b| set(b, "choices", 2, "value", "low"),
        Error,
        "options",
        "choices!B3",
    );
    assert_at(
        |b| set(b, "rules", 1, "assert", "mask >= need"),
        Error,
        "unknown_name",
        "rules!D2",
    );
    assert_at(
        |b| set(b, "rules", 1, "when", "true"),
        Warning,
        "constant_when",
        "rules!C2",
    );
    assert_at(
        |b| set(b, "items", 3, "critical", "maybe"),
        Error,
        "cell",
        "items!H4",
    );
    assert_at(
        |b| set(b, "items", 3, "extra", "{\"colour\": 1}"),
        Warning,
        "unknown_key",
        "items!R4",
    );
    assert_at(
        |b| set(b, "items", 3, "title::zh-CN", ""),
        Warning,
        "missing_locale",
        "items!E4",
    );
    assert_at(
        |b| set(b, "items", 3, "na", "true"),
        Warning,
        "critical_na",
        "items!R4",
    );
}

#[test]
fn misspelled_sheets_columns_and_names_get_the_closest_valid_one() {
    use Severity::Error;
    let line = assert_at(
        |b| set(b, "items", 0, "title::en", "tittle::en"),
        Error,
        "unknown_column",
        "items!F1",
    );
    assert!(line.contains("did you mean `title::en`"), "{line}");
    let line = assert_at(
        |b| set(b, "items", 1, "section", "s3"),
        Error,
        "unknown_section",
        "items!A2",
    );
    assert!(line.contains("did you mean"), "{line}");
    let line = assert_at(
        |b| set(b, "items", 4, "choices", "level"),
        Error,
        "unknown_list",
        "items!L5",
    );
    assert!(line.contains("did you mean `levels`"), "{line}");
    let line = assert_at(
        |b| b.sheets[2].name = "Itmes".into(),
        Error,
        "missing_sheet",
        "workbook",
    );
    assert!(line.contains("`Itmes`"), "{line}");
    assert_at(
        |b| set(b, "items", 7, "parent", "stuff"),
        Error,
        "unknown_parent",
        "items!D8",
    );
}

#[test]
fn the_command_prints_problems_by_cell_and_exits_1() {
    let mut b = base();
    set(&mut b, "items", 9, "visible_if", "studnets > 0");
    let path = tmp("bad.xlsx");
    book::write(&b, &path).unwrap();
    let (code, out, err) = cli(&["sheet", "import", &path.to_string_lossy()]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(
        err.lines()
            .any(|l| l.starts_with("error items!J10 unknown_name ")),
        "{err}"
    );
}

#[test]
fn malformed_workbooks_are_clear_errors() {
    let not_zip = tmp("not-a-zip.xlsx");
    std::fs::write(&not_zip, "id,version\n").unwrap();
    let (code, _, err) = cli(&["sheet", "import", &not_zip.to_string_lossy()]);
    assert_eq!(code, 2);
    assert!(err.contains("is not a workbook"), "{err}");
    assert!(
        err.contains(".xlsx") && err.contains(".xls") && err.contains(".ods"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    let broken = tmp("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 this is no archive").unwrap();
    let (code, _, err) = cli(&["sheet", "import", &broken.to_string_lossy()]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // An empty workbook: one blank sheet.
    let empty = Book {
        notes: Vec::new(),
        sheets: vec![Sheet {
            name: "Sheet1".into(),
            rows: Vec::new(),
            ..Default::default()
        }],
    };
    let i = import(&empty);
    assert!(i.template.is_none());
    for s in ["settings", "sections", "items"] {
        assert!(
            i.problems
                .iter()
                .any(|p| p.code == ProblemCode::Sheet(SheetCode::MissingSheet)
                    && p.message.contains(s)),
            "{}",
            problems(&i)
        );
    }
    assert!(cli(&["sheet", "import", "/no/such.xlsx"]).0 == 2);
}

#[test]
fn formulas_merged_cells_and_excel_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let path = tmp("excel-features.xlsx");
    let mut wb = Workbook::new();
    let s = wb.add_worksheet().set_name("settings").unwrap();
    for (c, h) in ["id", "version", "title"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "excel").unwrap();
    // A formula with its saved value reads as that value.
    s.write_formula(1, 1, Formula::new("=\"v\"&\"1\"").set_result("v1"))
        .unwrap();
    s.write_string(1, 2, "Excel").unwrap();
    let s = wb.add_worksheet().set_name("sections").unwrap();
    s.write_string(0, 0, "id").unwrap();
    s.write_string(0, 1, "title").unwrap();
    s.write_string(1, 0, "s1").unwrap();
    s.write_string(1, 1, "S").unwrap();
    let s = wb.add_worksheet().set_name("items").unwrap();
    for (c, h) in ["section", "id", "type", "title", "min", "points"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    // The section merged down beside three items.
    s.merge_range(1, 0, 3, 0, "s1", &Format::new()).unwrap();
    for (r, (id, ty)) in [("a", "yesno"), ("b", "date"), ("c", "yesno")]
        .iter()
        .enumerate()
    {
        let r = r as u32 + 1;
        s.write_string(r, 1, *id).unwrap();
        s.write_string(r, 2, *ty).unwrap();
        s.write_string(r, 3, id.to_uppercase()).unwrap();
    }
    // A date typed as an Excel date.
    let d = ExcelDateTime::from_ymd(2026, 8, 25).unwrap();
    s.write_datetime_with_format(2, 4, &d, &Format::new().set_num_format("yyyy-mm-dd"))
        .unwrap();
    s.write_number(1, 5, 2).unwrap();
    wb.save(&path).unwrap();

    let i = import(&read::read(&path).unwrap());
    assert!(i.problems.is_empty(), "{}", problems(&i));
    let t = i.template.unwrap();
    assert_eq!(t["version"], "v1");
    let items = t["sections"][0]["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "the merged section applies to every row");
    assert_eq!(items[1]["min"], "2026-08-25");
    assert_eq!(items[0]["points"], 2);
}

#[test]
fn a_sheet_of_100000_rows_imports() {
    // 100,000 items in one section: read, built and linted without anything quadratic.
    let mut rows: Vec<Vec<Cell>> = vec![["section", "id", "type", "title", "points"]
        .iter()
        .map(|h| text(h))
        .collect()];
    for k in 0..100_000 {
        rows.push(vec![
            text("s1"),
            text(&format!("i{k}")),
            text("yesno"),
            text(&format!("检查项 {k}")),
            Cell::Number(1.0),
        ]);
    }
    let mut b = Book {
        notes: Vec::new(),
        sheets: vec![
            sheet(
                "settings",
                &["id", "version", "title"],
                &[&["big", "1", "Big"]],
            ),
            sheet("sections", &["id", "title"], &[&["s1", "S"]]),
        ],
    };
    b.sheets.push(Sheet {
        name: "items".into(),
        rows,
        ..Default::default()
    });
    let path = tmp("big-csv");
    book::write(&b, &path).unwrap();
    let start = std::time::Instant::now();
    let i = import(&read::read(&path).unwrap());
    assert!(i.problems.is_empty(), "{}", problems(&i));
    assert_eq!(
        i.template.unwrap()["sections"][0]["items"]
            .as_array()
            .unwrap()
            .len(),
        100_000
    );
    // A correctness check for complexity, with a wide margin (quadratic takes minutes).
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

#[test]
fn csv_folders_read_like_workbooks() {
    let dir = tmp("base-csv");
    book::write(&base(), &dir).unwrap();
    assert!(dir.join("items.csv").exists());
    let from_csv = import(&read::read(&dir).unwrap());
    let from_book = import(&base());
    assert_eq!(from_csv.template, from_book.template);
    // Excel's "CSV UTF-8" starts with a byte-order mark.
    let items = std::fs::read_to_string(dir.join("items.csv")).unwrap();
    assert!(
        items.starts_with('\u{feff}'),
        "exports carry the mark for Excel"
    );
    let bare = items.trim_start_matches('\u{feff}');
    std::fs::write(dir.join("items.csv"), bare).unwrap();
    assert_eq!(
        import(&read::read(&dir).unwrap()).template,
        from_book.template
    );
    // What is neither UTF-8 nor GBK is refused clearly (GBK itself: tests/sheets_official.rs).
    std::fs::write(dir.join("items.csv"), b"section,id\n\xff\xff\x80,x\n").unwrap();
    let err = read::read(&dir).unwrap_err();
    assert!(err.contains("CSV UTF-8"), "{err}");
}
