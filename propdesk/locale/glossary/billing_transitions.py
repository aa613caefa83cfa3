"""Chinese for billing's status events (状态变更记录) and their timeline."""

ZH = {
    "drawer status event": "钱箱状态变更记录",
    "drawer status events": "钱箱状态变更记录",
    "debit batch status event": "托收批次状态变更记录",
    "debit batch status events": "托收批次状态变更记录",
    "deposit status event": "押金状态变更记录",
    "deposit status events": "押金状态变更记录",
    "dunning case status event": "催缴案件状态变更记录",
    "dunning case status events": "催缴案件状态变更记录",
    "heating stop status event": "停暖申请状态变更记录",
    "heating stop status events": "停暖申请状态变更记录",
    "waiver status event": "减免申请状态变更记录",
    "waiver status events": "减免申请状态变更记录",
    "Status history": "状态变更记录",
    "No status change yet.": "尚无状态变更。",
}
