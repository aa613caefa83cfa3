from __future__ import annotations

import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import figures, jobs, logins, selectors, todo, uploads
from .access import get_object_for_user, has_project_perm, staff_projects
from .choices import DepartmentKind
from .decorators import object_view, project_view, route_kwargs
from .errors import ServiceError
from .forms import PasswordChangeForm, ProjectContactForm, ThrottledLoginForm
from .models import Position, Project
from .services import PROJECT_EDITABLE_FIELDS, switch_project, update_project

SECTION_DEPARTMENTS = {
    "frontdesk": [DepartmentKind.CUSTOMER_SERVICE],
    "servicedesk": [DepartmentKind.CUSTOMER_SERVICE, DepartmentKind.MANAGEMENT],
    "engineering": [DepartmentKind.ENGINEERING],
    "finance": [DepartmentKind.FINANCE],
    "renovation": [DepartmentKind.CUSTOMER_SERVICE, DepartmentKind.ENGINEERING, DepartmentKind.SECURITY],
    "inspections": [DepartmentKind.SECURITY, DepartmentKind.ENVIRONMENT, DepartmentKind.ENGINEERING],
}


class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def password_change(request):
    """Change one's own password: every user — staff, owners and tenants — on a phone or a desk."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            logins.change_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ServiceError as exc:
            form.add_error(exc.field, exc.message)
        else:
            update_session_auth_hash(request, request.user)  # this browser stays logged in, others do not
            messages.success(request, _("Your password has been changed."))
            return redirect("password_change")
    return render(
        request,
        "registration/password_change.html",
        {"form": form, "rules": password_validators_help_texts()},
    )


@login_required
@route_kwargs(lambda: {"name": "waiver-attachment", "pk": 1})  # per-file access: test_waivers, test_portal
def stored_file(request, name: str, pk: int):
    """An uploaded file, after the object's project and the registered permission are checked
    (`core.uploads.register_file`); never from /media/ directly."""
    entry = uploads.stored_file(name)
    if entry is None:
        raise Http404
    obj = entry.model.objects.filter(pk=pk).first()
    if obj is not None and entry.owner_may_see is not None and entry.owner_may_see(request.user, obj):
        pass  # the owner's or tenant's own (registry.visibility)
    else:
        obj = get_object_for_user(entry.model.objects, request.user, pk, perm=entry.perm)
    file = getattr(obj, entry.field)
    if not file:
        raise Http404
    filename = file.name.rsplit("/", 1)[-1]
    inline = uploads.EXTENSIONS["jpeg"] | uploads.EXTENSIONS["png"] | uploads.EXTENSIONS["webp"]
    response = FileResponse(
        file.open("rb"), as_attachment=os.path.splitext(filename)[1].lower() not in inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=300"
    return response


def healthz(request):
    """Liveness for the reverse proxy and monitoring: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def dashboard(request):
    """The landing page: the user's to-do sections (`core.todo`), overdue first, then the project's
    counts; a position whose work is a page of its own (the technician's cards) lands there. Someone
    who works in no project (an owner, a tenant) lands on the owner portal."""
    if not request.project and not staff_projects(request.user).exists():
        return redirect("portal:home")
    return _staff_dashboard(request)


@project_view("core.view_project")
def _staff_dashboard(request):
    project = request.project
    landing = todo.landing_for(request.user, project)
    if landing:
        return redirect(landing)
    context = {
        **selectors.project_overview(project),
        "can_view_units": has_project_perm(request.user, project, "registry.view_unit"),
        "todo_sections": todo.sections_for(request.user, project),
        "figures": figures.figures_for(request.user, project),
    }
    return render(request, "core/dashboard.html", context)


dashboard.required_perm = _staff_dashboard.required_perm
dashboard.required_perms = _staff_dashboard.required_perms


@login_required
@require_POST
def switch_project_view(request):
    project = switch_project(request=request, project_id=request.POST.get("project"))
    messages.success(request, _("Switched to %(project)s.") % {"project": project.name})
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)


