//! The engine's own words in zh-CN and en: validation messages, verdicts, yes/no.

use std::borrow::Cow;

use crate::text::locale::Lang;

crate::codes::codes! {
    /// A validation issue's code (§3.1, the result's `issues[].code`).
    pub enum IssueCode {
        Required = "required",
        Type = "type",
        Option = "option",
        NaNotAllowed = "na_not_allowed",
        Min = "min",
        Max = "max",
        Integer = "integer",
        MaxLength = "max_length",
        MinCount = "min_count",
        MaxCount = "max_count",
        MinRows = "min_rows",
        MaxRows = "max_rows",
        DateFormat = "date_format",
    }
}

/// Why an answer failed validation (§3.1), with what the message needs to say.
#[derive(Debug, Clone, PartialEq)]
pub enum IssueKind {
    Required,
    Type(&'static str),
    Option(String),
    NaNotAllowed,
    Min(String),
    Max(String),
    Integer,
    MaxLength(String),
    MinCount(String),
    MaxCount(String),
    MinRows(String),
    MaxRows(String),
    DateFormat,
}

impl IssueKind {
    pub fn code(&self) -> IssueCode {
        match self {
            IssueKind::Required => IssueCode::Required,
            IssueKind::Type(_) => IssueCode::Type,
            IssueKind::Option(_) => IssueCode::Option,
            IssueKind::NaNotAllowed => IssueCode::NaNotAllowed,
            IssueKind::Min(_) => IssueCode::Min,
            IssueKind::Max(_) => IssueCode::Max,
            IssueKind::Integer => IssueCode::Integer,
            IssueKind::MaxLength(_) => IssueCode::MaxLength,
            IssueKind::MinCount(_) => IssueCode::MinCount,
            IssueKind::MaxCount(_) => IssueCode::MaxCount,
            IssueKind::MinRows(_) => IssueCode::MinRows,
            IssueKind::MaxRows(_) => IssueCode::MaxRows,
            IssueKind::DateFormat => IssueCode::DateFormat,
        }
    }

    /// The message in `lang`; the fixed ones are borrowed, so the hundreds of "required"
    /// issues of a large draft cost no allocation per change.
    pub fn message(&self, lang: Lang) -> Cow<'static, str> {
        use IssueKind::*;
        match (lang, self) {
            (Lang::Zh, Required) => Cow::Borrowed("此项必填，尚未作答"),
            (Lang::En, Required) => Cow::Borrowed("This item is required and has no answer"),
            (Lang::Zh, Type(t)) => Cow::Owned(format!("答案类型不对，应为{}", type_word(t, lang))),
            (Lang::En, Type(t)) => Cow::Owned(format!(
                "Wrong kind of answer: expected {}",
                type_word(t, lang)
            )),
            (Lang::Zh, Option(v)) => Cow::Owned(format!("“{}”不是可选的选项", v)),
            (Lang::En, Option(v)) => Cow::Owned(format!("“{}” is not one of the options", v)),
            (Lang::Zh, NaNotAllowed) => Cow::Borrowed("此项不能选“不适用”"),
            (Lang::En, NaNotAllowed) => {
                Cow::Borrowed("“Not applicable” is not allowed for this item")
            }
            (Lang::Zh, Min(m)) => Cow::Owned(format!("不能小于 {m}")),
            (Lang::En, Min(m)) => Cow::Owned(format!("Must be at least {m}")),
            (Lang::Zh, Max(m)) => Cow::Owned(format!("不能大于 {m}")),
            (Lang::En, Max(m)) => Cow::Owned(format!("Must be at most {m}")),
            (Lang::Zh, Integer) => Cow::Borrowed("应为整数"),
            (Lang::En, Integer) => Cow::Borrowed("Must be a whole number"),
            (Lang::Zh, MaxLength(m)) => Cow::Owned(format!("最多 {m} 个字")),
            (Lang::En, MaxLength(m)) => Cow::Owned(format!("At most {m} characters")),
            (Lang::Zh, MinCount(m)) => Cow::Owned(format!("至少选 {m} 项")),
            (Lang::En, MinCount(m)) => Cow::Owned(format!("Choose at least {m}")),
            (Lang::Zh, MaxCount(m)) => Cow::Owned(format!("最多选 {m} 项")),
            (Lang::En, MaxCount(m)) => Cow::Owned(format!("Choose at most {m}")),
            (Lang::Zh, MinRows(m)) => Cow::Owned(format!("至少填写 {m} 行")),
            (Lang::En, MinRows(m)) => Cow::Owned(format!("Add at least {m} rows")),
            (Lang::Zh, MaxRows(m)) => Cow::Owned(format!("最多 {m} 行")),
            (Lang::En, MaxRows(m)) => Cow::Owned(format!("At most {m} rows")),
            (Lang::Zh, DateFormat) => Cow::Borrowed("日期应为 YYYY-MM-DD 格式的真实日期"),
            (Lang::En, DateFormat) => {
                Cow::Borrowed("A date must be a real date written YYYY-MM-DD")
            }
        }
    }
}

fn type_word(t: &str, lang: Lang) -> &'static str {
    match (lang, t) {
        (Lang::Zh, "yesno") => "“是/否/不适用”",
        (Lang::Zh, "choice") => "一个选项",
        (Lang::Zh, "multi") => "选项列表",
        (Lang::Zh, "number") => "数字",
        (Lang::Zh, "date") => "日期",
        (Lang::Zh, "text") => "文字",
        (Lang::Zh, "repeat") => "表格行列表",
        (Lang::Zh, "row") => "一行记录",
        (Lang::Zh, _) => "无（自动计算项不填写）",
        (Lang::En, "yesno") => "\"yes\", \"no\" or \"na\"",
        (Lang::En, "choice") => "one option value",
        (Lang::En, "multi") => "a list of option values",
        (Lang::En, "number") => "a number",
        (Lang::En, "date") => "a date",
        (Lang::En, "text") => "text",
        (Lang::En, "repeat") => "a list of rows",
        (Lang::En, "row") => "a row object",
        (Lang::En, _) => "no answer (computed items are derived)",
    }
}

pub fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (lang, b) {
        (Lang::Zh, true) => "是",
        (Lang::Zh, false) => "否",
        (Lang::En, true) => "yes",
        (Lang::En, false) => "no",
    }
}

/// The message of a section finding: its title, shown score and pass mark.
pub fn section_below_pass(title: &str, score: &str, pass: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{title}：得分 {score}，低于合格线 {pass}"),
        Lang::En => format!("{title}: score {score} is below the pass mark {pass}"),
    }
}
