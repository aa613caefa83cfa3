"""Satisfaction surveys: the staff's campaigns, their report and recorded answers; the owner's open
surveys and answering one."""

from __future__ import annotations

from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from propdesk.core.access import has_project_perm
from propdesk.core.api.views import ForUserViewSet
from propdesk.registry.models import Unit
from propdesk.registry.visibility import owned_units
from propdesk.servicedesk.models import (
    SurveyCampaign,
    SurveyMethod,
    SurveyResponse,
    SurveyState,
)
from propdesk.servicedesk.services import surveys

from ..serializers import (
    OwnerAnswerSerializer,
    OwnerSurveySerializer,
    StaffAnswerSerializer,
    SurveyCampaignSerializer,
)


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
        unit = (
            Unit.objects.for_user(request.user)
            .filter(pk=values.pop("unit"), project=campaign.project)
            .first()
        )
        if unit is None:
            raise NotFound()
        response = surveys.record_response(campaign=campaign, unit=unit, actor=request.user, **values)
        return Response({"id": response.pk}, status=status.HTTP_201_CREATED)


class MySurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """满意度调查 in the owner portal: the open surveys of the owner's projects; answer once per unit."""

    queryset = SurveyCampaign.objects.none()
    serializer_class = OwnerSurveySerializer

    def _units(self):
        if not hasattr(self, "_unit_cache"):
            self._unit_cache = list(owned_units(self.request.user))
        return self._unit_cache

    def get_queryset(self):
        project_ids = {u.project_id for u in self._units()}
        return (
            SurveyCampaign.objects.filter(project_id__in=project_ids, state=SurveyState.OPEN)
            .prefetch_related("questions")
            .order_by("-starts_on", "-id")
        )

    def get_serializer_context(self):
        units = self._units()
        answered = set(
            SurveyResponse.objects.filter(unit__in=[u.pk for u in units]).values_list(
                "campaign_id", "unit_id"
            )
        )
        return super().get_serializer_context() | {"units": units, "answered": answered}

    @extend_schema(request=OwnerAnswerSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        campaign = self.get_object()  # access before reading the body
        data = OwnerAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = next(
            (
                u
                for u in self._units()
                if u.pk == data.validated_data["unit"] and u.project_id == campaign.project_id
            ),
            None,
        )
        if unit is None:
            raise NotFound()
        response = surveys.record_response(
            campaign=campaign,
            unit=unit,
            method=SurveyMethod.PORTAL,
            answers=data.validated_data["answers"],
            comment=data.validated_data["comment"],
            actor=request.user,
            respondent=request.user.display_name or request.user.username,
            as_owner=True,
        )
        return Response({"id": response.pk}, status=status.HTTP_201_CREATED)
