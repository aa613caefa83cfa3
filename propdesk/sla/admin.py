"""Configuration screens: calendars, policies, targets and escalation steps (project-scoped)."""

from django.contrib import admin

from propdesk.core.admin import ScopedAdmin

from .models import (
    Breach,
    Calendar,
    CalendarException,
    CalendarInterval,
    EscalationStep,
    SlaPolicy,
    SlaTarget,
)
from .services import bump_calendar_version, bump_policy_version, deactivate_policy


class ProjectFromParentInline(admin.TabularInline):
    """Child rows carry their parent's project (every tenant row has project_id)."""

    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)


def _save_children(formset, parent):
    for form in formset.forms:
        if form.instance is not None and form.has_changed():
            form.instance.project_id = parent.project_id


class CalendarIntervalInline(ProjectFromParentInline):
    model = CalendarInterval
    fields = ("weekday", "start", "end")


class CalendarExceptionInline(ProjectFromParentInline):
    model = CalendarException
    fields = ("date", "kind", "hours", "note")


@admin.register(Calendar)
class CalendarAdmin(ScopedAdmin):
    list_display = ("name", "project", "kind", "use_official_holidays", "is_default")
    list_filter = ("kind",)
    inlines = [CalendarIntervalInline, CalendarExceptionInline]

    def save_formset(self, request, form, formset, change):
        _save_children(formset, form.instance)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bump_calendar_version(calendar=form.instance, actor=request.user)


class SlaTargetInline(ProjectFromParentInline):
    model = SlaTarget
    fields = (
        "code",
        "name",
        "start_event",
        "stop_event",
        "rule",
        "value",
        "cutoff",
        "calendar",
        "pausable",
        "continuous",
    )
    show_change_link = True


@admin.register(SlaPolicy)
class SlaPolicyAdmin(ScopedAdmin):
    list_display = (
        "precedence",
        "name",
        "project",
        "subject_kind",
        "repair_class",
        "category",
        "channel",
        "is_active",
        "version",
    )
    list_display_links = ("name",)
    list_filter = ("is_active",)
    inlines = [SlaTargetInline]

    def save_formset(self, request, form, formset, change):
        _save_children(formset, form.instance)
        super().save_formset(request, form, formset, change)

    def save_model(self, request, obj, form, change):
        if change and "is_active" in form.changed_data and not obj.is_active:
            obj.is_active = True  # the service turns it off and clears its pending escalations
            super().save_model(request, obj, form, change)
            deactivate_policy(policy=obj, actor=request.user)
            obj.refresh_from_db()
            return
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


class EscalationStepInline(ProjectFromParentInline):
    model = EscalationStep
    fields = ("trigger", "value", "repeat_minutes", "max_occurrences", "recipients", "channels", "is_warning")


@admin.register(SlaTarget)
class SlaTargetAdmin(ScopedAdmin):
    list_display = ("name", "policy", "code", "rule", "value", "pausable", "continuous")
    list_filter = ("code", "rule")
    inlines = [EscalationStepInline]

    def save_formset(self, request, form, formset, change):
        _save_children(formset, form.instance)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The policy changed with its target or steps: a new version, so every process re-reads it.
        bump_policy_version(policy_id=form.instance.policy_id, actor=request.user)

    def delete_model(self, request, obj):
        policy_id = obj.policy_id
        super().delete_model(request, obj)
        bump_policy_version(policy_id=policy_id, actor=request.user)

    def delete_queryset(self, request, queryset):
        policy_ids = set(queryset.values_list("policy_id", flat=True))
        super().delete_queryset(request, queryset)
        for policy_id in policy_ids:
            bump_policy_version(policy_id=policy_id, actor=request.user)


@admin.register(Breach)
class BreachAdmin(admin.ModelAdmin):
    """Read-only: a breach is never edited or deleted; excuse it with an approved record."""

    list_display = ("code", "project", "due_at", "breached_at", "department", "person")
    list_filter = ("code",)

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
