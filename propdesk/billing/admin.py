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


class ProviderAccountForm(forms.ModelForm):
    """The signing key is write-only: never shown, only whether one is set and when it changed.
    Leave the field empty to keep the current key."""

    new_signing_key = forms.CharField(
        label=_("signing key"),
        required=False,
        strip=True,
        max_length=512,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = ProviderAccount
        fields = ("project", "method", "merchant_id", "is_sandbox")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        account = self.instance
        if account.pk and account.signing_key:
            changed = account.signing_key_changed_at
            self.fields["new_signing_key"].help_text = _(
                "A key is set (changed %(when)s). Leave empty to keep it; type a new one to replace it."
            ) % {"when": date_format(timezone.localtime(changed), "Y-m-d H:i") if changed else "—"}
        else:
            self.fields["new_signing_key"].required = True
            self.fields["new_signing_key"].help_text = _("No key is set yet.")

    def save(self, commit=True):
        account = super().save(commit=False)
        new_key = self.cleaned_data.get("new_signing_key")
        if new_key:
            account.signing_key = new_key
            account.signing_key_changed_at = timezone.now()
        if commit:
            account.save()
        return account


@admin.register(ProviderAccount)
class ProviderAccountAdmin(ScopedAdmin):
    form = ProviderAccountForm
    list_display = ("method", "merchant_id", "is_sandbox", "signing_key_changed_at", "project")
    readonly_fields = ("signing_key_changed_at",)


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
