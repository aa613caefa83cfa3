"""Staff pages of billing: the cashier desk, bills, receipts, billing runs. Writes go through services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.downloads import stamp
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Building, Unit

from .. import exports, pdf, providers, selectors, services
from ..choices import ONLINE_METHODS, RunStatus
from ..forms import PaymentForm, RunForm, VoidForm
from ..models import BillingRun, ChargeItem, Payment, ProviderAccount, Receipt
from ..money import ZERO, format_yuan
from ..services import cash as cash_services
from ..services import desk as desk_services


def _form_error(form, exc: ServiceError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@project_view("billing.add_payment")
def desk(request):
    """收银台: find the unit by building and room, or by typing 3-2-1501."""
    query = request.GET.get("q", "").strip()
    building_id, room = request.GET.get("building", ""), request.GET.get("room", "").strip()
    matches = None
    if building_id and room:
        matches = list(
            Unit.objects.for_user(request.user)
            .filter(
                project=request.project, building_id=building_id if building_id.isdigit() else 0, number=room
            )
            .select_related("building")[:20]
        )
    elif query:
        matches = list(selectors.find_units(request.user, request.project, query)[:20])
    if matches is not None and len(matches) == 1:
        return redirect("billing:desk_unit", pk=matches[0].pk)
    buildings = Building.objects.for_user(request.user).filter(project=request.project)
    return render(
        request,
        "billing/desk.html",
        {
            "query": query,
            "matches": matches,
            "buildings": buildings,
            "building_id": building_id,
            "room": room,
            "refunds_due": list(selectors.refunds_due(request.user, request.project)[:50]),
        },
    )


@project_view("billing.add_payment")
@object_view(Unit)
def desk_unit(request, pk: int):
    """One room at the desk: what it owes, its prepaid balance, and the payment form."""
    unit = get_object_for_user(
        Unit.objects.select_related("building"), request.user, pk, perm="billing.add_payment"
    )
    open_bills = selectors.outstanding_bills(unit)
    choices = [(b.pk, f"{b.item.name} {b.period_label}") for b in open_bills]
    total_due = sum((b.outstanding for b in open_bills), start=ZERO)
    form = PaymentForm(request.POST or None, bill_choices=choices, initial={"amount": total_due or None})
    if request.method == "POST" and form.is_valid():
        done = _take_desk_payment(request, unit, form)
        if done is not None:
            return done
    recent = (
        Receipt.objects.for_user(request.user)
        .filter(payment__unit=unit)
        .select_related("payment")
        .order_by("-number")[:10]
    )
    return render(
        request,
        "billing/desk_unit.html",
        {
            "unit": unit,
            "owner_name": selectors.current_owner_name(unit),
            "bills": open_bills,
            "total_due": total_due,
            "prepaid": selectors.prepaid_balance(unit),
            "form": form,
            "recent": recent,
            "drawer_open": cash_services.open_session(unit.project_id, request.user) is not None,
            "sandbox_desk": providers.sandbox_allowed()
            and ProviderAccount.objects.filter(project_id=unit.project_id, is_sandbox=True).exists(),
            "can_refund": has_project_perm(request.user, unit.project, "billing.add_refund"),
            "can_deposit": has_project_perm(request.user, unit.project, "billing.add_deposit"),
            "can_waive": has_project_perm(request.user, unit.project, "billing.add_waiverapplication"),
            "can_one_off": has_project_perm(request.user, unit.project, "billing.add_bill"),
        },
    )


def _take_desk_payment(request, unit, form):
    """Cash, transfer or card at once; a scanned WeChat Pay / Alipay code through the provider; a
    shown code on the order page. Returns the redirect, or None with the form's error set."""
    data = form.cleaned_data
    common = {
        "unit": unit,
        "amount": data["amount"],
        "payer_name": data["payer_name"],
        "bills": data["bills"] or None,
        "actor": request.user,
    }
    try:
        if data["payment_code"].strip():
            order = desk_services.scan_payment_code(payment_code=data["payment_code"], **common)
        elif data["method"] in ONLINE_METHODS:
            order = desk_services.show_payment_code(method=data["method"], **common)
        else:
            payment = services.take_payment(method=data["method"], trade_no=data["trade_no"], **common)
            messages.success(
                request,
                _("Payment received, receipt %(number)s.") % {"number": payment.receipt.display_number},
            )
            return redirect("billing:receipt", pk=payment.receipt.pk)
    except ServiceError as exc:
        _form_error(form, exc)
        return None
    if order.is_closed:
        form.add_error("payment_code", order.failure)
        return None
    if order.is_paid:
        receipt = Payment.objects.filter(order=order).order_by("pk").first().receipt
        messages.success(
            request, _("Payment received, receipt %(number)s.") % {"number": receipt.display_number}
        )
        return redirect("billing:receipt", pk=receipt.pk)
    return redirect("billing:desk_order", pk=order.pk)


def _bill_filters(request) -> dict:
    period = request.GET.get("period", "")
    try:
        period_date = dt.datetime.strptime(period, "%Y-%m").date() if period else None
    except ValueError:
        period_date = None
    return {
        "building": request.GET.get("building") if request.GET.get("building", "").isdigit() else None,
        "item": request.GET.get("item") if request.GET.get("item", "").isdigit() else None,
        "period": period_date,
        "state": request.GET.get("state") or None,
        "unit": request.GET.get("unit") if request.GET.get("unit", "").isdigit() else None,
    }


