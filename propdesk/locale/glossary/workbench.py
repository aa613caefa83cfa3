"""Chinese of the landing-page to-do lists (issue 18 item 4): core.todo and the apps' sections."""

ZH = {
    "Overdue by %(time)s": "已超时 %(time)s",
    "Waiting %(time)s": "已等待 %(time)s",
    "Nothing waiting.": "暂无待办。",
    "Follow up": "跟进处理",
    "Hand-off from %(name)s": "%(name)s 转交",
    "Decide whether the complaint is valid": "判定投诉是否成立",
    "Open request in your building": "辖区楼栋诉求",
    "No department": "未指定部门",
    "Complaint past its deadline": "投诉处理超期",
    "Improvement past its deadline": "整改超期",
    "Requests I hold": "我负责的诉求",
    "Hand-offs waiting for me": "待我接收的转交",
    "My callbacks due": "我的待回访",
    "Complaints awaiting the validity decision": "待判定的投诉",
    "Repairs waiting for dispatch": "待派工的报修",
    "Open requests in my buildings": "我辖区的未结诉求",
    "Late items by department": "各部门超时事项",
    "Arrears visit": "欠费上门催缴",
    "Close the drawer at the end of the day": "当日结束前日结钱箱",
    "Drawer opened %(time)s": "钱箱 %(time)s 开箱",
    "Bank the cash of a closed drawer": "已日结钱箱待缴存银行",
    "Drawer closed %(time)s": "钱箱 %(time)s 日结",
    "Open today's drawer": "开启今日钱箱",
    "Refund a double charge": "重复扣款待退款",
    "Arrears cases to visit": "待催缴的欠费户",
    "Today's drawer": "今日钱箱",
    "Refunds due": "待退款",
    "Confirm content and price": "确认服务内容和价格",
    "Special services awaiting my confirmation": "待我确认的特约服务",
    "Payment order awaiting payment": "支付订单待支付",
    "Payment orders awaiting payment": "待支付的支付订单",
}

PLURALS = {
    "%(n)s overdue": ["%(n)s 项超时"],
    "%(n)s in all": ["共 %(n)s 项"],
}
# The month at a glance on a manager's landing page (core.figures).
ZH |= {
    "Collected of this month's bills": "本月账单收缴率",
    "%(collected)s of %(billed)s": "已收 %(collected)s / 应收 %(billed)s",
    "Arrears owed": "欠费总额",
    "%(units)s units": "%(units)s 户",
    "This month at a glance": "本月概况",
    "Requests this month": "本月诉求",
    "%(part)s of %(whole)s": "%(part)s / %(whole)s",
    "target %(target)s%%": "目标 %(target)s%%",
}
