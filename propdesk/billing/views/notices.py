"""Notices to print: a unit's payment or dunning notice, and a building's batch for the butlers."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from propdesk.core.access import get_object_for_user
from propdesk.core.decorators import object_view, project_view
from propdesk.core.downloads import stamp
from propdesk.registry.models import Unit

from ..models import NoticeBatch
from ..pdf import notices as notice_pdfs
from ..services.notices import start_notice_batch
from .dunning import visible_buildings


@project_view("billing.view_bill")
@object_view(Unit, url_kwargs=lambda obj: {"pk": obj.pk, "kind": "dunning"})
def notice_pdf(request, pk: int, kind: str):
    if kind not in notice_pdfs.KINDS:
        raise Http404
    unit = get_object_for_user(
        Unit.objects.select_related("building", "project"), request.user, pk, perm="billing.view_bill"
    )
    content = notice_pdfs.unit_notice_pdf(unit, kind=kind)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{notice_pdfs.PREFIX[kind]}-{unit.label}.pdf"'
    return response


@project_view("billing.view_bill")
def notices(request):
    """Batch notices per building: one page per unit in arrears, built in the background."""
    buildings = visible_buildings(request)
    if request.method == "POST":
        text = request.POST.get("building", "")
        building = buildings.filter(pk=int(text)).first() if text.isdigit() and len(text) < 12 else None
        if building is None:
            raise Http404
        kind = request.POST.get("kind", "dunning")
        if kind not in notice_pdfs.KINDS:
            kind = "dunning"
        batch = start_notice_batch(building=building, kind=kind, actor=request.user)
        return redirect(f"{request.path}?batch={batch.pk}")
    batches = (
        NoticeBatch.objects.for_user(request.user)
        .filter(project=request.project, building__in=buildings)
        .select_related("building", "requested_by")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "billing/notices.html",
        {
            "buildings": buildings,
            "batches": batches,
            "kinds": notice_pdfs.KINDS,
            "today": timezone.localdate(),
        },
    )


@project_view("billing.view_bill")
@object_view(NoticeBatch)
def notice_batch_download(request, pk: int):
    batch = get_object_for_user(
        NoticeBatch.objects.select_related("building", "project"), request.user, pk, perm="billing.view_bill"
    )
    if not batch.is_ready:
        raise Http404
    response = HttpResponse(bytes(batch.content), content_type="application/pdf")
    day = stamp(batch.project, at=batch.created_at)
    name = f"{notice_pdfs.PREFIX[batch.kind]}-{batch.building.code}-{day}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
