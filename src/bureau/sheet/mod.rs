//! Templates as spreadsheets (§9), in the spirit of XLSForm: a workbook (or a folder of
//! CSV files) with the sheets `settings`, `sections`, `items`, `choices` and `rules`, one
//! row per object and one column per key. [`SHEETS`] is the one description of that
//! layout; [`import`] reads it into a template and reports every problem at its cell,
//! [`export`] writes a template out so that importing it gives the same template back.

pub mod book;
pub mod export;
pub mod import;
pub mod read;

/// How a column's cells turn into JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (a number typed into it is read as its text).
    Str,
    Num,
    Bool,
    /// A locale string: the column `key` holds one text for every locale, the columns
    /// `key::<locale>` one text each.
    Loc,
    /// `true`, `false`, or an expression (`required`).
    BoolOrExpr,
    /// Words separated by spaces, read as an array of strings.
    Tags,
    /// A number, or a date for date items (`min`, `max`).
    NumOrDate,
    /// A JSON object of any other keys of the row, merged into it.
    Extra,
    /// Where the row goes (`section`, `parent`, `choices`, a choice's `list`): read by the
    /// importer, not a key of the row's object.
    Place,
}

/// One column: its header, the key it fills (a `/` nests: `grading/ready`) and its kind.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub key: &'static str,
    pub kind: Kind,
}

const fn col(name: &'static str, key: &'static str, kind: Kind) -> Column {
    Column { name, key, kind }
}

/// One sheet: its name, whether a workbook must have it, and its columns in the order an
/// export writes them.
pub struct SheetSpec {
    pub name: &'static str,
    pub required: bool,
    pub columns: &'static [Column],
}

use Kind::*;

pub const SETTINGS: SheetSpec = SheetSpec {
    name: "settings",
    required: true,
    columns: &[
        col("id", "id", Str),
        col("version", "version", Str),
        col("title", "title", Loc),
        col("description", "description", Loc),
        col("default_locale", "default_locale", Str),
        col("grading_ready", "grading/ready", Num),
        col("grading_conditional", "grading/conditional", Num),
        col("extra", "", Extra),
    ],
};

pub const SECTIONS: SheetSpec = SheetSpec {
    name: "sections",
    required: true,
    columns: &[
        col("id", "id", Str),
        col("title", "title", Loc),
        col("help", "help", Loc),
        col("weight", "weight", Num),
        col("pass", "pass", Num),
        col("visible_if", "visible_if", Str),
        col("extra", "", Extra),
    ],
};

pub const ITEMS: SheetSpec = SheetSpec {
    name: "items",
    required: true,
    columns: &[
        col("section", "", Place),
        col("id", "id", Str),
        col("type", "type", Str),
        col("parent", "", Place),
        col("title", "title", Loc),
        col("help", "help", Loc),
        col("points", "points", Num),
        col("critical", "critical", Bool),
        col("required", "required", BoolOrExpr),
        col("na", "na", Bool),
        col("visible_if", "visible_if", Str),
        col("expr", "expr", Str),
        col("choices", "", Place),
        col("min", "min", NumOrDate),
        col("max", "max", NumOrDate),
        col("integer", "integer", Bool),
        col("unit", "unit", Loc),
        col("max_length", "max_length", Num),
        col("multiline", "multiline", Bool),
        col("min_count", "min_count", Num),
        col("max_count", "max_count", Num),
        col("min_rows", "min_rows", Num),
        col("max_rows", "max_rows", Num),
        col("source", "source", Str),
        col("tags", "tags", Tags),
        col("extra", "", Extra),
    ],
};

pub const CHOICES: SheetSpec = SheetSpec {
    name: "choices",
    required: false,
    columns: &[
        col("list", "", Place),
        col("value", "value", Str),
        col("label", "label", Loc),
        col("points", "points", Num),
        col("fail", "fail", Bool),
        col("extra", "", Extra),
    ],
};

pub const RULES: SheetSpec = SheetSpec {
    name: "rules",
    required: false,
    columns: &[
        col("id", "id", Str),
        col("section", "section", Str),
        col("title", "title", Loc),
        col("when", "when", Str),
        col("assert", "assert", Str),
        col("points", "points", Num),
        col("critical", "critical", Bool),
        col("message", "message", Loc),
        col("source", "source", Str),
        col("tags", "tags", Tags),
        col("extra", "", Extra),
    ],
};

/// Every sheet, in workbook order.
pub const SHEETS: [&SheetSpec; 5] = [&SETTINGS, &SECTIONS, &ITEMS, &CHOICES, &RULES];

