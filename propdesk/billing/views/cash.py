"""Staff pages of the cash drawer (现金收缴) and refunds. Writes go through cash_services."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core import lifecycle
from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.downloads import stamp
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit

from .. import exports, pdf, permissions, selectors
from ..choices import DrawerStatus
from ..forms import BankDepositForm, DiscrepancyApprovalForm, DrawerCloseForm, DrawerOpenForm, RefundForm
from ..models import DrawerSession, Payment, Refund
from ..services import cash as cash_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_error(form, exc: ServiceError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


@project_view("billing.add_payment")
def my_drawer(request):
    """我的钱箱: open with a float, see the takings, close the day with the counted cash."""
    session = cash_services.open_session(request.project.pk, request.user)
    open_form = DrawerOpenForm(request.POST if request.POST.get("action") == "open" else None)
    close_form = DrawerCloseForm(request.POST if request.POST.get("action") == "close" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "open" and open_form.is_valid():
                cash_services.open_drawer(
                    project=request.project,
                    actor=request.user,
                    opening_float=open_form.cleaned_data["opening_float"],
                )
                messages.success(request, _("Drawer opened."))
                return redirect("billing:my_drawer")
            if request.POST.get("action") == "close" and session and close_form.is_valid():
                closed = cash_services.close_drawer(
                    session=session,
                    counted=close_form.cleaned_data["counted"],
                    reason=close_form.cleaned_data["reason"],
                    actor=request.user,
                )
                messages.success(request, _("Drawer closed for the day."))
                return redirect("billing:drawer_session", pk=closed.pk)
        except ServiceError as exc:
            _form_error(open_form if request.POST.get("action") == "open" else close_form, exc)
    recent = (
        DrawerSession.objects.for_user(request.user)
        .filter(project=request.project, cashier=request.user)
        .exclude(status=DrawerStatus.OPEN)
        .order_by("-opened_at")[:10]
    )
    return render(
        request,
        "billing/drawer.html",
        {
            "session": session,
            "breakdown": selectors.drawer_breakdown(session) if session else None,
            "open_form": open_form,
            "close_form": close_form,
            "recent": recent,
        },
    )


def _date(value: str):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _session_filters(request) -> dict:
    return {
        "cashier": request.GET.get("cashier") if request.GET.get("cashier", "").isdigit() else None,
        "status": request.GET.get("status") if request.GET.get("status") in DrawerStatus.values else None,
        "since": _date(request.GET.get("since", "")),
        "until": _date(request.GET.get("until", "")),
    }


def _cashiers(request):
    ids = (
        DrawerSession.objects.for_user(request.user)
        .filter(project=request.project)
        .values_list("cashier_id", flat=True)
        .distinct()
    )
    return get_user_model().objects.filter(pk__in=ids).order_by("pk")


@project_view("billing.view_drawersession")
def drawer_sessions(request):
    """Finance: every cashier's sessions, with expected, counted, differences and bank deposits."""
    rows = selectors.drawer_sessions(request.user, request.project, **_session_filters(request))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "billing/drawer_sessions.html",
        {
            "page": page,
            "filters": request.GET,
            "query": request.GET.urlencode(),
            "cashiers": _cashiers(request),
            "statuses": DrawerStatus.choices,
        },
    )


