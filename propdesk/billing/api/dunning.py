"""Dunning (催缴) and printed notices in the API: the twins of the dunning and notice pages
(core/tests/test_api_twins.py). Each write calls the service the page calls, after the page's checks:
the object through `for_user` (404; a butler sees only her 辖区), the page's permission (403), then
the body (400 naming the field). The steps are `core.api.writes`'s."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers as s
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from propdesk.billing import permissions
from propdesk.billing.choices import CaseStatus, ContactMethod, ContactOutcome
from propdesk.billing.models import DunningCase, DunningContact, DunningStage, NoticeBatch
from propdesk.billing.money import MAX_AMOUNT, MONEY
from propdesk.billing.pdf import notices as notice_pdfs
from propdesk.billing.services import dunning as dunning_services
from propdesk.billing.services.notices import start_notice_batch
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import answer, detail_write, target, valid
from propdesk.core.downloads import stamp
from propdesk.core.models import Project
from propdesk.registry.models import Building, Unit

# ---------------------------------------------------------------- dunning cases


class DunningContactSerializer(s.ModelSerializer):
    class Meta:
        model = DunningContact
        fields = [
            "id",
            "case",
            "stage",
            "method",
            "outcome",
            "contacted_by",
            "contacted_at",
            "arrears",
            "promised_on",
            "promised_amount",
            "note",
            "kept_at",
        ]


class DunningCaseSerializer(s.ModelSerializer):
    unit_label = s.CharField(source="unit.label", read_only=True)
    stage_name = s.CharField(source="stage.name", read_only=True)

    class Meta:
        model = DunningCase
        fields = [
            "id",
            "project",
            "unit",
            "unit_label",
            "stage",
            "stage_name",
            "status",
            "butler",
            "opened_by",
            "opened_at",
            "closed_at",
            "close_reason",
        ]


class DunningCaseDetailSerializer(DunningCaseSerializer):
    """One case as its page shows it: what the unit owes past due today, and every contact so far."""

    arrears = s.SerializerMethodField(help_text="Owed on bills past their due date, today (yuan).")
    contacts = s.SerializerMethodField()

    class Meta(DunningCaseSerializer.Meta):
        fields = [*DunningCaseSerializer.Meta.fields, "arrears", "contacts"]

    @extend_schema_field(s.DecimalField(**MONEY))
    def get_arrears(self, case) -> str:
        return str(dunning_services.unit_arrears(case.unit))

    @extend_schema_field(DunningContactSerializer(many=True))
    def get_contacts(self, case):
        contacts = DunningContact.objects.filter(case=case).order_by("-contacted_at", "-id")
        return DunningContactSerializer(contacts, many=True).data


class DunningOpenSerializer(s.Serializer):
    unit = s.IntegerField(help_text="The unit in arrears.")


class DunningOpenAllSerializer(s.Serializer):
    project = s.IntegerField()


class DunningContactCreateSerializer(s.Serializer):
    """催缴记录, as the case page's form: stage, method, outcome, promised date and amount, note."""

    stage = s.PrimaryKeyRelatedField(
        queryset=DunningStage.objects.none(), help_text="An active dunning stage of the case's project."
    )
    method = s.ChoiceField(choices=ContactMethod.choices)
    outcome = s.ChoiceField(choices=ContactOutcome.choices)
    promised_on = s.DateField(
        required=False, allow_null=True, default=None, help_text="Needed when the outcome is `promised`."
    )
    promised_amount = s.DecimalField(
        required=False,
        allow_null=True,
        default=None,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        **MONEY,
    )
    note = s.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the stages of the case's own project: another project's stage is "no such stage".
        case = self.context.get("case")
        if case is not None:
            self.fields["stage"].queryset = DunningStage.objects.filter(
                project_id=case.project_id, is_active=True
            )


class DunningCloseSerializer(s.Serializer):
    reason = s.CharField(max_length=200)


OPENED = inline_serializer("DunningCasesOpened", fields={"opened": s.IntegerField()})


