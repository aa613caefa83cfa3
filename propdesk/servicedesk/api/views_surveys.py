"""Owner endpoints of the satisfaction survey: the open campaigns of the owner's projects, and answering one."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from propdesk.registry.visibility import owned_units
from propdesk.servicedesk.models_survey import SurveyCampaign, SurveyMethod, SurveyResponse, SurveyState
from propdesk.servicedesk.services import surveys


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()


class OwnerSurveySerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    choices = serializers.SerializerMethodField()
    units = serializers.SerializerMethodField()

    class Meta:
        model = SurveyCampaign
        fields = ["id", "title", "starts_on", "ends_on", "scale", "questions", "choices", "units"]

    def get_choices(self, obj) -> list[dict]:
        return [{"value": v, "label": label} for v, label in surveys.value_labels(obj.scale)]

    def get_units(self, obj) -> list[dict]:
        answered = self.context["answered"]
        return [
            {"id": u.pk, "label": u.label, "answered": (obj.pk, u.pk) in answered}
            for u in self.context["units"]
            if u.project_id == obj.project_id
        ]


class OwnerAnswerSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    answers = serializers.DictField(child=serializers.IntegerField())
    comment = serializers.CharField(required=False, allow_blank=True, default="")


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
