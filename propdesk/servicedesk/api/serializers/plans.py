"""Serializers of callback plans (回访计划) and satisfaction surveys (满意度调查): what the API shows,
and the inputs of their setup (create, edit, close; open, close, questionnaire, analysis).

The inputs check shape and the plan's related objects (the same choices as the plan page's form:
`selectors.plan_choices`); the services check the rules and name the field at fault.
"""

from __future__ import annotations

from rest_framework import serializers

from propdesk.core.models import User
from propdesk.registry.models import Building
from propdesk.servicedesk import selectors
from propdesk.servicedesk.choices import CallbackMethod
from propdesk.servicedesk.models import (
    CallbackPlan,
    CallbackTask,
    Category,
    PlanKind,
    SurveyCampaign,
    SurveyScale,
)
from propdesk.servicedesk.services import surveys


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


class CallbackPlanInput(serializers.Serializer):
    """A plan's fields as the plan page asks them. The responsible person, category and buildings
    are chosen among the plan's project's (context `project`), as on the page."""

    title = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    scope = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    content = serializers.CharField()
    method = serializers.ChoiceField(choices=CallbackMethod.choices)
    responsible = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())
    sample_size = serializers.IntegerField(
        min_value=0,
        max_value=1_000_000,  # more than any project's units, within the column
        required=False,
        default=0,
        help_text="Units to call (quarterly and seasonal plans).",
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="The recurring problem's category (problem plans).",
    )
    buildings = serializers.PrimaryKeyRelatedField(
        queryset=Building.objects.none(), many=True, required=False, default=list, help_text="Empty: all."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project, request = self.context.get("project"), self.context.get("request")
        if project is not None and request is not None:
            for name, queryset in selectors.plan_choices(project, request.user).items():
                field = self.fields[name]
                (field.child_relation if name == "buildings" else field).queryset = queryset


class CallbackPlanCreateInput(CallbackPlanInput):
    project = serializers.IntegerField(min_value=1)


class RecordSerializer(serializers.Serializer):
    method = serializers.CharField(required=False, allow_blank=True, default="")
    satisfaction = serializers.CharField(required=False, allow_blank=True, default="")
    owner_words = serializers.CharField(required=False, allow_blank=True, default="")
    unreachable = serializers.BooleanField(required=False, default=False)


# --- satisfaction surveys ---


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()


class SurveyCampaignSerializer(serializers.ModelSerializer):
    responded = serializers.IntegerField(read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)

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
            "questions",
            "analysis",
            "analysis_by",
            "analysis_at",
        ]


class SurveyCampaignInput(serializers.Serializer):
    project = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=100)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    scale = serializers.ChoiceField(choices=SurveyScale.choices, default=SurveyScale.THREE)
    questions = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        help_text="One text per question, in order; absent: the default questionnaire.",
    )


class QuestionsInput(serializers.Serializer):
    questions = serializers.ListField(child=serializers.CharField(max_length=200), allow_empty=False)


class AnalysisInput(serializers.Serializer):
    analysis = serializers.CharField(help_text="The customer service supervisor's analysis report.")


class StaffAnswerSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    method = serializers.CharField()
    answers = serializers.DictField(child=serializers.IntegerField())
    respondent = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# --- the owner's survey ---


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
