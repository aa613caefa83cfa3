"""Billing runs, waiver reasons and the arrears report in the API: the twins of the finance pages
(core/tests/test_api_twins.py). The runs call the services the pages call; the report reads the
selectors the page reads, for the buildings the caller sees."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as s
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from propdesk.billing import services
from propdesk.billing.models import BillingRun, WaiverReason
from propdesk.billing.pricing import month_start
from propdesk.billing.selectors import dunning as dunning_selectors
from propdesk.core.access import get_project_for_user, require_project_perm
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import target, valid
from propdesk.core.models import Project
from propdesk.registry.models import Building

ARREARS_PERM = "billing.view_arrears_report"


class BillingRunSerializer(s.ModelSerializer):
    class Meta:
        model = BillingRun
        fields = [
            "id",
            "project",
            "period",
            "status",
            "total_units",
            "processed_units",
            "lines_created",
            "error",
            "started_by",
            "created_at",
            "finished_at",
        ]


class BillingRunStartSerializer(s.Serializer):
    project = s.IntegerField()
    period = s.DateField(input_formats=["%Y-%m", "%Y-%m-%d"], help_text="The month: 2026-03.")


class BillingRunViewSet(ForUserViewSet):
    """计费: a month's bills for every unit of a project, made in the background."""

    queryset = BillingRun.objects.select_related("started_by").order_by("-created_at", "-id")
    serializer_class = BillingRunSerializer
    required_perm = "billing.view_billingrun"
    filterset_fields = ["project", "status", "period"]

    @extend_schema(request=BillingRunStartSerializer, responses={201: BillingRunSerializer})
    def create(self, request):
        """Start the run of a month (billing.add_billingrun); refused while that month's run is working."""
        project = target(request, "project", Project.objects, "billing.view_billingrun")
        d = valid(BillingRunStartSerializer, request)
        run = services.start_billing_run(project=project, period=d["period"], actor=request.user)
        return Response(BillingRunSerializer(run).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BillingRunSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """Start an interrupted run again; it adds only what is missing."""
        run = self.get_object()
        run = services.resume_billing_run(run=run, actor=request.user)
        return Response(BillingRunSerializer(run).data)


class WaiverReasonSerializer(s.ModelSerializer):
    class Meta:
        model = WaiverReason
        fields = ["id", "project", "name", "sort_order"]


class WaiverReasonViewSet(ForUserViewSet):
    """减免原因: the reasons an application names (the project's active list)."""

    queryset = WaiverReason.objects.filter(is_active=True).order_by("project_id", "sort_order", "name")
    serializer_class = WaiverReasonSerializer
    required_perm = "billing.add_waiverapplication"
    filterset_fields = ["project"]


# ---------------------------------------------------------------- arrears report


class ArrearsQuerySerializer(s.Serializer):
    project = s.IntegerField()
    period = s.DateField(
        input_formats=["%Y-%m"], required=False, help_text="The month of the collection rates: 2026-03."
    )


class AgingRowSerializer(s.Serializer):
    label = s.CharField()
    units = s.IntegerField()
    buckets = s.DictField(child=s.DecimalField(max_digits=14, decimal_places=2))
    total = s.DecimalField(max_digits=14, decimal_places=2)


class CollectionRatesSerializer(s.Serializer):
    period = s.DateField()
    billed = s.DecimalField(max_digits=14, decimal_places=2)
    collected = s.DecimalField(max_digits=14, decimal_places=2)
    current_rate = s.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    arrears_opening = s.DecimalField(max_digits=14, decimal_places=2)
    arrears_collected = s.DecimalField(max_digits=14, decimal_places=2)
    arrears_rate = s.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class ArrearsReportSerializer(s.Serializer):
    as_of = s.DateField()
    buckets = s.ListField(child=s.CharField(), help_text="The age buckets' keys, in order.")
    by_building = AgingRowSerializer(many=True)
    by_butler = AgingRowSerializer(many=True)
    total = AgingRowSerializer()
    rates = CollectionRatesSerializer()


class ArrearsReportView(APIView):
    """欠费账龄与收缴率: the arrears report page's figures — aging by building and by butler, and the
    month's collection rates — for the buildings the caller sees (a butler: her own)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("project", int, required=True),
            OpenApiParameter("period", str, required=False, description="The month: 2026-03."),
        ],
        responses=ArrearsReportSerializer,
    )
    def get(self, request):
        query = ArrearsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        project = get_project_for_user(request.user, query.validated_data["project"])
        require_project_perm(request.user, project, ARREARS_PERM)
        as_of = timezone.localdate()
        period = month_start(query.validated_data.get("period") or as_of)
        buildings = list(
            Building.objects.for_user(request.user).filter(project=project).values_list("pk", flat=True)
        )
        aging = dunning_selectors.arrears_aging(project, as_of, buildings=buildings)
        rates = dunning_selectors.collection_rates(project, period, now=timezone.now())
        return Response(
            ArrearsReportSerializer(
                {
                    "as_of": aging.as_of,
                    "buckets": [str(key) for key, _label in dunning_selectors.BUCKETS],
                    "by_building": aging.by_building,
                    "by_butler": aging.by_butler,
                    "total": aging.total,
                    "rates": rates,
                }
            ).data
        )


__all__ = ["ArrearsReportView", "BillingRunViewSet", "WaiverReasonViewSet"]
