//! Workbooks as bureau officials make them (issue 29): a banner title above the header,
//! Chinese column names, the usual mistakes — each imports, or fails with one clear
//! message at its cell — and exports that Excel opens with the Chinese intact.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::cli;
use readycheck::bureau::sheet::book::Cell;
use readycheck::bureau::sheet::import::{import, Imported, SheetCode};
use readycheck::bureau::sheet::read;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

fn tmp(name: &str) -> PathBuf {
    let dir = common::scratch("official");
    dir.join(name)
}

fn problems(i: &Imported) -> String {
    i.problems.iter().map(|p| format!("{p}\n")).collect()
}

fn errors(i: &Imported) -> Vec<String> {
    i.problems
        .iter()
        .filter(|p| p.severity == readycheck::Severity::Error)
        .map(|p| p.to_string())
        .collect()
}

/// One sheet of an official's workbook: an optional banner (a title merged across the
/// table and a line of notes), then the header, then the rows.
struct Table<'a> {
    name: &'a str,
    banner: bool,
    header: &'a [&'a str],
    rows: Vec<Vec<&'a str>>,
}

fn write_table(ws: &mut Worksheet, t: &Table) {
    let mut r = 0u32;
    let width = t.header.len().max(1) as u16;
    if t.banner {
        let title = Format::new().set_bold().set_font_size(16);
        if width > 1 {
            ws.merge_range(
                0,
                0,
                0,
                width - 1,
                "某某区中小学开学疫情防控条件核查表",
                &title,
            )
            .unwrap();
        } else {
            ws.write_string(0, 0, "某某区中小学开学疫情防控条件核查表")
                .unwrap();
        }
        ws.write_string(1, 0, "填表说明：请逐项填写，不要改动表头。")
            .unwrap();
        r = 3; // a blank row between the notes and the header
    }
    for (c, h) in t.header.iter().enumerate() {
        ws.write_string(r, c as u16, *h).unwrap();
    }
    for row in &t.rows {
        r += 1;
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(x) => ws.write_number(r, c as u16, x).unwrap(),
                Err(_) => ws.write_string(r, c as u16, *v).unwrap(),
            };
        }
    }
}

fn save(name: &str, tables: &[Table], extra: impl FnOnce(&mut Workbook)) -> PathBuf {
    let path = tmp(name);
    let mut wb = Workbook::new();
    for t in tables {
        let ws = wb.add_worksheet().set_name(t.name).unwrap();
        write_table(ws, t);
    }
    extra(&mut wb);
    wb.save(&path).unwrap();
    path
}

/// The official's checklist: Chinese sheet and column names, a banner on every sheet.
fn official(items: Vec<Vec<&'static str>>, rules: Vec<Vec<&'static str>>) -> Vec<Table<'static>> {
    vec![
        Table {
            name: "settings",
            banner: true,
            header: &[
                "编号",
                "版本",
                "名称（中文）",
                "名称（英文）",
                "具备条件分数线",
            ],
            rows: vec![vec![
                "district-check",
                "1",
                "某区开学核查",
                "District check",
                "90",
            ]],
        },
        Table {
            name: "分区",
            banner: true,
            header: &["编号", "标题", "权重", "合格线"],
            rows: vec![
                vec!["org", "组织管理", "1", ""],
                vec!["dorm", "住宿管理", "1", ""],
            ],
        },
        Table {
            name: "items",
            banner: true,
            header: &[
                "分区",
                "编号",
                "类型",
                "标题",
                "说明",
                "分值",
                "否决项",
                "选项列表",
                "依据",
                "标签",
            ],
            rows: items,
        },
        Table {
            name: "choices",
            banner: false,
            header: &["列表", "值", "显示文字", "不合格"],
            rows: vec![
                vec!["dorm_kind", "yes", "有住宿", ""],
                vec!["", "no", "无住宿", ""],
            ],
        },
        Table {
            name: "规则",
            banner: true,
            header: &["编号", "分区", "适用条件", "判定", "分值", "否决项", "提示"],
            rows: rules,
        },
    ]
}

