"""Chinese for the owner portal (业主端): its frame, tabs and home page."""

ZH = {
    "Home": "首页",
    "Bills tab": "账单",
    "Repairs tab": "报事报修",
    "Me": "我的",
    "My home": "我的家",
    "My units": "我的房屋",
    "tenant": "租户",
    "No unit is linked to your account yet. Ask the service center's front desk to send you an invitation.": (
        "您的账号尚未关联房屋。请联系物业服务中心前台为您发送开通邀请。"
    ),
    "All notices": "全部通知",
    "No unread notices.": "没有未读通知。",
    "More unread notices": "更多未读通知",
}
