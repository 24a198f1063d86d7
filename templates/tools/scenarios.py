# The scenario suite's hand arithmetic and the scenarios of the second review (issue 22).
# Run from the repository root after changing a template: python3 templates/tools/scenarios.py
#
# - `score_by_hand` of every scenario that is not vetoed is worked out here from the
#   template's points, as SPEC §3.3 says a person would: per section 100 × earned / possible
#   over its visible scored yes/no items (not 不适用) and its scored rules, then the mean
#   weighted by section weights, rounded half away from zero to one decimal. The rules a
#   scenario loses are named in its `lost_rules` (a person reads them off the numbers it
#   changes). This is not the engine: tests/scenarios.rs compares the engine with it.
# - Writes the scenarios below (the review's examples, each with its source line) and one per
#   section with a pass mark where every ordinary measure is missing.
import json, os, glob, re
from decimal import Decimal, ROUND_HALF_UP

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

def load(tid):
    return json.load(open(os.path.join(ROOT, "templates", tid + ".json"), encoding="utf-8"))

def visible(expr, answers):
    """The conditions the built-in templates use on sections and scored items."""
    if not expr: return True
    if expr.startswith("answered(") and expr.endswith(")"):
        return expr[9:-1] in answers
    name, _, value = expr.partition(" == ")
    return answers.get(name.strip()) == value.strip().strip("'")

def by_hand(t, answers, lost_rules):
    total = weight = Decimal(0)
    for s in t["sections"]:
        w = Decimal(str(s.get("weight", 1)))
        if w == 0 or not visible(s.get("visible_if"), answers): continue
        possible = earned = 0
        for it in s["items"]:
            p = it.get("points", 1) if it["type"] == "yesno" else 0
            if p == 0 or not visible(it.get("visible_if"), answers): continue
            a = answers.get(it["id"])
            if a == "na": continue
            possible += p
            earned += p if a == "yes" else 0
        for r in t["rules"]:
            if r.get("section") != s["id"] or r.get("points", 1) == 0: continue
            if r.get("when") and not visible(r["when"], answers): continue
            possible += r.get("points", 1)
            earned += 0 if r["id"] in lost_rules else r.get("points", 1)
        if possible == 0: continue
        total += w * Decimal(100) * earned / possible
        weight += w
    return float((total / weight).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

SRC = {
    "002": "002_6f83642910a7d246.txt", "003": "003_9569d12feb675411.txt", "001": "001_3454e4691038a921.txt",
    "000": "000_7f69ac0c249af2cc.txt",
}
def src(doc, line, words): return f"{SRC[doc]} {line} “{words}”"

# The review's examples (issue 22), by template: file name, changes, verdict, reason, source,
# and the rules the changes lose.
NEW = {
  "school-reopening": [
    ("20-no-daily-airing-disinfection-or-log", {"clean_02": "no", "clean_04": "no", "clean_08": "no"}, "not_ready",
     "classrooms neither aired nor cleaned and disinfected daily, and no log: the sources make both daily musts",
     src("002", "L70", "各班级每天要对教室进行清扫和消毒"), []),
    ("21-campus-not-closed", {"entry_04": "no"}, "not_ready",
     "the campus is not closed during classes and after students leave: a must of the source",
     src("003", "L69", "必须实行封闭式管理与网格化管理"), []),
    ("22-day-school-no-health-files", {"has_dorm": "no", "has_bus": "no", "hlth_files": "no"}, "ready",
     "a day school without 一人一档 has one ordinary measure to finish, not a veto",
     None, []),
    ("23-day-school-pickup-not-staggered", {"has_dorm": "no", "has_bus": "no", "pickup_01": "no"}, "ready",
     "pick-up not staggered in a day school: one ordinary measure, not a veto",
     None, []),
    ("24-dormitory-unmanaged-no-buses", {"has_bus": "no", "dorm_01": "no"}, "ready",
     "an unmanaged dormitory is the same finding with or without buses: a measure to finish",
     None, []),
    ("25-dormitory-unmanaged-with-buses", {"dorm_01": "no"}, "ready",
     "the same dormitory finding in a school with buses gives the same verdict",
     None, []),
  ],
  "exam-site": [
    ("17-one-lane-checks-after-bell", {"temp_lanes": 1, "checks_before_bell": "no"}, "not_ready",
     "one temperature lane and checks not finished by the entry bell: both are musts of the source",
     src("002", "L25", "务必保证在考生入考场铃响前…体温检测结束"), []),
    ("18-feverish-staff-stood-down", {"staff_monitoring": "FEVER_STOOD_DOWN"}, "ready",
     "a staff member with fever two days before the exam was stood down and the backup called: what the source asks",
     src("002", "L20–21", "考前3天内有发热症状的不得参与考试工作"), []),
    ("19-feverish-staff-still-at-work", {"staff_monitoring": "FEVER_AT_WORK"}, "not_ready",
     "a staff member with fever two days before the exam is still on the exam staff",
     src("002", "L20", "考前3天内有发热症状的不得参与考试工作"), []),
    ("20-food-supervisors-missing", {"food_supervisors": 1}, "ready",
     "the market regulator has sent one food supervisor of two: a finding to follow up with the regulator, not the site's failure",
     None, []),
    ("21-city-assessment-pending", {"exam_07": "na"}, "ready",
     "the special cases' one-by-one assessment is the city expert group's, not yet done: not the site's veto",
     None, []),
    ("22-drill-after-local-deadline-before-exam", {"drill_on": "2026-06-03"}, "ready",
     "the entry drill was held after the local deadline but before the exam: a point lost, not a veto",
     src("002", "L35", "__月__日前各考点要组织一次有考生参加的入点测温实战演练"), ["q49_drill_deadline"]),
    ("23-food-workers-without-certificates", {"food_01": "no"}, "not_ready",
     "food workers at the exam site without valid health certificates",
     None, []),
    ("24-food-workers-without-gloves", {"food_07": "no"}, "ready",
     "food workers not in masks and gloves: an ordinary measure to fix",
     None, []),
  ],
  "training-institution": [
    ("18-no-screening-absence-or-letters", {"train_03": "no", "train_08": "no", "train_15": "no"}, "not_ready",
     "no daily screening of health and itinerary (a must), no sickness-absence reports, no commitment letters",
     None, []),
    ("19-high-risk-area", {"area_risk": "high"}, "not_ready",
     "三不复课: a high-risk area does not reopen, training institutions included",
     src("002", "L316", "风险得不到控制不复课"), []),
    ("20-medium-risk-area", {"area_risk": "medium"}, "ready",
     "a medium-risk area with every condition met may reopen",
     src("002", "L316", "风险得不到控制不复课"), []),
    ("21-no-suspension-notice", {"train_01": "no"}, "ready",
     "the suspension notice belongs to the suspension period: nothing to hold against a reopening",
     None, []),
    ("22-not-yet-filed", {"train_05": "na"}, "ready",
     "filing is granted by the approving body after its evaluation: not the institution's veto at the inspection",
     None, []),
    ("23-no-leading-group", {"org_01": "no"}, "not_ready",
     "no prevention leading group with the head in charge",
     None, []),
    ("24-no-specialist-groups", {"org_04": "no"}, "ready",
     "no specialist groups: an ordinary measure to finish",
     None, []),
  ],
}

# Scenarios a person reads rules off (existing files): the rules each loses.
LOST = {
  "exam-site/02-two-candidates-back-late.json": ["q17_returned_by_e45"],
  "exam-site/11-card-check-on-exam-day.json": ["q16_card_check"],
  "exam-site/13-staff-masks-short.json": ["q03_staff_masks"],
  "school-reopening/04-publicity-only.json": ["q50_leaflets"],
  "school-reopening/12-masks-short.json": ["q26_mask_15_days"],
  "school-reopening/13-disinfectant-short.json": ["q26_supplies_15_days"],
  "school-reopening/16-shared-areas-once-a-day.json": ["q31_public_twice_daily"],
  "training-institution/13-key-staff-tested-early.json": ["q38_test_7_days"],
  "training-institution/14-no-guard.json": ["train07_guard"],
}

def staff_rows(all_met, kind):
    rows = [dict(r) for r in all_met["answers"]["staff_monitoring"]]
    rows[0]["staff_fever_on"] = "2026-06-05"
    rows[0]["staff_stood_down"] = "yes" if kind == "FEVER_STOOD_DOWN" else "no"
    return rows

def write(path, d):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1)
        f.write("\n")

