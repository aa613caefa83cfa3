"""Staff API of planned callbacks, satisfaction surveys and KPIs."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from propdesk.core.access import get_project_for_user, has_project_perm
from propdesk.core.api.views import ForUserViewSet
from propdesk.registry.models import Unit
from propdesk.servicedesk import kpis
from propdesk.servicedesk.models_plans import CallbackPlan, CallbackTask
from propdesk.servicedesk.models_survey import SurveyCampaign
from propdesk.servicedesk.services import plans, surveys
from propdesk.servicedesk.views_plans import with_progress


class CallbackTaskSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True)
    # Plain strings: the blank-allowing choice sets would collide with Callback's enums in the schema.
    method = serializers.CharField(read_only=True)
    satisfaction = serializers.CharField(read_only=True)

    class Meta:
        model = CallbackTask
        fields = [
            "id",
            "unit",
            "unit_label",
            "party",
            "request",
            "state",
            "method",
            "satisfaction",
            "owner_words",
            "done_by",
            "done_at",
            "follow_up",
        ]


class CallbackPlanSerializer(serializers.ModelSerializer):
    total = serializers.IntegerField(read_only=True)
    done = serializers.IntegerField(read_only=True)
    unreachable = serializers.IntegerField(read_only=True)
    satisfied = serializers.IntegerField(read_only=True)

    class Meta:
        model = CallbackPlan
        fields = [
            "id",
            "project",
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "scope",
            "content",
            "method",
            "responsible",
            "sample_size",
            "category",
            "state",
            "total",
            "done",
            "unreachable",
            "satisfied",
        ]


class RecordSerializer(serializers.Serializer):
    method = serializers.CharField(required=False, allow_blank=True, default="")
    satisfaction = serializers.CharField(required=False, allow_blank=True, default="")
    owner_words = serializers.CharField(required=False, allow_blank=True, default="")
    unreachable = serializers.BooleanField(required=False, default=False)


class CallbackPlanViewSet(ForUserViewSet):
    """回访计划 with progress; `generate` creates the tasks."""

    queryset = with_progress(CallbackPlan.objects.all()).order_by("-starts_on", "-id")
    serializer_class = CallbackPlanSerializer
    required_perm = "servicedesk.view_callbackplan"
    filterset_fields = ["project", "kind", "state"]

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        plan = self.get_object()
        return Response({"generated": plans.generate_tasks(plan=plan, actor=request.user)})

    @extend_schema(responses=CallbackTaskSerializer(many=True))
    @action(detail=True, methods=["get"])
    def tasks(self, request, pk=None):
        plan = self.get_object()
        rows = CallbackTask.objects.filter(plan=plan).select_related("unit__building").order_by("pk")
        return Response(CallbackTaskSerializer(rows, many=True).data)


class CallbackTaskViewSet(ForUserViewSet):
    queryset = CallbackTask.objects.select_related("unit__building").order_by("plan_id", "pk")
    serializer_class = CallbackTaskSerializer
    required_perm = "servicedesk.view_callbackplan"
    filterset_fields = ["plan", "state"]

    @extend_schema(request=RecordSerializer, responses=CallbackTaskSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        task = self.get_object()  # access before reading the body
        data = RecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = plans.record_plan_callback(task=task, actor=request.user, **data.validated_data)
        return Response(CallbackTaskSerializer(task).data)


class SurveyCampaignSerializer(serializers.ModelSerializer):
    responded = serializers.IntegerField(read_only=True)

    class Meta:
        model = SurveyCampaign
        fields = [
            "id",
            "project",
            "title",
            "starts_on",
            "ends_on",
            "scale",
            "state",
            "occupied_units",
            "responded",
        ]


class StaffAnswerSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    method = serializers.CharField()
    answers = serializers.DictField(child=serializers.IntegerField())
    respondent = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SurveyCampaignViewSet(ForUserViewSet):
    """满意度调查: campaigns, their report (coverage, index, per question and building), recording answers."""

    queryset = SurveyCampaign.objects.annotate(responded=Count("responses")).order_by("-starts_on", "-id")
    serializer_class = SurveyCampaignSerializer
    required_perm = "servicedesk.view_surveycampaign"
    filterset_fields = ["project", "state"]

    @extend_schema(responses={200: None})
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        r = surveys.report(self.get_object())
        return Response(
            {
                key: r[key]
                for key in ("occupied", "responded", "coverage", "coverage_met", "index", "satisfaction_rate")
            }
            | {
                "questions": [
                    {
                        "id": q["question"].pk,
                        "text": q["question"].text,
                        "n": q["n"],
                        "index": q["index"],
                        "satisfaction_rate": q["satisfaction_rate"],
                        "distribution": dict(q["distribution"]),
                    }
                    for q in r["questions"]
                ],
                "buildings": r["buildings"],
            }
        )

    @extend_schema(request=StaffAnswerSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        campaign = self.get_object()
        if not has_project_perm(request.user, campaign.project, surveys.SURVEY_PERM):
            raise PermissionDenied()
        data = StaffAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        unit = Unit.objects.filter(pk=values.pop("unit"), project=campaign.project).first()
        if unit is None:
            raise NotFound()
        response = surveys.record_response(campaign=campaign, unit=unit, actor=request.user, **values)
        return Response({"id": response.pk}, status=status.HTTP_201_CREATED)


class KpiViewSet(viewsets.ViewSet):
    """KPI rows for a project (`?project=`) or every project where the caller may see KPIs, `start`/`end` dates."""

    @extend_schema(responses={200: None})
    def list(self, request):
        from propdesk.core.access import project_ids_with_perm

        try:
            first = dt.date.fromisoformat(request.query_params.get("start", ""))
            last = dt.date.fromisoformat(request.query_params.get("end", ""))
        except ValueError:
            raise ValidationError({"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}) from None
        if request.query_params.get("project"):
            project = get_project_for_user(request.user, request.query_params["project"])
            if not has_project_perm(request.user, project, "servicedesk.view_kpis"):
                raise PermissionDenied()
            ids = [project.pk]
        else:
            ids = project_ids_with_perm(request.user, "servicedesk.view_kpis")
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
        return Response({"projects": ids, "rows": [r.as_dict() for r in kpis.compute(ids, start, end)]})
