"""The Excel wizard: template → upload → row report (page and xlsx) → import → done; and exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.downloads import disposition, stamp
from propdesk.core.errors import AccessDenied, ServiceError

from .. import excel, forms, selectors, services
from ..choices import ImportKind
from ..models import ImportJob, Unit
from ..models.core import unit_order

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = disposition(filename)
    return response


@project_view("registry.add_importjob")
def import_template(request):
    """The empty template (no project data in it): ?kind=units or ?kind=parties."""
    kind = request.GET.get("kind", "")
    if kind not in ImportKind.values:
        raise Http404
    return _xlsx(excel.template_workbook(kind), f"template-{kind}.xlsx")


@project_view("registry.add_importjob")
def import_start(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.start_import(
                project=request.project,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ServiceError as exc:
            forms.add_service_error(form, exc)
        else:
            return redirect("registry:import", job.pk)
    recent = (
        ImportJob.objects.for_user(request.user)
        .filter(project=request.project)
        .select_related("created_by")[:10]
    )
    return render(
        request, "registry/import_start.html", {"form": form, "recent": recent, "kinds": ImportKind}
    )


def _job(request, pk) -> ImportJob:
    return get_object_for_user(
        ImportJob.objects.select_related("created_by"), request.user, pk, perm="registry.view_importjob"
    )


@project_view("registry.view_importjob")
@object_view(ImportJob)
def import_detail(request, pk: int):
    job = _job(request, pk)
    return render(request, "registry/import_detail.html", {"job": job, "problems": job.problems[:200]})


@project_view("registry.view_importjob")
@object_view(ImportJob)
def import_progress(request, pk: int):
    """Polled by htmx while the task runs; once it stops, the page reloads to show the result."""
    job = _job(request, pk)
    response = render(request, "registry/_import_progress.html", {"job": job})
    if not job.running and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@project_view("registry.add_importjob")
@object_view(ImportJob)
def import_run(request, pk: int):
    job = get_object_for_user(ImportJob.objects, request.user, pk, perm="registry.add_importjob")
    if request.method != "POST":
        return redirect("registry:import", job.pk)
    try:
        services.run_import(job=job, valid_only=request.POST.get("valid_only") == "1", actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("registry:import", job.pk)


@project_view("registry.view_importjob")
@object_view(ImportJob)
def import_report(request, pk: int):
    job = _job(request, pk)
    data = excel.report_workbook(job.kind, services.uploaded_bytes(job), job.problems)
    return _xlsx(data, f"report-{job.pk}.xlsx")


@project_view("registry.export_registry")
def export_units(request):
    units = Unit.objects.for_user(request.user).filter(project=request.project).select_related("building")
    units = units.order_by(*unit_order())
    return _xlsx(
        excel.export_units_workbook(units.iterator(chunk_size=2000)), f"units-{stamp(request.project)}.xlsx"
    )


@project_view("registry.export_registry")
def export_parties(request):
    """Owners and residents, masked; in full only with the reveal permission, a reason and a log row."""
    form = forms.ExportForm(request.POST if request.method == "POST" else None)
    can_reveal = has_project_perm(request.user, request.project, "registry.reveal_personal_data")
    if request.method == "POST" and form.is_valid():
        parties = selectors.parties_for_export(request.project, request.user)
        unmasked = form.cleaned_data["unmasked"]
        try:
            if unmasked:
                services.log_export(
                    project=request.project,
                    reason=form.cleaned_data["reason"],
                    records=parties.count(),
                    actor=request.user,
                )
        except AccessDenied as exc:
            forms.add_service_error(form, exc)
        except ServiceError as exc:
            forms.add_service_error(form, exc)
        else:
            data = excel.export_parties_workbook(parties, unmasked=unmasked)
            return _xlsx(data, f"owners-{stamp(request.project)}.xlsx")
    return render(
        request,
        "registry/export.html",
        {"form": form, "can_reveal": can_reveal, "title": _("Export owners and residents")},
    )
