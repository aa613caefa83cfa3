"""Chinese for the registry's service, validator and search messages (the Python side of issue 3).

Pieces that Python puts together (a field's name and a validator's problem, a building and a
room) are translated separately so that the Chinese runs them together as before:
手机号码 + 应为11位数字，实际为7位.
"""

ZH = {
    # search: what matched
    "Last four digits": "尾号",
    "Plate %(plate)s": "车牌 %(plate)s",
    "Full name": "姓名",
    "Pinyin initials": "拼音",
    # archives
    "An archive file belongs to exactly one unit or one party.": "档案须对应一个房屋或一位业户",
    "The unit or party is not in this project.": "房屋或业户不属于本项目",
    "Catalogue number %(number)s already exists.": "档案号%(number)s已存在",
    "Unit file %(unit)s": "%(unit)s 房屋档案",
    "Party file %(name)s": "%(name)s 业户档案",
    "Choose the document type.": "请选择资料类型",
    "Choose the file to upload.": "请选择要上传的文件",
    "The file is larger than 20 MB: compress it or upload it in parts.": "文件超过20 MB，请压缩或分开上传",
    "%(ext)s files are not accepted: upload a PDF, an image or an Office file.": (
        "不支持%(ext)s文件，请上传PDF、图片或Office文件"
    ),
    "Without extension": "无扩展名",
    "Choose consult or lend.": "请选择查阅或外借",
    "Enter the requester.": "请填写借阅人",
    "Give the reason for consulting or lending.": "请填写查阅或外借的原因",
    "Lending needs a due-back date.": "外借须填写归还日期",
    "The due-back date cannot be before today.": "归还日期不能早于今天",
    "This file is lent out and not returned yet.": "该档案已外借，尚未归还",
    "Give the reason for rejecting.": "不予批准时请写明原因",
    "Your position may not approve consulting or lending archive files.": "您的岗位无权审批档案查阅或外借",
    # Excel import
    "Choose what the file contains.": "请选择导入类型",
    "“%(name)s” is not an .xlsx file: fill in the template and upload it"
    " (save an old .xls file as .xlsx first).": "“%(name)s”不是.xlsx文件：请用模板填写后上传（旧版.xls请先另存为.xlsx）",
    "The file has rows with problems: correct them and upload it again,"
    " or choose “Import the valid rows only”.": "文件中有问题行：请修正后重新上传，或选择“只导入没有问题的行”",
    "This import is already running or finished.": "该导入已在进行或已完成",
    "Check failed: %(error)s": "检查失败：%(error)s",
    "Import failed: %(error)s": "导入失败：%(error)s",
    "The file is %(size).1f MB, over the 20 MB limit: delete extra worksheets"
    " or pictures, or split it into several files.": (
        "文件大小为%(size).1f MB，超过20 MB上限；请删除多余的工作表或图片，或分成几个文件导入"
    ),
    # personal data
    "Give the reason for seeing the full data.": "请填写查看完整信息的原因",
    "Your position may not see full ID numbers and phones.": "您的岗位无权查看完整的证件号码和电话",
    "Your position may not export full ID numbers and phones.": "您的岗位无权导出完整的证件号码和电话",
    # units, parties, ownership, residents, vehicles, care notes
    "The selected records belong to different projects.": "所选记录不属于同一项目",
    "%(label)s: %(problem)s": "%(label)s%(problem)s",
    "Mobile number": "手机号码",
    "Resident ID number": "身份证号码",
    "Choose the ID type when you enter an ID number.": "填写了证件号码时须选择证件类型",
    "The building area must be greater than 0.": "建筑面积必须大于0",
    "The inner area must be greater than 0.": "套内面积必须大于0",
    "The inner area cannot be larger than the building area.": "套内面积不能大于建筑面积",
    "The building number cannot be empty.": "楼栋号不能为空",
    "Building number %(code)s already exists.": "楼栋编号%(code)s已存在",
    "Building %(code)s": "%(code)s栋",
    "The room number cannot be empty.": "房号不能为空",
    "Unknown unit status %(status)s.": "未知的房屋状态%(status)s",
    "Building %(building)s, entrance %(entrance)s, room %(number)s already exists.": (
        "%(building)s栋%(entrance)s单元%(number)s已存在"
    ),
    "Building %(building)s, room %(number)s already exists.": "%(building)s栋%(number)s已存在",
    "The unit already has this status.": "房屋已经是该状态",
    "The name cannot be empty.": "姓名不能为空",
    "This ID number is already registered.": "该证件号码已登记",
    "The owner and the unit belong to different projects.": "业主与房屋不属于同一项目",
    "The ownership share must be between 0 and 100.": "产权份额须在0到100之间",
    "%(name)s already owns this unit.": "%(name)s已是该房屋的业主",
    "The shares would add up to more than 100%% (now %(share)s%%): record a transfer first.": (
        "产权份额合计将超过100%%（现有%(share)s%%），请先办理过户"
    ),
    "This ownership has already ended.": "该产权关系已结束",
    "The end date cannot be before the start date.": "结束日期不能早于开始日期",
    "Enter at least one new owner.": "请至少填写一位新业主",
    "The new owners' shares must add up to 100%%, not %(total)s%%.": "新业主的产权份额合计应为100%%，现为%(total)s%%",
    "The same owner is entered twice.": "同一业主填写了两次",
    "The transfer date cannot be before the current owners' start date.": "过户日期不能早于现业主的起始日期",
    "Choose tenant, resident or family member.": "请选择租户、住户或家庭成员",
    "%(name)s is already registered as %(kind)s of this unit.": "%(name)s已登记为该房屋的%(kind)s",
    "This residency has already ended.": "该居住关系已结束",
    "The move-out date cannot be before the move-in date.": "迁出日期不能早于迁入日期",
    "The emergency contact's name cannot be empty.": "紧急联系人姓名不能为空",
    "The emergency contact's phone cannot be empty.": "紧急联系人电话不能为空",
    "The emergency contact's phone “%(phone)s” is neither a mobile number"
    " nor a landline with its area code.": "紧急联系人电话“%(phone)s”既不是手机号码也不是带区号的固定电话",
    "Plate %(plate)s is already registered to another unit.": "车牌%(plate)s已登记在其他房屋",
    "This vehicle has already been removed.": "该车辆已注销",
    "Choose a care category.": "请选择关注类别",
    "For the category “Other”, describe what needs attention.": "类别为“其他”时请写明需要关注的情况",
    "This care note has already ended.": "该关注事项已结束",
    # validators: a problem, put after the field's name
    "should have 18 characters, not %(n)s": "应为18位，实际为%(n)s位",
    "the first 17 characters must be digits and the 18th a digit or X": "前17位须为数字，第18位为数字或X",
    "date of birth %(date)s is not a valid date": "出生日期%(date)s不是有效日期",
    "date of birth %(date)s is not plausible": "出生日期%(date)s不合理",
    "wrong check character": "校验码错误",
    "contains invalid characters %(chars)s": "含有非法字符%(chars)s",
    "“%(value)s” contains characters other than digits": "“%(value)s”含有数字以外的字符",
    "should have 11 digits, not %(n)s": "应为11位数字，实际为%(n)s位",
    "“%(value)s” is not a valid mobile prefix (it should start with 13–19)": (
        "“%(value)s”不是有效的手机号段（应以13–19开头）"
    ),
    "“%(value)s” is not a valid landline: include the area code, e.g. 027-87654321": (
        "“%(value)s”不是有效的固定电话，应含区号，如027-87654321"
    ),
    "cannot be empty": "不能为空",
    "“%(plate)s” should start with a province abbreviation (e.g. those of Beijing, Shanghai, Hubei)": (
        "“%(plate)s”应以省份简称开头，如京、沪、鄂"
    ),
    "should have 7 characters (8 for new-energy vehicles), not %(n)s": "应为7位（新能源车8位），实际为%(n)s位",
    "“%(plate)s” is malformed (the second character is a letter other than I and O)": (
        "“%(plate)s”格式不正确（第二位为字母，不含I和O）"
    ),
    "“%(plate)s” is not a valid new-energy plate (e.g. AD12345 or A12345D after the province)": (
        "“%(plate)s”不是有效的新能源车牌（如京AD12345、京A12345D）"
    ),
}

PLURALS = {
    "%(n)s problem": ["共%(n)s个问题"],
}