fn good_items() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "org",
            "plan",
            "yesno",
            "制定开学工作方案",
            "查阅方案",
            "2",
            "是",
            "",
            "001 L10",
            "PLAN-01",
        ],
        vec![
            "",
            "team",
            "yesno",
            "成立防控领导小组",
            "",
            "1",
            "",
            "",
            "001 L12",
            "",
        ],
        vec![
            "dorm",
            "has_dorm",
            "choice",
            "是否有住宿",
            "",
            "",
            "",
            "dorm_kind",
            "",
            "",
        ],
        vec!["", "beds", "number", "宿舍床位数", "", "", "", "", "", ""],
    ]
}

fn good_rules() -> Vec<Vec<&'static str>> {
    vec![vec![
        "dorm_rule",
        "dorm",
        "has_dorm == 'yes'",
        "beds > 0",
        "1",
        "",
        "有住宿须登记床位",
    ]]
}

#[test]
fn a_banner_above_chinese_headers_imports_with_a_note() {
    let path = save("banner.xlsx", &official(good_items(), good_rules()), |_| {});
    let i = import(&read::read(&path).unwrap());
    assert!(errors(&i).is_empty(), "{}", problems(&i));
    let t = i.template.as_ref().expect("the template imports");
    assert_eq!(t["id"], "district-check");
    assert_eq!(t["title"]["zh-CN"], "某区开学核查");
    assert_eq!(t["title"]["en"], "District check");
    assert_eq!(t["grading"]["ready"], 90);
    let org = &t["sections"][0];
    assert_eq!(org["title"], "组织管理");
    assert_eq!(org["items"][0]["points"], 2);
    assert_eq!(org["items"][0]["critical"], true);
    assert_eq!(org["items"][0]["help"], "查阅方案");
    assert_eq!(org["items"][0]["source"], "001 L10");
    assert_eq!(
        org["items"][1]["id"], "team",
        "a blank 分区 continues the one above"
    );
    assert_eq!(
        t["sections"][1]["items"][0]["options"][0]["label"],
        "有住宿"
    );
    assert_eq!(t["rules"][0]["when"], "has_dorm == 'yes'");
    // The skipped rows are named, once per sheet with a banner, and are no problem.
    let notes: Vec<String> = i.notes.iter().map(|n| n.to_string()).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("note items!A1 header_row")
                && n.contains("the header is row 4")
                && n.contains("rows 1–2")),
        "{notes:?}"
    );
    assert_eq!(notes.len(), 4, "{notes:?}");
    // Cells are named where they are in the sheet: the first item is on row 5.
    let mut bad = good_items();
    bad[0][5] = "两分";
    let path = save("banner-bad.xlsx", &official(bad, good_rules()), |_| {});
    let i = import(&read::read(&path).unwrap());
    assert_eq!(errors(&i).len(), 1, "{}", problems(&i));
    assert!(
        errors(&i)[0].starts_with("error items!F5 cell"),
        "{}",
        problems(&i)
    );
    // The command prints the notes and exits 0.
    let (code, out, err) = cli(&[
        "sheet",
        "import",
        &path_str(&save(
            "banner2.xlsx",
            &official(good_items(), good_rules()),
            |_| {},
        )),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"district-check\""));
    assert!(err.contains("note settings!A1 header_row"), "{err}");
}

fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

#[test]
fn a_sheet_without_a_header_says_which_words_it_looked_for() {
    let mut tables = official(good_items(), Vec::new());
    tables[2].header = &["甲", "乙", "丙"];
    tables[2].rows = vec![vec!["1", "2", "3"]];
    let path = save("no-header.xlsx", &tables, |_| {});
    let i = import(&read::read(&path).unwrap());
    let e = errors(&i);
    assert_eq!(e.len(), 1, "{}", problems(&i));
    assert!(e[0].contains("no_header"), "{}", e[0]);
    assert!(e[0].contains("section, id, type"), "{}", e[0]);
    assert!(e[0].contains("编号"), "{}", e[0]);
}

