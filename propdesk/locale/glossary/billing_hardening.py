"""Chinese for billing's hardening (issue 17): double charges, secrets, limits, sandbox accounts."""

ZH = {
    "Charged twice: refund due": "重复扣款，待退款",
    "Charged twice for order %(order)s: refund due": "订单 %(order)s 重复扣款，待退款",
    "Owners charged twice online: refund due": "线上重复扣款，待退款",
}
ZH.update(
    {
        "signing key changed": "签名密钥修改时间",
        "Sandbox accounts are refused in production (PROPDESK_REQUIRE_SECRETS).": "生产环境（PROPDESK_REQUIRE_SECRETS）不允许使用沙箱账户。",
        "A key is set (changed %(when)s). Leave empty to keep it; type a new one to replace it.": "已设置密钥（修改于 %(when)s）。留空则保持不变；输入新密钥则替换。",
        "No key is set yet.": "尚未设置密钥。",
        "This project's payment account is a sandbox, refused in production.": "本项目的支付账户是沙箱账户，生产环境中不可用。",
        "A sandbox payment account is active: online payments in this project are simulated, not real.": "沙箱支付账户已启用：本项目的线上支付为模拟，并非真实收款。",
        "Charged twice: refund due": "重复扣款，待退款",
    }
)
ZH.update(
    {
        "Enter an amount in yuan, e.g. 120.50.": "请输入金额（元），例如 120.50。",
        "The amount cannot be negative.": "金额不能为负数。",
        "The amount must be more than zero.": "金额必须大于零。",
        "%(amount)s is more than one entry may carry (at most %(max)s).": "%(amount)s 超出单笔金额上限（最多 %(max)s）。",
    }
)
