"""Staff pages of deposits (押金): take at the desk, the project's list, one deposit with its movements."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit
from propdesk.registry.panels import first_rows

from .. import permissions, selectors
from ..choices import DepositKind, DepositStatus
from ..forms import DepositForm, DepositMovementForm
from ..models import Deposit
from ..services import deposit as deposit_services


@project_view("billing.add_deposit")
@object_view(Unit)
def take(request, pk: int):
    unit = get_object_for_user(
        Unit.objects.select_related("building"), request.user, pk, perm="billing.add_deposit"
    )
    form = DepositForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deposit = deposit_services.take_deposit(unit=unit, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            messages.success(
                request,
                _("Deposit %(n)s taken, receipt %(r)s.")
                % {"n": deposit.number, "r": deposit.payment.receipt.display_number},
            )
            return redirect("billing:deposit", pk=deposit.pk)
    return render(request, "billing/deposit_take.html", {"unit": unit, "form": form})


@project_view("billing.view_deposit")
def deposits(request):
    status = request.GET.get("status") if request.GET.get("status") in DepositStatus.values else None
    kind = request.GET.get("kind") if request.GET.get("kind") in DepositKind.values else None
    unit = request.GET.get("unit") if request.GET.get("unit", "").isdigit() else None
    rows = selectors.deposits_for_list(request.user, request.project, status=status, kind=kind, unit=unit)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "billing/deposits.html",
        {
            "page": page,
            "status": status or "",
            "kind": kind or "",
            "statuses": DepositStatus.choices,
            "kinds": DepositKind.choices,
            "query": request.GET.urlencode(),
        },
    )


@project_view("billing.view_deposit")
@object_view(Deposit)
def deposit_detail(request, pk: int):
    deposit = get_object_for_user(
        Deposit.objects.select_related("unit__building", "payment__receipt", "taken_by", "project"),
        request.user,
        pk,
        perm="billing.view_deposit",
    )
    can_move = has_project_perm(request.user, deposit.project, "billing.add_depositmovement")
    can_forfeit = has_project_perm(request.user, deposit.project, "billing.forfeit_deposit")
    form = DepositMovementForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        if not (can_forfeit if action == "forfeit" else can_move):
            raise PermissionDenied
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "refund":
                    deposit_services.refund_deposit(
                        deposit=deposit,
                        method=d["method"],
                        reason=d["reason"],
                        trade_no=d["trade_no"],
                        actor=request.user,
                    )
                elif action == "deduct":
                    if not d["amount"]:
                        raise ServiceError(_("Enter the amount to deduct."), field="amount")
                    deposit_services.deduct_deposit(
                        deposit=deposit, amount=d["amount"], reason=d["reason"], actor=request.user
                    )
                else:
                    deposit_services.forfeit_deposit(deposit=deposit, reason=d["reason"], actor=request.user)
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(request, _("Deposit updated."))
                return redirect("billing:deposit", pk=deposit.pk)
    return render(
        request,
        "billing/deposit.html",
        {
            "deposit": deposit,
            "balance": deposit_services.balance_of(deposit),
            "movements": deposit.movements.select_related("created_by"),
            "form": form,
            "can_move": permissions.can_move_deposit(request.user, deposit),
            "can_forfeit": permissions.can_forfeit_deposit(request.user, deposit)
            and lifecycle.may(deposit, request.user, "forfeit"),
        },
    )


def unit_panel_context(unit, user):
    """The deposits panel on the room page: the unit's deposits with their balances."""
    rows, more = first_rows(selectors.deposits_for_list(user, unit.project, unit=unit))
    if not rows:
        return None
    return {"deposits": rows, "unit": unit, "more": more}
