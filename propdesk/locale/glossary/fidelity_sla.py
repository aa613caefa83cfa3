"""Chinese for issue 16 items 2, 3 and 6: a repair's class changed with its clocks kept, the 20 minutes
as two duties (派工, 到场), and the complaint's one deadline — in the seed procedures' own words."""

ZH = {
    # The SLA engine
    "Dispatch the repair": "报修派工",
    "Not started": "未开始",
    "Waits for its start event": "等待起算事件",
    "The assignee's supervisor": "承办人的直属上级",
    "pauses kept from before a re-classification": "重新分类前记录的暂停",
    "due at (set by hand)": "指定的截止时间",
    "Not started: it starts with “%(event)s”.": "尚未开始：自“%(event)s”起计时。",
    "Recomputed from the original start; the pauses recorded before are kept, a breach stays a breach.": (
        "已自原起算时间重新计算；此前记录的暂停予以保留，已超时的仍记为超时。"
    ),
    "kept from before the reclassification": "重新分类前的暂停，保留",
    # The service desk: changing a repair's class
    "Repair class changed": "变更维修类别",
    "You may not change the class of repairs in this project.": "您无权变更本项目报修的维修类别。",
    "Only a repair has a repair class.": "只有报修才有维修类别。",
    "The repair is resolved or closed: its class no longer changes.": "报修已完成或已关闭，维修类别不能再变更。",
    "Unknown repair class.": "未知的维修类别。",
    "The repair already has this class.": "该报修已是此维修类别。",
    "Say why the class changes.": "请说明变更维修类别的原因。",
    "Resumed: an emergency repair is worked continuously until it is fixed": "恢复处理：急修项目须连续抢修至修复",
    "Repair class changed: the deadlines were recomputed from the start.": "维修类别已变更，时限已自原起算时间重新计算。",
    "Change the class to": "变更为",
    "Why the class changes": "变更原因",
    "The deadlines are recomputed from the start under the new class; pauses and breaches already "
    "recorded are kept. An emergency is worked continuously: a waiting repair resumes.": (
        "时限按新类别自原起算时间重新计算，已记录的暂停和超时予以保留。急修项目须连续抢修：暂停中的报修将恢复处理。"
    ),
    "Change the class": "变更维修类别",
    # The 20 minutes (接修流程 5.1 接到報修後，20分鐘趕到現場)
    "Dispatched within 20 minutes of the report": "报修后20分钟内派工",
    # The complaint's deadline is its clock
    "Empty: the deadline policy's (12 days from now). Set it for a major complaint or a special case.": (
        "不填：按时限策略（自现在起12天）。重大投诉或特殊情况须指定。"
    ),
}
