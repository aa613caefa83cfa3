"""Chinese for the service desk at scale: list filters, countdowns, export, late hand-offs."""

ZH = {
    "Taken over by the center director": "已由服务中心主任接手",
    "Reassigned by the center director": "已由服务中心主任改派",
    "Hand-off taken over by the director": "主任接手转交",
    "Hand-off reassigned by the director": "主任改派转交",
    "Only the center director can take over or reassign a hand-off.": "只有服务中心主任可以接手或改派转交。",
    "Say why you reassign it.": "请说明改派原因。",
    "It is already waiting for them; choose someone else.": "已在等待此人接收，请改派给其他人。",
    "Choose whom to hand it to.": "请选择转交对象。",
    "Reassigned; it waits for %(name)s to accept.": "已改派，等待 %(name)s 接收。",
    "Hand-offs not accepted in time": "超时未接收的转交",
    "Nobody accepted these in time, so they came to you: take the request over yourself, or reassign it.": (
        "以下转交未在时限内被接收，已升级给您：请亲自接手，或改派他人。"
    ),
    "%(who)s → %(to)s, at %(when)s": "%(who)s → %(to)s，%(when)s",
    "Take it over": "我来接手",
    "Reassign to": "改派给",
    "Reassign": "改派",
    "request number, room 3-2-1501, owner, phone": "诉求编号、房号 3-2-1501、业主、电话",
    "Overdue only": "只看超时",
    "Deadlines": "时限",
    "Export to Excel": "导出 Excel",
    "More than %(n)s requests: narrow the filters to see them all.": "超过 %(n)s 条诉求，请缩小筛选范围查看全部。",
}
