from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import COUNTER_METHOD_CHOICES, ContactMethod, ContactOutcome, DepositKind, PaymentMethod

COUNTER_METHODS = COUNTER_METHOD_CHOICES


DESK_METHODS = [
    *COUNTER_METHODS,
    (PaymentMethod.WECHAT.value, _("WeChat Pay: show a code to scan")),
    (PaymentMethod.ALIPAY.value, _("Alipay: show a code to scan")),
]


class PaymentForm(forms.Form):
    payment_code = forms.CharField(
        label=_("Payment code"),
        max_length=40,
        required=False,
        help_text=_("Scan the owner's WeChat Pay or Alipay payment code here: the method follows from it."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    method = forms.ChoiceField(label=_("Method"), choices=DESK_METHODS, initial=PaymentMethod.CASH)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    payer_name = forms.CharField(label=_("Payer"), max_length=100, required=False)
    trade_no = forms.CharField(label=_("Transaction number"), max_length=64, required=False)
    bills = forms.TypedMultipleChoiceField(label=_("Bills"), coerce=int, required=False, choices=[])

    def __init__(self, *args, bill_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bills"].choices = list(bill_choices)


class CloseOrderForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class RunForm(forms.Form):
    period = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"])


class DrawerOpenForm(forms.Form):
    opening_float = forms.DecimalField(
        label=_("Opening float"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0"),
        initial=Decimal("0"),
    )


class DrawerCloseForm(forms.Form):
    counted = forms.DecimalField(
        label=_("Counted cash"), max_digits=14, decimal_places=2, min_value=Decimal("0")
    )
    reason = forms.CharField(
        label=_("Reason for a difference"),
        max_length=200,
        required=False,
        help_text=_("Required when the counted cash is not what the drawer should hold."),
    )


class DiscrepancyApprovalForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)


class BankDepositForm(forms.Form):
    slip_number = forms.CharField(label=_("Deposit slip number"), max_length=40)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    deposited_on = forms.DateField(label=_("Deposited on"), widget=forms.DateInput(attrs={"type": "date"}))


REFUND_SOURCES = [
    ("prepaid", _("Prepaid balance")),
    ("payment", _("A whole payment (its receipt is voided)")),
]


class RefundForm(forms.Form):
    source = forms.ChoiceField(label=_("Refund of"), choices=REFUND_SOURCES, initial="prepaid")
    payment = forms.TypedChoiceField(
        label=_("Payment"), coerce=int, required=False, choices=[], empty_value=None
    )
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    method = forms.ChoiceField(
        label=_("Method"), choices=[("cash", _("Cash")), ("bank_transfer", _("Bank transfer"))]
    )
    trade_no = forms.CharField(label=_("Transaction number"), max_length=64, required=False)
    payee_name = forms.CharField(label=_("Payee"), max_length=100, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, payment_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment"].choices = [("", "—"), *payment_choices]


class WaiverForm(forms.Form):
    reason = forms.ModelChoiceField(label=_("Reason"), queryset=None, empty_label=None)
    details = forms.CharField(
        label=_("Details"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, reasons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = reasons


class WaiverDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    comment = forms.CharField(label=_("Comment"), max_length=200, required=False)


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))


class DepositForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[])
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    method = forms.ChoiceField(label=_("Method"), choices=COUNTER_METHODS, initial=PaymentMethod.CASH)
    trade_no = forms.CharField(label=_("Transaction number"), max_length=64, required=False)
    payer_name = forms.CharField(label=_("Payer"), max_length=100, required=False)
    reference = forms.CharField(label=_("Reference"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DepositKind.choices


class DepositMovementForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("refund", _("Refund")), ("deduct", _("Deduction")), ("forfeit", _("Forfeit"))]
    )
    amount = forms.DecimalField(
        label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[("cash", _("Cash")), ("bank_transfer", _("Bank transfer"))],
        required=False,
    )
    trade_no = forms.CharField(label=_("Transaction number"), max_length=64, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class DunningContactForm(forms.Form):
    """催缴记录: stage, method, outcome, promised date and amount, note."""

    stage = forms.ModelChoiceField(label=_("Stage"), queryset=None, empty_label=None)
    method = forms.ChoiceField(label=_("Contact method"))
    outcome = forms.ChoiceField(label=_("Outcome"))
    promised_on = forms.DateField(
        label=_("Promised payment date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    promised_amount = forms.DecimalField(
        label=_("Promised amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, stages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages
        self.fields["method"].choices = ContactMethod.choices
        self.fields["outcome"].choices = ContactOutcome.choices


class CloseCaseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), max_length=200)


class ReportForm(forms.Form):
    period = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], required=False)
