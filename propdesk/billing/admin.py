"""Configuration of billing in the admin: charge items, prices, overrides, charge starts, provider accounts.

Money rows (bills, payments, receipts) are not here: they are made by services only.
"""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from propdesk.core.admin import ScopedAdmin

from .models import ChargeItem, Price, ProviderAccount, UnitChargeStart, UnitPriceOverride


class PriceInline(admin.TabularInline):
    model = Price
    extra = 0
    fields = ("use", "unit_price", "effective_from")

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


@admin.register(ChargeItem)
class ChargeItemAdmin(ScopedAdmin):
    list_display = ("name", "code", "kind", "area_basis", "unit_label", "prorate", "is_active", "project")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")
    inlines = [PriceInline]

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if inline_form.instance and not inline_form.instance.project_id:
                inline_form.instance.project_id = form.instance.project_id
        super().save_formset(request, form, formset, change)


@admin.register(Price)
class PriceAdmin(ScopedAdmin):
    list_display = ("item", "use", "unit_price", "effective_from", "project")
    list_filter = ("use",)


@admin.register(UnitPriceOverride)
class UnitPriceOverrideAdmin(ScopedAdmin):
    list_display = ("unit", "item", "unit_price", "effective_from", "reason")
    raw_id_fields = ("unit",)


@admin.register(UnitChargeStart)
class UnitChargeStartAdmin(ScopedAdmin):
    list_display = ("unit", "starts_on", "reason")
    raw_id_fields = ("unit",)


def _written(changed) -> str:
    return date_format(timezone.localtime(changed), "Y-m-d H:i") if changed else "—"


class ProviderAccountForm(forms.ModelForm):
    """The secrets (signing / APIv3 key, merchant private key) are write-only: never shown, only whether
    one is set and when it changed. Leave a field empty to keep the current value."""

    new_signing_key = forms.CharField(
        label=_("signing key"),
        required=False,
        strip=True,
        max_length=512,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    new_private_key = forms.CharField(
        label=_("merchant private key"),
        required=False,
        strip=True,
        max_length=8000,
        widget=forms.Textarea(
            attrs={"rows": 4, "autocomplete": "off", "placeholder": "-----BEGIN PRIVATE KEY-----"}
        ),
        help_text=_("WeChat Pay: apiclient_key.pem; Alipay: the application private key."),
    )

    class Meta:
        model = ProviderAccount
        fields = (
            "project",
            "method",
            "kind",
            "merchant_id",
            "app_id",
            "cert_serial_no",
            "platform_public_key",
            "platform_key_id",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        account = self.instance
        for field, secret, changed in (
            ("new_signing_key", account.signing_key, account.signing_key_changed_at),
            ("new_private_key", account.private_key, account.private_key_changed_at),
        ):
            if account.pk and secret:
                self.fields[field].help_text = _(
                    "A key is set (changed %(when)s). Leave empty to keep it; type a new one to replace it."
                ) % {"when": _written(changed)}
            elif field == "new_signing_key":
                self.fields[field].help_text = _("No key is set yet.")

    def clean(self):
        data = super().clean()
        # The model's rules see the new secrets (e.g. the APIv3 key's length) before saving.
        for field, name in (("new_signing_key", "signing_key"), ("new_private_key", "private_key")):
            if data.get(field):
                setattr(self.instance, name, data[field])
        if data.get("new_private_key"):
            from .providers import keys  # noqa: PLC0415  (only the admin form reads keys)

            try:
                keys.private_key(data["new_private_key"])
            except keys.BadKey:
                self.add_error("new_private_key", _("This is not an RSA private key in PEM form."))
        if data.get("platform_public_key"):
            from .providers import keys  # noqa: PLC0415  (only the admin form reads keys)

            try:
                keys.public_key(data["platform_public_key"])
            except keys.BadKey:
                self.add_error("platform_public_key", _("This is not an RSA public key or certificate."))
        if data.get("kind"):
            self.instance.kind = data["kind"]
            missing = [name for name in self.instance.missing_keys() if name not in self.errors]
            if missing:
                raise forms.ValidationError(
                    _("This connection also needs: %(fields)s.")
                    % {
                        "fields": ", ".join(
                            str(ProviderAccount._meta.get_field(n).verbose_name) for n in missing
                        )
                    }
                )
        return data

    def save(self, commit=True):
        account = super().save(commit=False)
        for field, name in (("new_signing_key", "signing_key"), ("new_private_key", "private_key")):
            if self.cleaned_data.get(field):
                setattr(account, name, self.cleaned_data[field])
                setattr(account, f"{name}_changed_at", timezone.now())
        if commit:
            account.save()
        return account


@admin.register(ProviderAccount)
class ProviderAccountAdmin(ScopedAdmin):
    form = ProviderAccountForm
    list_display = (
        "method",
        "kind",
        "merchant_id",
        "signing_key_changed_at",
        "private_key_changed_at",
        "project",
    )
    readonly_fields = ("signing_key_changed_at", "private_key_changed_at")


from .models import WaiverReason, WaiverRule  # noqa: E402


@admin.register(WaiverReason)
class WaiverReasonAdmin(ScopedAdmin):
    list_display = ("name", "sort_order", "is_active", "project")
    list_filter = ("is_active",)


@admin.register(WaiverRule)
class WaiverRuleAdmin(ScopedAdmin):
    list_display = ("up_to", "chain", "project")


from .models import DunningStage  # noqa: E402


@admin.register(DunningStage)
class DunningStageAdmin(ScopedAdmin):
    list_display = ["name", "code", "order", "is_active", "project"]
    list_filter = ["is_active"]


from .models import HeatingStopRule  # noqa: E402


@admin.register(HeatingStopRule)
class HeatingStopRuleAdmin(ScopedAdmin):
    list_display = ("project", "base_fee_percent", "cutoff_month", "cutoff_day")
