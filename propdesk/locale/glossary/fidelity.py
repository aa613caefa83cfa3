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
