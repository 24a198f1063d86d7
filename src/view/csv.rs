//! The CSV export: one row per item, in the viewer's language, quoted per RFC 4180.

use serde_json::Value;

use super::words::{word, Word};
use crate::document::Document;
use crate::report::Report;
use crate::template::Template;
use crate::text::locale::Lang;

/// One CSV field: quoted per RFC 4180 and guarded against formula injection.
pub fn cell(s: &str) -> String {
    // A leading = + - @ (or TAB or CR, which spreadsheets skip before reading one) would
    // make spreadsheets run the cell as a formula (OWASP's CSV injection guidance).
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn answer_text(v: &Value, lang: Lang) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => match s.as_str() {
            "yes" => word(Word::Yes, lang).into(),
            "no" => word(Word::No, lang).into(),
            "na" => word(Word::Na, lang).into(),
            _ => s.clone(),
        },
        other => crate::json::to_string(other),
    }
}

/// Section, item id, title, answer, points lost, issue, note.
pub fn export(t: &Template, r: &Report, doc: &Document, locale: &str) -> String {
    let lang = Lang::of(locale);
    let head = match lang {
        Lang::Zh => "分区,编号,检查项,答案,扣分,问题,备注",
        Lang::En => "section,id,item,answer,points_lost,issue,note",
    };
    let mut out = String::from(head);
    out.push_str("\r\n");
    for sec in &t.sections {
        for it in &t.items[sec.items.clone()] {
            let lost = r
                .findings
                .iter()
                .find(|f| f.id == it.id)
                .map(|f| crate::json::to_string(&f.points_lost))
                .unwrap_or_default();
            let issue = r
                .issues
                .iter()
                .filter(|i| i.target == it.id || i.target.starts_with(&format!("{}[", it.id)))
                .map(|i| i.message.as_ref())
                .collect::<Vec<_>>()
                .join("; ");
            let note = doc
                .notes()
                .and_then(|n| n.get(&it.id))
                .and_then(Value::as_str)
                .unwrap_or("");
            let answer = match r.values.get(&it.id) {
                Some(v) => answer_text(v, lang),
                None => answer_text(doc.answer(&it.id).unwrap_or(&Value::Null), lang),
            };
            let cells = [
                sec.title.get(locale, &t.default_locale),
                &it.id,
                it.title.get(locale, &t.default_locale),
                &answer,
                &lost,
                &issue,
                note,
            ];
            out.push_str(&cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("\t=cmd"), "'\t=cmd");
        assert_eq!(cell("\r=cmd"), "\"'\r=cmd\"");
        assert_eq!(cell("-3"), "'-3");
    }
}
