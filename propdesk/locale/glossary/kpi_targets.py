"""Chinese for KPI targets as data (考核指标) and the satisfaction setting."""

ZH = {
    "Blank: the company's default for every project without its own target.": (
        "留空：公司默认值，适用于未设置本项目指标的所有项目。"
    ),
    "indicator": "指标",
    "target (%)": "目标值（%）",
    "effective from": "生效日期",
    "KPI target": "考核指标",
    "KPI targets": "考核指标",
    "“fair” counts as satisfied": "“一般”计为满意",
    "Whether a callback answered “fair” counts towards the satisfaction rate.": (
        "回访评价为“一般”时是否计入满意率。"
    ),
    "KPI settings": "考核设置",
    "Targets in force on %(day)s: the project's own where set, else the company's defaults "
    "(configuration, KPI targets).": "指标按 %(day)s 生效的目标值：项目已设置的用项目值，否则用公司默认值（配置：考核指标）。",
    "Door and phone shares are over repair and complaint callbacks.": "上门、电话回访占比按维修和投诉的回访统计。",
    "A callback answered “fair” counts as satisfied.": "回访评价“一般”计为满意。",
    "A callback answered “fair” does not count as satisfied.": "回访评价“一般”不计为满意。",
    "Whether “fair” counts as satisfied differs between these projects.": "各项目对“一般”是否计为满意的设置不同。",
}