#[test]
fn a_choice_compared_with_its_label_is_an_error_naming_the_value() {
    let rules = vec![vec![
        "dorm_rule",
        "dorm",
        "has_dorm == '有住宿'",
        "beds > 0",
        "1",
        "",
        "有住宿须登记床位",
    ]];
    let path = save("label.xlsx", &official(good_items(), rules), |_| {});
    let (code, _, err) = cli(&["sheet", "import", &path_str(&path)]);
    assert_eq!(code, 1, "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or_default();
    assert!(line.starts_with("error 规则!C5 unknown_value"), "{err}");
    assert!(line.contains("yes, no"), "{line}");
    assert!(line.contains("compare with its value `'yes'`"), "{line}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error")).count(),
        1,
        "{err}"
    );
    // A yes/no item compared with 是 likewise.
    let rules = vec![vec!["r", "org", "", "plan == '是'", "1", "", "x"]];
    let path = save("label-yesno.xlsx", &official(good_items(), rules), |_| {});
    let i = import(&read::read(&path).unwrap());
    let e = errors(&i);
    assert_eq!(e.len(), 1, "{}", problems(&i));
    assert!(e[0].contains("'yes'"), "{}", e[0]);
}

#[test]
fn full_width_operators_and_chinese_quotes_get_a_half_width_hint() {
    for (assert_, bad) in [("beds ＞＝ 1", "＞"), ("has_dorm == “yes”", "“")] {
        let rules = vec![vec!["r", "dorm", "", assert_, "1", "", "x"]];
        let path = save("fullwidth.xlsx", &official(good_items(), rules), |_| {});
        let i = import(&read::read(&path).unwrap());
        let e = errors(&i);
        assert_eq!(e.len(), 1, "{}", problems(&i));
        assert!(e[0].starts_with("error 规则!D5 parse"), "{}", e[0]);
        assert!(e[0].contains(&format!("`{bad}`")), "{}", e[0]);
        assert!(e[0].contains("half-width"), "{}", e[0]);
    }
}

#[test]
fn a_duplicate_id_names_both_cells() {
    let mut items = good_items();
    items[1][1] = "plan";
    let path = save("dup.xlsx", &official(items, good_rules()), |_| {});
    let i = import(&read::read(&path).unwrap());
    let e = errors(&i);
    assert_eq!(e.len(), 1, "{}", problems(&i));
    assert!(e[0].starts_with("error items!B6 duplicate_id"), "{}", e[0]);
    assert!(
        e[0].contains("first at items!B5, again at items!B6"),
        "{}",
        e[0]
    );
}

#[test]
fn a_type_in_chinese_is_one_error_with_the_type_to_write() {
    let mut items = good_items();
    items[0][2] = "是否";
    let path = save("type.xlsx", &official(items, good_rules()), |_| {});
    let i = import(&read::read(&path).unwrap());
    let e = errors(&i);
    assert_eq!(
        e.len(),
        1,
        "no spurious unknown key before it:\n{}",
        problems(&i)
    );
    assert!(e[0].starts_with("error items!C5 item_type"), "{}", e[0]);
    assert!(e[0].contains("write `yesno`"), "{}", e[0]);
    assert!(
        !i.problems.iter().any(|p| p.code.as_str() == "unknown_key"),
        "{}",
        problems(&i)
    );
}

#[test]
fn a_title_merged_across_language_columns_is_refused() {
    let mut tables = official(good_items(), Vec::new());
    tables[2].header = &["分区", "编号", "类型", "标题（中文）", "标题（英文）"];
    tables[2].rows = vec![vec!["org", "plan", "yesno", "制定方案", ""]];
    let path = save("merged.xlsx", &tables, |wb| {
        let ws = wb.worksheet_from_name("items").unwrap();
        ws.merge_range(4, 3, 4, 4, "制定方案", &Format::new())
            .unwrap();
    });
    let i = import(&read::read(&path).unwrap());
    let e = errors(&i);
    assert_eq!(e.len(), 1, "{}", problems(&i));
    assert!(e[0].starts_with("error items!D5 merged_cells"), "{}", e[0]);
    assert!(
        e[0].contains("title::zh-CN") && e[0].contains("title::en"),
        "{}",
        e[0]
    );
    assert!(
        i.template.is_none(),
        "the Chinese is not copied into English"
    );
}

