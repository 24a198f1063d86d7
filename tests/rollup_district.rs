//! The roll-up for a district official (SPEC §9, 1.2): a roster with attributes names the
//! missing sites and groups the rest, `--format xlsx` writes a workbook read back here with
//! calamine, the page and workbook speak the element's verdict words, name items by title,
//! chart only stages and principles, keep one ledger row per site and mode, and give
//! rejection reasons in the report's language; `--as-of` flags no honest receipt.

mod common;

use std::path::PathBuf;

use common::cli;
use serde_json::{json, Value};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/rollup");

fn tmp(name: &str) -> PathBuf {
    let dir = common::scratch("district");
    dir.join(name)
}

fn roster() -> PathBuf {
    // A roster as a bureau keeps it: Chinese headers, a byte-order mark, attribute columns;
    // A00–A02 in 城关, B00 in 东区, and Z99 that never submitted.
    let path = tmp("roster.csv");
    std::fs::write(
        &path,
        "\u{feff}单位代码,单位名称,片区,学段\nA00,甲小学,城关,小学\nA01,乙小学,城关,小学\nA02,丙中学,城关,初中\nB00,丁小学,东区,小学\nZ99,未交学校,东区,初中\n",
    )
    .unwrap();
    path
}

fn json_rollup(args: &[&str]) -> Value {
    let mut all = vec!["rollup", "builtin:example", DATA];
    all.extend_from_slice(args);
    let (code, out, err) = cli(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_roster_names_the_missing_and_groups_the_sites() {
    let r = roster();
    let doc = json_rollup(&[
        "--roster",
        r.to_str().unwrap(),
        "--group-by",
        "片区",
        "--group-by",
        "学段",
    ]);
    let missing = doc["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0]["code"], "Z99");
    assert_eq!(missing[0]["attributes"]["片区"], "东区");
    let a00 = doc["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site_code"] == "A00")
        .unwrap();
    assert_eq!(a00["attributes"], json!({"片区": "城关", "学段": "小学"}));
    let b05 = doc["sites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["site_code"] == "B05")
        .unwrap();
    assert_eq!(
        b05["attributes"],
        json!({}),
        "a site not on the roster has no attributes"
    );
    let groups = doc["groups"].as_array().unwrap();
    let g = |col: &str, v: &str| {
        groups
            .iter()
            .find(|g| g["column"] == col && g["value"] == v)
            .unwrap()
            .clone()
    };
    // 城关: A00, A01, A02 submitted (their verdicts counted by hand from the data's groups).
    let chengguan = g("片区", "城关");
    assert_eq!(chengguan["count"], 3);
    assert_eq!(chengguan["missing"], 0);
    let v = &chengguan["verdicts"];
    let total: u64 = ["ready", "conditional", "not_ready", "incomplete"]
        .iter()
        .map(|k| v[k].as_u64().unwrap())
        .sum();
    assert_eq!(total, 3);
    let dongqu = g("片区", "东区");
    assert_eq!(
        (dongqu["count"].as_u64(), dongqu["missing"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(g("学段", "初中")["missing"], 1);
    // Everyone else (not on the roster) is the group of the empty value.
    let rest = g("片区", "");
    assert_eq!(
        rest["count"].as_u64().unwrap() + 4,
        doc["count"].as_u64().unwrap()
    );
    // The mean of a group is the mean of its shown scores.
    let scores: Vec<f64> = doc["sites"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["attributes"]["片区"] == "城关")
        .filter_map(|s| s["score"].as_f64())
        .collect();
    let mean = (scores.iter().sum::<f64>() / scores.len() as f64 * 10.0).round() / 10.0;
    assert_eq!(chengguan["mean_score"].as_f64(), Some(mean));
    // A column the roster lacks is a clear error before any scoring.
    let (code, _, err) = cli(&[
        "rollup",
        "builtin:example",
        DATA,
        "--roster",
        r.to_str().unwrap(),
        "--group-by",
        "区县",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("区县") && err.contains("片区"), "{err}");
    let (code, _, err) = cli(&["rollup", "builtin:example", DATA, "--group-by", "片区"]);
    assert_eq!(code, 2);
    assert!(err.contains("--roster"), "{err}");
}

#[test]
fn as_of_another_day_flags_no_honest_receipt() {
    let plain = json_rollup(&[]);
    let later = json_rollup(&["--as-of", "2030-01-01"]);
    let tampered = |d: &Value| {
        d["sites"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["tampered"] == true)
            .count()
    };
    assert_eq!(tampered(&plain), 1);
    assert_eq!(tampered(&later), 1, "only the forged one");
}

/// An example assessment of `code` answering org_plan "no" with an overdue action for it.
fn with_action(code: &str, mode: &str, as_of: &str) -> Value {
    json!({"format": "readycheck-assessment/1", "template": {"id": "example", "version": "1.0.0"},
           "mode": mode, "site": {"code": code, "name": format!("{code} 学校")}, "as_of": as_of,
           "answers": {"org_group": "yes", "org_plan": "no", "students": 100, "masks": 3000, "thermometers": "yes"},
           "actions": [{"id": "a1", "finding": "org_plan", "owner": "王老师", "due": "2026-08-01", "status": "open"}]})
}

#[test]
fn the_page_and_the_workbook_speak_to_an_official() {
    let dir = tmp("ledger");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("1.json"),
        with_action("L1", "self", "2026-08-20").to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.join("2.json"),
        with_action("L1", "self", "2026-08-25").to_string(),
    )
    .unwrap();
    std::fs::write(
        dir.join("3.json"),
        with_action("L1", "inspection", "2026-08-26").to_string(),
    )
    .unwrap();
    std::fs::write(dir.join("4.json"), "{ not json").unwrap();
    let html = tmp("report.html");
    let (code, _, err) = cli(&[
        "rollup",
        "builtin:example",
        dir.to_str().unwrap(),
        DATA,
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&html).unwrap();
    // The element's verdict words, modes in Chinese, reasons in Chinese.
    assert!(
        page.contains("基本具备，需整改") || page.contains("具备条件"),
        "verdict words"
    );
    assert!(
        !page.contains(">有条件<") && !page.contains("不具备<"),
        "the old report words are gone"
    );
    assert!(page.contains("自查") && page.contains("督查"));
    assert!(!page.contains(">self<") && !page.contains(">inspection<"));
    assert!(page.contains("不是有效的 JSON"), "the rejection in Chinese");
    // Items by title, the id beside.
    let t =
        readycheck::template::load(readycheck::builtin_text("builtin:example").unwrap()).unwrap();
    let plan = t.items.iter().find(|i| i.id == "org_plan").unwrap();
    let title = plan.title.get("zh-CN", "zh-CN");
    assert!(page.contains(&format!("{title}（org_plan）")), "{title}");
    // Only stages and principles are charted, without prefixes.
    assert!(
        !["weight:C", "weight:H", "weight:N", "stage:"]
            .iter()
            .any(|t| page.contains(t)),
        "raw tags charted"
    );
    // One ledger row per site and mode: L1 self (the latest of two) and L1 inspection.
    let ledger = page
        .split("整改台账")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert_eq!(ledger.matches("<tr><td>L1").count(), 2, "{ledger}");

    // The workbook, read back with calamine.
    let xlsx = tmp("rollup.xlsx");
    let r = roster();
    let (code, _, err) = cli(&[
        "rollup",
        "builtin:example",
        dir.to_str().unwrap(),
        DATA,
        "--format",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
        "--roster",
        r.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("missing"), "{err}");
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["汇总", "各单位", "各项要求", "自查督查对比", "整改台账"]
    );
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Float(x) => x.to_string(),
        _ => String::new(),
    };
    let sites = wb.worksheet_range("各单位").unwrap();
    let head: Vec<String> = sites.rows().next().unwrap().iter().map(text).collect();
    assert_eq!(head[6], "结论");
    let verdicts: std::collections::HashSet<String> =
        sites.rows().skip(1).map(|r| text(&r[6])).collect();
    for v in &verdicts {
        assert!(
            ["具备条件", "基本具备，需整改", "不具备条件", "未完成"].contains(&v.as_str()),
            "{v}"
        );
    }
    let summary = wb.worksheet_range("汇总").unwrap();
    let rows: Vec<Vec<String>> = summary
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    assert!(
        rows.iter().any(|r| r[0] == "名册中未提交" && r[1] == "1"),
        "{rows:?}"
    );
    let reqs = wb.worksheet_range("各项要求").unwrap();
    assert!(reqs
        .rows()
        .any(|r| text(&r[0]) == format!("{title}（org_plan）")));
    let ledger = wb.worksheet_range("整改台账").unwrap();
    assert_eq!(
        ledger
            .rows()
            .skip(1)
            .filter(|r| text(&r[0]).starts_with("L1"))
            .count(),
        2
    );
    // xlsx needs a file.
    let (code, _, err) = cli(&["rollup", "builtin:example", DATA, "--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(err.contains("-o"), "{err}");
}

#[test]
fn only_stages_and_principles_are_charted_most_failed_first() {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/scenarios/school-reopening"
    );
    let html = tmp("school.html");
    let (code, _, err) = cli(&[
        "rollup",
        "builtin:school-reopening",
        root,
        "--format",
        "html",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&html).unwrap();
    let chart = page
        .split("按环节与原则的不合格率")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    for raw in ["stage:", "principle:", "weight:", "gate:", "PLAN-0", "Q-2"] {
        assert!(!chart.contains(raw), "{raw} charted");
    }
    // The seven stages and the named principles, by name.
    for name in ["应急预演", "信息摸排", "三不复课", "十关口"] {
        assert!(chart.contains(name), "{name} missing");
    }
    // Most failed first: the shares shown decrease down the chart.
    let shares: Vec<f64> = chart
        .split("% (")
        .filter_map(|s| s.rsplit('>').next()?.parse().ok())
        .collect();
    assert!(shares.len() >= 5, "{shares:?}");
    assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{shares:?}");
}

#[test]
fn as_of_another_day_flags_no_honest_receipt_of_a_template_that_reads_today() {
    // Reopening must be at least 14 days away as of the day scored: the verdict moves with
    // the day, so the receipt is checked against a re-score as of the assessment's own day.
    let t = json!({"format": "readycheck/1", "id": "dated", "version": "1", "title": "d",
        "sections": [{"id": "s", "title": "S", "items": [{"id": "opening", "type": "date", "title": "开学"}]}],
        "rules": [{"id": "lead", "section": "s", "assert": "opening - today() >= 14", "critical": true, "message": "m"}]});
    let a = json!({"format": "readycheck-assessment/1", "template": {"id": "dated", "version": "1"},
        "mode": "self", "site": {"code": "T-1"}, "as_of": "2026-08-01", "answers": {"opening": "2026-09-01"}});
    let (tp, ap) = (tmp("dated.json"), tmp("dated-a.json"));
    std::fs::write(&tp, t.to_string()).unwrap();
    std::fs::write(&ap, a.to_string()).unwrap();
    let (code, result, err) = cli(&["score", tp.to_str().unwrap(), ap.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let result: Value = serde_json::from_str(&result).unwrap();
    assert_eq!(result["verdict"], "ready");
    let dir = tmp("dated-in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("honest.json"),
        json!({"assessment": a, "result": result}).to_string(),
    )
    .unwrap();
    let mut forged = result.clone();
    forged["score"] = json!(50.0);
    std::fs::write(
        dir.join("forged.json"),
        json!({"assessment": a, "result": forged}).to_string(),
    )
    .unwrap();
    let (code, out, err) = cli(&[
        "rollup",
        tp.to_str().unwrap(),
        dir.to_str().unwrap(),
        "--as-of",
        "2026-08-30",
    ]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let row = |f: &str| {
        doc["sites"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["input"].as_str().unwrap().ends_with(f))
            .unwrap()
            .clone()
    };
    assert_eq!(row("honest.json")["tampered"], false);
    assert_eq!(
        row("honest.json")["verdict"],
        "not_ready",
        "as of the day looked at"
    );
    assert_eq!(row("forged.json")["tampered"], true);
}
