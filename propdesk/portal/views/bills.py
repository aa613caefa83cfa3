"""缴费: bills per unit, paying online through the payment adapter, the result page that waits for the
provider's notification, and receipts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.billing import pdf
from propdesk.billing.models import Bill, PaymentOrder, Receipt
from propdesk.billing.services import owner as owner_payments
from propdesk.core.decorators import object_view
from propdesk.core.errors import ServiceError
from propdesk.registry.visibility import unit_accesses

from ..decorators import portal_view
from ..forms import PayForm
from ..selectors import bills as reads

POLL_SECONDS = 2


@portal_view
def bills(request):
    """My bills: per unit, what is still owed by period, all chosen by default, and the pay button."""
    accesses = unit_accesses(request.user)
    groups = reads.bills_by_unit(accesses)
    return render(
        request,
        "portal/bills.html",
        {"groups": groups, "sees_money": any(a.sees_money for a in accesses), "tab": "bills"},
    )


@portal_view
@require_POST
def pay(request):
    """Pay the chosen bills of one unit online: an order is made and the owner goes to the provider's page."""
    form = PayForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("portal:bills")
    try:
        order = owner_payments.order_my_bills(
            user=request.user, method=form.cleaned_data["method"], bills=form.cleaned_data["bills"]
        )
    except Bill.DoesNotExist:
        raise Http404 from None  # another person's bill: as if it did not exist
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        return redirect("portal:bills")
    result = reverse("portal:payment", kwargs={"pk": order.pk})
    page = reads.provider_pay_page(order)
    if page is None:
        messages.error(
            request,
            _("Online payment is not connected for this project yet: please pay at the service center."),
        )
        return redirect(result)
    return redirect(f"{page}?{urlencode({'back': result})}")


@portal_view
@object_view(PaymentOrder)
def payment(request, pk: int):
    """支付结果: waits (htmx asks every two seconds) for the provider's notification, then the receipt."""
    order = reads.my_orders(unit_accesses(request.user)).filter(pk=pk).first()
    if order is None:
        raise Http404
    receipt = reads.receipt_of(order) if order.is_paid else None
    context = {"order": order, "receipt": receipt, "poll_seconds": POLL_SECONDS, "tab": "bills"}
    if request.htmx:
        response = render(request, "portal/_payment_state.html", context)
        if not order.is_open:
            response.status_code = 286  # htmx: stop asking
        return response
    return render(request, "portal/payment.html", context)


@portal_view
def receipts(request):
    """My receipts, newest first."""
    rows = reads.my_receipts(unit_accesses(request.user))[:50]
    return render(request, "portal/receipts.html", {"receipts": rows, "tab": "bills"})


@portal_view
@object_view(Receipt)
def receipt_pdf(request, pk: int):
    receipt = reads.my_receipts(unit_accesses(request.user)).filter(pk=pk).first()
    if receipt is None:
        raise Http404
    content = pdf.receipt_pdf(receipt, is_copy=receipt.prints.exists(), printed_by=request.user)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{receipt.display_number}.pdf"'
    return response
