//! The roll-up as one self-contained HTML page a district office can open, print or mail:
//! inline SVG charts, no script (its Content-Security-Policy forbids any), every template
//! and answer string escaped.

use std::fmt::Write;

use super::present;
use super::rollup::RollupDoc;
use crate::text::locale::Lang;

/// The words of the report, in Chinese and English.
struct Words {
    title: &'static str,
    assessed: &'static str,
    rejected: &'static str,
    verdicts: &'static str,
    lang: Lang,
    sections: &'static str,
    section_note: &'static str,
    most_failed: &'static str,
    tags: &'static str,
    pairs: &'static str,
    actions: &'static str,
    sites: &'static str,
    tampered: &'static str,
    cols_sites: [&'static str; 9],
    cols_pairs: [&'static str; 6],
    cols_actions: [&'static str; 5],
    cols_rejected: [&'static str; 2],
    none: &'static str,
    more: &'static str,
}

const ZH: Words = Words {
    title: "区域汇总",
    assessed: "份评估",
    rejected: "未能计分的提交",
    verdicts: "结论分布",
    lang: Lang::Zh,
    sections: "各部分得分（最低—平均—最高）",
    section_note: "横条为最低到最高，竖线为平均分",
    most_failed: "最常不合格的要求（前 20 项）",
    tags: "按环节与原则的不合格率",
    pairs: "自查与督查对比",
    actions: "整改台账：未完成与逾期",
    sites: "各单位结果",
    tampered: "结果与重新计分不符（疑似篡改）",
    cols_sites: [
        "单位代码",
        "单位名称",
        "类型",
        "日期",
        "得分",
        "结论",
        "否决项",
        "逾期整改",
        "篡改",
    ],
    cols_pairs: ["单位", "自查", "督查", "一致率", "分差", "争议项"],
    cols_actions: ["单位", "类型", "未完成", "逾期", "未列入台账的问题"],
    cols_rejected: ["输入", "原因"],
    none: "无",
    more: "另有 {} 行，见 --format csv",
};

const EN: Words = Words {
    title: "District roll-up",
    assessed: "assessments",
    rejected: "Entries that could not be scored",
    verdicts: "Verdicts",
    lang: Lang::En,
    sections: "Section scores (min — mean — max)",
    section_note: "bars run from min to max; the tick is the mean",
    most_failed: "Most failed requirements (top 20)",
    tags: "Failed share by stage and principle",
    pairs: "Self-check against inspection",
    actions: "Rectification ledger: open and overdue",
    sites: "Sites",
    tampered: "Results that differ from the re-score (tampered)",
    cols_sites: [
        "Code", "Name", "Mode", "As of", "Score", "Verdict", "Critical", "Overdue", "Tampered",
    ],
    cols_pairs: [
        "Site",
        "Self-check",
        "Inspection",
        "Agreement",
        "Delta",
        "Disputed items",
    ],
    cols_actions: ["Site", "Mode", "Open", "Overdue", "Findings without a plan"],
    cols_rejected: ["Input", "Reason"],
    none: "none",
    more: "{} more rows: see --format csv",
};

/// How many site rows the page lists (all of them are in the CSV).
const SITE_ROWS: usize = 2000;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:14px/1.5 system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:24px auto;max-width:1000px;color:#1f2328;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.num{text-align:right;font-variant-numeric:tabular-nums}.bad{color:#c62828;font-weight:600}.note{color:#57606a;font-size:12px}
svg text{font:12px system-ui,'Noto Sans CJK SC',sans-serif;fill:#1f2328}@media print{h2{break-after:avoid}table{break-inside:auto}}";

const COLORS: [&str; 4] = ["#1a7f37", "#9a6700", "#c62828", "#8c959f"];

fn verdict_word(w: &Words, v: crate::report::Verdict) -> &'static str {
    present::verdict(v, w.lang)
}

fn num(v: &serde_json::Value) -> String {
    v.as_f64()
        .map(crate::text::number::format_score)
        .unwrap_or_else(|| "—".into())
}

/// The widest bar label, in units of half a CJK character (about 6.5 px at the chart's
/// 12 px type: the label column is 330 px).
const LABEL_UNITS: usize = 48;

/// Horizontal bars: one row per (label, value of 0..=max, text shown after the bar); a label
/// longer than the column is cut by the caller (the id kept), not here.
fn bars(rows: &[(String, f64, String, &str)], max: f64) -> String {
    let (label_w, bar_w, row_h) = (330.0, 520.0, 22.0);
    let h = row_h * rows.len() as f64 + 4.0;
    let mut s = format!(
        "<svg role=\"img\" width=\"100%\" viewBox=\"0 0 {} {h}\" xmlns=\"http://www.w3.org/2000/svg\">",
        label_w + bar_w + 80.0
    );
    for (k, (label, v, shown, color)) in rows.iter().enumerate() {
        let y = k as f64 * row_h + 2.0;
        let w = if max > 0.0 { bar_w * v / max } else { 0.0 };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"{color}\"/><text x=\"{}\" y=\"{}\">{}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(label),
            row_h - 6.0,
            label_w + w + 6.0,
            y + 15.0,
            esc(shown)
        );
    }
    s.push_str("</svg>");
    s
}

/// Per section, a bar from min to max on a 0–100 axis with the mean marked.
fn ranges(doc: &RollupDoc) -> String {
    let (label_w, bar_w, row_h) = (200.0, 600.0, 22.0);
    let h = row_h * doc.sections.len() as f64 + 24.0;
    let mut s = format!(
        "<svg role=\"img\" width=\"100%\" viewBox=\"0 0 {} {h}\" xmlns=\"http://www.w3.org/2000/svg\">",
        label_w + bar_w + 190.0
    );
    for tick in [0, 25, 50, 75, 100] {
        let x = label_w + bar_w * f64::from(tick) / 100.0;
        let _ = write!(
            s,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"0\" y2=\"{}\" stroke=\"#d0d7de\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{tick}</text>",
            h - 18.0,
            h - 4.0
        );
    }
    for (k, sec) in doc.sections.iter().enumerate() {
        let y = k as f64 * row_h + 2.0;
        let label: String = sec.title.chars().take(16).collect();
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(&label)
        );
        let (Some(lo), Some(hi), Some(mean)) =
            (sec.min.as_f64(), sec.max.as_f64(), sec.mean.as_f64())
        else {
            continue;
        };
        let x = |v: f64| label_w + bar_w * v.clamp(0.0, 100.0) / 100.0;
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{}\" fill=\"#8ab4f8\"/><line x1=\"{m:.1}\" x2=\"{m:.1}\" y1=\"{y}\" y2=\"{}\" stroke=\"#1f2328\" stroke-width=\"2\"/><text x=\"{}\" y=\"{}\">{} — {} — {}</text>",
            x(lo),
            y + 3.0,
            (x(hi) - x(lo)).max(1.0),
            row_h - 6.0,
            y + row_h - 2.0,
            label_w + bar_w + 6.0,
            y + 15.0,
            num(&sec.min),
            num(&sec.mean),
            num(&sec.max),
            m = x(mean),
        );
    }
    s.push_str("</svg>");
    s
}

fn table(head: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut s = String::from("<table><thead><tr>");
    for h in head {
        let _ = write!(s, "<th>{}</th>", esc(h));
    }
    s.push_str("</tr></thead><tbody>");
    for r in rows {
        s.push_str("<tr>");
        for c in r {
            // Cells arrive escaped (some carry markup of ours, such as a class).
            let _ = write!(s, "<td>{c}</td>");
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

fn site_label(code: &Option<String>, name: &Option<String>) -> String {
    match (code, name) {
        (Some(c), Some(n)) => format!("{} {}", esc(c), esc(n)),
        (Some(x), None) | (None, Some(x)) => esc(x),
        (None, None) => "—".into(),
    }
}

/// The whole page.
pub fn render(doc: &RollupDoc, title: &str, locale: &str) -> String {
    let w = match Lang::of(locale) {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    let lang = if matches!(Lang::of(locale), Lang::Zh) {
        "zh-CN"
    } else {
        "en"
    };
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{} — {}</title><style>{STYLE}</style></head><body>",
        esc(w.title),
        esc(title)
    );
    let _ = write!(
        s,
        "<h1>{} — {}</h1><p>{} {} · {} {} · {} {}</p>",
        esc(w.title),
        esc(title),
        doc.count,
        esc(w.assessed),
        esc(w.rejected),
        doc.rejected.len(),
        esc(w.tampered),
        doc.sites.iter().filter(|r| r.tampered).count()
    );

    verdict_chart(&mut s, doc, w);
    let _ = write!(
        s,
        "<h2>{}</h2><p class=\"note\">{}</p>{}",
        esc(w.sections),
        esc(w.section_note),
        ranges(doc)
    );

    most_failed(&mut s, doc, w);
    tag_bars(&mut s, doc, w);
    pair_table(&mut s, doc, w);
    ledger_table(&mut s, doc, w);
    site_table(&mut s, doc, w);
    if !doc.rejected.is_empty() {
        let _ = write!(s, "<h2>{}</h2>", esc(w.rejected));
        s.push_str(&table(
            &w.cols_rejected,
            doc.rejected
                .iter()
                .map(|r| vec![esc(&r.input), esc(&present::reason(&r.reason, w.lang))]),
        ));
    }
    s.push_str("</body></html>\n");
    s
}

/// How many sites have each verdict, as bars.
fn verdict_chart(s: &mut String, doc: &RollupDoc, w: &Words) {
    let v = &doc.verdicts;
    use crate::report::Verdict;
    let counts = [v.ready, v.conditional, v.not_ready, v.incomplete];
    let names = [
        Verdict::Ready,
        Verdict::Conditional,
        Verdict::NotReady,
        Verdict::Incomplete,
    ];
    let max = counts.iter().copied().max().unwrap_or(0) as f64;
    let rows: Vec<_> = counts
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            (
                verdict_word(w, names[k]).to_string(),
                n as f64,
                n.to_string(),
                COLORS[k],
            )
        })
        .collect();
    let _ = write!(s, "<h2>{}</h2>{}", esc(w.verdicts), bars(&rows, max));
}

/// The twenty requirements failed by the most sites, with their share of the sites they apply to.
fn most_failed(s: &mut String, doc: &RollupDoc, w: &Words) {
    let top: Vec<_> = doc
        .requirements
        .iter()
        .filter(|r| r.failed > 0)
        .take(20)
        .map(|r| {
            let share = r.failed_share.as_f64().unwrap_or(0.0);
            (
                present::short_requirement(r, w.lang, LABEL_UNITS),
                share,
                format!("{}% ({}/{})", num(&r.failed_share), r.failed, r.applicable),
                if r.critical { COLORS[2] } else { COLORS[1] },
            )
        })
        .collect();
    let _ = write!(s, "<h2>{}</h2>", esc(w.most_failed));
    s.push_str(&if top.is_empty() {
        format!("<p>{}</p>", esc(w.none))
    } else {
        bars(&top, 100.0)
    });
}

/// The share failed of each catalogue tag.
fn tag_bars(s: &mut String, doc: &RollupDoc, w: &Words) {
    let tags: Vec<_> = present::charted_tags(doc)
        .into_iter()
        .map(|(name, t)| {
            (
                name,
                t.failed_share.as_f64().unwrap_or(0.0),
                format!("{}% ({}/{})", num(&t.failed_share), t.failed, t.applicable),
                COLORS[1],
            )
        })
        .collect();
    let _ = write!(s, "<h2>{}</h2>", esc(w.tags));
    s.push_str(&if tags.is_empty() {
        format!("<p>{}</p>", esc(w.none))
    } else {
        bars(&tags, 100.0)
    });
}

/// Self-check against inspection, per site with both.
fn pair_table(s: &mut String, doc: &RollupDoc, w: &Words) {
    let _ = write!(s, "<h2>{}</h2>", esc(w.pairs));
    let titles = present::titles(doc);
    s.push_str(&table(
        &w.cols_pairs,
        doc.pairs.iter().map(|p| {
            vec![
                site_label(&Some(p.site_code.clone()), &p.site_name),
                format!(
                    "{} {}",
                    num(&p.self_score),
                    esc(verdict_word(w, p.self_verdict))
                ),
                format!(
                    "{} {}",
                    num(&p.inspection_score),
                    esc(verdict_word(w, p.inspection_verdict))
                ),
                num(&p.agreement),
                num(&p.score_delta),
                esc(&present::named(&p.disputed_items, &titles, w.lang)
                    .join(if w.lang == Lang::Zh { "、" } else { ", " })),
            ]
        }),
    ));
}

/// Sites with open, overdue or uncovered rectification actions, the most overdue first.
fn ledger_table(s: &mut String, doc: &RollupDoc, w: &Words) {
    let _ = write!(s, "<h2>{}</h2>", esc(w.actions));
    let ledger = present::ledger(doc);
    s.push_str(&table(
        &w.cols_actions,
        ledger.iter().take(SITE_ROWS).map(|r| {
            vec![
                site_label(&r.site_code, &r.site_name),
                esc(present::mode(r.mode, w.lang)),
                r.open_actions.to_string(),
                if r.overdue_actions > 0 {
                    format!("<span class=\"bad\">{}</span>", r.overdue_actions)
                } else {
                    "0".into()
                },
                r.uncovered.to_string(),
            ]
        }),
    ));
}

/// Every site (the first `SITE_ROWS`), then how many more there are.
fn site_table(s: &mut String, doc: &RollupDoc, w: &Words) {
    let _ = write!(s, "<h2>{}</h2>", esc(w.sites));
    s.push_str(&table(
        &w.cols_sites,
        doc.sites.iter().take(SITE_ROWS).map(|r| {
            vec![
                r.site_code.as_deref().map_or("—".into(), esc),
                r.site_name.as_deref().map_or("—".into(), esc),
                esc(present::mode(r.mode, w.lang)),
                r.as_of.as_deref().map_or("—".into(), esc),
                num(&r.score),
                esc(verdict_word(w, r.verdict)),
                r.critical_failed.to_string(),
                r.overdue_actions.to_string(),
                if r.tampered {
                    "<span class=\"bad\">!</span>".into()
                } else {
                    String::new()
                },
            ]
        }),
    ));
    if doc.sites.len() > SITE_ROWS {
        let _ = write!(
            s,
            "<p class=\"note\">{}</p>",
            esc(&w
                .more
                .replace("{}", &(doc.sites.len() - SITE_ROWS).to_string()))
        );
    }
}
