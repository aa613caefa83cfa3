"""WeChat Pay and Alipay at the desk: the order page the cashier watches, and the sandbox wallet.

The desk form (`core.desk_unit`) starts an order; this page shows the code the owner scans, or
waits while the owner confirms a scanned payment code in the wallet, and goes to the receipt the
moment the money is credited (htmx asks every few seconds).
"""

from __future__ import annotations

import hmac

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core.access import get_object_for_user
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError

from .. import permissions, providers
from ..forms import CloseOrderForm
from ..models import Payment, PaymentOrder, ProviderAccount
from ..services import desk as desk_services

POLL_SECONDS = 3


def _order(request, pk: int) -> PaymentOrder:
    return get_object_for_user(
        PaymentOrder.objects.select_related("unit__building", "created_by"),
        request.user,
        pk,
        perm="billing.add_payment",
    )


def _receipt_url(order: PaymentOrder) -> str | None:
    payment = Payment.objects.filter(order=order).select_related("receipt").order_by("pk").first()
    return reverse("billing:receipt", kwargs={"pk": payment.receipt.pk}) if payment else None


def _context(request, order: PaymentOrder) -> dict:
    qr = None
    if order.shows_code and order.code_url:
        target = (
            request.build_absolute_uri(order.code_url) if order.code_url.startswith("/") else order.code_url
        )
        # segno writes the SVG itself from the URL's bytes: nothing of the request is echoed unescaped.
        qr = mark_safe(segno.make(target, error="m").svg_inline(scale=6, dark="#000", light="#fff"))  # noqa: S308
    sandbox = ProviderAccount.objects.filter(
        project_id=order.project_id, method=order.method, is_sandbox=True
    ).exists()
    return {
        "order": order,
        "qr": qr,
        "sandbox": sandbox and providers.sandbox_allowed(),
        "poll_seconds": POLL_SECONDS,
        "receipt_url": _receipt_url(order),
        "can_close": permissions.can_close_order(request.user, order),
        "close_form": CloseOrderForm(),
    }


@project_view("billing.add_payment")
@object_view(PaymentOrder)
def desk_order(request, pk: int):
    order = _order(request, pk)
    if order.is_paid and (url := _receipt_url(order)):
        return redirect(url)
    return render(request, "billing/desk_order.html", _context(request, order))


@project_view("billing.add_payment")
@object_view(PaymentOrder)
@require_POST
def desk_order_check(request, pk: int):
    """htmx, every few seconds: ask the provider about a scanned code; go to the receipt once paid."""
    order = _order(request, pk)
    try:
        order = desk_services.check_desk_order(order=order, actor=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    if order.is_paid and (url := _receipt_url(order)):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    response = render(request, "billing/desk_order_state.html", _context(request, order))
    if not order.is_open:
        response.status_code = 286  # htmx: stop asking
    return response


@project_view("billing.add_payment")
@object_view(PaymentOrder)
@require_POST
def desk_order_close(request, pk: int):
    order = _order(request, pk)
    if not permissions.can_close_order(request.user, order):
        return HttpResponse(status=403)
    form = CloseOrderForm(request.POST)
    form.is_valid()
    try:
        desk_services.close_desk_order(
            order=order, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.info(request, _("The payment order is closed. Money that still arrives for it is credited."))
    return redirect("billing:desk_unit", pk=order.unit_id)


def _token_ok(order: PaymentOrder, token: str) -> bool:
    try:
        return hmac.compare_digest(desk_services.sandbox_page_token(order), token)
    except ServiceError:
        return False


def sandbox_pay(request, pk: int, token: str):
    """The sandbox's wallet (no login: it plays the owner's phone): open the shown code, confirm, and
    the provider's signed notification arrives. Only for sandbox accounts, outside production."""
    order = get_object_or_404(PaymentOrder.objects.select_related("project", "unit"), pk=pk)
    account = ProviderAccount.objects.filter(project_id=order.project_id, method=order.method).first()
    if account is None or not account.is_sandbox or not providers.sandbox_allowed():
        raise Http404
    if not _token_ok(order, token):
        raise Http404
    if request.method == "POST" and not order.is_paid:
        order = desk_services.sandbox_wallet_pays(order=order)
    # Paying from the owner portal, the wallet sends the owner back to the portal's result page.
    back = request.GET.get("back", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    return render(request, "billing/sandbox_pay.html", {"order": order, "back": back})
