"""Chinese for the Python-side messages of the service desk and the SLA engine (issue 13, "one source
language"): export and report headings, countdown badges, escalation notices, service errors and the
reasons written into timelines. The Chinese is the wording the code had before, word for word.

Pieces that Python puts together are translated separately so that the Chinese reads as before:
"2 小时 5 分钟" is "%(n)s hour" + " " + "%(n)s minute", the request list's deadlines are joined by
"; " (；) and a survey's missing questions by ", " (、).
"""

ZH = {
    # servicedesk/exports.py: the request list in Excel
    "Intake channel": "渠道",
    "Room or location": "房号/位置",
    "Received at": "受理时间",
    "Resolved at": "完成时间",
    "Closed at": "关闭时间",
    "; ": "；",
    "Only the first %(limit)s records are exported: narrow the filters to export the rest.": (
        "仅导出前 %(limit)s 条，请缩小筛选范围后再导出其余记录。"
    ),
    # intake form and callback plans (examples of what staff type)
    "As said: 3-2-1501 or 3#2-1501. Leave empty for a public area.": (
        "按口头说法填写：3-2-1501 或 3栋2单元1501；公共区域留空。"
    ),
    "Which owners: e.g. all buildings, or buildings 3 and 5.": "回访哪些业主：如全部楼栋、3栋和5栋。",
    # repair slip, hand-offs, owner portal
    "Customer service copy": "客服联",
    "Engineering copy": "工程联",
    "Director took over": "主任接手",
    "Director reassigned": "主任改派",
    "Director reassigned: %(reason)s": "主任改派：%(reason)s",
    "%(name)s (confirmed in the portal)": "%(name)s（业主端确认）",
    # satisfaction surveys
    "Basically satisfied": "基本满意",
    ", ": "、",
    "Owner satisfaction survey, first half of %(year)s": "%(year)s年上半年业主满意度调查",
    "Owner satisfaction survey, second half of %(year)s": "%(year)s年下半年业主满意度调查",
    "Survey summary": "汇总",
    "Occupied units": "入住户数",
    "Coverage (%)": "覆盖率(%)",
    "Satisfaction rate (%)": "满意率(%)",
    "Item no.": "序号",
    "Survey question": "题目",
    "Number of answers": "答题数",
    "Questionnaire details": "问卷明细",
    "Respondent": "受访人",
    "Survey method": "调查方式",
    "Entered by": "记录人",
    "Recorded at": "记录时间",
    "Opinions and suggestions": "意见和建议",
    # KPI page and its Excel export
    "This month": "本月",
    "Last month": "上月",
    "This quarter": "本季度",
    "Last 12 months": "近12个月",
    "Custom period": "自定义",
    "Service desk KPIs %(first)s to %(last)s": "客服指标 %(first)s 至 %(last)s",
    "Projects: %(names)s": "项目：%(names)s",
    "KPI group": "分组",
    "Numerator": "分子",
    "Denominator": "分母",
    "Rate (%)": "比率(%)",
    "Target (%)": "目标(%)",
    "On target?": "是否达标",
    "On target": "达标",
    "Off target": "未达标",
    # sla/calendars.py: chinese_calendar's holiday names
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist War Victory 70th Anniversary": "抗战胜利70周年纪念日",
    "Take the State Council's holidays and make-up working days from the chinese-calendar package.": (
        "按国务院公布的节假日和调休上班日（chinese-calendar）计算。"
    ),
    # the calendar page's week
    "Mo": "一",
    "Tu": "二",
    "We": "三",
    "Th": "四",
    "Fr": "五",
    "Sa": "六",
    "Su": "日",
    # countdown badges and escalation notices
    "Breached by %(time)s": "已超时 %(time)s",
    "%(time)s left": "剩余 %(time)s",
    "%(target)s · due by %(time)s": "%(target)s · 截止 %(time)s",
    # SLA service errors and reasons
    "Policy deactivated": "策略停用",
    "A deadline cannot go from “%(from)s” to “%(to)s”.": "时限状态不能从「%(from)s」变为「%(to)s」",
    "Unknown event: %(event)s": "未知事件：%(event)s",
    "The time must carry a time zone.": "时间必须带时区",
    "Give the reason for excusing the breach.": "请填写免责原因",
    "The approver may not excuse breaches.": "审批人无权批准超时免责",
    "This breach is already excused.": "该超时已免责",
}

PLURALS = {
    "%(score)d point": ["%(score)d分"],
    "%(n)s minute": ["%(n)s 分钟"],
    "%(n)s hour": ["%(n)s 小时"],
    "%(n)s day": ["%(n)s 天"],
    "[Breached] %(name)s, late by %(n)s minute": ["【超时】%(name)s 已超时 %(n)s 分钟"],
    "[Escalation] %(name)s, %(n)s minute left": ["【升级提醒】%(name)s 剩余 %(n)s 分钟"],
}
