from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import PaymentMethod

COUNTER_METHODS = [(m.value, m.label) for m in PaymentMethod if m.value not in ("wechat", "alipay")]


class PaymentForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=COUNTER_METHODS, initial=PaymentMethod.CASH)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    payer_name = forms.CharField(label=_("Payer"), max_length=100, required=False)
    trade_no = forms.CharField(label=_("Transaction number"), max_length=64, required=False)
    bills = forms.TypedMultipleChoiceField(label=_("Bills"), coerce=int, required=False, choices=[])

    def __init__(self, *args, bill_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bills"].choices = list(bill_choices)


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class RunForm(forms.Form):
    period = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%Y-%m-%d"])


class DunningContactForm(forms.Form):
    """催缴记录: stage, method, outcome, promised date and amount, note."""

    stage = forms.ModelChoiceField(label=_("Stage"), queryset=None, empty_label=None)
    method = forms.ChoiceField(label=_("Method"))
    outcome = forms.ChoiceField(label=_("Outcome"))
    promised_on = forms.DateField(
        label=_("Promised payment date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    promised_amount = forms.DecimalField(
        label=_("Promised amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, stages=None, **kwargs):
        from .choices_dunning import ContactMethod, ContactOutcome

        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages
        self.fields["method"].choices = ContactMethod.choices
        self.fields["outcome"].choices = ContactOutcome.choices


class CloseCaseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), max_length=200)


class ReportForm(forms.Form):
    period = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], required=False)
