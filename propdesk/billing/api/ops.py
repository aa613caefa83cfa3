"""API of billing's operations (issue 6): cash drawer, refunds, waivers, deposits, bank debit, heating stops.

Order, for every write (the steps of `core/api/writes.py`): find the object the request is about (from
the URL, or for a create from the raw body) through `for_user` — 404 when invisible — then the
permission in its project (403), and only then validate the body (400).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.response import Response

from propdesk.billing import selectors
from propdesk.billing.models import (
    Bill,
    DebitBatch,
    DebitMandate,
    Deposit,
    DrawerSession,
    HeatingStopApplication,
    Payment,
    Refund,
    WaiverApplication,
    WaiverReason,
)
from propdesk.billing.services import cash as cash_services
from propdesk.billing.services import debit as debit_services
from propdesk.billing.services import deposit as deposit_services
from propdesk.billing.services import heating as heating_services
from propdesk.billing.services import waiver as waiver_services
from propdesk.core.access import project_ids_with_perm
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import answer, detail_write, target, valid
from propdesk.core.models import Project
from propdesk.registry.models import Unit

from .serializers import (
    ApprovalSerializer,
    BankDepositSerializer,
    DebitBatchCreateSerializer,
    DebitBatchSerializer,
    DebitImportSerializer,
    DebitMandateCreateSerializer,
    DebitMandateSerializer,
    DepositCreateSerializer,
    DepositMoveSerializer,
    DepositSerializer,
    DrawerCloseSerializer,
    DrawerOpenSerializer,
    DrawerSessionSerializer,
    HeatingStopCreateSerializer,
    HeatingStopSerializer,
    RefundCreateSerializer,
    RefundSerializer,
    WaiverApplicationSerializer,
    WaiverCreateSerializer,
    WaiverDecideSerializer,
)

# ---------------------------------------------------------------- cash drawer


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
        session = cash_services.open_drawer(
            project=project, actor=request.user, opening_float=d["opening_float"]
        )
        return Response(DrawerSessionSerializer(session).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=DrawerCloseSerializer, responses=DrawerSessionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """日结: counted cash; a difference needs its reason. Only the cashier closes her drawer."""
        session = detail_write(self, "billing.add_payment")
        d = valid(DrawerCloseSerializer, request)
        session = cash_services.close_drawer(
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
            raise cash_services.ServiceError(_("This session has no cash difference."))
        cash_services.approve_discrepancy(discrepancy=discrepancy, comment=d["comment"], actor=request.user)
        return Response(DrawerSessionSerializer(session).data)

    @extend_schema(request=BankDepositSerializer, responses=DrawerSessionSerializer)
    @action(detail=True, methods=["post"])
    def deposit(self, request, pk=None):
        """Record the bank deposit of a closed session (billing.add_bankdeposit)."""
        session = detail_write(self, "billing.add_bankdeposit")
        d = valid(BankDepositSerializer, request)
        cash_services.record_bank_deposit(session=session, actor=request.user, **d)
        session.refresh_from_db()
        return Response(DrawerSessionSerializer(session).data)


# ---------------------------------------------------------------- refunds


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
                raise cash_services.ServiceError(
                    _("This payment does not belong to this unit."), field="payment"
                )
        elif d.get("amount") is None:
            raise cash_services.ServiceError(_("Enter the amount to refund."), field="amount")
        row = cash_services.refund(
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


# ---------------------------------------------------------------- waivers


class WaiverApplicationViewSet(ForUserViewSet):
    queryset = WaiverApplication.objects.select_related("reason").prefetch_related("lines", "decisions")
    queryset = queryset.order_by("-applied_at", "-id")
    serializer_class = WaiverApplicationSerializer
    required_perm = "billing.view_waiverapplication"
    filterset_fields = ["project", "unit", "status", "reason"]

    @extend_schema(request=WaiverCreateSerializer, responses={201: WaiverApplicationSerializer})
    def create(self, request):
        """Apply for a waiver on bills of one unit (billing.add_waiverapplication); the amount picks the chain."""
        unit = target(request, "unit", Unit.objects, "billing.add_waiverapplication")
        d = valid(WaiverCreateSerializer, request)
        reason = WaiverReason.objects.filter(project_id=unit.project_id, pk=d["reason"]).first()
        if reason is None:
            raise cash_services.ServiceError(_("Choose the reason for the waiver."), field="reason")
        bills = Bill.objects.filter(unit=unit).in_bulk([row["bill"] for row in d["lines"]])
        if len(bills) != len({row["bill"] for row in d["lines"]}):
            raise cash_services.ServiceError(_("A chosen bill is not this unit's."), field="lines")
        application = waiver_services.apply_for_waiver(
            unit=unit,
            lines=[(bills[row["bill"]], row["amount"]) for row in d["lines"]],
            reason=reason,
            details=d["details"],
            actor=request.user,
        )
        return Response(WaiverApplicationSerializer(application).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=WaiverDecideSerializer, responses=WaiverApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """One approval step by the level's approver; a rejection needs a comment."""
        application = self.get_object()
        if not waiver_services.can_decide(application, request.user):
            raise PermissionDenied
        d = valid(WaiverDecideSerializer, request)
        application = waiver_services.decide_waiver(
            application=application,
            approve=d["decision"] == "approve",
            comment=d["comment"],
            actor=request.user,
        )
        return Response(WaiverApplicationSerializer(WaiverApplication.objects.get(pk=application.pk)).data)


