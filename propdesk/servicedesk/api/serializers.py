from rest_framework import serializers

from propdesk.core.models import Project, User
from propdesk.registry.models import Unit
from propdesk.servicedesk.choices import Channel, RepairClass, RequestKind
from propdesk.servicedesk.models import Category, HandOff, RequestEvent, ServiceRequest


class RequestEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = RequestEvent
        fields = ["kind", "actor", "at", "from_status", "to_status", "reason", "data"]


class ServiceRequestSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True, default="")
    first_receiver = serializers.StringRelatedField()
    holder = serializers.StringRelatedField()

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "project",
            "number",
            "kind",
            "channel",
            "status",
            "unit",
            "unit_label",
            "location",
            "reporter_name",
            "reporter_phone",
            "content",
            "owner_requirements",
            "preferred_time",
            "category",
            "repair_location",
            "repair_class",
            "responsible_department",
            "first_receiver",
            "holder",
            "received_at",
            "resolved_at",
            "closed_at",
        ]


class ServiceRequestDetailSerializer(ServiceRequestSerializer):
    events = RequestEventSerializer(many=True, read_only=True)

    class Meta(ServiceRequestSerializer.Meta):
        fields = ServiceRequestSerializer.Meta.fields + ["events"]


class ServiceRequestCreateSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    content = serializers.CharField()
    reporter_name = serializers.CharField(max_length=50)
    reporter_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None
    )
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.all(), required=False, allow_null=True, default=None
    )
    repair_class = serializers.ChoiceField(
        choices=RepairClass.choices, required=False, allow_blank=True, default=""
    )
    owner_requirements = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    preferred_time = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class HandOffRequestSerializer(serializers.Serializer):
    to_user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField()
    multi_department = serializers.BooleanField(required=False, default=False)


class HandOffSerializer(serializers.ModelSerializer):
    class Meta:
        model = HandOff
        fields = [
            "id",
            "request",
            "from_user",
            "to_user",
            "reason",
            "multi_department",
            "state",
            "requested_at",
            "decided_at",
            "decision_note",
        ]


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField()
