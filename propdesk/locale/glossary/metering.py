"""Chinese for meters and readings (抄表), billing cycles and one-off charges (issue 16, item 11)."""

_T = "readings template"

ZH = {
    # menu and pages
    "Meter readings": "抄表录入",
    "Meters": "表具管理",
    "One-off charges": "一次性收费",
    "Import meter readings": "导入抄表读数",
    "Meters of this room": "本户全部表具",
    "Readings": "读数记录",
    "Billed": "已计费",
    "No readings.": "没有读数。",
    "Nothing billed from this meter yet.": "此表尚未计费。",
    "Correct a reading": "更正读数",
    "Right value": "正确读数",
    "Correct": "更正",
    "Meter change": "换表",
    "Record the meter change": "登记换表",
    "Register a meter": "登记表具",
    "Include meters taken out": "含已拆除的表",
    "No meters.": "没有表具。",
    "No meters of this kind in this building.": "该楼栋没有此类表具。",
    "Record readings": "保存读数",
    "Enter at least one reading.": "请至少录入一个读数。",
    "Nothing was recorded. Correct these readings and record again:": "未保存任何读数。请更正以下读数后重新保存：",
    "Leave a meter empty if it was not read. A reading lower than the previous one is refused: if the meter"
    " was changed, record the meter change on the meter's page first.": (
        "未抄的表留空即可。本次读数低于上次读数将被拒绝：如已换表，请先在该表页面登记换表。"
    ),
    "1. Download the template": "1. 下载模板",
    "It lists the meters with their previous readings. Fill in the current reading (and the day, if not the"
    " one chosen below); leave meters that were not read empty.": (
        "模板列出各表及其上次读数。填写本次读数（抄表日期与下方所选不同时一并填写）；未抄的表留空。"
    ),
    "All buildings": "全部楼栋",
    "All kinds": "全部类型",
    "Template": "模板",
    "2. Import the filled-in workbook": "2. 导入填好的表格",
    "All rows or none: if any row is refused, nothing is recorded and every problem is listed below with its"
    " row. A file imported twice records its readings once.": (
        "全部导入或全部不导入：任何一行有误即不保存任何读数，并在下方逐行列出问题。同一文件导入两次只记录一次。"
    ),
    "Field": "字段",
    "Readings workbook (.xlsx)": "抄表表格（.xlsx）",
    "For rows whose day is empty.": "用于未填写抄表日期的行。",
    "Excel import": "Excel 导入",
    "The charge becomes a bill of the room, numbered YC…, paid at the desk like any other.": (
        "收费生成该房屋的一条账单（编号 YC…），在收银台与其他账单一样缴纳。"
    ),
    "Charge": "收费",
    "Recent one-off charges": "最近的一次性收费",
    "No one-off charges.": "没有一次性收费。",
    "The wrong reading stays, struck through. If it was billed, the difference is settled on its bill: a"
    " credit note, or a supplementary line.": (
        "错误读数保留并划线显示。若已计费，差额在该账单上结算：多收的冲红，少收的补收一条账单。"
    ),
    "The old meter is billed up to its final reading, the new one from its start reading. A meter that"
    " rolled over is recorded the same way, under the same number.": (
        "旧表计费至止度，新表自起度开始计费。表计走满归零时也按换表登记，表号不变。"
    ),
    "Old meter's final reading": "旧表止度",
    "Changed on": "换表日期",
    "New meter number": "新表表号",
    "New meter's start reading": "新表起度",
    "New meter's multiplier": "新表倍率",
    "Start reading": "起始读数",
    "Installed on": "安装日期",
    "Multiplier": "倍率",
    "Meter kind": "表类型",
    "Meter number": "表号",
    "Meter": "表具",
    "Previous reading": "上次读数",
    "Current reading": "本次读数",
    "Read on": "抄表日期",
    "Consumption": "用量",
    "consumption": "用量",
    "Entered through": "录入方式",
    "Taken out": "已拆除",
    "replaces": "替换",
    "correction": "更正",
    # choices
    "Monthly": "按月",
    "Quarterly": "按季",
    "Yearly": "按年",
    "Electricity meter": "电表",
    "Water meter": "水表",
    "Gas meter": "燃气表",
    "Hot water meter": "热水表",
    "Heat meter": "热量表",
    "Reading": "读数",
    "Final reading": "止度（旧表）",
    "Reading entry page": "抄表录入页面",
    "API": "接口",
    "Description": "说明",
    # the readings workbook
    (_T, "Room"): "房号",
    (_T, "Meter kind"): "表类型",
    (_T, "Meter number"): "表号",
    (_T, "Multiplier"): "倍率",
    (_T, "Previous reading"): "上次读数",
    (_T, "Previous reading day"): "上次抄表日期",
    (_T, "Current reading"): "本次读数",
    (_T, "Read on"): "抄表日期",
    # models
    "The first day of the billed month, quarter or year.": "计费月、季或年的第一天。",
    "billing cycle": "计费周期",
    "Monthly, quarterly or yearly. Area and fixed items are billed in the first month of their quarter or"
    " year, metered items in the last (from the readings up to its end).": (
        "按月、按季或按年。按面积和定额收费的项目在季度或年度的第一个月计费，抄表项目在最后一个月计费（按截至期末的读数）。"
    ),
    "meter kind": "表类型",
    "Metered items only: the meters whose readings this item charges.": "仅抄表收费项目：按哪类表的读数收费。",
    "meter number": "表号",
    "multiplier": "倍率",
    "Consumption = reading difference × multiplier (for meters with a current transformer).": (
        "用量 = 读数差 × 倍率（用于带互感器的表）。"
    ),
    "installed on": "安装日期",
    "taken out on": "拆除日期",
    "replaces meter": "替换的旧表",
    "meter": "表具",
    "meters": "表具",
    "reading": "读数",
    "read on": "抄表日期",
    "entered through": "录入方式",
    "corrects": "更正的读数",
    "entered by": "录入人",
    "entered": "录入时间",
    "meter reading": "抄表读数",
    "meter readings": "抄表读数",
    "previous reading": "上次读数",
    "current reading": "本次读数",
    "meter charge": "抄表计费明细",
    "meter charges": "抄表计费明细",
    "Q%(quarter)s %(year)s": "%(year)s年第%(quarter)s季度",
    "Year %(year)s": "%(year)s年度",
    # services
    "Choose a one-off charge item of this project.": "请选择本项目的一次性收费项目。",
    "You may not add one-off charges.": "您无权添加一次性收费。",
    "Give the reason for the charge.": "请填写收费原因。",
    "The charge number was taken: try again.": "收费编号已被占用，请重试。",
    "You may not register meters.": "您无权登记表具。",
    "Choose the kind of meter.": "请选择表类型。",
    "Enter the meter number.": "请填写表号。",
    "The day cannot be in the future.": "日期不能晚于今天。",
    "A %(kind)s numbered %(number)s is already in place in this project.": "本项目已有在用的%(kind)s，表号 %(number)s。",
    "This meter was already taken out.": "此表已拆除。",
    "You may not record meter changes.": "您无权登记换表。",
    "Give the reason for the meter change.": "请填写换表原因。",
    "Enter the new meter's number.": "请填写新表表号。",
    "%(day)s is before the previous reading, %(value)s on %(previous_day)s": (
        "%(day)s 早于上次抄表（%(previous_day)s，读数 %(value)s）"
    ),
    "The final reading %(value)s is lower than the previous reading, %(previous)s on %(day)s.": (
        "止度 %(value)s 低于上次读数 %(previous)s（%(day)s）。"
    ),
    "%(where)s — %(field)s: %(reason)s": "%(where)s — %(field)s：%(reason)s",
    "Row %(row)s: %(text)s": "第%(row)s行：%(text)s",
    "%(count)s readings were refused and nothing was recorded: %(first)s": (
        "%(count)s 个读数有误，未保存任何读数：%(first)s"
    ),
    "should be a number, e.g. 1234.5": "应为数字，例如 1234.5",
    "cannot be negative": "不能为负数",
    "has more than two decimals": "小数不能超过两位",
    "is too large for a meter reading": "数值过大，不是表读数",
    "%(field)s: %(reason)s": "%(field)s：%(reason)s",
    "The multiplier should be a number, e.g. 1 or 80.": "倍率应为数字，例如 1 或 80。",
    "This is not the meter readings template (the headings of row 1 differ): download the template and fill"
    " it in under its headings.": "这不是抄表模板（第1行标题不符）：请下载模板并按标题填写。",
    "The file is over the 20 MB limit.": "文件超过 20 MB 上限。",
    "no such meter in this project": "本项目没有这块表",
    "“%(value)s” is not a date, e.g. 2026-03-25": "“%(value)s”不是日期，例如 2026-03-25",
    "The file has no current readings to import.": "文件中没有可导入的本次读数。",
    "Unknown source of readings.": "未知的读数来源。",
    "You may not enter meter readings.": "您无权录入抄表读数。",
    "taken out on %(day)s by a meter change: enter the new meter's readings": (
        "已于 %(day)s 换表拆除：请录入新表的读数"
    ),
    "entered twice in this list": "在本次录入中重复",
    "%(day)s is in the future": "%(day)s 晚于今天",
    "already read on %(day)s (%(value)s): to change that reading, correct it on the meter's page": (
        "%(day)s 已抄过（%(value)s）：如需修改，请在该表页面更正"
    ),
    "%(value)s is lower than the previous reading, %(previous)s on %(day)s; if the meter was changed, record"
    " the meter change first": "%(value)s 低于上次读数 %(previous)s（%(day)s）；如已换表，请先登记换表",
    "You may not correct meter readings.": "您无权更正抄表读数。",
    "Give the reason for the correction.": "请填写更正原因。",
    "This reading was already corrected or voided: correct the one that counts now.": (
        "此读数已被更正或作废：请更正当前有效的读数。"
    ),
    "This reading is before the last billed one (%(value)s on %(day)s, %(item)s %(period)s): it cannot change"
    " any more. Correct the bill with a credit note.": (
        "此读数早于最近一次计费所用读数（%(day)s，%(value)s，%(item)s %(period)s），不能再更改；请对账单冲红。"
    ),
    "The reading is already %(value)s.": "读数已是 %(value)s。",
    "%(value)s is lower than the reading before it, %(previous)s on %(day)s.": (
        "%(value)s 低于前一次读数 %(previous)s（%(day)s）。"
    ),
    "%(value)s is higher than the reading after it, %(next)s on %(day)s.": (
        "%(value)s 高于后一次读数 %(next)s（%(day)s）。"
    ),
    "Meter reading corrected from %(old)s to %(new)s: %(reason)s": "抄表读数由 %(old)s 更正为 %(new)s：%(reason)s",
    "The reading was billed in %(item)s %(period)s, which no longer owes %(amount)s: refund the payment first,"
    " then correct the reading.": "该读数已计入 %(item)s %(period)s，该账单已不欠 %(amount)s：请先退款，再更正读数。",
    "A start or final reading cannot be voided: correct its value instead.": "起始读数和止度不能作废，请更正其数值。",
    "This reading is billed: correct its value instead of voiding it.": "此读数已计费：请更正数值，不要作废。",
    # views
    "%(item)s of %(amount)s charged to %(room)s (%(number)s): it can be paid at the desk.": (
        "已向 %(room)s 收取%(item)s %(amount)s 元（%(number)s），可在收银台缴纳。"
    ),
    "%(count)s readings recorded.": "已保存 %(count)s 个读数。",
    "%(count)s were already recorded.": "其中 %(count)s 个此前已录入。",
    "%(count)s readings imported, %(unchanged)s already recorded.": "已导入 %(count)s 个读数，%(unchanged)s 个此前已录入。",
    "Meter registered.": "表具已登记。",
    "This reading is not the meter's.": "该读数不属于此表。",
    "Reading corrected.": "读数已更正。",
    "Reading voided.": "读数已作废。",
    "Meter change recorded.": "换表已登记。",
}

PLURALS = {
    "%(n)s row was refused; nothing was recorded.": ["%(n)s 行有误，未保存任何读数。"],
}
