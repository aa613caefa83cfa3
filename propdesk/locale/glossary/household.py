"""Chinese for issue 18's household work: the unit page's panels (一户一档), the intake's room
field that finds rooms as the search box does, and corrected column labels."""

ZH = {
    # a timestamp column (the notice batches' list), not the approval state 待审批
    "Requested at": "申请时间",
    # the unit page's panels
    "Bills and arrears": "账单与欠费",
    "Payments and receipts": "缴费与收据",
    "Collect at the desk": "前台收费",
    "More": "更多",
    "All in the list": "在列表中查看",
    "No bills for this unit.": "该房屋暂无账单。",
    "No requests from this unit.": "该房屋暂无诉求。",
    "Overdue amount": "逾期欠费",
    "Past due": "已逾期",
    "Paid at": "缴费时间",
    "Unit page": "房屋页面",
    # the intake's room field
    "A room as said (3-2-1501, 3#2-1501), or the owner's name, pinyin initials, phone or its last four"
    " digits, or a plate. Leave empty for a public area.": "房号（3-2-1501、3#2-1501），或业主姓名、拼音首字母、"
    "手机号或其后四位、车牌；公共区域留空。",
    "Nothing in this project matches “%(label)s”: no room, owner, phone or plate.": "本项目中没有与“%(label)s”"
    "匹配的房号、业户、电话或车牌。",
    "“%(label)s” matches %(count)s rooms: choose one below.": "“%(label)s”匹配到 %(count)s 套房屋，请在下方选择。",
    "Use this room": "使用该房号",
    "%(name)s is calling": "%(name)s 来电",
    "Nothing in this project matches “%(label)s”.": "本项目中没有与“%(label)s”匹配的房屋。",
}

PLURALS = {
    "%(n)s open bill": ["%(n)s 条未结账单"],
    "“%(label)s” matches %(counter)s room: choose it.": ["“%(label)s”匹配到 %(counter)s 套房屋，请选择。"],
}