for tid, new in NEW.items():
    t = load(tid)
    folder = os.path.join(ROOT, "tests", "scenarios", tid)
    all_met = json.load(open(os.path.join(folder, "all-met.json"), encoding="utf-8"))
    sources = {x["id"]: x.get("source") for sec in t["sections"] for x in sec["items"]}
    sources.update({r["id"]: r.get("source") for r in t["rules"]})
    for name, changes, verdict, reason, source, lost in new:
        # Without a quote of its own, a scenario cites the source of what it changes.
        source = source or next(sources[k] for k in list(changes) + lost if sources.get(k))
        changes = {k: (staff_rows(all_met, v) if k == "staff_monitoring" else v) for k, v in changes.items()}
        d = {"reason": reason, "source": source, "changes": changes, "verdict": verdict}
        if lost: d["lost_rules"] = lost
        write(os.path.join(folder, name + ".json"), d)
    # One scenario per section with a pass mark: every ordinary measure missing.
    n = 40
    for s in t["sections"]:
        if "pass" not in s: continue
        ordinary = [i for i in s["items"] if i["type"] == "yesno" and not i.get("critical")
                    and i.get("points", 1) > 0 and not i.get("visible_if")]
        first = ordinary[0]
        d = {"reason": f"every ordinary measure of {s['title']['en']} ({s['title']['zh-CN']}) missing: the area is not in place, below its {s['pass']} % mark",
             "source": first["source"], "changes": {i["id"]: "no" for i in ordinary}, "verdict": "not_ready"}
        write(os.path.join(folder, f"{n}-all-ordinary-missing-{s['id']}.json"), d)
        n += 1

# score_by_hand for every scenario that is not vetoed.
for path in sorted(glob.glob(os.path.join(ROOT, "tests", "scenarios", "*", "*.json"))):
    tid, name = path.split(os.sep)[-2:]
    if name == "all-met.json": continue
    d = json.load(open(path, encoding="utf-8"))
    key = f"{tid}/{name}"
    if key in LOST: d["lost_rules"] = LOST[key]
    # Scores live in `score_by_hand`, not in the reason's words.
    d["reason"] = re.sub(r"\s*\(score [0-9.]+, worked out by hand\)", "", d["reason"])
    if d["verdict"] in ("ready", "conditional"):
        answers = dict(json.load(open(os.path.join(os.path.dirname(path), "all-met.json"), encoding="utf-8"))["answers"])
        for k, v in d["changes"].items():
            if v is None: answers.pop(k, None)
            else: answers[k] = v
        d["score_by_hand"] = by_hand(load(tid), answers, set(d.get("lost_rules", [])))
    else:
        d.pop("score_by_hand", None)
    write(path, d)
print("scenarios written")
