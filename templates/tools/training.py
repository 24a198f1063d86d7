# The training-institution template (校外培训机构线下复课验收); exec'd by build.py.

def training():
  global sections
  sections = []
  CURRENT[0] = "train"
  def y(cid): return yn(cid)
  sec("basics", "机构概况", "About the institution", [
    {"id": "category", "type": "choice", "title": T("机构类别", "Category"),
     "options": [{"value": "senior", "label": T("面向成人、高考复读、艺考或高三学科培训", "Adults, gaokao repeaters, art exams or senior-three subjects")},
                 {"value": "other", "label": T("其他培训机构", "Other institutions")}],
     "source": "002_6f83642910a7d246.txt L304–305", "tags": ["Q-47"]},
    {"id": "apply_open_on", "type": "date", "title": T("本类机构开始受理申请的日期", "Date applications open for this category"),
     "help": T("来源举例：第一类自5月25日起、其他自6月2日起；以当地公布日期为准。", "The source's example: the first category from 25 May, others from 2 June; use the dates announced locally."), "tags": ["Q-47", "parameter"]},
    {"id": "applied_on", "type": "date", "title": T("提出复课申请的日期", "Date the institution applied"), "tags": ["Q-47"]},
    {"id": "resume_on", "type": "date", "title": T("计划复课日期", "Planned reopening date")},
    num("learners", "同一时段最多在场学员数", "Most learners on site at once", T("人", "people"), integer=True),
    num("enrolled", "复课后每日到校学员总数（各时段合计）", "Learners coming each day (all sessions together)", T("人", "people"), integer=True,
        help=T("口罩用量和居家隔离按每天来的全部学员计，不只是同一时段在场的人数。", "Masks and home isolation count every learner who comes in a day, not only those on site at once.")),
    num("staff", "教职员工数", "Staff", T("人", "people"), integer=True),
    {"id": "headcount", "type": "computed", "title": T("每日到校师生员工总数", "Everyone coming each day"), "expr": "enrolled + staff", "unit": T("人", "people")},
    {"id": "was_suspended", "type": "choice", "title": T("是否曾被卫健部门责令停课", "Was it suspended by the health authority?"),
     "options": [{"value": "no", "label": T("否", "No")}, {"value": "yes", "label": T("是", "Yes")}],
     "help": T("被停课的机构须经卫健部门同意后方可继续复课（见“制度与审批”）。", "A suspended institution resumes only with the health authority's consent (see Plans)."),
     "source": source("TRAIN-10"), "tags": ["TRAIN-10"]},
    {"id": "area_risk", "type": "choice", "title": T("机构所在地区疫情风险等级", "The area's epidemic risk level"),
     "options": [{"value": "low", "label": T("低风险", "Low")}, {"value": "medium", "label": T("中风险", "Medium")},
                 {"value": "high", "label": T("高风险", "High")}],
     "help": T("三不复课：风险得不到控制不复课。", "Three no-reopenings: no reopening while the risk is not under control."),
     "source": "002_6f83642910a7d246.txt L316 “风险得不到控制不复课”"},
    {"id": "provides_food", "type": "choice", "title": T("是否提供餐饮服务", "Does it serve food?"),
     "options": [{"value": "yes", "label": T("提供", "Yes")}, {"value": "no", "label": T("不提供", "No")}]},
  ], 0, help=T("这些信息用于计算各项需要量，不计分。", "These figures drive the quantities the rules check; they are not scored."))
  sec("plans", "制度与审批", "Plans, filing and approval", [
    y("TRAIN-02"), y("TRAIN-05"), y("TRAIN-14"), {**y("TRAIN-10"), "visible_if": "was_suspended == 'yes'"}, y("TRAIN-13"), y("TRAIN-19"), y("ACC-01"), y("ACC-02"), y("ACC-03"), y("ORG-01"), y("ORG-02"), y("ORG-03"), y("ORG-04"), y("PLAN-07"),
  ], 20, **{"pass": 60})
  sec("health", "健康管理", "Health management", [
    {"id": "home_isolation", "type": "repeat", "title": T("师生复课前居家情况", "Learners and staff at home before resuming"), "min_rows": 1,
     "help": T("每人一行：居家开始日期至复课日期须不少于连续14天（中断后重新计算）。", "One row per person: from the start of staying home to the reopening date must be at least 14 continuous days."),
     "source": source("TRAIN-04"), "tags": tags("TRAIN-04", ["Q-25"]),
     "items": [{"id": "person", "type": "text", "title": T("姓名", "Name"), "required": True},
               {"id": "home_from", "type": "date", "title": T("连续居家开始日期", "At home continuously since")}]},
    num("fever_cutoff", "判定发热的体温", "Temperature treated as fever", T("℃", "°C"), max=42,
        help=T("来源对37.3℃本身说法不一，取较严者：37.3℃及以上即按发热处置。", "The sources disagree at exactly 37.3 °C; the stricter reading is used: 37.3 °C and above is fever."),
        source=source("TRAIN-09"), tags=tags("TRAIN-09", ["Q-30"])),
    {"id": "key_staff_test_on", "type": "date", "title": T("重点地区来（返）人员最早一次核酸采样日期", "Earliest nucleic-acid test date among staff from key areas"), "required": False,
     "help": T("核酸证明须在7日内：复课日期与采样日期相差不超过7天。无此类人员可不填。", "Certificates must be within 7 days of reopening. Leave blank if no one came from a key area."),
     "source": "002_6f83642910a7d246.txt L343, L349 “7日内核酸检测证明”", "tags": ["Q-38", "TRAIN-16"]},
    y("TRAIN-03"), y("TRAIN-08"), y("TRAIN-09"), y("TRAIN-11"), y("TRAIN-12"), y("TRAIN-15"), y("TRAIN-16"), y("HLTH-05"), y("HLTH-07"), y("HLTH-12"), y("ISO-01"), y("ISO-02"),
  ], 25, **{"pass": 60})
  sec("space", "场地与通风", "Space and ventilation", [
    {"id": "rooms", "type": "repeat", "title": T("教学用房", "Teaching rooms"), "min_rows": 1,
     "help": T("每间一行：面积除以同一时段最多学员数不低于3平方米。", "One row per room: area divided by the most learners at once must be at least 3 m²."),
     "source": source("TRAIN-06"), "tags": tags("TRAIN-06", ["Q-27"]),
     "items": [{"id": "room_name", "type": "text", "title": T("房间", "Room"), "required": True},
               {"id": "room_area", "type": "number", "title": T("面积（㎡）", "Area (m²)"), "min": 0},
               {"id": "room_learners", "type": "number", "title": T("同一时段最多学员数", "Most learners at once"), "integer": True, "min": 1}]},
    num("vent_times", "每间每天通风次数", "Airings per room per day", T("次", "times"), integer=True, source=source("CLEAN-03"), tags=tags("CLEAN-03", ["Q-28"])),
    num("vent_minutes", "每次通风时长", "Minutes per airing", T("分钟", "min"), source=source("CLEAN-03"), tags=tags("CLEAN-03", ["Q-28"])),
    {"id": "daily_clean", "type": "yesno", "title": T("每天清洁和消毒，重点部位增加消毒次数", "Daily cleaning and disinfection, more often at key spots"), "points": 2,
     "source": "002_6f83642910a7d246.txt L282 “每天开展清洁和消毒工作,加大重点部位消毒次数”", "tags": ["Q-29", "weight:H"]},
    y("CLEAN-04"), y("CLEAN-05"), y("CLEAN-08"), y("CLEAN-10"), y("CLEAN-14"),
  ], 20, **{"pass": 60})
  sec("supplies", "防疫物资", "Supplies", [
    num("mask_stock", "医用口罩库存", "Medical masks in stock", T("只", "masks"), integer=True, source=source("SUP-02"), tags=tags("SUP-02", ["Q-26"])),
    {"id": "mask_rate", "type": "computed", "title": T("每人每日口罩用量（参数）", "Masks per person per day (parameter)"), "expr": "2", "unit": T("只", "masks"), "tags": ["Q-26", "parameter"],
     "help": T("来源未给出每日用量；按每人每日2只计算，可在模板中调整。", "The sources give no daily rate; 2 per person per day is assumed and can be changed in the template.")},
    {"id": "mask_days", "type": "computed", "title": T("口罩可用天数", "Days of masks in stock"), "expr": "floor(mask_stock / (headcount * mask_rate))", "unit": T("天", "days"), "tags": ["Q-26"]},
    num("gloves_days", "一次性手套可用天数（按现有用量）", "Days the disposable gloves last at the current use", T("天", "days"), integer=True, source="002_6f83642910a7d246.txt L276 “储备不低于15日用量的…一次性手套、洗手液、消毒液”", tags=["Q-26"]),
    num("handwash_days", "洗手液可用天数（按现有用量）", "Days the hand wash lasts at the current use", T("天", "days"), integer=True, source="002_6f83642910a7d246.txt L276", tags=["Q-26"]),
    num("disinfectant_days", "消毒液可用天数（按现有用量）", "Days the disinfectant lasts at the current use", T("天", "days"), integer=True, source="002_6f83642910a7d246.txt L276", tags=["Q-26"]),
    y("SUP-01"), y("SUP-03"), y("SUP-04"),
  ], 15)
  sec("entry", "门禁与安保", "Entry and security", [
    num("guards", "专职安保人员数", "Full-time security guards", T("人", "people"), integer=True, source=source("TRAIN-07"), tags=tags("TRAIN-07")),
    y("TRAIN-17"), y("TRAIN-01"), y("TRAIN-18"), y("COMM-06"),
  ], 10)
  # Every item here is a veto, and vetoes carry no points (issue 22): the section decides by
  # its vetoes alone and has no weight in the score.
  sec("food", "餐饮服务", "Food service", [y("FOOD-12"), y("FOOD-01"), y("FOOD-03")], 0, visible_if="provides_food == 'yes'")
  rules = [
    # 三不复课 is said of training institutions (002 L316): a high-risk area does not reopen.
    {"id": "gate_risk", "section": "plans", "critical": True, "points": 0, "assert": "area_risk != 'high'",
     "message": M("所在地区为高风险地区：风险得不到控制不复课", "The area is high-risk: no reopening while the risk is not under control"),
     "source": "002_6f83642910a7d246.txt L316 “风险得不到控制不复课、防控条件不具备不复课、安全得不到保障不复课”", "tags": ["principle:三不复课"]},
    {"id": "q25_home_14_days", "section": "health", "critical": True, "points": 3, "assert": "count(home_isolation) >= headcount and all(home_isolation, days(home_from, resume_on) >= 14)",
     "message": M("每一名师生（{headcount} 人，已登记 {count(home_isolation)} 人）复课前须居家连续14天（不晚于 {resume_on - 14} 开始）", "Every learner and staff member ({headcount}; {count(home_isolation)} listed) stays home 14 continuous days before resuming (from {resume_on - 14} at the latest)"),
     "source": source("TRAIN-04"), "tags": ["Q-25", "TRAIN-04"]},
    {"id": "q27_room_area", "section": "space", "critical": True, "points": 3, "assert": "all(rooms, room_area / room_learners >= 3)",
     "message": M("有教学用房生均面积低于3平方米", "A room gives less than 3 m² per learner"),
     "source": source("TRAIN-06"), "tags": ["Q-27", "TRAIN-06"]},
    {"id": "q27_site_area", "section": "space", "critical": True, "points": 2, "assert": "sum(rooms, room_area) >= 3 * learners",
     "message": M("全机构同一时段生均 {round(sum(rooms, room_area) / learners, 2)}㎡，低于3㎡：最多可容纳 {floor(sum(rooms, room_area) / 3)} 人", "{round(sum(rooms, room_area) / learners, 2)} m² per learner on site, below 3 m²: at most {floor(sum(rooms, room_area) / 3)} learners"),
     "source": source("TRAIN-06"), "tags": ["Q-27", "TRAIN-06"]},
    {"id": "q28_ventilation", "section": "space", "critical": True, "points": 2, "assert": "vent_times >= 3 and vent_minutes >= 30",
     "message": M("通风不足：每天 {vent_times} 次、每次 {vent_minutes} 分钟，应至少3次、每次30分钟", "Not aired enough: {vent_times} times of {vent_minutes} min a day; at least 3 × 30 min"),
     "source": source("CLEAN-03"), "tags": ["Q-28", "CLEAN-03"]},
    {"id": "q26_supplies_15_days", "section": "supplies", "critical": True, "points": 3, "assert": "gloves_days >= 15 and handwash_days >= 15 and disinfectant_days >= 15",
       "message": M("手套、洗手液、消毒液分别可用 {gloves_days}、{handwash_days}、{disinfectant_days} 天，均需储备15日用量", "Gloves, hand wash and disinfectant last {gloves_days}, {handwash_days} and {disinfectant_days} days; each needs 15 days in stock"),
       "source": "002_6f83642910a7d246.txt L276 “储备不低于15日用量的医用口罩、一次性手套、洗手液、消毒液、体温检测设备”", "tags": ["Q-26", "SUP-02"]},
    {"id": "q26_mask_15_days", "section": "supplies", "critical": True, "points": 3, "assert": "mask_stock >= 15 * headcount * mask_rate",
     "message": M("口罩仅够 {mask_days} 天，需储备15日用量（{15 * headcount * mask_rate} 只）", "Masks last {mask_days} days; 15 days need {15 * headcount * mask_rate}"),
     "source": "002_6f83642910a7d246.txt L276 “储备不低于15日用量的医用口罩…”", "tags": ["Q-26", "SUP-02"]},
    {"id": "q30_fever_cutoff", "section": "health", "critical": True, "points": 2, "assert": "fever_cutoff >= 37 and fever_cutoff <= 37.3",
     "message": M("以 {fever_cutoff}℃ 为发热线，应在37.0–37.3℃之间（超过37.3℃者立即送医）", "The fever line is {fever_cutoff} °C; it must be 37.0–37.3 °C (anyone above 37.3 °C goes to hospital)"),
     "source": "002_6f83642910a7d246.txt L285 “体温超过37.3℃的发热者…立即就近送至定点医院”", "tags": ["Q-30", "TRAIN-09"]},
    {"id": "q38_test_7_days", "section": "health", "points": 2, "when": "answered(key_staff_test_on)", "assert": "days(key_staff_test_on, resume_on) <= 7",
     "message": M("核酸采样日期 {key_staff_test_on} 距复课超过7天", "The nucleic-acid test on {key_staff_test_on} is more than 7 days before reopening"),
     "source": "002_6f83642910a7d246.txt L349 “须持7日内核酸检测证明”", "tags": ["Q-38", "TRAIN-16"]},
    {"id": "q47_application_date", "section": "plans", "points": 2, "assert": "applied_on >= apply_open_on",
     "message": M("该类机构 {apply_open_on} 起方可申请，申请日期 {applied_on} 过早", "This category may apply from {apply_open_on}; {applied_on} is too early"),
     "source": "002_6f83642910a7d246.txt L304–305", "tags": ["Q-47"]},
    {"id": "train07_guard", "section": "entry", "points": 2, "assert": "guards >= 1",
     "message": M("未安排专职安保人员", "No full-time security guard"),
     "source": source("TRAIN-07"), "tags": ["TRAIN-07"]},
  ]
  return {"format": "readycheck/1", "id": "training-institution", "version": "1.2.0",
    "title": T("校外培训机构线下复课验收", "Off-campus training institution: reopening acceptance"),
    "description": T("依据培训机构复课工作方案（“两案九制”、审批备案）整理。否决项任一不符合即“不具备条件”。", "Built from the training-institution reopening procedures; any failed critical item means not ready."),
    "default_locale": "zh-CN", "grading": {"ready": 90, "conditional": 75}, "sections": sections, "rules": rules}
