# The exam-site template (考点疫情防控准备核查); exec'd by build.py, which provides the helpers.

def exam():
  global sections
  sections = []
  CURRENT[0] = "exam"
  def y(cid): return yn(cid)
  sec("basics", "考点概况", "About the exam site", [
    {"id": "exam_day", "type": "date", "title": T("首场考试日期", "First exam day")},
    num("normal_rooms", "普通考场数", "Normal exam rooms", T("间", "rooms"), integer=True),
    num("candidates", "考生人数", "Candidates", T("人", "people"), integer=True),
    num("exam_staff_count", "考试工作人员数（含备用人员）", "Exam staff, backup staff included", T("人", "people"), integer=True),
    num("half_days", "考试半天场次数", "Half-day exam sessions", T("个", "sessions"), integer=True),
    {"id": "iso_needed", "type": "computed", "title": T("应设备用隔离考场数", "Backup isolation rooms needed"), "expr": "max(3, ceil(normal_rooms / 10))", "unit": T("间", "rooms"), "tags": ["Q-01"],
     "help": T("每10个普通考场设1个，至少3个；不足10个的按10个计（向上取整）。", "One per 10 normal rooms, at least 3; part of ten counts as ten (rounded up).")},
    {"id": "invigilators_per_room", "type": "computed", "title": T("每考场监考员数（参数）", "Invigilators per room (parameter)"), "expr": "2", "unit": T("人", "people"), "tags": ["Q-04", "parameter"],
     "help": T("来源未规定每考场监考员人数，按2人计；可在模板中调整。", "The sources do not fix invigilators per room; 2 is assumed and can be changed in the template.")},
    {"id": "reserve_needed", "type": "computed", "title": T("应预留监考员数", "Reserve invigilators needed"), "expr": "max(0, ceil(candidates / 20) - normal_rooms) * invigilators_per_room", "unit": T("人", "people"), "tags": ["Q-04"],
     "help": T("按“非低风险地区每考场20名考生”重新编排所需考场数，超出现有考场部分所需监考员。", "Rooms needed at 20 candidates per room, beyond the present rooms, times invigilators per room.")},
    {"id": "disinfectant_per_room", "type": "computed", "title": T("每考场消毒剂用量（参数）", "Disinfectant per room (parameter)"), "expr": "1", "unit": T("瓶", "bottles"), "tags": ["Q-52", "parameter"],
     "help": T("来源只要求“按考场数准备充足的消毒剂”，按每考场1瓶计；可调整。", "The source asks for enough disinfectant by number of rooms; 1 bottle per room is assumed and can be changed.")},
    {"id": "fever_window_includes_exam_day", "type": "computed", "title": T("“考前3天内”是否含考试当天（参数）", "Does “within 3 days before the exam” include the exam day? (parameter)"), "expr": "true", "tags": ["Q-15", "parameter"],
     "help": T("含：出现发热等异常情况的人员不得参与考试工作（002 L119），考试当天发热同样不得参与。", "It does: anyone with a fever may not work at the exam (002 L119), on the exam day too.")},
  ], 0, help=T("这些数字用于计算各项需要量，不计分。", "These figures drive the quantities the rules check; they are not scored."))
  sec("team", "组织与人员", "Organisation and staff", [
    num("health_deputies", "卫健/疾控指派的副主考人数", "Health deputy chief examiners", T("人", "people"), integer=True, source=source("EXAM-03"), tags=tags("EXAM-03", ["Q-20"])),
    num("food_supervisors", "市场监管部门监食人员数", "Food-safety supervisors", T("人", "people"), integer=True, source=source("EXAM-04"), tags=tags("EXAM-04", ["Q-20"])),
    num("reserve_invigilators", "已预留的备用监考员数", "Reserve invigilators on call", T("人", "people"), integer=True, source=source("EXAM-09"), tags=tags("EXAM-09", ["Q-04"])),
    y("ORG-01"), y("ORG-02"), y("ORG-10"), y("EXAM-01"), y("EXAM-02"), y("EXAM-04"), y("EXAM-28"),
  ], 15, **{"pass": 60})
  sec("health", "健康监测", "Health monitoring", [
    num("candidates_recorded", "考前14天体温记录完整的考生人数", "Candidates with a complete 14-day temperature record", T("人", "people"), integer=True, source=source("EXAM-05"), tags=tags("EXAM-05", ["Q-09"])),
    {"id": "staff_monitoring", "type": "repeat", "title": T("考试工作人员健康监测", "Exam staff health monitoring"), "min_rows": 1,
     "help": T("每名工作人员一行：监测开始日期须不晚于考前第14天；考前3天内有发热的不得参与考试工作，启用备用人员。", "One row per staff member: monitoring must start by day E-14; anyone with fever within 3 days before the exam is replaced."),
     "source": source("EXAM-08"), "tags": tags("EXAM-08", ["Q-14", "Q-15"]),
     "items": [{"id": "staff_name", "type": "text", "title": T("姓名", "Name"), "required": True},
               {"id": "staff_monitor_from", "type": "date", "title": T("监测开始日期", "Monitoring from")},
               {"id": "staff_fever_on", "type": "date", "title": T("最近发热日期（无则不填）", "Last fever date (blank if none)"), "required": False},
               # Issue 22: a site that stood a feverish staff member down and called its
               # backup did what 002 L20–21 asks; only one still at work fails.
               {"id": "staff_stood_down", "type": "yesno", "title": T("已停止其考试工作并启用备用人员", "Stood down from exam work, backup called"),
                "visible_if": "answered(staff_fever_on)"}]},
    {"id": "card_check_on", "type": "date", "title": T("核发准考证并逐一测温的日期", "Date admission cards are issued with temperature checks"), "source": source("EXAM-27"), "tags": tags("EXAM-27", ["Q-16"])},
    {"id": "itinerary_checked", "type": "yesno", "points": 2,
     "title": T("核发准考证时查询考生行程，异常情况登记上报", "Candidates' itineraries checked by health code when cards are issued; anomalies logged and reported"),
     "source": "002_6f83642910a7d246.txt L123 “通过“赣通码”等健康码查询考生在5月23日以后的行程情况,对有异常情况的考生须登记并及时上报”",
     "tags": ["Q-16", "EXAM-27", "weight:H"]},
    num("late_returners", "未于考前45天返回高考所在地的省外考生人数", "Out-of-province candidates not back by day E-45", T("人", "people"), integer=True,
        help=T("来源以5月23日为期（当年高考7月7日开考，即考前45天）；未按期返回的须登记上报，按属地要求管理。", "The source's date is 23 May, 45 days before that year's 7 July exam; late returners are logged, reported and managed locally."),
        source="002_6f83642910a7d246.txt L126 “在省外学习、工作的考生,须于5月23日前回到参加高考所在地并做好健康监测和行踪报告”", tags=["Q-17"]),
    y("EXAM-05"), y("EXAM-06"), y("EXAM-07"), y("EXAM-29"),
    {"id": "screen_e14_e3", "type": "yesno", "title": T("考前第14天和第3天对全部考生进行健康筛查", "All candidates screened on days E-14 and E-3"), "points": 2,
     "source": "002_6f83642910a7d246.txt L14 “考前第14天和考前第3天…对所有考生进行健康状态数据筛查”", "tags": ["Q-10", "weight:H"]},
  ], 20, **{"pass": 60})
  sec("venue", "考场与隔离", "Rooms, entry and isolation", [
    num("isolation_rooms", "备用隔离考场数", "Backup isolation exam rooms", T("间", "rooms"), integer=True, source=source("EXAM-10"), tags=tags("EXAM-10", ["Q-01"])),
    {"id": "isolation_use", "type": "repeat", "title": T("备用隔离考场安排", "Backup isolation room plan"),
     "help": T("原则上一人一间；确需共用的须经批准、按最前排/最后排/四角排位，最多4人。", "One candidate per room; sharing needs approval and front/back/corner seats, 4 at most."),
     "source": "002_6f83642910a7d246.txt L27 “原则上须一人一间…最多不超过4人”", "tags": ["Q-02", "EXAM-11"],
     "items": [{"id": "iso_room", "type": "text", "title": T("考场", "Room"), "required": True},
               {"id": "iso_occupants", "type": "number", "title": T("安排考生数", "Candidates"), "integer": True, "min": 0},
               {"id": "iso_sharing_approved", "type": "yesno", "title": T("共用已获批准", "Sharing approved"), "required": False},
               {"id": "iso_seating_ok", "type": "yesno", "title": T("按前后排或四角排位", "Front, back or corner seats"), "required": False}]},
    num("temp_lanes", "体温检测通道数", "Temperature-check lanes", T("条", "lanes"), integer=True, source=source("EXAM-12"), tags=tags("EXAM-12", ["Q-05"])),
    num("queue_spacing", "入场排队间距", "Entry queue spacing", T("米", "m"), source="002_6f83642910a7d246.txt L36 “进入考点时与他人间隔要保持1米以上”", tags=["Q-19", "EXAM-30"]),
    {"id": "checks_before_bell", "type": "yesno", "title": T("入场铃响前完成全部到点考生测温", "Every candidate checked before the entry bell"), "critical": True, "points": 0,
     "source": "002_6f83642910a7d246.txt L25 “务必保证在考生入考场铃响前…体温检测结束”", "tags": ["Q-06", "weight:C"]},
    y("EXAM-11"), y("EXAM-12"), y("EXAM-13"), y("EXAM-22"), y("EXAM-23"), y("EXAM-30"), y("EXAM-31"),
  ], 20, **{"pass": 60})
  sec("supplies", "防疫物资", "Supplies", [
    num("staff_masks", "工作人员口罩数量", "Masks for exam staff", T("只", "masks"), integer=True, source="002_6f83642910a7d246.txt L26 “按每人每半天1支的标准为考试工作人员配备口罩”", tags=["Q-03", "EXAM-15"]),
    num("disinfectant", "消毒剂数量", "Disinfectant", T("瓶", "bottles"), integer=True, source="002_6f83642910a7d246.txt L26 “要按照考场数准备充足的消毒剂”", tags=["Q-52", "EXAM-15"]),
    y("EXAM-14"), y("EXAM-15"), y("EXAM-16"), y("SUP-01"),
  ], 15, **{"pass": 60})
  sec("clean", "清洁消毒", "Cleaning and disinfection", [
    {"id": "pre_exam_clean", "type": "yesno", "title": T("考前至少一次大扫除和一次预防性消毒，消毒后通风", "Before the exam: a thorough clean, a preventive disinfection, then airing"), "points": 2,
     "source": "002_6f83642910a7d246.txt L29 “至少一次彻底的卫生大扫除和至少一次预防性消毒”", "tags": ["Q-07", "weight:H"]},
    {"id": "after_exam_disinfect", "type": "yesno", "title": T("每天考试结束后对考场预防性消毒", "Rooms disinfected after each exam day"), "points": 2,
     "source": "002_6f83642910a7d246.txt L29 “每天考试结束后,要对考场做一次预防性消毒”", "tags": ["Q-08", "weight:H"]},
    y("EXAM-17"), y("EXAM-18"), y("EXAM-19"),
  ], 15, **{"pass": 60})
  sec("drills", "应急处置与演练", "Emergency handling and drills", [
    {"id": "drill_deadline", "type": "date", "title": T("入点测温演练规定完成日期", "Deadline set for the entry-temperature drill"),
     "help": T("来源为“__月__日前”，由当地考试机构规定。", "The source leaves the date blank (__月__日); the local exam authority sets it."), "tags": ["Q-49", "parameter"]},
    {"id": "drill_on", "type": "date", "title": T("有考生参加的入点测温演练日期", "Entry-temperature drill with candidates held on"), "source": source("EXAM-20"), "tags": tags("EXAM-20", ["Q-49"])},
    y("PLAN-02"), y("EXAM-20"), y("EXAM-21"), y("EXAM-24"), y("EXAM-25"), y("EXAM-26"), y("EXAM-32"), y("ISO-01"), y("ISO-02"),
  ], 15, **{"pass": 60})
  # The exam site's own food service (002 L134, L140): workers' health certificates, food
  # bought with papers, workers masked and gloved (issue 22). No pass mark: three items.
  sec("food", "考点餐饮", "Food at the exam site", [y("FOOD-01"), y("FOOD-03"), y("FOOD-07")], 5)
  rules = [
    {"id": "q01_isolation_rooms", "section": "venue", "critical": True, "points": 3, "assert": "isolation_rooms >= iso_needed",
     "message": M("备用隔离考场不足：需 {iso_needed} 间，现 {isolation_rooms} 间", "Too few backup isolation rooms: {iso_needed} needed, {isolation_rooms} present"),
     "source": rows["EXAM-10"][3] + " “每10个普通考场设1个备用隔离考场…至少需要配备3个”", "tags": ["Q-01", "EXAM-10"]},
    {"id": "q02_isolation_sharing", "section": "venue", "critical": True, "points": 2,
     "assert": "all(isolation_use, iso_occupants <= 1 or (iso_sharing_approved == 'yes' and iso_seating_ok == 'yes' and iso_occupants <= 4))",
     "message": M("隔离考场超员或共用不合规：一人一间，确需共用须批准、按规定排位且不超过4人", "An isolation room is over capacity or shared without approval, proper seating, or beyond 4"),
     "source": "002_6f83642910a7d246.txt L27", "tags": ["Q-02", "EXAM-11"]},
    {"id": "q03_staff_masks", "section": "supplies", "points": 2, "assert": "staff_masks >= exam_staff_count * half_days",
     "message": M("工作人员口罩不足：需 {exam_staff_count * half_days} 只，现 {staff_masks} 只", "Too few staff masks: {exam_staff_count * half_days} needed, {staff_masks} present"),
     "source": "002_6f83642910a7d246.txt L26", "tags": ["Q-03", "EXAM-15"]},
    {"id": "q04_reserve_invigilators", "section": "team", "points": 2, "assert": "reserve_invigilators >= reserve_needed",
     "message": M("预留监考员不足：需 {reserve_needed} 人，现 {reserve_invigilators} 人", "Too few reserve invigilators: {reserve_needed} needed, {reserve_invigilators} on call"),
     "source": "002_6f83642910a7d246.txt L22 “按照“非低风险地区每考场20名考生”的标准预留监考人员”", "tags": ["Q-04", "EXAM-09"]},
    {"id": "q05_lanes", "section": "venue", "critical": True, "points": 0, "assert": "temp_lanes >= 2",
     "message": M("测温通道 {temp_lanes} 条，应设多条（至少2条）", "{temp_lanes} temperature lane(s); several (2 or more) are required"),
     "source": "002_6f83642910a7d246.txt L25 “检测点要设立多条体温检测通道”", "tags": ["Q-05", "EXAM-12"]},
    {"id": "q09_candidate_records", "section": "health", "critical": True, "points": 3, "assert": "candidates_recorded >= candidates",
     "message": M("考生14天体温记录不全：{candidates_recorded}/{candidates} 人", "14-day temperature records complete for {candidates_recorded} of {candidates} candidates"),
     "source": "002_6f83642910a7d246.txt L13, L15 “从考前第14天开始…每日测量体温、记录”", "tags": ["Q-09", "EXAM-05"]},
    {"id": "q14_staff_monitoring", "section": "health", "critical": True, "points": 3, "assert": "count(staff_monitoring) >= exam_staff_count and all(staff_monitoring, staff_monitor_from <= exam_day - 14)",
     "message": M("健康监测应覆盖全部 {exam_staff_count} 名考试工作人员（已登记 {count(staff_monitoring)} 人），且均从考前第14天（{exam_day - 14}）开始", "Monitoring must cover all {exam_staff_count} exam staff ({count(staff_monitoring)} listed), each from day E-14 ({exam_day - 14})"),
     "source": "002_6f83642910a7d246.txt L20 “从考前14天…对所有抽调考试工作人员进行每日体温测量”", "tags": ["Q-14", "EXAM-08"]},
    {"id": "q15_staff_fever", "section": "health", "critical": True, "points": 3,
     "assert": "all(staff_monitoring, not answered(staff_fever_on) or staff_fever_on < exam_day - 3 or staff_fever_on > exam_day - if(fever_window_includes_exam_day, 0, 1) or staff_stood_down == 'yes')",
     "message": M("有工作人员考前3天内发热仍在岗：不得参与考试工作，须停止其工作并启用备用人员", "A staff member with fever within 3 days before the exam is still at work: stand them down and call the backup"),
     "source": "002_6f83642910a7d246.txt L20 “考前3天内有发热症状的不得参与考试工作”", "tags": ["Q-15", "EXAM-08"]},
    {"id": "q17_returned_by_e45", "section": "health", "points": 1, "assert": "late_returners == 0",
     "message": M("有 {late_returners} 名省外考生未于 {exam_day - 45} 前返回，须登记上报并按属地要求管理", "{late_returners} out-of-province candidates were not back by {exam_day - 45}: log, report and manage them locally"),
     "source": "002_6f83642910a7d246.txt L125–126 “考生从5月23日开始,做好自我健康监测…须于5月23日前回到参加高考所在地”", "tags": ["Q-17"]},
    {"id": "q16_card_check", "section": "health", "points": 2, "assert": "card_check_on >= exam_day - 3 and card_check_on < exam_day",
     "message": M("准考证核发测温日期为 {card_check_on}，应在考前3天内（{exam_day - 3} 至考试前一天）", "Admission cards checked on {card_check_on}; must be within the 3 days before the exam (from {exam_day - 3})"),
     "source": "002_6f83642910a7d246.txt L123 “在考前3天核发准考证时,要逐一检测考生体温”", "tags": ["Q-16", "EXAM-27"]},
    {"id": "q19_spacing", "section": "venue", "points": 1, "assert": "queue_spacing >= 1",
     "message": M("入场间距 {queue_spacing} 米，应保持1米以上", "Entry spacing is {queue_spacing} m; keep at least 1 m"),
     "source": "002_6f83642910a7d246.txt L36", "tags": ["Q-19", "EXAM-30"]},
    {"id": "q20_health_deputy", "section": "team", "critical": True, "points": 0, "assert": "health_deputies >= 1",
     "message": M("未增设卫健/疾控指派的防疫副主考（现 {health_deputies} 人）", "No health deputy chief examiner appointed ({health_deputies})"),
     "source": "002_6f83642910a7d246.txt L115 “增设一名由当地卫健部门或疾控机构指派的专业人员担任副主考”", "tags": ["Q-20", "EXAM-03"]},
    # The food supervisors are the market regulator's staff (监食, L11), not the site's: a
    # finding to follow up with the regulator, no points lost and never a veto (issue 22).
    {"id": "q20_food_supervisors", "section": "team", "points": 0, "assert": "food_supervisors >= 2",
     "message": M("市场监管部门监食人员 {food_supervisors} 人，应为2人：请与市场监管部门落实", "{food_supervisors} food-safety supervisors from the market regulator; 2 are needed: follow up with the regulator"),
     "source": "002_6f83642910a7d246.txt L11 “另外两名市场监管部门人员负责考点监食工作”", "tags": ["Q-20", "EXAM-04"]},
    # Held before the exam is the veto; the local deadline is a point (issue 22): a drill
    # held late but before the exam day still prepared the entry.
    {"id": "q49_drill", "section": "drills", "critical": True, "points": 0, "assert": "drill_on < exam_day",
     "message": M("入点测温演练于 {drill_on} 进行，须在考试日（{exam_day}）之前完成", "The entry drill on {drill_on} must be held before the exam day ({exam_day})"),
     "source": "002_6f83642910a7d246.txt L35 “__月__日前各考点要组织一次有考生参加的入点测温实战演练”", "tags": ["Q-49", "EXAM-20"]},
    {"id": "q49_drill_deadline", "section": "drills", "points": 1, "assert": "drill_on <= drill_deadline",
     "message": M("入点测温演练于 {drill_on} 进行，晚于规定的 {drill_deadline}", "The entry drill on {drill_on} was later than the deadline {drill_deadline}"),
     "source": "002_6f83642910a7d246.txt L35", "tags": ["Q-49", "EXAM-20"]},
    {"id": "q52_disinfectant", "section": "supplies", "points": 2, "assert": "disinfectant >= (normal_rooms + isolation_rooms) * disinfectant_per_room",
     "message": M("消毒剂不足：按考场数（含备用隔离考场）需 {(normal_rooms + isolation_rooms) * disinfectant_per_room} 瓶，现 {disinfectant} 瓶", "Too little disinfectant: {(normal_rooms + isolation_rooms) * disinfectant_per_room} needed for all rooms, backup isolation rooms included; {disinfectant} present"),
     "source": "002_6f83642910a7d246.txt L26", "tags": ["Q-52", "EXAM-15"]},
  ]
  return {"format": "readycheck/1", "id": "exam-site", "version": "1.2.0",
    "title": T("考点疫情防控准备核查", "Exam site: epidemic-prevention readiness"),
    "description": T("依据高考、中考考点疫情防控工作方案整理。否决项任一不符合即“不具备条件”。", "Built from the exam-site prevention plans; any failed critical item means not ready."),
    "default_locale": "zh-CN", "grading": {"ready": 90, "conditional": 75}, "sections": sections, "rules": rules}