@project_view("billing.view_bill")
def bills(request):
    filters = _bill_filters(request)
    rows = selectors.bills_for_list(request.user, request.project, **filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "billing/bills.html",
        {
            "page": page,
            "totals": selectors.totals(rows),
            "count": page.paginator.count,
            "buildings": Building.objects.for_user(request.user).filter(project=request.project),
            "items": ChargeItem.objects.for_user(request.user).filter(project=request.project),
            "filters": request.GET,
            "query": request.GET.urlencode(),
        },
    )


@project_view("billing.view_bill")
def bills_export(request):
    rows = selectors.bills_for_list(request.user, request.project, **_bill_filters(request))
    content = exports.bills_workbook(rows)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bills-{stamp(request.project)}.xlsx"'
    return response


@project_view("billing.view_receipt")
def receipts(request):
    rows = (
        Receipt.objects.for_user(request.user)
        .filter(project=request.project)
        .select_related("payment__unit__building", "issued_by")
        .order_by("-number")
    )
    if request.GET.get("unit", "").isdigit():  # one room (the unit page's "more" link)
        rows = rows.filter(payment__unit_id=request.GET["unit"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "billing/receipts.html", {"page": page})


def _receipt(request, pk):
    return get_object_for_user(
        Receipt.objects.select_related("payment__unit__building", "issued_by", "voided_by", "project"),
        request.user,
        pk,
        perm="billing.view_receipt",
    )


@project_view("billing.view_receipt")
@object_view(Receipt)
def receipt_detail(request, pk: int):
    receipt = _receipt(request, pk)
    return render(
        request,
        "billing/receipt.html",
        {
            "receipt": receipt,
            "lines": selectors.receipt_lines(receipt.payment),
            "prints": receipt.prints.select_related("printed_by").order_by("printed_at"),
            "void_form": VoidForm(),
            "can_void": has_project_perm(request.user, receipt.project, "billing.void_receipt"),
        },
    )


@project_view("billing.view_receipt")
@object_view(Receipt)
def receipt_pdf(request, pk: int):
    """The receipt as PDF, on A4 or (`?paper=241`) the 三联 continuous form; every print is logged
    and all but the first are marked 补打 / 副本."""
    receipt = _receipt(request, pk)
    printed = services.record_receipt_print(receipt=receipt, actor=request.user)
    paper = request.GET.get("paper", "a4") if request.GET.get("paper") in pdf.PAPERS else "a4"
    content = pdf.receipt_pdf(receipt, is_copy=printed.is_copy, printed_by=request.user, paper=paper)
    response = HttpResponse(content, content_type="application/pdf")
    suffix = "" if paper == "a4" else f"-{paper}mm"
    response["Content-Disposition"] = f'inline; filename="{receipt.display_number}{suffix}.pdf"'
    return response


@project_view("billing.void_receipt")
@object_view(Receipt)
@require_POST
def receipt_void(request, pk: int):
    receipt = get_object_for_user(Receipt.objects, request.user, pk, perm="billing.void_receipt")
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.void_receipt(receipt=receipt, reason=form.cleaned_data["reason"], actor=request.user)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Receipt voided."))
    else:
        messages.error(request, _("Give the reason for voiding."))
    return redirect("billing:receipt", pk=receipt.pk)


@project_view("billing.view_billingrun")
def runs(request):
    can_start = has_project_perm(request.user, request.project, "billing.add_billingrun")
    form = RunForm(request.POST or None, initial={"period": timezone.localdate().strftime("%Y-%m")})
    if request.method == "POST":
        if not can_start:
            return HttpResponse(status=403)
        if form.is_valid():
            try:
                run = services.start_billing_run(
                    project=request.project, period=form.cleaned_data["period"], actor=request.user
                )
            except ServiceError as exc:
                _form_error(form, exc)
            else:
                return redirect("billing:run", pk=run.pk)
    rows = (
        BillingRun.objects.for_user(request.user)
        .filter(project=request.project)
        .select_related("started_by")[:50]
    )
    return render(request, "billing/runs.html", {"runs": rows, "form": form, "can_start": can_start})


def _run(request, pk):
    return get_object_for_user(
        BillingRun.objects.select_related("started_by"), request.user, pk, perm="billing.view_billingrun"
    )


@project_view("billing.view_billingrun")
@object_view(BillingRun)
def run_detail(request, pk: int):
    run = _run(request, pk)
    if request.method == "POST":
        if not has_project_perm(request.user, run.project, "billing.add_billingrun"):
            return HttpResponse(status=403)
        try:
            services.resume_billing_run(run=run, actor=request.user)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        return redirect("billing:run", pk=run.pk)
    return render(request, "billing/run.html", {"run": run, "RunStatus": RunStatus})


@project_view("billing.view_billingrun")
@object_view(BillingRun)
def run_progress(request, pk: int):
    """The progress bar, polled by htmx every second until the run stops."""
    return render(request, "billing/_run_progress.html", {"run": _run(request, pk), "RunStatus": RunStatus})


__all__ = ["Payment", "format_yuan"]
