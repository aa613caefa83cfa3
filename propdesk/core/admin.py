"""The admin is for configuration data only (organisation, positions and their permissions).

Every admin queryset goes through `for_user`, so a project administrator edits only
their own projects' configuration.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenProxy
from simple_history.admin import SimpleHistoryAdmin

from .access import visible_project_ids
from .choices import PositionScope
from .crypto import mask_phone, phone_index
from .forms import ThrottledAdminLoginForm
from .logins import as_mobile
from .models import Company, CompanyRole, Department, JobRun, Membership, Position, Project, User
from .project_setup import apply_defaults
from .services import ensure_departments

# Permission sets belong to positions, not groups; API tokens are issued by /api/v1/auth/token/.
admin.site.unregister(Group)
admin.site.unregister(TokenProxy)

admin.site.site_header = _("PropDesk configuration")
admin.site.site_title = _("PropDesk configuration")
admin.site.index_title = _("Configuration")
admin.site.site_url = "/"
admin.site.login_form = ThrottledAdminLoginForm  # the one lockout, with its own message (core.logins)


class ScopedAdmin(SimpleHistoryAdmin):
    """Rows of the projects the user may see; foreign keys offer only those too."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def history_view(self, request, object_id, extra_context=None):
        # simple-history shows history even for rows outside the queryset (deleted rows); we do not.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related.objects, "for_user"):
            kwargs["queryset"] = related.objects.for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("PropDesk"), {"fields": ("display_name", "phone", "employee_no", "wecom_userid")}),
    )
    list_display = ("username", "display_name", "masked_phone", "is_active", "is_staff")
    # The mobile is encrypted (issue 17, item 13): shown masked in the list; a whole mobile number typed
    # in the search box finds its user through the blind index.
    search_fields = ("username", "display_name")

    def get_search_results(self, request, queryset, search_term):
        found, duplicates = super().get_search_results(request, queryset, search_term)
        number = as_mobile(search_term.strip())
        if number:
            found = found | queryset.filter(phone_index=phone_index(number))
        return found, duplicates

    @admin.display(description=_("mobile phone"))
    def masked_phone(self, obj) -> str:
        return mask_phone(obj.phone)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(memberships__project_id__in=visible_project_ids(request.user)).distinct()


@admin.register(Company)
class CompanyAdmin(ScopedAdmin):
    list_display = ("name", "code", "phone")


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ("name", "company", "kind", "service_phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # A project made here gets its departments exactly as one made by create_project.
            ensure_departments(project=obj, actor=request.user)
            apply_defaults(project=obj, actor=request.user)


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ("name", "project", "kind", "phone")
    list_filter = ("kind",)


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "code",
        "scope",
        "department_kind",
        "is_department_head",
        "has_building_scope",
        "has_work_order_scope",
        "superior",
    )
    list_filter = ("scope", "department_kind")
    filter_horizontal = ("permissions",)
    search_fields = ("name", "code")


class MembershipForm(forms.ModelForm):
    """The same rules as services.add_membership, so the admin cannot make what the service refuses."""

    class Meta:
        model = Membership
        fields = [
            "user",
            "project",
            "department",
            "position",
            "buildings",
            "is_active",
            "started_on",
            "ended_on",
        ]

    def clean(self):
        cleaned = super().clean()
        project, department, position = (
            cleaned.get("project"),
            cleaned.get("department"),
            cleaned.get("position"),
        )
        if position is not None and position.scope != PositionScope.PROJECT:
            self.add_error(
                "position", _("%(position)s is not a project position.") % {"position": position.name}
            )
        if project is not None and department is not None and department.project_id != project.pk:
            self.add_error("department", _("The department belongs to another project."))
        buildings = cleaned.get("buildings")
        if (
            project is not None
            and buildings is not None
            and any(b.project_id != project.pk for b in buildings)
        ):
            self.add_error("buildings", _("A building belongs to another project."))
        return cleaned


class CompanyRoleForm(forms.ModelForm):
    class Meta:
        model = CompanyRole
        fields = ["user", "company", "position", "is_active"]

    def clean_position(self):
        position = self.cleaned_data["position"]
        if position.scope != PositionScope.COMPANY:
            raise forms.ValidationError(
                _("%(position)s is not a company position.") % {"position": position.name}
            )
        return position


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    form = MembershipForm
    list_display = ("user", "project", "department", "position", "is_active")
    list_filter = ("position", "is_active")
    search_fields = ("user__username", "user__display_name")
    filter_horizontal = ("buildings",)
    autocomplete_fields = ("user",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "buildings":  # the registry's buildings, the user's projects only
            kwargs["queryset"] = db_field.remote_field.model.objects.for_user(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(CompanyRole)
class CompanyRoleAdmin(ScopedAdmin):
    form = CompanyRoleForm
    list_display = ("user", "company", "position", "is_active")


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ("job", "trigger", "started_at", "finished_at", "succeeded")
    list_filter = ("job", "succeeded")
    readonly_fields = ("job", "trigger", "started_at", "finished_at", "succeeded", "output")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
