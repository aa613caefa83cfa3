from django.http import HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as s
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from propdesk.billing import selectors, services
from propdesk.billing.choices import ProviderKind
from propdesk.billing.models import Bill, Payment, Receipt
from propdesk.billing.services import online
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import detail_write, valid

from . import desk, serializers


class BillViewSet(ForUserViewSet):
    queryset = selectors.with_balances(Bill.objects.select_related("unit__building", "item")).order_by(
        "-period", "id"
    )
    serializer_class = serializers.BillSerializer
    required_perm = "billing.view_bill"
    filterset_fields = ["project", "unit", "item", "period"]


class PaymentViewSet(ForUserViewSet):
    queryset = Payment.objects.select_related("receipt").order_by("-received_at", "-id")
    serializer_class = serializers.PaymentSerializer
    required_perm = "billing.view_payment"
    filterset_fields = ["project", "unit", "method"]

    @extend_schema(request=desk.CounterPaymentSerializer, responses={201: serializers.PaymentSerializer})
    def create(self, request):
        """Take a payment at the counter (billing.add_payment): cash needs the cashier's open drawer,
        a transfer or card its transaction number; the receipt is issued in the same transaction."""
        return desk.counter_payment(request)


class ReceiptVoidSerializer(s.Serializer):
    reason = s.CharField(max_length=200)


class ReceiptViewSet(ForUserViewSet):
    queryset = Receipt.objects.select_related("payment").order_by("-number")
    serializer_class = serializers.ReceiptSerializer
    required_perm = "billing.view_receipt"
    filterset_fields = ["project", "payment__unit"]

    @extend_schema(request=ReceiptVoidSerializer, responses=serializers.ReceiptSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """作废 with the reason (billing.void_receipt, as on the receipt page): the receipt stays, marked
        void; its payment no longer settles anything."""
        receipt = detail_write(self, "billing.void_receipt")
        d = valid(ReceiptVoidSerializer, request)
        services.void_receipt(receipt=receipt, reason=d["reason"], actor=request.user)
        return Response(serializers.ReceiptSerializer(self.get_queryset().get(pk=receipt.pk)).data)


class OnlyPost(BasePermission):
    """A provider only ever POSTs a notification; anything else is refused."""

    def has_permission(self, request, view):
        return request.method == "POST"


# Refusals that mean "this caller could not prove it is the provider": 403, logged by the service.
UNVERIFIED = {"unknown_merchant", "invalid_signature", "sandbox_refused"}


class SandboxNotificationView(APIView):
    """The sandbox provider's payment notification (WeChat Pay / Alipay style), signed per project.

    Anyone may call it; nothing is credited unless the signature and the amount check out,
    and a transaction number is credited once however often it is delivered.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny, OnlyPost]

    @extend_schema(request=serializers.NotificationSerializer, responses={200: None})
    def post(self, request):
        if not isinstance(request.data, dict):
            raise ParseError("expected the provider's form or JSON fields")
        try:
            outcome, payment = services.handle_notification(payload=dict(request.data))
        except services.ServiceError as exc:
            if exc.code in UNVERIFIED:
                raise PermissionDenied(str(exc.message)) from None
            raise
        return Response({"code": "SUCCESS", "outcome": outcome, "payment": payment.pk if payment else None})


PROVIDER_ANSWER = inline_serializer(
    "ProviderNotificationAnswer", fields={"code": s.CharField(), "message": s.CharField()}
)


class ProviderNotificationView(APIView):
    """A live provider's payment notification, at the `notify_url` sent with each order:
    `/api/v1/billing/notifications/wechatpay_v3/<商户号>/` (WeChat Pay API v3: JSON, signed with the
    platform key in the Wechatpay-* headers, the resource encrypted with the APIv3 key) or
    `/api/v1/billing/notifications/alipay/<APPID>/` (Alipay: a signed form; answered `success`).

    Anyone may call it; nothing is credited unless the adapter verifies it, the amount is the
    order's, and a transaction number is credited once however often it is delivered.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny, OnlyPost]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={
            # Answered in each provider's own format, not the API's error body: what its servers expect.
            (200, "text/plain"): OpenApiTypes.STR,  # Alipay: "success"
            204: None,  # WeChat Pay: accepted
            (400, "application/json"): PROVIDER_ANSWER,  # WeChat Pay: {"code": "FAIL", ...}
            (400, "text/plain"): OpenApiTypes.STR,  # Alipay: "fail"
            (403, "application/json"): PROVIDER_ANSWER,
            (403, "text/plain"): OpenApiTypes.STR,
        },
    )
    def post(self, request, kind: str, merchant_id: str):
        # WeChat Pay signs the exact bytes of its JSON body; Alipay signs the decoded form fields.
        body, form = "", None
        if kind == ProviderKind.ALIPAY:
            form = {k: request._request.POST.get(k, "") for k in request._request.POST}
        else:
            try:
                body = request.body.decode("utf-8", "replace")
            except RawPostDataException:  # a form post (never WeChat Pay's JSON): nothing to verify
                body = ""
        try:
            online.handle_provider_notification(
                kind=kind, merchant_id=merchant_id, headers=dict(request.headers), body=body, form=form
            )
        except services.ServiceError as exc:
            status = 403 if exc.code in UNVERIFIED else 400
            if kind == ProviderKind.ALIPAY:
                return HttpResponse("fail", content_type="text/plain", status=status)
            return JsonResponse({"code": "FAIL", "message": str(exc.message)}, status=status)
        if kind == ProviderKind.ALIPAY:
            return HttpResponse("success", content_type="text/plain")
        return HttpResponse(status=204)
