//! What the roll-up's page and workbook show a district official (SPEC §9, 1.2), decided
//! once for both: verdicts in the element's words, modes as 自查/督查, rejection reasons in
//! the report's language, requirements by title with the id beside, only the stage and
//! principle tags (most failed first, without their prefixes), and one ledger row per site
//! and mode (its latest assessment).

use std::collections::HashMap;

use super::rollup::{RequirementRow, RollupDoc, SiteRow, TagRow};
use crate::report::Verdict;
use crate::text::locale::Lang;

/// The verdict in the one vocabulary the element, the report and the pages share.
pub fn verdict(v: Verdict, lang: Lang) -> &'static str {
    v.word(lang)
}

/// `self` and `inspection` as an official says them.
pub fn mode(m: &str, lang: Lang) -> &str {
    match (lang, m) {
        (Lang::Zh, "self") => "自查",
        (Lang::Zh, "inspection") => "督查",
        (Lang::En, "self") => "Self-check",
        (Lang::En, "inspection") => "Inspection",
        (_, other) => other,
    }
}

/// A requirement as the report names it: its title, the id beside it (`标题（id）`, in
/// English `Title (id)`).
pub fn requirement(r: &RequirementRow, lang: Lang) -> String {
    label(&r.title, &r.id, lang)
}

fn label(title: &str, id: &str, lang: Lang) -> String {
    if title.is_empty() || title == id {
        return id.to_string();
    }
    match lang {
        Lang::Zh => format!("{title}（{id}）"),
        Lang::En => format!("{title} ({id})"),
    }
}

/// A requirement's chart label within `width` units (a CJK character counts two, others
/// one): the title shortened with `…` when it must be, the id always kept whole, so that a
/// bar can be looked up.
pub fn short_requirement(r: &RequirementRow, lang: Lang, width: usize) -> String {
    short_label(&r.title, &r.id, lang, width)
}

fn short_label(full_title: &str, id: &str, lang: Lang, width: usize) -> String {
    let full = label(full_title, id, lang);
    let units = |s: &str| {
        s.chars()
            .map(|c| if c >= '\u{2e80}' { 2 } else { 1 })
            .sum::<usize>()
    };
    if units(&full) <= width || full_title.is_empty() || full_title == id {
        return full;
    }
    let tail = match lang {
        Lang::Zh => format!("…（{id}）"),
        Lang::En => format!("… ({id})"),
    };
    let mut title = String::new();
    for c in full_title.chars() {
        if units(&title) + units(&c.to_string()) + units(&tail) > width {
            break;
        }
        title.push(c);
    }
    format!("{}{tail}", title.trim_end())
}

/// Item and rule ids by their titles (for the comparison's disputed items).
pub fn titles(doc: &RollupDoc) -> HashMap<&str, &RequirementRow> {
    doc.requirements
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect()
}

/// Ids named by their titles: `title（id）, …`.
pub fn named(ids: &[String], titles: &HashMap<&str, &RequirementRow>, lang: Lang) -> Vec<String> {
    ids.iter()
        .map(|id| {
            titles
                .get(id.as_str())
                .map_or(id.clone(), |r| requirement(r, lang))
        })
        .collect()
}

/// The tags a district charts: the 七个到位 stages and the named principles (三不复课, 十关口,
/// …), without their `stage:`/`principle:` prefix, the most failed first.
pub fn charted_tags(doc: &RollupDoc) -> Vec<(String, &TagRow)> {
    let mut out: Vec<(String, &TagRow)> = doc
        .tags
        .iter()
        .filter_map(|t| {
            let name = t
                .tag
                .strip_prefix("stage:")
                .or_else(|| t.tag.strip_prefix("principle:"))?;
            Some((name.to_string(), t))
        })
        .collect();
    out.sort_by(|a, b| {
        let share = |t: &TagRow| t.failed_share.as_f64().unwrap_or(0.0);
        share(b.1)
            .total_cmp(&share(a.1))
            .then(b.1.failed.cmp(&a.1.failed))
            .then(a.0.cmp(&b.0))
    });
    out
}

/// The ledger: per site and mode, its latest assessment (by `as_of`, then input order),
/// where it has open, overdue or uncovered actions; the most overdue first.
pub fn ledger(doc: &RollupDoc) -> Vec<&SiteRow> {
    let mut latest: HashMap<(&str, &str), (usize, &SiteRow)> = HashMap::new();
    for (k, r) in doc.sites.iter().enumerate() {
        let key = (r.site_code.as_deref().unwrap_or(r.input.as_str()), r.mode);
        let newer = latest.get(&key).is_none_or(|(_, old)| old.as_of <= r.as_of);
        if newer {
            latest.insert(key, (k, r));
        }
    }
    let mut rows: Vec<(usize, &SiteRow)> = latest
        .into_values()
        .filter(|(_, r)| r.open_actions + r.overdue_actions + r.uncovered > 0)
        .collect();
    rows.sort_by(|a, b| {
        b.1.overdue_actions
            .cmp(&a.1.overdue_actions)
            .then(b.1.uncovered.cmp(&a.1.uncovered))
            .then(a.0.cmp(&b.0))
    });
    rows.into_iter().map(|(_, r)| r).collect()
}

/// A rejection reason in the report's language: the English reason's kind in Chinese, its
/// detail (which quotes the input) after it.
pub fn reason(reason: &str, lang: Lang) -> String {
    const ZH: &[(&str, &str)] = &[
        ("malformed JSON", "不是有效的 JSON"),
        ("not a JSON object", "不是 JSON 对象"),
        (
            "neither an assessment",
            "既不是评估文档，也不是 {assessment, result}",
        ),
        ("cannot read", "无法读取"),
        ("not a regular file", "不是普通文件"),
        ("not UTF-8 text", "不是 UTF-8 文本"),
        ("standard input named twice", "标准输入被指定了两次"),
        ("the assessment is for template", "属于另一份核查表"),
    ];
    if lang == Lang::En {
        return reason.to_string();
    }
    match ZH.iter().find(|(en, _)| reason.starts_with(en)) {
        Some((en, zh)) => {
            let rest = reason[en.len()..].trim_start_matches([':', ' ']);
            if rest.is_empty() {
                (*zh).to_string()
            } else {
                format!("{zh}（{rest}）")
            }
        }
        None => format!("无法计分（{reason}）"),
    }
}

#[cfg(test)]
mod label_tests {
    use super::*;

    #[test]
    fn chart_labels_keep_the_id_and_use_the_languages_brackets() {
        assert_eq!(label("Masks", "masks", Lang::En), "Masks (masks)");
        assert_eq!(label("口罩", "masks", Lang::Zh), "口罩（masks）");
        assert_eq!(label("", "masks", Lang::En), "masks");
        let long = "A designated isolation room with ventilation, away from classrooms";
        let s = short_label(long, "iso_room_01", Lang::En, 48);
        assert!(s.ends_with("… (iso_room_01)"), "{s}");
        assert!(s.chars().count() <= 48, "{s}");
        let zh = short_label(
            "设置临时隔离室，位置相对独立，通风良好，有专人负责管理",
            "iso_01",
            Lang::Zh,
            48,
        );
        assert!(zh.ends_with("…（iso_01）"), "{zh}");
        let units: usize = zh
            .chars()
            .map(|c| if c >= '\u{2e80}' { 2 } else { 1 })
            .sum();
        assert!(units <= 48, "{zh}: {units}");
        assert_eq!(short_label("口罩", "masks", Lang::Zh, 48), "口罩（masks）");
    }
}
