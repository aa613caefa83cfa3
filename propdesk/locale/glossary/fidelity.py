"""Chinese for the procedure-fidelity fixes (issue 16), in the seed procedures' own words."""

ZH = {
    "An emergency repair is worked on continuously until it is fixed: it cannot be paused.": (
        "急修项目须连续抢修至修复，不能暂停。"
    ),
}
ZH |= {
    "Work resumed: %(step)s": "恢复处理：%(step)s",
    "order accepted": "技工接单",
    "on site": "技工到场",
    "work completed": "维修完工",
}
ZH |= {
    "A complaint received outside customer service goes to customer service at once.": "其他部门或人员接到投诉，立即转告客户服务部。",
}
# 特约服务 (seed 003 服务收费管理作业规程 3.3, 3.4, 4.2.2)
ZH |= {
    "Awaiting the manager's approval": "待经理审批",
    "approved at": "审批时间",
    "Work not on the price list is priced by the head of %(department)s (the engineering supervisor or "
    "the cleaning lead) or the center director.": (
        "收费标准以外的服务项目，由%(department)s负责人（工程主管或保洁领班）或服务中心主任同业户确定费用。"
    ),
    "The property manager approves the content and price of special services.": "特约服务内容及价格由物业经理审批。",
    "Work not on the price list (priced with the owner by the department head)": (
        "收费标准以外的项目（由部门主管同业户确定费用）"
    ),
    "Work off the list waits for the property manager's approval of content and price.": (
        "收费标准以外的项目，须经物业经理审批内容及价格。"
    ),
    "Property manager: approve content and price": "物业经理：审批内容及价格",
    "Send back to re-price": "退回重新测算",
    "Approve content and price": "审批内容及价格",
    "Special services awaiting my approval": "待我审批的特约服务",
}