#[test]
fn a_csv_saved_as_gbk_reads_with_a_note() {
    let dir = tmp("gbk");
    std::fs::create_dir_all(&dir).unwrap();
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    std::fs::write(
        dir.join("settings.csv"),
        gbk("编号,版本,名称\ngbk-check,1,开学核查\n"),
    )
    .unwrap();
    std::fs::write(dir.join("sections.csv"), gbk("编号,标题\norg,组织管理\n")).unwrap();
    std::fs::write(
        dir.join("items.csv"),
        gbk("分区,编号,类型,标题,分值\norg,plan,yesno,制定开学工作方案,2\n"),
    )
    .unwrap();
    let i = import(&read::read(&dir).unwrap());
    assert!(errors(&i).is_empty(), "{}", problems(&i));
    let t = i.template.unwrap();
    assert_eq!(t["title"], "开学核查");
    assert_eq!(t["sections"][0]["items"][0]["title"], "制定开学工作方案");
    assert!(
        i.notes
            .iter()
            .any(|n| n.code == SheetCode::Encoding && n.message.contains("GBK")),
        "{:?}",
        i.notes
    );
}

#[test]
fn exports_guide_the_official_and_open_in_excel_with_chinese_intact() {
    let xlsx = tmp("export.xlsx");
    let (code, _, err) = cli(&[
        "sheet",
        "export",
        "builtin:school-reopening",
        "-o",
        &path_str(&xlsx),
    ]);
    assert_eq!(code, 0, "{err}");
    // A second header row in Chinese, read back by calamine.
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let items = wb.worksheet_range("items").unwrap();
    let row = |r: usize| -> Vec<String> {
        items
            .rows()
            .nth(r)
            .unwrap()
            .iter()
            .map(|d| match d {
                Data::String(s) => s.clone(),
                _ => String::new(),
            })
            .collect()
    };
    let (en, zh) = (row(0), row(1));
    let at = |name: &str| en.iter().position(|h| h == name).unwrap();
    assert_eq!(zh[at("points")], "分值");
    assert_eq!(zh[at("critical")], "否决项");
    assert_eq!(zh[at("title::zh-CN")], "标题（中文）");
    assert_eq!(zh[at("title::en")], "标题（英文）");
    // Drop-down lists: types, yes/no columns, sections, choice lists.
    let sheet_xml = unzip(&xlsx, "xl/worksheets/sheet3.xml");
    assert!(
        sheet_xml.contains("\"yesno,choice,multi,number,date,text,computed,repeat\""),
        "type list"
    );
    assert!(sheet_xml.contains("\"TRUE,FALSE\""), "yes/no list");
    assert!(sheet_xml.contains("sections!$A$3:$A$"), "section list");
    assert!(sheet_xml.matches("<dataValidation ").count() >= 4);
    // The workbook imports back to the same template.
    let i = import(&read::read(&xlsx).unwrap());
    assert!(errors(&i).is_empty(), "{}", problems(&i));
    let original = readycheck::builtin_text("builtin:school-reopening").unwrap();
    let original: serde_json::Value = serde_json::from_str(original).unwrap();
    assert_eq!(
        readycheck::json::to_string(&i.template.unwrap()),
        readycheck::json::to_string(&original)
    );
    // CSV exports start with a byte-order mark, so a double-click in Excel reads UTF-8.
    let dir = tmp("export-csv");
    let (code, _, err) = cli(&[
        "sheet",
        "export",
        "builtin:school-reopening",
        "-o",
        &path_str(&dir),
    ]);
    assert_eq!(code, 0, "{err}");
    for s in ["settings", "sections", "items", "choices", "rules"] {
        let bytes = std::fs::read(dir.join(format!("{s}.csv"))).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{s}.csv");
    }
    let i = import(&read::read(&dir).unwrap());
    assert!(errors(&i).is_empty(), "{}", problems(&i));
    // If the official deletes the English header row, the Chinese one is the header.
    let mut b = read::read(&dir).unwrap();
    for s in &mut b.sheets {
        s.rows.remove(0);
    }
    let i = import(&b);
    assert!(errors(&i).is_empty(), "{}", problems(&i));
    assert_eq!(
        readycheck::json::to_string(&i.template.unwrap()),
        readycheck::json::to_string(&original)
    );
}

fn unzip(path: &Path, part: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(part).unwrap(), &mut s).unwrap();
    s
}

/// Files LibreOffice saved (scripts/sheet-fixtures.sh made them from
/// tests/data/sheets/official.xlsx with `libreoffice --headless --convert-to`).
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/sheets")
        .join(name)
}