@project_view("billing.view_drawersession")
def drawer_sessions_export(request):
    rows = selectors.drawer_sessions(request.user, request.project, **_session_filters(request))
    response = HttpResponse(exports.drawer_sessions_workbook(rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="drawer-sessions-{stamp(request.project)}.xlsx"'
    return response


def _session(request, pk):
    return get_object_for_user(
        DrawerSession.objects.select_related("cashier", "project"),
        request.user,
        pk,
        perm="billing.view_drawersession",
    )


def _own_or_finance(request, pk):
    """A cashier sees her own sessions; finance (view_drawersession) sees all of the project."""
    session = get_object_for_user(
        DrawerSession.objects.select_related("cashier", "project"), request.user, pk
    )
    if has_project_perm(request.user, session.project, "billing.view_drawersession"):
        return session
    if session.cashier_id == request.user.pk and has_project_perm(
        request.user, session.project, "billing.add_payment"
    ):
        return session
    raise PermissionDenied


# A cashier (add_payment: her own sessions) or finance (view_drawersession: all of the project);
# the CS supervisor and the general manager approve differences but take no payments.
CASHIER_OR_FINANCE = ("billing.add_payment", "billing.view_drawersession")


@project_view(*CASHIER_OR_FINANCE)
@object_view(DrawerSession)
def drawer_session(request, pk: int):
    session = _own_or_finance(request, pk)
    deposit = getattr(session, "deposit", None) if hasattr(session, "deposit") else None
    discrepancy = getattr(session, "discrepancy", None) if hasattr(session, "discrepancy") else None
    breakdown = selectors.drawer_breakdown(session)
    suggested = (session.counted_amount or 0) - session.opening_float
    return render(
        request,
        "billing/drawer_session.html",
        {
            "session": session,
            "breakdown": breakdown,
            "deposit": deposit,
            "discrepancy": discrepancy,
            "can_approve": discrepancy is not None
            and permissions.can_approve_discrepancy(request.user, discrepancy),
            # The bank deposit waits for the approval of a difference (the service refuses it before).
            "can_deposit": lifecycle.may(session, request.user, "bank")
            and (discrepancy is None or discrepancy.approved_at is not None)
            and permissions.can_bank_drawer(request.user, session),
            "approve_form": DiscrepancyApprovalForm(),
            "deposit_form": BankDepositForm(
                initial={
                    "amount": suggested if suggested > 0 else session.counted_amount,
                    "deposited_on": timezone.localdate(),
                }
            ),
            "DrawerStatus": DrawerStatus,
        },
    )


@project_view("billing.approve_drawerdiscrepancy")
@object_view(DrawerSession)
@require_POST
def drawer_approve(request, pk: int):
    session = _session(request, pk)
    form = DiscrepancyApprovalForm(request.POST)
    discrepancy = getattr(session, "discrepancy", None) if hasattr(session, "discrepancy") else None
    if discrepancy is None:
        messages.error(request, _("This session has no difference to approve."))
    elif form.is_valid():
        try:
            cash_services.approve_discrepancy(
                discrepancy=discrepancy, comment=form.cleaned_data["comment"], actor=request.user
            )
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Difference approved."))
    return redirect("billing:drawer_session", pk=session.pk)


@project_view("billing.add_bankdeposit")
@object_view(DrawerSession)
@require_POST
def drawer_deposit(request, pk: int):
    session = _own_or_finance(request, pk)  # the cashier banks her own drawer (she has no view_drawersession)
    form = BankDepositForm(request.POST)
    if form.is_valid():
        try:
            cash_services.record_bank_deposit(session=session, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Bank deposit recorded."))
    else:
        messages.error(request, _("Fill in the slip number, amount and date."))
    return redirect("billing:drawer_session", pk=session.pk)


@project_view(*CASHIER_OR_FINANCE)
@object_view(DrawerSession)
def drawer_session_pdf(request, pk: int):
    """日结报表: the printable daily close with signature lines for the cashier and finance."""
    session = _own_or_finance(request, pk)
    response = HttpResponse(
        pdf.drawer_close_pdf(session, printed_by=request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="drawer-{session.pk}.pdf"'
    return response


@project_view("billing.add_refund")
@object_view(Unit)
def refund(request, pk: int):
    """退款 at the desk: from the prepaid balance, or a whole payment (its receipt is voided)."""
    unit = get_object_for_user(
        Unit.objects.select_related("building"), request.user, pk, perm="billing.add_refund"
    )
    payments = (
        Payment.objects.for_user(request.user)
        .filter(unit=unit, receipt__voided_at__isnull=True, refund__isnull=True)
        .select_related("receipt")
        .order_by("-received_at")[:30]
    )
    choices = [(p.pk, f"{p.receipt.display_number} ¥{p.amount} {p.get_method_display()}") for p in payments]
    form = RefundForm(request.POST or None, payment_choices=choices)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        payment = None
        if d["source"] == "payment":
            payment = next((p for p in payments if p.pk == d["payment"]), None)
            if payment is None:
                form.add_error("payment", _("Choose the payment to refund."))
        elif not d["amount"]:
            form.add_error("amount", _("Give the amount to refund."))
        if form.is_valid():
            try:
                cash_services.refund(
                    unit=unit,
                    amount=d["amount"],
                    method=d["method"],
                    reason=d["reason"],
                    payment=payment,
                    trade_no=d["trade_no"],
                    payee_name=d["payee_name"],
                    actor=request.user,
                )
            except ServiceError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Refund recorded."))
                return redirect("billing:desk_unit", pk=unit.pk)
    refunds = Refund.objects.for_user(request.user).filter(unit=unit).select_related("refunded_by")[:20]
    return render(
        request,
        "billing/refund.html",
        {"unit": unit, "form": form, "prepaid": selectors.prepaid_balance(unit), "refunds": refunds},
    )
