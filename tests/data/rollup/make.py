#!/usr/bin/env python3
"""Writes the 50 roll-up test entries (tests/rollup.rs holds the aggregates, worked out by
hand from these groups). Run from this folder; the files are checked in."""
import json

GOOD = {"org_group": "yes", "org_plan": "yes", "students": 100, "masks": 3000, "thermometers": "yes"}

def doc(code, name, answers, mode="self"):
    return {"format": "readycheck-assessment/1", "template": {"id": "example", "version": "1.0.0"},
            "mode": mode, "site": {"code": code, "name": name}, "as_of": "2026-08-25", "answers": answers}

def write(name, value):
    with open(name, "w", encoding="utf-8") as f:
        f.write(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))

n = 0
for k in range(29):  # A: everything met
    n += 1
    name = "<script>alert(1)</script>小学" if k == 0 else f"A 校 {k}"
    write(f"{n:02}-a.json", doc(f"A{k:02}", name, GOOD))
for k in range(10):  # B: no plan
    n += 1
    write(f"{n:02}-b.json", doc(f"B{k:02}", f"B 校 {k}", {**GOOD, "org_plan": "no"}))
for k in range(5):  # C: too few masks
    n += 1
    write(f"{n:02}-c.json", doc(f"C{k:02}", f"C 校 {k}", {**GOOD, "masks": 100}))
for k in range(2):  # D: thermometers unanswered
    n += 1
    a = dict(GOOD)
    del a["thermometers"]
    write(f"{n:02}-d.json", doc(f"D{k:02}", f"D 校 {k}", a))
n += 1  # a submitted result whose receipt does not match
write(f"{n:02}-tampered.json", {"assessment": doc("T00", "T 校", GOOD),
      "result": {"verdict": "ready", "score": 100.0,
                 "receipt": {"template_sha256": "0" * 64, "answers_sha256": "0" * 64}}})
n += 1
write(f"{n:02}-malformed.json", '{"format": "readycheck-assessment/1", "answers": {')
n += 1
write(f"{n:02}-pair-self.json", doc("P01", "P 校", GOOD))
n += 1
write(f"{n:02}-pair-inspection.json", doc("P01", "P 校", {**GOOD, "org_group": "no"}, "inspection"))
assert n == 50
