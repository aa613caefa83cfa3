"""Satisfaction surveys: the staff's campaigns — set up (create, questionnaire, open, close), their
report, recorded answers and the analysis — and the owner's open surveys and answering one.

The survey page's twins (core/tests/test_api_twins.py) call its services; running surveys needs
`run_survey` in the project, checked before the body is read, as the page's decorator does.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import answer, detail_write, target, valid
from propdesk.core.models import Project
from propdesk.registry.models import Unit
from propdesk.registry.visibility import owned_units
from propdesk.servicedesk.models import (
    SurveyCampaign,
    SurveyMethod,
    SurveyQuestion,
    SurveyResponse,
    SurveyState,
)
from propdesk.servicedesk.services import surveys

from ..serializers.plans import (
    AnalysisInput,
    OwnerAnswerSerializer,
    OwnerSurveySerializer,
    QuestionsInput,
    StaffAnswerSerializer,
    SurveyCampaignInput,
    SurveyCampaignSerializer,
)


class SurveyCampaignViewSet(ForUserViewSet):
    """满意度调查: set up and run campaigns, their report (coverage, index, per question and building),
    recording answers, the analysis."""

    queryset = (
        SurveyCampaign.objects.annotate(responded=Count("responses"))
        .prefetch_related(Prefetch("questions", queryset=SurveyQuestion.objects.order_by("position")))
        .order_by("-starts_on", "-id")
    )
    serializer_class = SurveyCampaignSerializer
    required_perm = "servicedesk.view_surveycampaign"
    filterset_fields = ["project", "state"]

    def _reply(self, campaign, code=status.HTTP_200_OK):
        return answer(
            SurveyCampaignSerializer(self.queryset.get(pk=campaign.pk), context={"request": self.request}),
            created=code == status.HTTP_201_CREATED,
        )

    @extend_schema(request=SurveyCampaignInput, responses={201: SurveyCampaignSerializer})
    def create(self, request):
        """A new campaign, a draft whose questionnaire may change until it opens."""
        project = target(request, "project", Project.objects, surveys.SURVEY_PERM)
        values = valid(SurveyCampaignInput, request)
        del values["project"]
        campaign = surveys.create_campaign(project=project, actor=request.user, **values)
        return self._reply(campaign, status.HTTP_201_CREATED)

    @extend_schema(request=QuestionsInput, responses=SurveyCampaignSerializer)
    @action(detail=True, methods=["post"])
    def questions(self, request, pk=None):
        """Replace the questionnaire of a draft, in order."""
        campaign = detail_write(self, surveys.SURVEY_PERM)
        values = valid(QuestionsInput, request)
        surveys.set_questions(campaign=campaign, actor=request.user, questions=values["questions"])
        return self._reply(campaign)

    @extend_schema(request=None, responses=SurveyCampaignSerializer)
    @action(detail=True, methods=["post"], url_path="open", url_name="open")
    def open_survey(self, request, pk=None):
        """开始调查: answers may be recorded; the occupied units are counted."""
        campaign = surveys.open_campaign(campaign=detail_write(self, surveys.SURVEY_PERM), actor=request.user)
        return self._reply(campaign)

    @extend_schema(request=None, responses=SurveyCampaignSerializer)
    @action(detail=True, methods=["post"], url_path="close", url_name="close")
    def close_survey(self, request, pk=None):
        """结束调查: no more answers; the occupied units are counted again for the coverage."""
        campaign = surveys.close_campaign(
            campaign=detail_write(self, surveys.SURVEY_PERM), actor=request.user
        )
        return self._reply(campaign)

    @extend_schema(request=AnalysisInput, responses=SurveyCampaignSerializer)
    @action(detail=True, methods=["post"])
    def analysis(self, request, pk=None):
        """The customer service supervisor's analysis report (after the survey has opened)."""
        campaign = self.get_object()  # the page's check too; the service checks who writes it
        values = valid(AnalysisInput, request)
        surveys.write_analysis(campaign=campaign, actor=request.user, text=values["analysis"])
        return self._reply(campaign)

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
        campaign = detail_write(self, surveys.SURVEY_PERM)
        values = valid(StaffAnswerSerializer, request)
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
