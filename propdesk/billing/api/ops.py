"""API of billing's operations (issue 6): cash drawer, refunds, waivers, deposits, bank debit, heating stops.

Order, for every write (as in the registry API): find the object the request is about (from the
URL, or for a create from the raw body) through `for_user` — 404 when invisible — then the
permission in its project (403), and only then validate the body (400).
"""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers as s
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.response import Response

from propdesk.billing import services_cash
from propdesk.billing.models import Payment
from propdesk.billing.models_cash import DrawerSession, Refund
from propdesk.core.access import get_object_for_user, project_ids_with_perm, require_project_perm
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.models import Project
from propdesk.registry.models import Unit


def raw(request, name):
    data = request.data if hasattr(request.data, "get") else {}
    value = data.get(name)
    return None if value in (None, "") else value


def target(request, name, queryset, perm):
    """The object named in the raw body under `name`, checked (404/403) before the body is validated."""
    value = raw(request, name)
    if value is None or not str(value).isdigit():
        raise s.ValidationError({name: ["必填"]})
    return get_object_for_user(queryset, request.user, value, perm=perm)


def valid(serializer_class, request):
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def detail_write(view, perm):
    obj = view.get_object()
    require_project_perm(view.request.user, obj.project, perm)
    return obj


MONEY = {"max_digits": 14, "decimal_places": 2}

# ---------------------------------------------------------------- cash drawer


class DrawerSessionSerializer(s.ModelSerializer):
    cashier_name = s.CharField(source="cashier.__str__", read_only=True)
    difference = s.DecimalField(read_only=True, **MONEY)

    class Meta:
        model = DrawerSession
        fields = [
            "id",
            "project",
            "cashier",
            "cashier_name",
            "status",
            "opening_float",
            "opened_at",
            "closed_at",
            "expected_amount",
            "counted_amount",
            "difference",
            "close_note",
        ]


class DrawerOpenSerializer(s.Serializer):
    project = s.IntegerField()
    opening_float = s.DecimalField(min_value=0, **MONEY)


class DrawerCloseSerializer(s.Serializer):
    counted = s.DecimalField(min_value=0, **MONEY)
    reason = s.CharField(max_length=200, required=False, allow_blank=True, default="")


class ApprovalSerializer(s.Serializer):
    comment = s.CharField(max_length=200, required=False, allow_blank=True, default="")


class BankDepositSerializer(s.Serializer):
    slip_number = s.CharField(max_length=40)
    amount = s.DecimalField(min_value=0, **MONEY)
    deposited_on = s.DateField()


class DrawerSessionViewSet(ForUserViewSet):
    """Finance sees every session of its projects (view_drawersession); a cashier sees her own."""

    queryset = DrawerSession.objects.select_related("cashier").order_by("-opened_at", "-id")
    serializer_class = DrawerSessionSerializer
    required_perm = "billing.view_drawersession"
    filterset_fields = ["project", "cashier", "status"]

    def get_queryset(self):
        user = self.request.user
        finance = project_ids_with_perm(user, "billing.view_drawersession")
        cashier = project_ids_with_perm(user, "billing.add_payment")
        return self.queryset.for_user(user).filter(
            Q(project_id__in=finance) | Q(project_id__in=cashier, cashier=user)
        )

    @extend_schema(request=DrawerOpenSerializer, responses={201: DrawerSessionSerializer})
    def create(self, request):
        """Open my drawer with a float (needs billing.add_payment in the project)."""
        project = target(request, "project", Project.objects, "billing.add_payment")
        d = valid(DrawerOpenSerializer, request)
        session = services_cash.open_drawer(
            project=project, actor=request.user, opening_float=d["opening_float"]
        )
        return Response(DrawerSessionSerializer(session).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=DrawerCloseSerializer, responses=DrawerSessionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """日结: counted cash; a difference needs its reason. Only the cashier closes her drawer."""
        session = detail_write(self, "billing.add_payment")
        d = valid(DrawerCloseSerializer, request)
        session = services_cash.close_drawer(
            session=session, counted=d["counted"], reason=d["reason"], actor=request.user
        )
        return Response(DrawerSessionSerializer(session).data)

    @extend_schema(request=ApprovalSerializer, responses=DrawerSessionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the session's cash difference (billing.approve_drawerdiscrepancy)."""
        session = detail_write(self, "billing.approve_drawerdiscrepancy")
        d = valid(ApprovalSerializer, request)
        discrepancy = getattr(session, "discrepancy", None)
        if discrepancy is None:
            raise services_cash.ServiceError("该班次没有长短款")
        services_cash.approve_discrepancy(discrepancy=discrepancy, comment=d["comment"], actor=request.user)
        return Response(DrawerSessionSerializer(session).data)

    @extend_schema(request=BankDepositSerializer, responses=DrawerSessionSerializer)
    @action(detail=True, methods=["post"])
    def deposit(self, request, pk=None):
        """Record the bank deposit of a closed session (billing.add_bankdeposit)."""
        session = detail_write(self, "billing.add_bankdeposit")
        d = valid(BankDepositSerializer, request)
        services_cash.record_bank_deposit(session=session, actor=request.user, **d)
        session.refresh_from_db()
        return Response(DrawerSessionSerializer(session).data)


# ---------------------------------------------------------------- refunds


class RefundSerializer(s.ModelSerializer):
    class Meta:
        model = Refund
        fields = [
            "id",
            "project",
            "unit",
            "method",
            "amount",
            "payment",
            "payee_name",
            "trade_no",
            "reason",
            "refunded_by",
            "created_at",
        ]


class RefundCreateSerializer(s.Serializer):
    unit = s.IntegerField()
    method = s.ChoiceField(choices=["cash", "bank_transfer"])
    amount = s.DecimalField(required=False, allow_null=True, **MONEY)
    payment = s.IntegerField(required=False, allow_null=True)
    reason = s.CharField(max_length=200)
    trade_no = s.CharField(max_length=64, required=False, allow_blank=True, default="")
    payee_name = s.CharField(max_length=100, required=False, allow_blank=True, default="")


class RefundViewSet(ForUserViewSet):
    queryset = Refund.objects.order_by("-created_at", "-id")
    serializer_class = RefundSerializer
    required_perm = "billing.view_refund"
    filterset_fields = ["project", "unit", "method"]

    @extend_schema(request=RefundCreateSerializer, responses={201: RefundSerializer})
    def create(self, request):
        """Refund prepaid balance (amount) or a whole payment (payment); cash goes through my drawer."""
        unit = target(request, "unit", Unit.objects, "billing.add_refund")
        d = valid(RefundCreateSerializer, request)
        payment = None
        if d.get("payment"):
            payment = Payment.objects.filter(pk=d["payment"], unit=unit).first()
            if payment is None:
                raise services_cash.ServiceError("该收款不属于该房屋", field="payment")
        elif d.get("amount") is None:
            raise services_cash.ServiceError("请填写退款金额", field="amount")
        row = services_cash.refund(
            unit=unit,
            amount=d.get("amount"),
            method=d["method"],
            reason=d["reason"],
            payment=payment,
            trade_no=d["trade_no"],
            payee_name=d["payee_name"],
            actor=request.user,
        )
        return Response(RefundSerializer(row).data, status=http.HTTP_201_CREATED)
