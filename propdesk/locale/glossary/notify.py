"""Chinese of issue 18, items 1–3: technicians told of dispatches, notifications that name the request,
the Enterprise WeChat (企业微信) adapter."""

ZH = {
    "Enterprise WeChat user ID": "企业微信账号",
    "The account in the WeCom admin console (Contacts, member, Account); blank: no WeCom messages.": (
        "企业微信管理后台“通讯录 → 成员 → 账号”中的账号；留空则不发企业微信消息。"
    ),
    "Enterprise WeChat message (sandbox)": "企业微信消息（沙箱）",
    "Enterprise WeChat messages (sandbox)": "企业微信消息（沙箱）",
    "Be on site by %(time)s. %(content)s": "请于 %(time)s 前到场。%(content)s",
    "New work order: %(about)s": "新派工单：%(about)s",
    "Work order re-dispatched: %(about)s": "工单已改派：%(about)s",
    "It went to %(name)s; you need not go.": "已改派给%(name)s，您无需前往。",
    "Turn on the alert sound": "开启提示音",
    "Assignee (the technician on the order)": "承办人（接单维修工）",
    "Enterprise WeChat": "企业微信",
    "assignee": "承办人",
    "by %(time)s": "%(time)s 前",
}
