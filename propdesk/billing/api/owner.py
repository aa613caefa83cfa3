"""Owner-facing billing API (业主端): own bills, pay online through the sandbox, own receipts as PDF.

What an owner or tenant sees is `registry.visibility`'s one rule (an owner all of the unit's
money, a tenant what is billed, ordered or receipted since the tenancy began, a resident none);
anything else is 404. The public fee page needs no login: it is what disclosure rules require
every project to publish.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from propdesk.billing import pdf, selectors, services
from propdesk.billing.choices import OrderStatus
from propdesk.billing.models import Bill, PaymentOrder, ProviderAccount, Receipt
from propdesk.billing.providers import SandboxAdapter, sandbox_allowed
from propdesk.billing.services import online
from propdesk.billing.services import owner as owner_payments
from propdesk.registry.models import Unit
from propdesk.registry.visibility import unit_accesses, visible

from .serializers import (
    OrderSerializer,
    OwnerBillSerializer,
    OwnerReceiptSerializer,
    PayRequestSerializer,
    PayStartSerializer,
)


class MyBillViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """My bills: what I still owe (`?all=1` for every bill), oldest first."""

    serializer_class = OwnerBillSerializer
    permission_classes = [IsAuthenticated]
    queryset = Bill.objects.none()

    def get_queryset(self):
        bills = selectors.with_balances(
            Bill.objects.filter(
                visible(unit_accesses(self.request.user), date_field="ends_on", money=True)
            ).select_related("unit__building", "item")
        ).order_by("period", "unit_id", "item__sort_order", "id")
        if self.request.query_params.get("all") != "1":
            bills = bills.filter(outstanding__gte=selectors.HALF_FEN)
        unit = self.request.query_params.get("unit", "")
        if unit.isdigit():
            bills = bills.filter(unit_id=unit)
        return bills


class MyPaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pay online (WeChat Pay / Alipay): an order is created, the provider's notification credits it."""

    serializer_class = OrderSerializer
    permission_classes = [IsAuthenticated]
    queryset = PaymentOrder.objects.none()

    def get_queryset(self):
        return (
            PaymentOrder.objects.filter(
                visible(unit_accesses(self.request.user), time_field="created_at", money=True)
            )
            .select_related("unit__building")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=PayRequestSerializer, responses={201: PayStartSerializer})
    def create(self, request):
        data = PayRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            order = owner_payments.order_my_bills(
                user=request.user,
                method=data.validated_data["method"],
                bills=data.validated_data.get("bills"),
                unit_id=data.validated_data.get("unit"),
                amount=data.validated_data.get("amount"),
            )
        except (Bill.DoesNotExist, Unit.DoesNotExist):
            raise NotFound() from None
        pay = online.start_online_payment(
            order=order,
            scene=data.validated_data["scene"],
            openid=data.validated_data["openid"],
            client_ip=request.META.get("REMOTE_ADDR", ""),
            return_url=data.validated_data["return_url"],
        )
        order.pay = pay
        return Response(PayStartSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Give up an open payment (closed at the provider first), so it can be paid another way."""
        order = online.close_online_order(
            order=self.get_object(), actor=request.user, reason=gettext("Cancelled by the payer")
        )
        return Response(OrderSerializer(order).data)

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        """Ask the provider about an open payment (the notification may be late); credited if paid."""
        return Response(OrderSerializer(online.query_online_order(order=self.get_object())).data)

    @extend_schema(request=None, responses=OrderSerializer)
    @action(detail=True, methods=["post"], url_path="sandbox-pay")
    def sandbox_pay(self, request, pk=None):
        """Sandbox only: play the provider — the owner pays in the app and the signed notification arrives."""
        order = self.get_object()
        account = ProviderAccount.objects.filter(project_id=order.project_id, method=order.method).first()
        if account is None or not account.is_sandbox or not sandbox_allowed():
            raise NotFound()
        if order.status == OrderStatus.PAID:
            return Response(OrderSerializer(order).data)  # the app's second tap pays nothing twice
        adapter = SandboxAdapter(order.method)
        payload = adapter.notification(
            merchant_id=account.merchant_id,
            key=account.signing_key,
            out_trade_no=order.out_trade_no,
            amount=order.amount,
        )
        services.handle_notification(payload=payload)
        order.refresh_from_db()
        return Response(OrderSerializer(order).data)


class MyReceiptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My receipts, and each as a PDF."""

    serializer_class = OwnerReceiptSerializer
    permission_classes = [IsAuthenticated]
    queryset = Receipt.objects.none()

    def get_queryset(self):
        return (
            Receipt.objects.filter(
                visible(
                    unit_accesses(self.request.user), unit="payment__unit", time_field="issued_at", money=True
                )
            )
            .select_related("payment__unit__building", "project", "issued_by", "voided_by")
            .order_by("-issued_at", "-id")
        )

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        receipt = self.get_object()
        content = pdf.receipt_pdf(receipt, is_copy=receipt.prints.exists(), printed_by=request.user)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{receipt.display_number}.pdf"'
        return response
