"""Chinese for propdesk.notices."""

ZH = {
    "Notifications": "通知",
    "notification": "通知",
    "notifications": "通知",
    "recipient": "接收人",
    "title": "标题",
    "body": "内容",
    "link": "链接",
    "channels": "渠道",
    "text": "短信内容",
    "read at": "已读时间",
    "created at": "创建时间",
    "SMS (sandbox)": "短信（沙箱）",
    "Mark all as read": "全部标为已读",
    "Open": "打开",
    "Mark as read": "标为已读",
    "No notifications.": "暂无通知。",
}