#[test]
fn xls_and_ods_saved_by_libreoffice_read_like_xlsx() {
    let reference = import(&read::read(&fixture("official.xlsx")).unwrap());
    assert!(errors(&reference).is_empty(), "{}", problems(&reference));
    let reference = reference.template.unwrap();
    for f in ["official-lo.xlsx", "official-lo.xls", "official-lo.ods"] {
        let i = import(&read::read(&fixture(f)).unwrap());
        assert!(errors(&i).is_empty(), "{f}: {}", problems(&i));
        assert_eq!(i.template.as_ref(), Some(&reference), "{f}");
        assert!(
            i.notes.iter().any(|n| n.code == SheetCode::HeaderRow),
            "{f}: {:?}",
            i.notes
        );
    }
    // An exported built-in template re-saved by LibreOffice imports equal to the template
    // it was exported from.
    let original = std::fs::read_to_string(fixture("school-reopening-source.json")).unwrap();
    let original: serde_json::Value = serde_json::from_str(&original).unwrap();
    for f in ["school-reopening-lo.xlsx", "school-reopening-lo.ods"] {
        let i = import(&read::read(&fixture(f)).unwrap());
        assert!(errors(&i).is_empty(), "{f}: {}", problems(&i));
        assert_eq!(i.template.as_ref(), Some(&original), "{f}");
    }
    // The same mistake, the same error at the same cell, in every format.
    for f in [
        "mistake-lo.xlsx",
        "mistake-lo.xls",
        "mistake-lo.ods",
        "mistake.xlsx",
    ] {
        let i = import(&read::read(&fixture(f)).unwrap());
        let e = errors(&i);
        assert_eq!(e.len(), 1, "{f}: {}", problems(&i));
        assert!(
            e[0].starts_with("error items!C6 item_type"),
            "{f}: {}",
            e[0]
        );
    }
}

#[test]
fn hostile_workbooks_are_errors_not_aborts() {
    // A value at XFD1048576 beside one at A1: refused at its cell, no grid allocated.
    let path = tmp("far.xlsx");
    raw_xlsx(
        &path,
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
    );
    let err = read::read(&path).unwrap_err();
    assert!(err.contains("items!XFD1048576"), "{err}");
    // A merged region over a million rows and every column fills only the used cells.
    let path = tmp("merge.xlsx");
    raw_xlsx(
        &path,
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>section</t></is></c><c r="B1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>s1</t></is></c></row><row r="6"><c r="B6" t="inlineStr"><is><t>x</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>"#,
    );
    let b = read::read(&path).unwrap();
    assert_eq!(b.sheets[0].rows.len(), 6);
    assert!(b.sheets[0].rows.iter().all(|r| r.len() <= 2));
    assert_eq!(b.sheets[0].rows[5][0], Cell::Text("s1".into()));
    // 20,000 merged regions: refused at once (the limit is 10,000).
    let path = tmp("merges.xlsx");
    let merges: String = (2..20_002)
        .map(|r| format!(r#"<mergeCell ref="A{r}:B{r}"/>"#))
        .collect();
    raw_xlsx(
        &path,
        &format!(
            r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row></sheetData><mergeCells count="20000">{merges}</mergeCells>"#
        ),
    );
    let start = std::time::Instant::now();
    let err = read::read(&path).unwrap_err();
    assert!(err.contains("20000 merged regions"), "{err}");
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    // The command on each hostile file, as its own process within 1 GB and 30 s.
    let far = tmp("far.xlsx");
    for (file, words) in [(&far, "items!XFD1048576"), (&path, "20000 merged regions")] {
        let bin = env!("CARGO_BIN_EXE_readycheck");
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "ulimit -v 1048576; exec timeout 30 '{bin}' sheet import '{}'",
                file.display()
            ))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(words), "{err}");
    }
}

