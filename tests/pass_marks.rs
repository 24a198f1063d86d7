//! The pass marks of the built-in templates (issue 22): a section's mark is over its
//! ordinary measures (vetoes carry no points), so an area with every ordinary measure
//! missing fails its mark, while no single ordinary item or rule can: a one-point item
//! never becomes a veto. Run on each template's all-met assessment.

use readycheck::{evaluate, Assessment};
use serde_json::Value;

fn all_met(id: &str) -> Value {
    let path = format!(
        "{}/tests/scenarios/{id}/all-met.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The section findings of the all-met assessment with `no` for each of `items`.
fn failed_sections(t: &readycheck::Template, base: &Value, items: &[&str]) -> Vec<String> {
    let mut doc = base.clone();
    for id in items {
        doc["answers"][*id] = "no".into();
    }
    let a = Assessment::from_value(doc).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
    let r: Value = serde_json::from_str(&readycheck::to_json(&evaluate::evaluate(
        t, &a, "zh-CN", today,
    )))
    .unwrap();
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "section")
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_pass_mark_fails_a_missing_area_and_no_single_measure() {
    let mut checked = 0;
    for id in ["school-reopening", "exam-site", "training-institution"] {
        let text = readycheck::builtin::get(id).unwrap();
        let t = readycheck::template::load(text).unwrap();
        let json: Value = serde_json::from_str(text).unwrap();
        let base = all_met(id);
        assert!(
            failed_sections(&t, &base, &[]).is_empty(),
            "{id}: all-met fails a section"
        );
        for s in json["sections"].as_array().unwrap() {
            let Some(mark) = s["pass"].as_f64() else {
                continue;
            };
            let sid = s["id"].as_str().unwrap();
            // Ordinary: scored and not a veto; shown on the all-met assessment.
            let ordinary: Vec<&str> = s["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["type"] == "yesno" && i["critical"] != true)
                .filter(|i| i["points"].as_f64().unwrap_or(1.0) > 0.0 && i["visible_if"].is_null())
                .map(|i| i["id"].as_str().unwrap())
                .collect();
            assert!(
                !ordinary.is_empty(),
                "{id}/{sid}: a pass mark with no ordinary item"
            );
            assert!(
                failed_sections(&t, &base, &ordinary).contains(&sid.to_string()),
                "{id}/{sid}: every ordinary item missing does not fail the section"
            );
            for one in &ordinary {
                assert!(
                    !failed_sections(&t, &base, &[one]).contains(&sid.to_string()),
                    "{id}/{sid}: `{one}` alone fails the section: a one-item veto"
                );
            }
            // No ordinary rule alone can fail the mark either: its points are at most the
            // share of the section the mark allows to lose.
            let item_points: f64 = ordinary
                .iter()
                .map(|o| {
                    s["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|i| i["id"] == *o)
                        .unwrap()["points"]
                        .as_f64()
                        .unwrap_or(1.0)
                })
                .sum();
            let rules: Vec<f64> = json["rules"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["section"] == sid && r["critical"] != true)
                .map(|r| r["points"].as_f64().unwrap_or(1.0))
                .collect();
            let total = item_points + rules.iter().sum::<f64>();
            for p in rules {
                assert!(
                    100.0 * (total - p) / total >= mark,
                    "{id}/{sid}: a rule of {p} points alone fails the mark"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "{checked} sections with a pass mark");
}

#[test]
fn vetoes_carry_no_points() {
    for id in ["school-reopening", "exam-site", "training-institution"] {
        let json: Value = serde_json::from_str(readycheck::builtin::get(id).unwrap()).unwrap();
        for s in json["sections"].as_array().unwrap() {
            for i in s["items"].as_array().unwrap() {
                if i["critical"] == true {
                    assert_eq!(i["points"], 0, "{id}: {}", i["id"]);
                }
            }
        }
        for r in json["rules"].as_array().unwrap() {
            if r["critical"] == true {
                assert_eq!(r["points"], 0, "{id}: {}", r["id"]);
            }
        }
    }
}

/// A draft made with the 1.1.1 templates opens on 1.2.0 with the change notice, and every
/// answer it holds still has its item (nothing becomes an orphan).
#[test]
fn a_draft_of_1_1_opens_with_the_notice_and_keeps_its_answers() {
    for id in ["school-reopening", "exam-site", "training-institution"] {
        let t = readycheck::template::load(readycheck::builtin::get(id).unwrap()).unwrap();
        assert_eq!(t.version, "1.2.0");
        let mut doc = all_met(id);
        doc["template"]["version"] = "1.1.1".into();
        let notice = readycheck::view::draft_notice(
            &readycheck::document::Document::from_map(doc.as_object().unwrap().clone()),
            &t,
            readycheck::text::locale::Lang::Zh,
        )
        .expect("a notice for another version");
        assert!(
            notice.contains("1.1.1") && notice.contains("1.2.0"),
            "{notice}"
        );
        let a = Assessment::from_value(doc).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
        let r: Value = serde_json::from_str(&readycheck::to_json(&evaluate::evaluate(
            &t, &a, "zh-CN", today,
        )))
        .unwrap();
        assert_eq!(
            r["orphans"].as_array().map_or(0, Vec::len),
            0,
            "{id}: {}",
            r["orphans"]
        );
        assert_eq!(r["verdict"], "ready", "{id}");
    }
}
