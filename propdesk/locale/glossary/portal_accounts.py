"""Chinese for the owner portal's accounts (issue 19): activation by SMS code, invitations, the
owner's consent to a tenant's account, the Me page (我的)."""

ZH = {
    # forms and models
    "Code from the SMS": "短信验证码",
    "Leave empty to sign in with your mobile number.": "留空则用手机号码登录",
    "Contact name": "联系人姓名",
    "IP address": "IP地址",
    "sent": "已发送",
    "expires at": "失效时间",
    "attempts": "尝试次数",
    "used at": "使用时间",
    "activation code": "开通验证码",
    "activation codes": "开通验证码",
    "activation invitation": "开通邀请",
    "activation invitations": "开通邀请",
    "granted at": "同意时间",
    "revoked by": "撤销人",
    "revoked at": "撤销时间",
    "tenant consent": "租户开通同意",
    "tenant consents": "租户开通同意",
    "browser": "浏览器",
    "signed in at": "登录时间",
    "portal session": "业主端登录",
    "portal sessions": "业主端登录",
    # services
    "enter your mobile number": "请填写手机号码",
    "Mobile number: %(problem)s.": "手机号码%(problem)s。",
    "Too many code requests. Try again in an hour or ask the service center's front desk.": (
        "获取验证码过于频繁，请一小时后再试，或联系服务中心前台。"
    ),
    "Your PropDesk activation code is %(code)s, valid for %(minutes)d minutes. Do not tell it to anyone.": (
        "您的业主端开通验证码为%(code)s，%(minutes)d分钟内有效，请勿告诉他人。"
    ),
    "Enter the code from the SMS.": "请填写短信验证码。",
    "No code was sent to this number. Check the number or ask for a code first.": (
        "没有向这个号码发送过验证码，请核对号码或先获取验证码。"
    ),
    "This code has already been used. Ask for a new code.": "该验证码已使用过，请重新获取验证码。",
    "Too many wrong codes. Ask for a new code.": "验证码错误次数过多，请重新获取验证码。",
    "This code has expired. Ask for a new code.": "该验证码已过期，请重新获取验证码。",
    "The code is wrong or was not sent to this number (%(left)d tries left).": (
        "验证码错误，或不是发送到这个号码的验证码（还可尝试%(left)d次）。"
    ),
    "The owner of %(unit)s has not agreed to a portal account for the tenant. Ask the owner to agree in"
    " their portal (Me, tenant accounts), or bring the owner's written consent to the front desk.": (
        "%(unit)s的业主尚未同意为租户开通业主端账号。请业主在业主端“我的—租户开通”中同意，"
        "或持业主书面同意书到服务中心前台办理。"
    ),
    "This number is not registered for an owner or tenant. Ask the service center's front desk.": (
        "该号码未登记为业主或租户，请联系服务中心前台。"
    ),
    "This username is taken: choose another one.": "该用户名已被使用，请换一个。",
    "%(name)s is not a current tenant of this unit.": "%(name)s不是本房屋的现租户。",
    "Only the unit's owner or the front desk may record this consent.": "只有本房屋的业主或前台可以登记此同意。",
    "Enter the reason, e.g. the owner's written consent of which date.": "请填写依据，例如业主某日的书面同意书。",
    "The owner has already agreed to this tenant's account.": "业主已同意该租户开通账号。",
    "This consent has already been revoked.": "该同意已撤销。",
    "Only the unit's owner or tenant may edit its emergency contacts.": "只有本房屋的业主或租户可以修改紧急联系人。",
    "%(project)s invites you to the owner portal: activate your account at %(link)s with this number.": (
        "%(project)s邀请您使用业主端：请用本手机号在 %(link)s 开通账号。"
    ),
    "You may not send portal invitations in this project.": "您无权在本项目发送业主端开通邀请。",
    "%(name)s is not a current owner or tenant of this unit with a mobile number.": (
        "%(name)s不是本房屋登记了手机号码的现业主或租户。"
    ),
    "%(name)s was already invited %(n)d times today: try again tomorrow.": (
        "今天已向%(name)s发送%(n)d次邀请，请明天再试。"
    ),
    # the unit page's panel
    "Owner portal accounts": "业主端账号",
    "account open": "已开通",
    "no account": "未开通",
    "Send activation invitation": "发送开通邀请",
    "Invited %(at)s by %(by)s": "%(at)s 由%(by)s发送邀请",
    "Owner agreed on %(at)s": "业主已于%(at)s同意",
    "Owner's written consent, date": "业主书面同意书及日期",
    "Record owner's consent": "登记业主同意",
    "The owner has not agreed to the tenant's account.": "业主尚未同意租户开通。",
    "No current owner or tenant with a mobile number.": "没有登记了手机号码的现业主或租户。",
    "SMS sandbox: messages not really sent": "短信沙箱：以下短信并未真正发出",
    # activation pages
    "Activate your account": "开通账号",
    "Enter the mobile number the service center holds for you as owner or tenant. We send a 6-digit code by SMS.": (
        "请填写您在服务中心登记的业主或租户手机号码，我们将发送6位短信验证码。"
    ),
    "Send the code": "获取验证码",
    "I already have a code": "我已有验证码",
    "Sign in": "登录",
    "Open my account": "开通账号",
    "Send a new code": "重新获取验证码",
    # Me page
    "No emergency contact yet.": "尚无紧急联系人。",
    "Add an emergency contact": "添加紧急联系人",
    "Tenant accounts": "租户开通",
    "Agreed on %(at)s": "已于%(at)s同意",
    "Not agreed": "未同意",
    "Revoke": "撤销",
    "Agree to the tenant's account": "同意租户开通",
    "Where I am signed in": "登录设备",
    "this device": "本机",
    "App token": "应用令牌",
    "Sign out on other devices": "退出其他设备",
    "Sign out": "退出登录",
    "If this number is registered for an owner or tenant, a code is on its way by SMS. It is valid for 10 minutes.": (
        "如果该号码已登记为业主或租户，验证码已通过短信发出，10分钟内有效。"
    ),
    "Your account is open. Welcome!": "账号已开通，欢迎使用！",
    "Invitation sent to %(name)s by SMS.": "开通邀请已通过短信发送给%(name)s。",
    "The owner's consent for %(name)s is recorded.": "已登记业主同意%(name)s开通账号。",
    "Signed out on %(n)d other devices and tokens.": "已退出其他%(n)d个设备和令牌。",
    "Emergency contact removed.": "紧急联系人已删除。",
    "You agreed to %(name)s's portal account.": "您已同意%(name)s开通业主端账号。",
    "Consent revoked: the tenant's portal account is closed.": "已撤销同意，租户的业主端账号已关闭。",
}
