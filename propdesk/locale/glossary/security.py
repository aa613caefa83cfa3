"""Chinese for the ways in and the input checks (core/logins.py, core/passwords.py, core/validators.py,
core/middleware.py): password changes and rules, dates, refused characters."""

ZH = {
    "Change password": "修改密码",
    "Current password": "当前密码",
    "New password": "新密码",
    "New password again": "再次输入新密码",
    "current password": "当前密码",
    "new password": "新密码",
    "The two new passwords differ.": "两次输入的新密码不一致。",
    "The current password is wrong.": "当前密码不正确。",
    "Enter a new password.": "请输入新密码。",
    "Your password has been changed.": "密码已修改。",
    "The password may not contain the name “%(word)s”.": "密码中不能包含名称“%(word)s”。",
    "Your password may not contain the name of this product or of the property company.": (
        "密码中不能包含本系统或物业公司的名称。"
    ),
    "Enter a date such as 2026-03-01.": "请输入日期，例如 2026-03-01。",
    "%(date)s is not a plausible date (1900–2100).": "%(date)s 不是合理的日期（应在1900–2100年之间）。",
    "The input could not be used": "输入内容无法处理",
    "%(field)s: contains a NUL character, which is not allowed.": "%(field)s：含有不允许的空字符（NUL）。",
    # Chart labels passed to core/static/core/charts.js (templates escape % as %%).
    "yuan": "元",
    "Actual": "实际",
    "Question %%s": "第%%s题",
    "Target 95%%": "目标 95%%",
}
ZH.update(
    {
        "The file is larger than %(limit)s.": "文件大于 %(limit)s。",
        "This file is not accepted here; accepted: %(types)s.": "此处不接受该文件，可上传：%(types)s。",
        "The file's name ends in “%(ext)s” but its content is %(kind)s: rename it or choose the right file.": (
            "文件名后缀为“%(ext)s”，但内容是 %(kind)s：请改名或选择正确的文件。"
        ),
        "This is not a picture that can be read.": "无法读取该图片。",
    }
)
# The API's error body for what Django answers before DRF is reached (DRF's own wording).
ZH |= {
    "You do not have permission to perform this action.": "您没有执行该操作的权限。",
    "Not found.": "未找到。",
}
