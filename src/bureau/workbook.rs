//! The roll-up as a workbook (`--format xlsx`, SPEC §9 1.2) for an official who works in
//! Excel or WPS: sheets 汇总 (summary), 各单位 (sites), 各项要求 (requirements), 自查督查对比
//! (pairs) and 整改台账 (ledger), headed in the report's language, with the words of the page
//! ([`super::present`]): verdicts as the element says them, items by title with the id beside.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::present;
use super::rollup::RollupDoc;
use crate::text::locale::Lang;

/// Sheet names and column headers, in Chinese and English.
struct Labels {
    sheets: [&'static str; 5],
    /// The summary's labels but the verdicts (those are the element's words).
    summary: [&'static str; 5],
    sites: [&'static str; 12],
    requirements: [&'static str; 6],
    pairs: [&'static str; 6],
    ledger: [&'static str; 5],
    missing: &'static str,
}

const ZH: Labels = Labels {
    sheets: ["汇总", "各单位", "各项要求", "自查督查对比", "整改台账"],
    summary: ["核查表", "评估份数", "未能计分", "疑似篡改", "名册中未提交"],
    sites: [
        "输入",
        "单位代码",
        "单位名称",
        "类型",
        "日期",
        "得分",
        "结论",
        "否决项",
        "未完成整改",
        "逾期整改",
        "未列入台账的问题",
        "疑似篡改",
    ],
    requirements: [
        "要求",
        "标签",
        "否决项",
        "适用单位数",
        "不合格单位数",
        "不合格率（%）",
    ],
    pairs: [
        "单位",
        "自查得分",
        "督查得分",
        "一致率（%）",
        "分差",
        "争议项",
    ],
    ledger: ["单位", "类型", "未完成", "逾期", "未列入台账的问题"],
    missing: "名册中未提交的单位",
};

const EN: Labels = Labels {
    sheets: ["Summary", "Sites", "Requirements", "Pairs", "Ledger"],
    summary: [
        "Checklist",
        "Assessments",
        "Rejected",
        "Tampered",
        "On the roster, not submitted",
    ],
    sites: [
        "Input",
        "Code",
        "Name",
        "Mode",
        "As of",
        "Score",
        "Verdict",
        "Critical",
        "Open actions",
        "Overdue",
        "Findings without a plan",
        "Tampered",
    ],
    requirements: [
        "Requirement",
        "Tags",
        "Critical",
        "Applicable",
        "Failed",
        "Failed share (%)",
    ],
    pairs: [
        "Site",
        "Self-check score",
        "Inspection score",
        "Agreement (%)",
        "Delta",
        "Disputed items",
    ],
    ledger: ["Site", "Mode", "Open", "Overdue", "Findings without a plan"],
    missing: "Sites on the roster that did not submit",
};

/// Writes the workbook of a roll-up to `path`.
pub fn write(
    doc: &RollupDoc,
    title: &str,
    locale: &str,
    path: &std::path::Path,
) -> Result<(), String> {
    build(doc, title, locale)
        .and_then(|mut wb| wb.save(path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn build(doc: &RollupDoc, title: &str, locale: &str) -> Result<Workbook, XlsxError> {
    let lang = Lang::of(locale);
    let l = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let head = Format::new().set_bold().set_background_color(0xE8EEF4);
    let mut wb = Workbook::new();
    let yes = |b: bool| crate::text::messages::yes_no(b, lang).to_string();
    let score = |v: &serde_json::Value| v.as_f64();

    // Summary: one column of labels, one of values.
    let ws = wb.add_worksheet().set_name(l.sheets[0])?;
    let v = &doc.verdicts;
    let tampered = doc.sites.iter().filter(|r| r.tampered).count();
    let missing = doc.missing.as_ref().map(Vec::len);
    let values: [Option<String>; 9] = [
        Some(title.to_string()),
        Some(doc.count.to_string()),
        Some(doc.rejected.len().to_string()),
        Some(tampered.to_string()),
        Some(v.ready.to_string()),
        Some(v.conditional.to_string()),
        Some(v.not_ready.to_string()),
        Some(v.incomplete.to_string()),
        missing.map(|n| n.to_string()),
    ];
    use crate::report::Verdict;
    let mut labels: Vec<&str> = l.summary[..4].to_vec();
    for v in [
        Verdict::Ready,
        Verdict::Conditional,
        Verdict::NotReady,
        Verdict::Incomplete,
    ] {
        labels.push(present::verdict(v, lang));
    }
    labels.push(l.summary[4]);
    for (r, (label, value)) in labels.iter().zip(values).enumerate() {
        let Some(value) = value else { continue };
        ws.write_string_with_format(r as u32, 0, *label, &head)?;
        match value.parse::<f64>() {
            Ok(n) if r > 0 => ws.write_number(r as u32, 1, n)?,
            _ => ws.write_string(r as u32, 1, &value)?,
        };
    }
    if let Some(missing) = &doc.missing {
        let at = labels.len() as u32 + 1;
        ws.write_string_with_format(at, 0, l.missing, &head)?;
        for (k, s) in missing.iter().enumerate() {
            ws.write_string(at + 1 + k as u32, 0, &s.code)?;
            ws.write_string(at + 1 + k as u32, 1, &s.name)?;
        }
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 40)?;

    // Sites.
    let ws = wb.add_worksheet().set_name(l.sheets[1])?;
    header(ws, &l.sites, &head)?;
    for (k, r) in doc.sites.iter().enumerate() {
        let row = k as u32 + 1;
        let texts = [
            r.input.clone(),
            r.site_code.clone().unwrap_or_default(),
            r.site_name.clone().unwrap_or_default(),
            present::mode(r.mode, lang).to_string(),
            r.as_of.clone().unwrap_or_default(),
        ];
        for (c, t) in texts.iter().enumerate() {
            ws.write_string(row, c as u16, t)?;
        }
        if let Some(x) = score(&r.score) {
            ws.write_number(row, 5, x)?;
        }
        ws.write_string(row, 6, present::verdict(r.verdict, lang))?;
        for (c, n) in [
            r.critical_failed,
            r.open_actions,
            r.overdue_actions,
            r.uncovered,
        ]
        .iter()
        .enumerate()
        {
            ws.write_number(row, 7 + c as u16, *n as f64)?;
        }
        ws.write_string(row, 11, yes(r.tampered))?;
    }
    widths(ws, &[28, 12, 24, 8, 12, 8, 16, 8, 10, 8, 14, 8])?;

    // Requirements, most failed first, by title with the id beside.
    let ws = wb.add_worksheet().set_name(l.sheets[2])?;
    header(ws, &l.requirements, &head)?;
    for (k, r) in doc.requirements.iter().enumerate() {
        let row = k as u32 + 1;
        ws.write_string(row, 0, present::requirement(r, lang))?;
        ws.write_string(row, 1, r.tags.join(" "))?;
        ws.write_string(row, 2, yes(r.critical))?;
        ws.write_number(row, 3, r.applicable as f64)?;
        ws.write_number(row, 4, r.failed as f64)?;
        if let Some(x) = score(&r.failed_share) {
            ws.write_number(row, 5, x)?;
        }
    }
    widths(ws, &[60, 30, 8, 12, 12, 14])?;

    // Self-check against inspection.
    let ws = wb.add_worksheet().set_name(l.sheets[3])?;
    header(ws, &l.pairs, &head)?;
    let titles = present::titles(doc);
    for (k, p) in doc.pairs.iter().enumerate() {
        let row = k as u32 + 1;
        let site = [Some(p.site_code.clone()), p.site_name.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        ws.write_string(row, 0, &site)?;
        for (c, v) in [
            &p.self_score,
            &p.inspection_score,
            &p.agreement,
            &p.score_delta,
        ]
        .iter()
        .enumerate()
        {
            if let Some(x) = score(v) {
                ws.write_number(row, 1 + c as u16, x)?;
            }
        }
        ws.write_string(
            row,
            5,
            present::named(&p.disputed_items, &titles, lang).join(if lang == Lang::Zh {
                "、"
            } else {
                ", "
            }),
        )?;
    }
    widths(ws, &[28, 12, 12, 12, 10, 60])?;

    // The ledger: one row per site and mode.
    let ws = wb.add_worksheet().set_name(l.sheets[4])?;
    header(ws, &l.ledger, &head)?;
    for (k, r) in present::ledger(doc).iter().enumerate() {
        let row = k as u32 + 1;
        let site = [r.site_code.clone(), r.site_name.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        ws.write_string(row, 0, &site)?;
        ws.write_string(row, 1, present::mode(r.mode, lang))?;
        for (c, n) in [r.open_actions, r.overdue_actions, r.uncovered]
            .iter()
            .enumerate()
        {
            ws.write_number(row, 2 + c as u16, *n as f64)?;
        }
    }
    widths(ws, &[28, 8, 10, 10, 16])?;
    Ok(wb)
}

fn header(ws: &mut Worksheet, labels: &[&str], head: &Format) -> Result<(), XlsxError> {
    for (c, h) in labels.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, head)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn widths(ws: &mut Worksheet, w: &[u16]) -> Result<(), XlsxError> {
    for (c, w) in w.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(())
}
