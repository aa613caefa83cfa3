"""Editing callback plans."""

ZH = {
    "A closed plan cannot be changed.": "计划已结束，不能再修改。",
    "The callbacks are already generated: the sample can no longer change.": "回访任务已生成，抽样范围不能再修改。",
    "Unknown field.": "未知字段。",
    "Callback plan saved.": "回访计划已保存。",
    "Edit callback plan": "修改回访计划",
    "Edit": "修改",
    "The callbacks are already generated: the sample (kind, period start, scope, size, category, buildings) stays as drawn.": "回访任务已生成：抽样条件（计划类型、开始日期、范围、抽样户数、问题类别、楼栋）保持不变，只能修改标题、内容、回访方式、负责人和结束日期。",
}
