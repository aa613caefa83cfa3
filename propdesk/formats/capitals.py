"""大写金额: the capital numerals an amount is written in on receipts and notices (中国人民银行
《支付结算办法》附件一, "正确填写票据和结算凭证的基本规定").

Not a message and not one locale's formats: the notation is prescribed, so a receipt prints these
characters whatever the reader's language. `propdesk.billing.money.amount_in_words` spells amounts
with them; Django's format lookup (propdesk/formats/<locale>/formats.py) does not read this module.
"""

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ["", "拾", "佰", "仟"]  # within a group of four digits
SECTIONS = ["", "万", "亿", "万亿"]  # the groups of four digits
ZERO = "零"  # between non-zero digits, for the zeros in between
YUAN = "元"
JIAO = "角"
FEN = "分"
WHOLE = "整"  # ends an amount without fen
NEGATIVE = "负"
ZERO_AMOUNT = "零元整"