class DunningCaseViewSet(ForUserViewSet):
    """催缴案件: one open case per unit in arrears; a butler sees the cases of her 辖区 only."""

    queryset = DunningCase.objects.select_related("unit__building", "stage").order_by("-opened_at", "-id")
    serializer_class = DunningCaseSerializer
    required_perm = "billing.view_dunningcase"
    filterset_fields = ["project", "unit", "status", "stage", "butler"]

    def get_serializer_class(self):
        return DunningCaseDetailSerializer if self.action != "list" else DunningCaseSerializer

    def _case(self, case):
        # The case as the service left it (not re-read through the list's permission: opening one
        # needs billing.add_dunningcase, which a custom position may hold without the view permission).
        return DunningCaseDetailSerializer(case)

    @extend_schema(
        request=DunningOpenSerializer,
        responses={200: DunningCaseDetailSerializer, 201: DunningCaseDetailSerializer},
    )
    def create(self, request):
        """Open a case for a unit with overdue arrears (billing.add_dunningcase); 200 with the unit's
        open case when it has one."""
        unit = target(request, "unit", Unit.objects, permissions.OPEN_CASE_PERM)
        valid(DunningOpenSerializer, request)
        had_one = DunningCase.objects.filter(unit=unit, status=CaseStatus.OPEN).exists()
        case = dunning_services.open_case(unit=unit, actor=request.user)
        return answer(self._case(case), created=not had_one)

    @extend_schema(request=DunningOpenAllSerializer, responses=OPENED)
    @action(detail=False, methods=["post"], url_path="open-all")
    def open_all(self, request):
        """为所有欠费房屋立案催缴: a case for every unit of the project in arrears that has none. Not for a
        butler, whose 辖区 is only part of the project."""
        project = target(request, "project", Project.objects, permissions.OPEN_CASE_PERM)
        if not permissions.can_open_cases_for_project(request.user, project):
            raise PermissionDenied
        valid(DunningOpenAllSerializer, request)
        count = dunning_services.open_cases_for_arrears(project=project, actor=request.user)
        return Response({"opened": count})

    @extend_schema(request=DunningContactCreateSerializer, responses={201: DunningContactSerializer})
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        """Record a contact (billing.add_dunningcontact): the case moves to its stage; a promise with its
        date starts the promise clock on that day."""
        case = detail_write(self, permissions.LOG_CONTACT_PERM)
        d = valid(DunningContactCreateSerializer, request, case=case)
        contact = dunning_services.log_contact(case=case, actor=request.user, **d)
        return answer(DunningContactSerializer(contact), created=True)

    @extend_schema(request=DunningCloseSerializer, responses=DunningCaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the case with the reason (billing.change_dunningcase); open promise clocks are cancelled."""
        case = detail_write(self, permissions.CLOSE_CASE_PERM)
        d = valid(DunningCloseSerializer, request)
        case = dunning_services.close_case(case=case, reason=d["reason"], actor=request.user)
        return answer(self._case(case))


# ---------------------------------------------------------------- printed notices


class NoticeBatchSerializer(s.ModelSerializer):
    building_code = s.CharField(source="building.code", read_only=True)
    pdf = s.SerializerMethodField(help_text="The PDF's address once `status` is `done`; null before.")

    class Meta:
        model = NoticeBatch
        fields = [
            "id",
            "project",
            "building",
            "building_code",
            "kind",
            "status",
            "pages",
            "error",
            "requested_by",
            "created_at",
            "finished_at",
            "pdf",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf(self, batch) -> str | None:
        return reverse("notice-batch-pdf", kwargs={"pk": batch.pk}) if batch.is_ready else None


class NoticeBatchCreateSerializer(s.Serializer):
    building = s.IntegerField()
    kind = s.ChoiceField(
        choices=list(notice_pdfs.KINDS.items()),
        help_text="`payment` (a payment notice: whatever the unit owes) or `dunning` (a dunning notice: overdue only).",
    )


class NoticeBatchViewSet(ForUserViewSet):
    """通知单打印: one PDF per building, a page per unit with something to pay, made in the background."""

    queryset = (
        NoticeBatch.objects.select_related("building", "project")
        .defer("content")
        .order_by("-created_at", "-id")
    )
    serializer_class = NoticeBatchSerializer
    required_perm = "billing.view_bill"
    filterset_fields = ["project", "building", "kind", "status"]

    @extend_schema(request=NoticeBatchCreateSerializer, responses={201: NoticeBatchSerializer})
    def create(self, request):
        """Request a building's notices (billing.view_bill, a building the caller sees); poll the batch
        until `status` is `done`, then download `pdf`."""
        building = target(request, "building", Building.objects, "billing.view_bill")
        d = valid(NoticeBatchCreateSerializer, request)
        batch = start_notice_batch(building=building, kind=d["kind"], actor=request.user)
        return answer(NoticeBatchSerializer(batch), created=True)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        """The batch's PDF (404 until it is ready, as on the page)."""
        batch = self.get_object()
        if not batch.is_ready:
            raise NotFound
        content = NoticeBatch.objects.filter(pk=batch.pk).values_list("content", flat=True).get()
        response = HttpResponse(bytes(content), content_type="application/pdf")
        day = stamp(batch.project, at=batch.created_at)
        name = f"{notice_pdfs.PREFIX[batch.kind]}-{batch.building.code}-{day}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
