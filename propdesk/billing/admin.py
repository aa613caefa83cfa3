"""Configuration of billing in the admin: charge items, prices, overrides, charge starts, provider accounts.

Money rows (bills, payments, receipts) are not here: they are made by services only.
"""

from django.contrib import admin

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


@admin.register(ProviderAccount)
class ProviderAccountAdmin(ScopedAdmin):
    list_display = ("method", "merchant_id", "is_sandbox", "project")


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