/// A one-sheet `.xlsx` named `items` whose worksheet XML holds `body`: the smallest
/// package calamine reads, for files no spreadsheet program would write.
fn raw_xlsx(path: &Path, body: &str) {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let parts = [
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="items" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{body}</worksheet>"#)),
    ];
    for (name, text) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

/// Runs `readycheck ARGS | head -c 10` (or with standard error too) and gives the
/// command's own exit status and what it wrote to standard error.
fn closed_pipe(args: &str, both: bool) -> (i32, String) {
    let bin = env!("CARGO_BIN_EXE_readycheck");
    let redirect = if both {
        "2>&1"
    } else {
        "2>/tmp/readycheck-pipe-err.$$"
    };
    let script = format!(
        "'{bin}' {args} {redirect} | head -c 10 >/dev/null; s=${{PIPESTATUS[0]}}; \
         cat /tmp/readycheck-pipe-err.$$ 2>/dev/null >&2; rm -f /tmp/readycheck-pipe-err.$$; exit $s"
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn no_command_panics_on_a_closed_pipe() {
    let xlsx = tmp("pipe.xlsx");
    cli(&[
        "sheet",
        "export",
        "builtin:school-reopening",
        "-o",
        &path_str(&xlsx),
    ]);
    let assessment = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/school-reopening");
    let one = std::fs::read_dir(&assessment)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let one = path_str(&one);
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/rollup");
    // Each writes far more than a pipe holds, so the reader is gone before it is done.
    let commands = [
        format!("sheet import '{}'", path_str(&xlsx)),
        "lint builtin:school-reopening".to_string(),
        format!("score builtin:school-reopening '{one}'"),
        format!("compare builtin:school-reopening '{one}' '{one}'"),
        format!("rollup builtin:example '{}' --format html", path_str(&data)),
        "templates".to_string(),
        "--help".to_string(),
        "no-such-command".to_string(),
    ];
    for c in &commands {
        for both in [false, true] {
            let (code, err) = closed_pipe(c, both);
            assert!(!err.contains("panicked"), "{c}: {err}");
            assert!(
                code == 0 || code == 1 || code == 2,
                "{c} (2>&1: {both}) exited {code}: {err}"
            );
        }
    }
    // The issue's case: many problems on standard error into a closed pipe.
    let dir = tmp("pipe-bad");
    cli(&[
        "sheet",
        "export",
        "builtin:school-reopening",
        "-o",
        &path_str(&dir),
    ]);
    let items = std::fs::read_to_string(dir.join("items.csv")).unwrap();
    std::fs::write(dir.join("items.csv"), items.replace("yesno", "是否")).unwrap();
    let (code, err) = closed_pipe(&format!("sheet import '{}'", path_str(&dir)), true);
    assert!(!err.contains("panicked"), "{err}");
    assert!(code == 0 || code == 1, "exited {code}");
}

/// Writes tests/data/sheets/official.xlsx and mistake.xlsx, which scripts/sheet-fixtures.sh
/// then has LibreOffice save as .xlsx, .xls and .ods.
#[test]
#[ignore = "run by scripts/sheet-fixtures.sh"]
fn make_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sheets");
    std::fs::create_dir_all(&dir).unwrap();
    let ok = save(
        "official.xlsx",
        &official(good_items(), good_rules()),
        |_| {},
    );
    std::fs::copy(ok, dir.join("official.xlsx")).unwrap();
    let mut items = good_items();
    items[1][2] = "是否";
    let bad = save("mistake.xlsx", &official(items, good_rules()), |_| {});
    std::fs::copy(bad, dir.join("mistake.xlsx")).unwrap();
}

/// The fuzz target `sheet_reader`'s property, on mutations of real workbooks (a few
/// hundred here; the fuzzer runs millions): a damaged file is an error, never a panic.
#[test]
fn damaged_workbooks_are_errors_not_panics() {
    let seeds = [
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/example.xlsx"))
            .unwrap(),
        std::fs::read(fixture("official-lo.xls")).unwrap(),
        std::fs::read(fixture("official-lo.ods")).unwrap(),
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for k in 0..300 {
        let mut bytes = seeds[k % seeds.len()].clone();
        for _ in 0..(1 + next() % 8) {
            let at = (next() as usize) % bytes.len();
            match next() % 3 {
                0 => bytes[at] = next() as u8,
                1 => bytes.truncate(at.max(4)),
                _ => bytes.insert(at, next() as u8),
            }
        }
        if let Ok(book) = read::read_workbook(&bytes) {
            let _ = import(&book);
        }
    }
}
