from django.contrib import admin

from propdesk.core.admin import ScopedAdmin

from .models import Category


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