/// Chinese names of the columns, for the header row an official types: sheet (`""` for
/// every sheet), column, and its names, the first of which an export writes in its second
/// header row. docs/authoring.md lists them.
const ALIASES: &[(&str, &str, &[&str])] = &[
    ("", "id", &["编号", "代码", "标识"]),
    ("settings", "version", &["版本", "版本号"]),
    ("settings", "title", &["名称", "标题", "清单名称"]),
    ("settings", "description", &["简介", "说明", "描述"]),
    ("settings", "default_locale", &["默认语言"]),
    ("settings", "grading_ready", &["具备条件分数线", "具备条件"]),
    (
        "settings",
        "grading_conditional",
        &["基本具备分数线", "基本具备"],
    ),
    ("sections", "title", &["标题", "名称", "分区名称"]),
    ("sections", "weight", &["权重"]),
    ("sections", "pass", &["合格线", "及格线", "通过线"]),
    ("items", "section", &["分区", "所属分区", "分区编号"]),
    ("items", "type", &["类型", "题型"]),
    ("items", "parent", &["所属表格", "上级", "父项"]),
    ("items", "title", &["标题", "检查内容", "检查项目", "要求"]),
    ("", "help", &["说明", "帮助", "检查方法"]),
    ("", "points", &["分值", "分数"]),
    ("", "critical", &["否决项", "一票否决", "关键项"]),
    ("items", "required", &["必填", "是否必填"]),
    ("items", "na", &["可不适用", "允许不适用", "不适用"]),
    ("", "visible_if", &["显示条件"]),
    ("items", "expr", &["计算式", "表达式", "公式"]),
    ("items", "choices", &["选项列表", "选项"]),
    ("items", "min", &["最小值", "下限"]),
    ("items", "max", &["最大值", "上限"]),
    ("items", "integer", &["整数", "仅整数"]),
    ("items", "unit", &["单位"]),
    ("items", "max_length", &["最大长度", "字数上限"]),
    ("items", "multiline", &["多行"]),
    ("items", "min_count", &["最少选择", "最少选"]),
    ("items", "max_count", &["最多选择", "最多选"]),
    ("items", "min_rows", &["最少行数"]),
    ("items", "max_rows", &["最多行数"]),
    ("", "source", &["依据", "来源", "出处", "文件依据"]),
    ("choices", "list", &["列表", "列表名", "选项列表"]),
    ("choices", "value", &["值", "选项值", "取值"]),
    ("choices", "label", &["显示文字", "选项文字", "标签"]),
    ("choices", "fail", &["不合格", "判为不合格"]),
    ("rules", "section", &["分区", "所属分区"]),
    ("rules", "title", &["标题", "名称"]),
    ("rules", "when", &["适用条件", "条件"]),
    ("rules", "assert", &["判定", "断言", "检查"]),
    ("rules", "message", &["提示", "提示语", "消息"]),
    ("", "tags", &["标签"]),
    ("", "extra", &["其他", "扩展"]),
];

/// Chinese names of the sheets.
const SHEET_ALIASES: &[(&str, &[&str])] = &[
    ("settings", &["设置", "基本信息", "清单信息"]),
    ("sections", &["分区", "栏目"]),
    ("items", &["检查项", "条目", "项目"]),
    ("choices", &["选项"]),
    ("rules", &["规则"]),
];

/// Locale suffixes written in Chinese after a column name: `标题（英文）`.
const LOCALE_SUFFIXES: &[(&str, &str)] = &[
    ("（中文）", "zh-CN"),
    ("(中文)", "zh-CN"),
    ("（英文）", "en"),
    ("(英文)", "en"),
];

/// The column a header word names in a sheet, by its name or one of its Chinese names.
fn column_named(spec: &'static SheetSpec, word: &str) -> Option<&'static Column> {
    let word = word.trim();
    if let Some(c) = spec
        .columns
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(word))
    {
        return Some(c);
    }
    // A sheet's own names before the shared ones (`标签` is a choice's label, else tags).
    let own = ALIASES.iter().filter(|(s, _, _)| *s == spec.name);
    let shared = ALIASES.iter().filter(|(s, _, _)| s.is_empty());
    own.chain(shared)
        .find(|(_, _, names)| names.contains(&word))
        .and_then(|(_, col, _)| spec.columns.iter().find(|c| c.name == *col))
}

/// What a header cell names: a column of the sheet and, for a locale string, the locale
/// (`title::en`, `标题（英文）`); `Some("")` when `::` is followed by nothing.
pub fn resolve(spec: &'static SheetSpec, raw: &str) -> Option<(&'static Column, Option<String>)> {
    let raw = raw.trim();
    let (name, locale) = match raw.split_once("::") {
        Some((n, l)) => (n, Some(l.trim().to_string())),
        None => match LOCALE_SUFFIXES.iter().find(|(s, _)| raw.ends_with(s)) {
            Some((s, l)) => (&raw[..raw.len() - s.len()], Some(l.to_string())),
            None => (raw, None),
        },
    };
    let col = column_named(spec, name)?;
    (locale.is_none() || col.kind == Kind::Loc).then_some((col, locale))
}

