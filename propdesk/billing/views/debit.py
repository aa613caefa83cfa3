"""Staff pages of bank direct debit (托收): mandates, batches, the debit file, the result import."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError

from .. import selectors
from ..choices import DebitResult
from ..models import DebitBatch, DebitMandate
from ..services import debit as debit_services


class MandateForm(forms.Form):
    room = forms.CharField(label=_lazy("Room"), max_length=30, help_text=_lazy("e.g. 3-2-1501"))
    bank_name = forms.CharField(label=_lazy("Bank"), max_length=50)
    account_name = forms.CharField(label=_lazy("Account holder"), max_length=100)
    account_number = forms.CharField(label=_lazy("Account number"), max_length=40)
    signed_on = forms.DateField(label=_lazy("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))


class BatchForm(forms.Form):
    period = forms.DateField(label=_lazy("Month"), input_formats=["%Y-%m", "%Y-%m-%d"])


class ResultForm(forms.Form):
    file = forms.FileField(label=_lazy("Bank result file"))


def _err(form, exc: ServiceError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@project_view("billing.view_debitbatch")
def debit(request):
    """托收: batches of the project, and a new batch for a month."""
    can_add = has_project_perm(request.user, request.project, "billing.add_debitbatch")
    form = BatchForm(request.POST or None, initial={"period": dt.date.today().strftime("%Y-%m")})
    if request.method == "POST":
        if not can_add:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                batch = debit_services.create_batch(
                    project=request.project, period=form.cleaned_data["period"], actor=request.user
                )
            except ServiceError as exc:
                _err(form, exc)
            else:
                return redirect("billing:debit_batch", pk=batch.pk)
    batches = (
        DebitBatch.objects.for_user(request.user).filter(project=request.project).select_related("created_by")
    )
    return render(request, "billing/debit.html", {"batches": batches[:50], "form": form, "can_add": can_add})


@project_view("billing.view_debitbatch")
@object_view(DebitBatch)
def debit_batch(request, pk: int):
    batch = get_object_for_user(
        DebitBatch.objects.select_related("project"), request.user, pk, perm="billing.view_debitbatch"
    )
    can_import = has_project_perm(request.user, batch.project, "billing.change_debitbatch")
    form = ResultForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_import:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                text = form.cleaned_data["file"].read().decode("utf-8-sig")
            except UnicodeDecodeError:
                form.add_error("file", _("The file must be UTF-8 text."))
            else:
                try:
                    report = debit_services.import_results(batch=batch, text=text, actor=request.user)
                except ServiceError as exc:
                    for problem in getattr(exc, "problems", [exc.message]):
                        form.add_error("file", problem)
                else:
                    messages.success(
                        request,
                        _("Imported: %(s)s debited, %(f)s failed, %(u)s already recorded.")
                        % {"s": report.succeeded, "f": report.failed, "u": report.unchanged},
                    )
                    return redirect("billing:debit_batch", pk=batch.pk)
    lines = batch.lines.select_related("unit__building", "mandate", "payment__receipt").order_by("line_no")
    return render(
        request,
        "billing/debit_batch.html",
        {
            "batch": batch,
            "lines": lines,
            "failures": [line for line in lines if line.result == DebitResult.FAILED],
            "form": form,
            "can_import": can_import,
        },
    )


@project_view("billing.view_debitbatch")
@object_view(DebitBatch)
def debit_file(request, pk: int):
    batch = get_object_for_user(
        DebitBatch.objects.select_related("project"), request.user, pk, perm="billing.view_debitbatch"
    )
    response = HttpResponse(
        debit_services.debit_file(batch).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{batch.number}.csv"'
    return response


@project_view("billing.view_debitmandate")
def mandates(request):
    can_add = has_project_perm(request.user, request.project, "billing.add_debitmandate")
    form = MandateForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            return HttpResponse(status=403)
        if form.is_valid():
            d = form.cleaned_data
            units = list(selectors.find_units(request.user, request.project, d["room"])[:2])
            if len(units) != 1:
                form.add_error("room", _("No single room matches."))
            else:
                try:
                    debit_services.add_mandate(
                        unit=units[0],
                        bank_name=d["bank_name"],
                        account_name=d["account_name"],
                        account_number=d["account_number"],
                        signed_on=d["signed_on"],
                        actor=request.user,
                    )
                except ServiceError as exc:
                    _err(form, exc)
                else:
                    messages.success(request, _("Debit mandate recorded."))
                    return redirect("billing:debit_mandates")
    rows = (
        DebitMandate.objects.for_user(request.user)
        .filter(project=request.project, is_active=True)
        .select_related("unit__building")
        .defer("account_number")
    )
    return render(
        request, "billing/debit_mandates.html", {"rows": rows[:500], "form": form, "can_add": can_add}
    )