# ---------------------------------------------------------------- deposits


class DepositViewSet(ForUserViewSet):
    queryset = Deposit.objects.select_related("payment__receipt").order_by("-taken_at", "-id")
    serializer_class = DepositSerializer
    required_perm = "billing.view_deposit"
    filterset_fields = ["project", "unit", "status", "kind"]

    def get_queryset(self):
        return selectors.with_deposit_balance(super().get_queryset())

    def _after(self, deposit):
        return Response(DepositSerializer(self.get_queryset().get(pk=deposit.pk)).data)

    @extend_schema(request=DepositCreateSerializer, responses={201: DepositSerializer})
    def create(self, request):
        """Take a deposit (billing.add_deposit): a receipt from the project's sequence; cash into my drawer."""
        unit = target(request, "unit", Unit.objects, "billing.add_deposit")
        d = valid(DepositCreateSerializer, request)
        d.pop("unit")
        deposit = deposit_services.take_deposit(unit=unit, actor=request.user, **d)
        response = self._after(deposit)
        response.status_code = http.HTTP_201_CREATED
        return response

    @extend_schema(request=DepositMoveSerializer, responses=DepositSerializer)
    @action(detail=True, methods=["post"])
    def refund(self, request, pk=None):
        """Refund the whole remaining balance (cash from my drawer, or a transfer with its number)."""
        deposit = detail_write(self, "billing.add_depositmovement")
        d = valid(DepositMoveSerializer, request)
        deposit_services.refund_deposit(
            deposit=deposit,
            method=d.get("method", ""),
            reason=d["reason"],
            trade_no=d["trade_no"],
            actor=request.user,
        )
        return self._after(deposit)

    @extend_schema(request=DepositMoveSerializer, responses=DepositSerializer)
    @action(detail=True, methods=["post"])
    def deduct(self, request, pk=None):
        """Deduct part of the deposit with its reason (one row per deduction)."""
        deposit = detail_write(self, "billing.add_depositmovement")
        d = valid(DepositMoveSerializer, request)
        if d.get("amount") is None:
            raise cash_services.ServiceError(_("Enter the amount to deduct."), field="amount")
        deposit_services.deduct_deposit(
            deposit=deposit, amount=d["amount"], reason=d["reason"], actor=request.user
        )
        return self._after(deposit)

    @extend_schema(request=DepositMoveSerializer, responses=DepositSerializer)
    @action(detail=True, methods=["post"])
    def forfeit(self, request, pk=None):
        """Forfeit the remaining balance with the reason (billing.forfeit_deposit)."""
        deposit = detail_write(self, "billing.forfeit_deposit")
        d = valid(DepositMoveSerializer, request)
        deposit_services.forfeit_deposit(deposit=deposit, reason=d["reason"], actor=request.user)
        return self._after(deposit)