def _section_view(section: str):
    @project_view(f"core.access_{section}")
    def view(request):
        label = dict(settings.PROPDESK_NAV_SECTIONS)[section]
        departments = selectors.department_roster(request.project, SECTION_DEPARTMENTS[section])
        return render(
            request,
            "core/section.html",
            {"section": section, "section_label": label, "departments": departments},
        )

    view.__name__ = f"section_{section}"
    return view


section_views = {section: _section_view(section) for section in SECTION_DEPARTMENTS}


@project_view("core.access_reports")
def overview(request):
    project = request.project
    return render(
        request,
        "core/overview.html",
        selectors.project_overview(project),
    )


@project_view("core.access_settings")
def organisation(request):
    project = request.project
    departments = selectors.department_roster(project, [k for k, _l in DepartmentKind.choices])
    return render(
        request,
        "core/organisation.html",
        {
            "departments": departments,
            "project": project,
            "can_edit": has_project_perm(request.user, project, "core.change_project"),
            "can_view_history": has_project_perm(request.user, project, "core.view_history"),
        },
    )


@project_view("core.change_project")
def edit_project(request):
    """Edit the current project's contact details (used on printed forms and the phone greeting)."""
    project = request.project
    initial = {f: getattr(project, f) for f in PROJECT_EDITABLE_FIELDS}
    form = ProjectContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial[k]}
        try:
            if changes:
                update_project(project=project, actor=request.user, changes=changes)
        except ServiceError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Project details saved."))
            return redirect("core:organisation")
    return render(request, "core/edit_project.html", {"form": form, "project": project})


@project_view("core.access_settings")
def positions(request):
    rows = Position.objects.select_related("superior").prefetch_related("permissions__content_type")
    return render(request, "core/positions.html", {"positions": rows})


@project_view("core.view_jobrun")
def job_runs(request):
    return render(
        request,
        "core/jobs.html",
        {
            "jobs": jobs.registered(),
            "runs": selectors.latest_job_runs(),
            "can_run": has_project_perm(request.user, request.project, "core.change_jobrun")
            or request.user.is_superuser,
        },
    )


@project_view("core.view_jobrun")
@require_POST
@route_kwargs(lambda: {"name": "purge_login_attempts"})
def run_job_now(request, name: str):
    """Run a periodic job at once (an operator checking the scheduler); answers the runs table for htmx."""
    if not (
        request.user.is_superuser or has_project_perm(request.user, request.project, "core.change_jobrun")
    ):
        raise PermissionDenied
    try:
        jobs.get(name)
    except KeyError:
        raise Http404 from None
    run = jobs.run_job(name, trigger="web")
    messages.success(
        request, _("%(job)s ran.") % {"job": name} if run.succeeded else _("%(job)s failed.") % {"job": name}
    )
    if request.htmx:
        return render(request, "core/_job_runs.html", {"runs": selectors.latest_job_runs()})
    return redirect("core:jobs")


def _history_kwargs(obj):
    return {"app_label": obj._meta.app_label, "model_name": obj._meta.model_name, "pk": obj.pk}


@login_required
@object_view(Project, url_kwargs=_history_kwargs)
def history(request, app_label: str, model_name: str, pk: int):
    """Who changed what and when, for any audited record the user may see."""
    model = selectors.history_model(app_label, model_name)
    if model is None:
        raise Http404
    try:
        obj = model.objects.for_user(request.user).get(pk=pk)
    except (model.DoesNotExist, ValueError):
        raise Http404 from None
    project = obj if isinstance(obj, Project) else getattr(obj, "project", None)
    if project is None or not has_project_perm(request.user, project, "core.view_history"):
        raise PermissionDenied
    return render(
        request,
        "core/history.html",
        {
            "object": obj,
            "model_label": model._meta.verbose_name,
            "entries": selectors.object_history(obj),
        },
    )


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    """The API's one error body (`core.api.errors`) for what Django answers before DRF is reached."""
    return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_error("permission_denied", _("You do not have permission to perform this action."), 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):  # e.g. /api/v1/units/abc/: no route, so no DRF answer
        return _api_error("not_found", _("Not found."), 404)
    return render(request, "404.html", status=404)
