"""Chinese for the live payment adapters (WeChat Pay API v3, Alipay) and paying from two phones at once."""

ZH = {
    "Sandbox (simulated)": "沙箱（模拟）",
    "WeChat Pay API v3": "微信支付 APIv3",
    "Alipay Open Platform (RSA2)": "支付宝开放平台（RSA2）",
    "connection": "接入方式",
    "app id": "应用 AppID",
    "certificate serial number": "商户API证书序列号",
    "merchant private key": "商户私钥",
    "private key changed": "私钥更新时间",
    "platform public key": "平台公钥",
    "platform public key id": "平台公钥ID",
    "This connection does not serve this payment method.": "该接入方式与支付方式不符。",
    "The APIv3 key has 32 characters.": "APIv3 密钥应为 32 个字符。",
    "WeChat Pay: apiclient_key.pem; Alipay: the application private key.": (
        "微信支付：apiclient_key.pem；支付宝：应用私钥。"
    ),
    "This is not an RSA private key in PEM form.": "这不是 PEM 格式的 RSA 私钥。",
    "This is not an RSA public key or certificate.": "这不是 RSA 公钥或证书。",
    "This connection also needs: %(fields)s.": "该接入方式还需填写：%(fields)s。",
    "This unit's bills are already being paid (order %(order)s, started on another phone or at the desk). "
    "To avoid paying twice, finish or cancel that payment first, or try again in %(minutes)s minutes.": (
        "该房屋的账单正在支付中（订单 %(order)s，已在另一部手机或收银台发起）。为避免重复缴费，"
        "请先完成或取消该笔支付，或 %(minutes)s 分钟后再试。"
    ),
    "This payment account is missing its merchant keys: take the payment another way.": (
        "该支付账户尚未配置商户密钥，请改用其他方式收款。"
    ),
    "Property fees %(unit)s": "物业费 %(unit)s",
    "The payment platform did not answer properly (%(error)s): try again in a moment.": (
        "支付平台未正常应答（%(error)s），请稍后再试。"
    ),
    "Given up": "已放弃",
    "This WeChat Pay account (API v3) cannot take payment codes: show a payment code for the owner to "
    "scan instead.": "该微信支付账户（APIv3）不支持扫付款码，请出示收款码由业主扫码支付。",
    "Cancelled by the payer": "付款人已取消",
}
