"""Chinese for the service desk's status events (状态变更记录) of callback plans, planned callbacks and
satisfaction surveys (servicedesk/transitions.py)."""

ZH = {
    "callback plan status event": "回访计划状态变更记录",
    "callback plan status events": "回访计划状态变更记录",
    "planned callback status event": "计划回访状态变更记录",
    "planned callback status events": "计划回访状态变更记录",
    "survey status event": "满意度调查状态变更记录",
    "survey status events": "满意度调查状态变更记录",
}
