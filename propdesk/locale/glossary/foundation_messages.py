"""Chinese for the messages of core, notices and the registry's Excel import (issue 13, one source
language).

The import template's headings and fixed values are pgettext entries in the "import template"
context: they are the spreadsheet's own words (入住, 单位, 身份证), not the app's labels for the same
things (已入住, 公司, 居民身份证), and a file is read in either language by matching both.
"""

_T = "import template"

ZH = {
    # the import template: headings
    (_T, "Building number"): "楼栋号",
    (_T, "Entrance"): "单元",
    (_T, "Floor"): "楼层",
    (_T, "Room number"): "房号",
    (_T, "Building area"): "建筑面积",
    (_T, "Inner area"): "套内面积",
    (_T, "Use"): "用途",
    (_T, "Status"): "状态",
    (_T, "Role"): "身份",
    (_T, "Name"): "姓名",
    (_T, "Kind"): "类别",
    (_T, "ID type"): "证件类型",
    (_T, "ID number"): "证件号码",
    (_T, "Mobile phone"): "手机",
    (_T, "Landline"): "固定电话",
    (_T, "Ownership share (%)"): "产权份额(%)",
    (_T, "Start date"): "起始日期",
    # the import template: fixed values
    (_T, "Owner"): "业主",
    (_T, "Tenant"): "租户",
    (_T, "Resident"): "住户",
    (_T, "Family member"): "家属",
    (_T, "Residential"): "住宅",
    (_T, "Shop"): "商铺",
    (_T, "Office"): "办公",
    (_T, "Parking space"): "车位",
    (_T, "Storage"): "储藏室",
    (_T, "Unsold"): "未售",
    (_T, "Delivered"): "已交付",
    (_T, "Occupied"): "入住",
    (_T, "Vacant"): "空置",
    (_T, "Renovating"): "装修中",
    (_T, "Rented"): "出租",
    ("import template, also accepted", "Occupied"): "已入住",
    ("import template, also accepted", "Rented"): "已出租",
    ("import template, also accepted", "Vacant"): "空置房",
    (_T, "Person"): "个人",
    (_T, "Company"): "单位",
    (_T, "Resident ID card"): "身份证",
    (_T, "Passport"): "护照",
    (_T, "Unified social credit code"): "统一社会信用代码",
    (_T, "Other"): "其他",
    ("import template example", "Zhang San"): "张三",
    # the import template: the sheet explaining the columns
    (_T, "How to fill in"): "填写说明",
    (_T, "Column"): "列",
    (_T, "Required"): "必填",
    (_T, "Notes"): "说明",
    (_T, "Yes"): "是",
    "e.g. 3; a new building is created automatically": "如 3；新楼栋会自动建立",
    "leave empty when there is only one entrance": "只有一个单元时留空",
    "a whole number": "整数",
    "e.g. 1501": "如 1501",
    "square metres, greater than 0": "平方米，大于0",
    "the unit must have been imported": "房屋须已导入",
    "a person's full name or a company's name": "个人姓名或单位名称",
    "%(choices)s; default %(default)s": "%(choices)s；默认%(default)s",
    "resident ID card 18 characters, unified social credit code 18 characters": "身份证18位，统一社会信用代码18位",
    "an 11-digit mobile number": "11位手机号码",
    "with the area code, e.g. 027-87654321": "含区号，如027-87654321",
    "for owners, 100 if left empty": "业主填写，默认100",
    "a cell formatted as a date": "日期格式的单元格",
    "The first row holds the headings: do not change or merge them. The example row may be"
    " deleted. Red headings are required columns.": "第一行是表头，请勿修改或合并；示例行可以删除。红色表头为必填列。",
    # lists in a message: 住宅、商铺; 缺少列：…；多出列：…
    ("list separator", ", "): "、",
    ("clause separator", "; "): "；",
    # reading an uploaded file
    "Cannot read this file: upload an Excel workbook (.xlsx); save an old .xls file as .xlsx first.": (
        "无法读取该文件：请上传Excel工作簿（.xlsx），旧版.xls请先另存为.xlsx"
    ),
    "The header (row 1) has merged cells: unmerge them, one heading per column as in the template.": (
        "表头（第1行）有合并单元格：请取消合并，每列一个表头，与模板一致"
    ),
    "Worksheet “%(sheet)s” is empty: keep the headings in row 1 and fill in the data from row 2.": (
        "工作表“%(sheet)s”是空的：请在第1行保留表头，从第2行起填写数据"
    ),
    "Worksheet “%(sheet)s” has headings but no data rows.": "工作表“%(sheet)s”只有表头，没有数据行",
    "missing columns: %(columns)s": "缺少列：%(columns)s",
    "extra columns: %(columns)s": "多出列：%(columns)s",
    "the columns are not in the template's order": "列的顺序与模板不同",
    "This is the “%(kind)s” template: choose that kind above.": "这是“%(kind)s”模板，请在上方选择对应的类型",
    "Download the template and fill it in under its headings.": "请下载模板，按模板的表头填写",
    "This is not the “%(kind)s” import template (%(detail)s). %(hint)s": (
        "这不是“%(kind)s”导入模板（%(detail)s）。%(hint)s"
    ),
    # a row's problems, after the column's name ("%(label)s: %(problem)s")
    "should be a number": "应为数字",
    "must be greater than 0": "必须大于0",
    "“%(value)s” is text, not a date: format the cell as a date (e.g. 2020-05-01)": (
        "“%(value)s”是文本，不是日期：请把该单元格设为日期格式（如2020-05-01）"
    ),
    "is not a valid date": "不是有效的日期",
    "should be one of %(choices)s": "应为：%(choices)s",
    "should be a whole number, e.g. 15 or -1": "应为整数，如15或-1",
    "cannot be more than 100": "不能超过100",
    "Ownership share": "产权份额",
    "Fill in the ID type when there is an ID number.": "填写了证件号码时须填写证件类型",
    "Fill in at least the ID number or the mobile phone: they identify the same person.": (
        "证件号码和手机至少填写一项，用于识别同一个人"
    ),
    # a row against the registry
    "Same room as row %(row)s": "与第%(row)s行是同一房号",
    "Repeats row %(row)s": "与第%(row)s行重复",
    "The unit is “%(current)s” now and cannot become “%(new)s”": "房屋现为“%(current)s”，不能改为“%(new)s”",
    "Unit %(unit)s does not exist: import the buildings and units first": "房屋%(unit)s不存在：请先导入楼栋房屋",
    "The unit's ownership shares would add up to %(total)s%%, over 100%%:"
    " record a transfer on the unit's page": "该房屋产权份额合计将为%(total)s%%，超过100%%；过户请在房屋页面办理",
    # the problem report
    "List of problems": "问题清单",
    "Heading": "表头",
    "Cell value": "值",
    # core
    "System": "系统",
    "%(project)s Property Service Center": "%(project)s物业服务中心",
    "buildings in their care": "辖区楼栋",
    # notices
    "Unknown notification channels: %(channels)s": "未知的通知渠道：%(channels)s",
    "You can only mark your own notifications.": "只能标记自己的通知",
}