/// The Chinese name an export writes for a column (with its locale, if any).
pub fn chinese_name(spec: &SheetSpec, col: &Column, locale: Option<&str>) -> String {
    let name = ALIASES
        .iter()
        .filter(|(s, _, _)| *s == spec.name)
        .chain(ALIASES.iter().filter(|(s, _, _)| s.is_empty()))
        .find(|(_, c, _)| *c == col.name)
        .and_then(|(_, _, names)| names.first())
        .copied()
        .unwrap_or(col.name);
    match locale {
        Some("zh-CN") => format!("{name}（中文）"),
        Some("en") => format!("{name}（英文）"),
        Some(l) => format!("{name}::{l}"),
        None => name.to_string(),
    }
}

/// Every name a header cell of the sheet may hold, for "did you mean".
pub fn header_words(spec: &'static SheetSpec) -> Vec<String> {
    let mut out = Vec::new();
    for col in spec.columns {
        out.push(col.name.to_string());
        if col.kind == Kind::Loc {
            out.push(format!("{}::zh-CN", col.name));
            out.push(format!("{}::en", col.name));
        }
    }
    for (s, col, names) in ALIASES {
        if (s.is_empty() || *s == spec.name) && spec.columns.iter().any(|c| c.name == *col) {
            out.extend(names.iter().map(|n| n.to_string()));
        }
    }
    out
}

/// The sheet a workbook's sheet name means, by its name or a Chinese one.
pub fn sheet_named(name: &str) -> Option<usize> {
    let name = name.trim().to_lowercase();
    SHEETS.iter().position(|s| s.name == name).or_else(|| {
        SHEET_ALIASES
            .iter()
            .find(|(_, names)| names.contains(&name.as_str()))
            .and_then(|(s, _)| SHEETS.iter().position(|x| x.name == *s))
    })
}

/// The keys of a row object that its sheet's columns fill (the rest go to `extra`).
pub fn covered_keys(spec: &SheetSpec) -> impl Iterator<Item = &'static str> {
    spec.columns
        .iter()
        .filter(|c| !matches!(c.kind, Extra | Place))
        .map(|c| c.key.split('/').next().unwrap_or(c.key))
}

/// The spreadsheet name of a column index (0 → `A`, 26 → `AA`).
pub fn column_letter(mut k: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (k % 26) as u8);
        if k < 26 {
            break;
        }
        k = k / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// `sheet!A1` for a 0-based row and column (row 0 is the header).
pub fn cell_name(sheet: &str, row: usize, col: usize) -> String {
    format!("{sheet}!{}{}", column_letter(col), row + 1)
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    candidates
        .into_iter()
        .map(|c| {
            (
                distance(&w, &c.to_lowercase().chars().collect::<Vec<_>>()),
                c,
            )
        })
        .filter(|(d, c)| *d <= (c.chars().count().max(w.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_cells() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27 * 26), "AAA");
        assert_eq!(cell_name("items", 11, 5), "items!F12");
    }

    #[test]
    fn chinese_headers_name_their_columns() {
        let name = |spec, raw| resolve(spec, raw).map(|(c, l)| (c.name, l));
        assert_eq!(name(&ITEMS, "分值"), Some(("points", None)));
        assert_eq!(name(&ITEMS, "标题"), Some(("title", None)));
        assert_eq!(
            name(&ITEMS, "标题（英文）"),
            Some(("title", Some("en".into())))
        );
        assert_eq!(
            name(&ITEMS, "标题::zh-CN"),
            Some(("title", Some("zh-CN".into())))
        );
        assert_eq!(name(&ITEMS, "标签"), Some(("tags", None)));
        assert_eq!(name(&CHOICES, "标签"), Some(("label", None)));
        assert_eq!(name(&ITEMS, " Points "), Some(("points", None)));
        // A locale only on a locale string.
        assert_eq!(name(&ITEMS, "分值（英文）"), None);
        assert_eq!(name(&ITEMS, "预算"), None);
        assert_eq!(sheet_named("检查项"), Some(2));
        assert_eq!(sheet_named("Items"), Some(2));
        // Every alias names a column of its sheet, and the export's Chinese header reads
        // back as the same column.
        for (sheet, col, _) in ALIASES {
            let specs: Vec<&SheetSpec> = SHEETS
                .iter()
                .copied()
                .filter(|s| sheet.is_empty() || s.name == *sheet)
                .collect();
            assert!(
                specs
                    .iter()
                    .any(|s| s.columns.iter().any(|c| c.name == *col)),
                "{col}"
            );
        }
        for spec in SHEETS {
            for col in spec.columns {
                let locale = (col.kind == Kind::Loc).then_some("en");
                let zh = chinese_name(spec, col, locale);
                let back = resolve(spec, &zh).map(|(c, l)| (c.name, l));
                assert_eq!(back, Some((col.name, locale.map(String::from))), "{zh}");
            }
        }
    }

    #[test]
    fn typos_find_their_word() {
        let names = ["settings", "sections", "items", "choices", "rules"];
        assert_eq!(closest("Itmes", names), Some("items"));
        assert_eq!(closest("section", names), Some("sections"));
        assert_eq!(closest("budget", names), None);
        assert_eq!(
            closest("tittle::en", ["title::en", "title::zh-CN"]),
            Some("title::en")
        );
    }
}
