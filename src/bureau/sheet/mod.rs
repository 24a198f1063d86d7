//! Templates as spreadsheets (§9), in the spirit of XLSForm: a workbook (or a folder of
//! CSV files) with the sheets `settings`, `sections`, `items`, `choices` and `rules`, one
//! row per object and one column per key. [`SHEETS`] is the one description of that
//! layout; [`import`] reads it into a template and reports every problem at its cell,
//! [`export`] writes a template out so that importing it gives the same template back.

pub mod book;
pub mod export;
pub mod import;

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
