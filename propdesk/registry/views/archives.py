"""业主档案管理 pages: files, documents, consulting and lending."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.access import get_object_for_user, project_permissions
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import AccessDenied, ServiceError

from .. import forms, selectors, services, transitions
from ..choices import LoanStatus
from ..models import ArchiveDocument, ArchiveFile, ArchiveLoan, Party, Unit


@project_view("registry.view_archivefile")
def archive_files(request):
    q = request.GET.get("q", "").strip()
    page = Paginator(selectors.archive_files_for_list(request.user, request.project, q=q), 50).get_page(
        request.GET.get("page")
    )
    overdue = list(selectors.overdue_loans(request.project))
    return render(request, "registry/archive_files.html", {"page": page, "q": q, "overdue": overdue})


def _file(request, pk, perm="registry.view_archivefile") -> ArchiveFile:
    return get_object_for_user(
        ArchiveFile.objects.select_related("unit__building", "party", "project"), request.user, pk, perm=perm
    )


@project_view("registry.view_archivefile")
@object_view(ArchiveFile)
def archive_file_detail(request, pk: int):
    file = _file(request, pk)
    held = project_permissions(request.user, file.project)
    loans = list(file.loans.select_related("requested_by", "approved_by", "project"))
    for loan in loans:  # the buttons each loan offers this user: the kit's moves, by name
        loan.actions = {move.name for move in lifecycle.allowed_moves(loan, request.user)}
    return render(
        request,
        "registry/archive_file.html",
        {
            "file": file,
            "documents": file.documents.select_related("uploaded_by"),
            "loans": loans,
            "perms_held": held,
            "document_form": forms.DocumentForm(),
            "loan_form": forms.LoanForm(),
        },
    )


@project_view("registry.add_archivefile")
@object_view(Unit)
def open_unit_archive(request, pk: int):
    unit = get_object_for_user(
        Unit.objects.select_related("building", "project"), request.user, pk, perm="registry.add_archivefile"
    )
    if request.method != "POST":
        return redirect("registry:unit", unit.pk)
    file = services.open_archive_file(project=unit.project, unit=unit, actor=request.user)
    return redirect("registry:archive_file", file.pk)


@project_view("registry.add_archivefile")
@object_view(Party)
def open_party_archive(request, pk: int):
    party = get_object_for_user(
        Party.objects.select_related("project"), request.user, pk, perm="registry.add_archivefile"
    )
    if request.method != "POST":
        return redirect("registry:party", party.pk)
    file = services.open_archive_file(project=party.project, party=party, actor=request.user)
    return redirect("registry:archive_file", file.pk)


@project_view("registry.add_archivedocument")
@object_view(ArchiveFile)
def document_upload(request, pk: int):
    file = _file(request, pk, perm="registry.add_archivedocument")
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                archive_file=file,
                doc_type=form.cleaned_data["doc_type"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                actor=request.user,
            )
        except ServiceError as exc:
            forms.add_service_error(form, exc)
        else:
            messages.success(request, _("Document added to the archive."))
            return redirect("registry:archive_file", file.pk)
    return render(
        request,
        "registry/form_page.html",
        {"form": form, "title": f"{file.catalogue_number} · {_('Upload document')}", "multipart": True},
    )


@project_view("registry.view_archivedocument")
@object_view(ArchiveDocument)
def document_download(request, pk: int):
    doc = get_object_for_user(ArchiveDocument.objects, request.user, pk, perm="registry.view_archivedocument")
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1])


@project_view("registry.add_archiveloan")
@object_view(ArchiveFile)
def loan_request(request, pk: int):
    file = _file(request, pk, perm="registry.add_archiveloan")
    form = forms.LoanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_loan(archive_file=file, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            forms.add_service_error(form, exc)
        else:
            messages.success(request, _("Request recorded; it waits for approval."))
            return redirect("registry:archive_file", file.pk)
    return render(
        request,
        "registry/form_page.html",
        {"form": form, "title": f"{file.catalogue_number} · {_('Consult or lend')}"},
    )


LOAN_ACTIONS = {move.name: move.target for move in transitions.LOAN.moves}  # approve, reject, return


@project_view("registry.change_archiveloan")
@object_view(ArchiveLoan)
def loan_action(request, pk: int):
    loan = get_object_for_user(ArchiveLoan.objects, request.user, pk, perm="registry.change_archiveloan")
    if request.method != "POST" or request.POST.get("action") not in LOAN_ACTIONS:
        return redirect("registry:archive_file", loan.archive_file_id)
    try:
        services.move_loan(
            loan=loan,
            to=LOAN_ACTIONS[request.POST["action"]],
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except AccessDenied:
        raise PermissionDenied from None
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Loan updated."))
    return redirect("registry:archive_file", loan.archive_file_id)


@project_view("registry.view_archiveloan")
def loans(request):
    status = request.GET.get("status", "")
    page = Paginator(selectors.loans_for_list(request.user, request.project, status=status), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "registry/loans.html", {"page": page, "status": status, "statuses": LoanStatus.choices}
    )
