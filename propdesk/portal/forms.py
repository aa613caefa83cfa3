"""The portal's forms: input shape only; the rules live in the services they feed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from propdesk.billing.choices import PaymentMethod
from propdesk.servicedesk.choices import RequestKind, Satisfaction


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class ActivateForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to sign in with your mobile number."),
    )
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password_again") not in (None, cleaned["password"]):
            self.add_error("password_again", _("The two new passwords differ."))
        return cleaned


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Contact name"), max_length=50)
    relation = forms.CharField(label=_("Relation"), max_length=30, required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=30, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )


PORTAL_FORM_KINDS = [
    (RequestKind.REPAIR, RequestKind.REPAIR.label),
    (RequestKind.COMPLAINT, RequestKind.COMPLAINT.label),
    (RequestKind.INQUIRY, RequestKind.INQUIRY.label),
    (RequestKind.SUGGESTION, RequestKind.SUGGESTION.label),
    (RequestKind.PRAISE, RequestKind.PRAISE.label),
    (RequestKind.PAID_SERVICE, RequestKind.PAID_SERVICE.label),
]


class PayForm(forms.Form):
    bills = forms.TypedMultipleChoiceField(
        label=_("Bills"), coerce=int, error_messages={"required": _("Choose at least one bill to pay.")}
    )
    method = forms.ChoiceField(
        label=_("Pay with"),
        choices=[
            (PaymentMethod.WECHAT, PaymentMethod.WECHAT.label),
            (PaymentMethod.ALIPAY, PaymentMethod.ALIPAY.label),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; whose bill it is, is the view's visibility check.
        self.fields["bills"].valid_value = lambda value: str(value).isdigit()


class PhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from the phone's camera or album; each is checked by the service."""

    widget = PhotoInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(f, initial) for f in files]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of matter"), choices=PORTAL_FORM_KINDS)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    content = forms.CharField(
        label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    preferred_time = forms.CharField(label=_("Preferred time"), max_length=100, required=False)
    photos = PhotosField(label=_("Photos"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, f"{u.building.name} {u.number}") for u in units]
        self.fields["photos"].widget.attrs.update(
            {"accept": "image/*", "capture": "environment", "multiple": True}
        )


class ConfirmForm(forms.Form):
    signature = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": _("Please sign to confirm the repair.")}
    )


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PriceForm(forms.Form):
    decision = forms.ChoiceField(choices=[("agree", "agree"), ("decline", "decline")])
    reason = forms.CharField(max_length=200, required=False)


def survey_form(campaign, questions, values: list[tuple[int, str]], units, data=None) -> forms.Form:
    """The questionnaire: one choice per question on the campaign's scale, the unit, a comment."""
    fields: dict[str, forms.Field] = {
        "unit": forms.TypedChoiceField(
            label=_("Unit"), coerce=int, choices=[(u.pk, f"{u.building.name} {u.number}") for u in units]
        )
    }
    for question in questions:
        fields[f"q{question.pk}"] = forms.TypedChoiceField(
            label=question.text,
            coerce=int,
            choices=values,
            widget=forms.RadioSelect,
            error_messages={"required": _("Answer this question.")},
        )
    fields["comment"] = forms.CharField(
        label=_("Comment"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    return type("SurveyForm", (forms.Form,), fields)(data=data)
