"""Chinese for issue 16 item 13: the rules the pages and their API twins now share in the services."""

ZH = {
    "You do not start billing runs in this project.": "您在本项目不能发起计费。",
    "Choose a department of this project.": "请选择本项目的部门。",
    "Choose the kind of notice: payment or dunning.": "请选择通知单类型：缴费通知单或催缴通知单。",
}
