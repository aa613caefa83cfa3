"""The cashier's desk in the API: counter payments, and WeChat Pay / Alipay orders taken at the desk
(a scanned payment code, or a code shown to the owner) — the same services and checks as the desk
page (`views.core.desk_unit`, `views.desk`), so a company's own till or app can take payments.

Order, as everywhere in billing's API: the unit or order through `for_user` (404), the permission in
its project (403), then the body (400, naming the field).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as s
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.response import Response

from propdesk.billing import permissions, services
from propdesk.billing.choices import COUNTER_METHOD_CHOICES, WALLET_METHOD_CHOICES
from propdesk.billing.models import PaymentOrder, Receipt
from propdesk.billing.money import MAX_AMOUNT
from propdesk.billing.services import desk as desk_services
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import target, valid
from propdesk.registry.models import Unit

from .serializers import PaymentSerializer

TAKE = "billing.add_payment"


class _Common(s.Serializer):
    unit = s.IntegerField()
    amount = s.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_AMOUNT)
    payer_name = s.CharField(max_length=100, required=False, default="", allow_blank=True)
    bills = s.ListField(child=s.IntegerField(), required=False, default=list)


class CounterPaymentSerializer(_Common):
    method = s.ChoiceField(choices=COUNTER_METHOD_CHOICES)
    trade_no = s.CharField(max_length=64, required=False, default="", allow_blank=True)


class DeskOrderCreateSerializer(_Common):
    payment_code = s.CharField(
        max_length=40,
        required=False,
        default="",
        allow_blank=True,
        help_text="the payment code scanned from the owner's wallet",
    )
    method = s.ChoiceField(
        choices=WALLET_METHOD_CHOICES, required=False, help_text="without a payment code: the code to show"
    )

    def validate(self, attrs):
        if not attrs["payment_code"].strip() and not attrs.get("method"):
            raise s.ValidationError(
                {"method": [_("Give a payment code to scan, or the method whose code to show.")]}
            )
        return attrs


class CloseOrderSerializer(s.Serializer):
    reason = s.CharField(max_length=200, required=False, allow_blank=True, default="")


class DeskOrderSerializer(s.ModelSerializer):
    unit_label = s.CharField(source="unit.label", read_only=True)
    receipt = s.SerializerMethodField()

    class Meta:
        model = PaymentOrder
        fields = [
            "id",
            "unit",
            "unit_label",
            "method",
            "channel",
            "out_trade_no",
            "amount",
            "status",
            "code_tail",
            "code_url",
            "failure",
            "created_at",
            "receipt",
        ]

    def get_receipt(self, order) -> int | None:
        return Receipt.objects.filter(payment__order=order).values_list("pk", flat=True).first()


def _unit(request) -> Unit:
    return target(request, "unit", Unit.objects, TAKE)


def counter_payment(request):
    """The PaymentViewSet's create: cash (needs the open drawer), bank transfer or POS card."""
    unit = _unit(request)
    d = valid(CounterPaymentSerializer, request)
    payment = services.take_payment(
        unit=unit,
        amount=d["amount"],
        method=d["method"],
        payer_name=d["payer_name"],
        trade_no=d["trade_no"],
        bills=d["bills"] or None,
        actor=request.user,
    )
    return Response(PaymentSerializer(payment).data, status=http.HTTP_201_CREATED)


class DeskOrderViewSet(ForUserViewSet):
    """WeChat Pay / Alipay at the desk. A paid order names its receipt; a closed one its reason."""

    queryset = PaymentOrder.objects.select_related("unit").order_by("-created_at", "-id")
    serializer_class = DeskOrderSerializer
    required_perm = TAKE
    filterset_fields = ["project", "unit", "status", "channel"]

    @extend_schema(request=DeskOrderCreateSerializer, responses={201: DeskOrderSerializer})
    def create(self, request):
        """With `payment_code`: scan it (paid at once, waiting for the owner's password, or closed
        with the provider's reason). Without: an order whose `code_url` the desk shows as a QR code."""
        unit = _unit(request)
        d = valid(DeskOrderCreateSerializer, request)
        common = {
            "unit": unit,
            "amount": d["amount"],
            "payer_name": d["payer_name"],
            "bills": d["bills"] or None,
            "actor": request.user,
        }
        if d["payment_code"].strip():
            order = desk_services.scan_payment_code(payment_code=d["payment_code"], **common)
        else:
            order = desk_services.show_payment_code(method=d["method"], **common)
        return Response(DeskOrderSerializer(order).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=None, responses=DeskOrderSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        """Ask the provider again about a scanned code the owner is confirming."""
        order = self.get_object()
        order = desk_services.check_desk_order(order=order, actor=request.user)
        return Response(DeskOrderSerializer(order).data)

    @extend_schema(request=CloseOrderSerializer, responses=DeskOrderSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Give the order up (`reason` optional); money that still arrives for it is credited."""
        order = self.get_object()
        if not permissions.can_close_order(request.user, order):
            raise PermissionDenied
        data = valid(CloseOrderSerializer, request)
        order = desk_services.close_desk_order(order=order, actor=request.user, reason=data["reason"])
        return Response(DeskOrderSerializer(order).data)
