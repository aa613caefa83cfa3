"""Chinese for WeChat Pay and Alipay at the cashier's desk (付款码 / 收款码) and the 三联 receipt."""

ZH = {
    "Owner's app": "业主端",
    "Payment code scanned at the desk": "前台扫付款码",
    "Code shown at the desk": "前台出示收款码",
    "WeChat Pay: show a code to scan": "微信支付：出示收款码",
    "Alipay: show a code to scan": "支付宝：出示收款码",
    "Payment code": "付款码",
    "Scan the owner's WeChat Pay or Alipay payment code here: the method follows from it.": (
        "在此扫描业主微信或支付宝的付款码，系统按付款码识别支付方式。"
    ),
    "payment code": "付款码",
    "code link": "收款码链接",
    "provider's answer": "支付平台答复",
    "The owner's balance is not enough: ask for another card in the wallet or another method.": (
        "业主余额不足：请业主在钱包中更换付款卡，或改用其他方式缴费。"
    ),
    "The payment code is invalid or expired: ask the owner to refresh it and scan again.": (
        "付款码无效或已过期：请业主刷新付款码后重新扫码。"
    ),
    "The owner cancelled the payment in the wallet.": "业主已在钱包中取消支付。",
    "The payment platform declined the payment (%(code)s).": "支付平台拒绝了本次支付（%(code)s）。",
    "This payment account has no connection to its provider yet: take the payment another way.": (
        "本支付账户尚未接通支付平台：请改用其他方式收款。"
    ),
    "This is not a WeChat Pay or Alipay payment code (WeChat: 18 digits from 10 to 15; "
    "Alipay: 16 to 24 digits from 25 to 30). Scan the code in the owner's wallet again.": (
        "这不是微信或支付宝付款码（微信：以10至15开头的18位数字；支付宝：以25至30开头的16至24位数字）。"
        "请重新扫描业主钱包中的付款码。"
    ),
    "Given up at the desk": "前台已放弃本笔收款",
    "Payment order": "支付订单",
    "Back to the room": "返回该房屋",
    "Ask the owner to scan this code with %(method)s and pay.": "请业主用%(method)s扫描此码付款。",
    "Sandbox: scanning opens the sandbox wallet, where the payment is confirmed.": (
        "沙箱模式：扫码后打开模拟钱包，在其中确认支付。"
    ),
    "Open the sandbox wallet": "打开模拟钱包",
    "Waiting for the owner to confirm in the wallet (password)…": "等待业主在钱包中确认（输入密码）……",
    "Paid.": "已支付。",
    "Take the payment another way": "改用其他方式收款",
    "Reason (optional)": "原因（选填）",
    "Give up this payment": "放弃本笔收款",
    "Sandbox: a code ending in 7 is declined, in 8 asks for the owner's password, in 6 is cancelled by the owner.": (
        "沙箱模式：付款码末位为7时余额不足被拒，为8时需业主输入密码，为6时业主取消支付。"
    ),
    "Three-part form (241 mm)": "三联收据（241 mm）",
    "Sandbox wallet": "模拟钱包",
    "Sandbox: this page plays the owner's wallet. No real money moves.": "沙箱模式：本页模拟业主钱包，不发生真实资金往来。",
    "Paid. The desk prints your receipt.": "支付成功，前台将为您打印收据。",
    "Confirm payment": "确认支付",
    "The payment order is closed. Money that still arrives for it is credited.": (
        "支付订单已关闭；此后仍到账的款项照常入账。"
    ),
}
ZH |= {
    "Give a payment code to scan, or the method whose code to show.": "请提供要扫描的付款码，或选择要出示收款码的支付方式。",
}