# ---------------------------------------------------------------- bank direct debit


class DebitBatchViewSet(ForUserViewSet):
    queryset = DebitBatch.objects.order_by("-created_at", "-id")
    serializer_class = DebitBatchSerializer
    required_perm = "billing.view_debitbatch"
    filterset_fields = ["project", "status", "period"]

    @extend_schema(request=DebitBatchCreateSerializer, responses={201: DebitBatchSerializer})
    def create(self, request):
        """生成托收文件 for a month (billing.add_debitbatch): one line per unit with an active mandate and
        something owed for that month or before; 400 naming `period` when there is nothing to debit."""
        project = target(request, "project", Project.objects, "billing.add_debitbatch")
        d = valid(DebitBatchCreateSerializer, request)
        batch = debit_services.create_batch(project=project, period=d["period"], actor=request.user)
        return answer(DebitBatchSerializer(batch), created=True)

    @extend_schema(responses={200: None})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        """The debit file to send to the bank (CSV)."""
        batch = self.get_object()
        response = HttpResponse(debit_services.debit_file(batch).encode("utf-8"), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{batch.number}.csv"'
        return response

    @extend_schema(request=DebitImportSerializer, responses=DebitBatchSerializer)
    @action(detail=True, methods=["post"], url_path="import")
    def import_result(self, request, pk=None):
        """Import the bank's result file: all or nothing; successes credited once."""
        batch = detail_write(self, "billing.change_debitbatch")
        d = valid(DebitImportSerializer, request)
        report = debit_services.import_results(batch=batch, text=d["text"], actor=request.user)
        batch.refresh_from_db()
        data = dict(DebitBatchSerializer(batch).data)
        data.update(succeeded=report.succeeded, failed=report.failed, unchanged=report.unchanged)
        return Response(data)


class DebitMandateViewSet(ForUserViewSet):
    """托收协议: one active mandate per unit; the account number is never shown in full."""

    queryset = (
        DebitMandate.objects.select_related("unit__building")
        .defer("account_number")
        .order_by("-created_at", "-id")
    )
    serializer_class = DebitMandateSerializer
    required_perm = "billing.view_debitmandate"
    filterset_fields = ["project", "unit", "is_active"]

    @extend_schema(request=DebitMandateCreateSerializer, responses={201: DebitMandateSerializer})
    def create(self, request):
        """Record a unit's mandate (billing.add_debitmandate); it ends the unit's previous one."""
        unit = target(request, "unit", Unit.objects, "billing.add_debitmandate")
        d = valid(DebitMandateCreateSerializer, request)
        del d["unit"]
        mandate = debit_services.add_mandate(unit=unit, actor=request.user, **d)
        return answer(DebitMandateSerializer(mandate), created=True)


# ---------------------------------------------------------------- heating stops


class HeatingStopViewSet(ForUserViewSet):
    queryset = HeatingStopApplication.objects.order_by("-applied_at", "-id")
    serializer_class = HeatingStopSerializer
    required_perm = "billing.view_heatingstopapplication"
    filterset_fields = ["project", "unit", "season", "status"]

    @extend_schema(request=HeatingStopCreateSerializer, responses={201: HeatingStopSerializer})
    def create(self, request):
        """Apply to stop heating for a season (before the project's cut-off)."""
        unit = target(request, "unit", Unit.objects, "billing.add_heatingstopapplication")
        d = valid(HeatingStopCreateSerializer, request)
        application = heating_services.apply_heating_stop(
            unit=unit, season=d["season"], applicant_name=d["applicant_name"], actor=request.user
        )
        return Response(HeatingStopSerializer(application).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=WaiverDecideSerializer, responses=HeatingStopSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve or reject (billing.approve_heatingstopapplication); a rejection needs a comment."""
        application = detail_write(self, "billing.approve_heatingstopapplication")
        d = valid(WaiverDecideSerializer, request)
        application = heating_services.decide_heating_stop(
            application=application,
            approve=d["decision"] == "approve",
            comment=d["comment"],
            actor=request.user,
        )
        return Response(HeatingStopSerializer(application).data)
