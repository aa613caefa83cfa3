from django.contrib import admin

from propdesk.core.admin import ScopedAdmin

from .models import Category, KpiSettings, KpiTarget


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    """Request categories are configuration: each names its department, default repair class and importance."""

    list_display = (
        "name",
        "parent",
        "project",
        "department_kind",
        "default_repair_class",
        "requires_door_visit",
        "is_active",
    )
    list_filter = ("department_kind", "requires_door_visit", "is_active")
    search_fields = ("name", "code")


@admin.register(KpiTarget)
class KpiTargetAdmin(ScopedAdmin):
    """考核指标: a company's defaults (no project) and a project's own targets, each from a day on."""

    list_display = ("code", "target", "project", "company", "effective_from", "note")
    list_filter = ("code", "company")
    date_hierarchy = "effective_from"


@admin.register(KpiSettings)
class KpiSettingsAdmin(ScopedAdmin):
    list_display = ("project", "fair_counts_as_satisfied")
