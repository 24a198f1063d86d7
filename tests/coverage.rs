//! docs/coverage.md and the built-in templates must agree: every id the table says is
//! encoded is carried (as a tag) by exactly those items and rules, and nothing else.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

const TEMPLATES: &[&str] = &["school-reopening", "exam-site", "training-institution"];

fn tagged() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in TEMPLATES {
        let t: Value = serde_json::from_str(readycheck::builtin::get(name).unwrap()).unwrap();
        let mut add = |x: &Value| {
            for tag in x["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if tag.contains('-') && tag.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    out.entry(tag.to_string())
                        .or_default()
                        .insert(format!("{name}:{}", x["id"].as_str().unwrap()));
                }
            }
        };
        for s in t["sections"].as_array().unwrap() {
            s["items"].as_array().unwrap().iter().for_each(&mut add);
        }
        t["rules"].as_array().unwrap().iter().for_each(&mut add);
    }
    out
}

fn table() -> Vec<(String, String)> {
    let doc = include_str!("../docs/coverage.md");
    doc.lines()
        .take_while(|l| !l.starts_with("## Named frameworks"))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| id ") && !l.starts_with("|---"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            (cells[0].to_string(), cells.last().unwrap().to_string())
        })
        .collect()
}

#[test]
fn table_and_templates_agree() {
    let rows = table();
    let tags = tagged();
    let ids: BTreeSet<&String> = rows.iter().map(|(i, _)| i).collect();
    assert_eq!(ids.len(), rows.len(), "each id once");
    assert_eq!(
        rows.iter().filter(|(i, _)| i.starts_with("Q-")).count(),
        52,
        "52 quantitative rules"
    );
    assert_eq!(rows.len(), 170 + 52, "170 requirements and 52 rules");
    for (id, cell) in &rows {
        let listed: BTreeSet<String> = cell
            .split('`')
            .enumerate()
            .filter(|(k, _)| k % 2 == 1)
            .map(|(_, s)| s.to_string())
            .collect();
        let actual = tags.get(id).cloned().unwrap_or_default();
        if cell.starts_with("not encoded:") {
            assert!(
                actual.is_empty(),
                "{id} is said not to be encoded but {actual:?} carry it"
            );
            assert!(cell.len() > "not encoded: ".len() + 10, "{id} says why");
        } else {
            assert_eq!(listed, actual, "{id}: table and templates differ");
        }
    }
    for tag in tags.keys() {
        assert!(
            ids.contains(tag),
            "templates carry {tag}, which the table lacks"
        );
    }
}

/// When the catalogue is beside the checkout (as in CI), the table lists exactly its ids.
#[test]
fn table_lists_every_catalogue_id() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/domain/catalogue.md");
    let Ok(cat) = std::fs::read_to_string(path) else {
        return;
    };
    let cat_ids: BTreeSet<String> = cat
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" | ").next())
        .filter(|i| {
            let (p, n) = i.split_once('-').unwrap_or(("", ""));
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_uppercase())
                && !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect();
    let table_ids: BTreeSet<String> = table().into_iter().map(|(i, _)| i).collect();
    assert_eq!(cat_ids, table_ids);
}

/// The frameworks tagged `principle:<name>` (三不复课, 十关口, …) are listed with the items that
/// carry them, and every gate of 十关口 names an item of school-reopening.
#[test]
fn named_frameworks_are_listed_where_they_are_encoded() {
    let doc = include_str!("../docs/coverage.md");
    let part = doc
        .split("## Named frameworks")
        .nth(1)
        .expect("the frameworks section");
    let mut listed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for l in part
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| framework "))
    {
        let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
        let places = cells[1].split('`').enumerate().filter(|(k, _)| k % 2 == 1);
        listed.insert(
            cells[0].to_string(),
            places.map(|(_, s)| s.to_string()).collect(),
        );
    }
    let mut actual: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in TEMPLATES {
        let t: Value = serde_json::from_str(readycheck::builtin::get(name).unwrap()).unwrap();
        let items = t["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["items"].as_array().unwrap());
        for x in items.chain(t["rules"].as_array().unwrap()) {
            for tag in x["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if let Some(p) = tag.strip_prefix("principle:") {
                    actual
                        .entry(p.to_string())
                        .or_default()
                        .insert(format!("{name}:{}", x["id"].as_str().unwrap()));
                }
            }
        }
    }
    assert_eq!(listed, actual);
    assert!(
        actual.contains_key("十关口")
            && actual.contains_key("一人一档")
            && actual.contains_key("三不复课")
    );
    let gates = part
        .lines()
        .find(|l| l.starts_with("十关口"))
        .expect("the gates line");
    for g in [
        "入门", "上课", "活动", "就餐", "住宿", "自习", "消毒", "乘车", "接送", "演练",
    ] {
        assert!(gates.contains(&format!("{g} `")), "gate {g}");
    }
}
