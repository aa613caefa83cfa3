"""Serializers of the service desk's API: requests, hand-offs, work orders, complaints, callbacks
(here) and callback plans and surveys (`plans`)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from propdesk.core.api.fields import FastPrimaryKeyField, ReadsTogether
from propdesk.core.models import Department, Project, User
from propdesk.registry.models import Unit
from propdesk.servicedesk import hooks
from propdesk.servicedesk.choices import (
    CallbackMethod,
    Channel,
    RepairClass,
    RequestKind,
    RequestStatus,
    Satisfaction,
)
from propdesk.servicedesk.models import (
    Callback,
    Category,
    Complaint,
    HandOff,
    Improvement,
    RequestEvent,
    ServiceRequest,
    WorkOrder,
)
from propdesk.servicedesk.services.clocks import clocks_of
from propdesk.servicedesk.timeline import state_labels
from propdesk.sla.choices import ClockState, TargetCode


class RequestEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    from_label = serializers.SerializerMethodField()
    to_label = serializers.SerializerMethodField()

    class Meta:
        model = RequestEvent
        fields = [
            "kind",
            "actor",
            "at",
            "from_status",
            "to_status",
            "from_label",
            "to_label",
            "reason",
            "data",
        ]

    def get_from_label(self, obj) -> str:
        return state_labels(obj)[0]

    def get_to_label(self, obj) -> str:
        return state_labels(obj)[1]


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


class DeadlineSerializer(serializers.Serializer):
    """One of the request's SLA clocks: what is timed, by when, and how it stands."""

    code = serializers.CharField()
    name = serializers.CharField(source="target.name")
    state = serializers.CharField()
    started_at = serializers.SerializerMethodField()
    due_at = serializers.SerializerMethodField()
    paused_seconds = serializers.IntegerField()
    stopped_at = serializers.DateTimeField(source="met_at", allow_null=True)
    explain = serializers.SerializerMethodField()

    def _when(self, obj, value):
        # A clock not started yet (re-classified before its start event) has no start or due time.
        return (
            None if obj.state == ClockState.PENDING else serializers.DateTimeField().to_representation(value)
        )

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_started_at(self, obj):
        return self._when(obj, obj.started_at)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_due_at(self, obj):
        return self._when(obj, obj.due_at)

    def get_explain(self, obj) -> str:
        return reverse("sla:clock", args=[obj.pk])


class ServiceRequestDetailSerializer(ServiceRequestSerializer):
    events = RequestEventSerializer(many=True, read_only=True)
    deadlines = serializers.SerializerMethodField()
    complaint_deadline = serializers.SerializerMethodField()

    class Meta(ServiceRequestSerializer.Meta):
        fields = ServiceRequestSerializer.Meta.fields + ["events", "deadlines", "complaint_deadline"]

    def _clocks(self, obj) -> list:
        if not hasattr(obj, "_api_clocks"):
            obj._api_clocks = list(clocks_of(obj))
        return obj._api_clocks

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, obj) -> list:
        """The request's deadlines, read from its SLA clocks (the one source of every deadline)."""
        return DeadlineSerializer(self._clocks(obj), many=True).data

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_complaint_deadline(self, obj):
        """A complaint's deadline: the due time of its resolution clock (None before it is found valid,
        and for other kinds)."""
        if obj.kind != RequestKind.COMPLAINT:
            return None
        clock = next((c for c in self._clocks(obj) if c.code == TargetCode.RESOLVE), None)
        return DeadlineSerializer().get_due_at(clock) if clock else None


class ReclassifySerializer(serializers.Serializer):
    repair_class = serializers.ChoiceField(choices=RepairClass.choices)
    reason = serializers.CharField()


class ServiceRequestCreateSerializer(ReadsTogether, serializers.Serializer):
    # The busiest write of the service desk: its rows are read without building querysets, together (fastsql).
    project = FastPrimaryKeyField(queryset=Project.objects.all())
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    channel = serializers.ChoiceField(choices=Channel.choices)
    content = serializers.CharField()
    reporter_name = serializers.CharField(max_length=50)
    reporter_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    unit = FastPrimaryKeyField(
        queryset=Unit.objects.all(), related=("building",), required=False, allow_null=True, default=None
    )
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    category = FastPrimaryKeyField(
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


class PhotoSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    uploaded_at = serializers.DateTimeField()

    def get_url(self, obj) -> str:
        return reverse("core:file", args=["request-photo", obj.pk])  # checked, never /media/


class OwnerEventSerializer(serializers.ModelSerializer):
    to_label = serializers.SerializerMethodField()

    class Meta:
        model = RequestEvent
        fields = ["kind", "at", "to_status", "to_label"]

    def get_to_label(self, obj) -> str:
        return state_labels(obj)[1]


class OwnerRequestSerializer(serializers.ModelSerializer):
    unit_label = serializers.CharField(source="unit.label", read_only=True, default="")
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "status_label",
            "unit",
            "unit_label",
            "content",
            "preferred_time",
            "received_at",
            "resolved_at",
            "closed_at",
        ]


class OwnerRequestDetailSerializer(OwnerRequestSerializer):
    events = OwnerEventSerializer(many=True, read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    awaiting_confirmation = serializers.SerializerMethodField()
    paid_service = serializers.SerializerMethodField()

    class Meta(OwnerRequestSerializer.Meta):
        fields = OwnerRequestSerializer.Meta.fields + [
            "events",
            "photos",
            "awaiting_confirmation",
            "paid_service",
        ]

    def get_paid_service(self, obj) -> dict | None:
        """A paid repair or service: items, price, and whether it waits for the owner's agreement."""
        return hooks.owner_extra("paid_service", obj)  # given by paid services (None without them)

    def get_awaiting_confirmation(self, obj) -> bool:
        return obj.work_orders.filter(state="completed").exists() and obj.repair_location == "in_unit"


class OwnerRequestCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    content = serializers.CharField()
    preferred_time = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    owner_requirements = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    photos = serializers.ListField(child=serializers.ImageField(), required=False, default=list, max_length=6)


class RateSerializer(serializers.Serializer):
    satisfaction = serializers.ChoiceField(
        choices=[("satisfied", "satisfied"), ("fair", "fair"), ("unsatisfied", "unsatisfied")]
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


# --- The staff steps of the pages, as API operations (issue 16, item 13) -------------------------
# Input only: the services check who may act and what the step needs, and name the field at fault.


class DispatchSerializer(serializers.Serializer):
    technician = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())


class RequestStatusSerializer(serializers.Serializer):
    """A status change: a pause (with its reason), a resume, a close, a cancel …"""

    status = serializers.ChoiceField(choices=RequestStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackSerializer(serializers.Serializer):
    note = serializers.CharField()


class CallbackRecordSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=CallbackMethod.choices)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    owner_words = serializers.CharField()
    signer_name = serializers.CharField(required=False, allow_blank=True, default="")
    signature = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The owner's signature as a PNG data URL."
    )


class CallbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Callback
        fields = [
            "id",
            "request",
            "method",
            "satisfaction",
            "owner_words",
            "done_by",
            "done_at",
            "signer_name",
        ]


class WorkOrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "request",
            "technician",
            "dispatcher",
            "state",
            "dispatched_at",
            "accepted_at",
            "arrived_at",
            "completed_at",
            "signed_at",
            "returned_at",
            "work_done",
            "labour_minutes",
            "signer_name",
        ]


class MaterialSerializer(serializers.Serializer):
    name = serializers.CharField()
    quantity = serializers.CharField()
    unit = serializers.CharField(required=False, allow_blank=True, default="")


class CompleteOrderSerializer(serializers.Serializer):
    work_done = serializers.CharField()
    labour_minutes = serializers.IntegerField(min_value=0, required=False, default=0)
    materials = MaterialSerializer(many=True, required=False, default=list)


class SignOrderSerializer(serializers.Serializer):
    signer_name = serializers.CharField()
    signature = serializers.CharField(help_text="The owner's signature as a PNG data URL.")


class ComplaintSerializer(serializers.ModelSerializer):
    class Meta:
        model = Complaint
        fields = [
            "id",
            "request",
            "state",
            "decided_by",
            "decided_at",
            "explanation",
            "owner_response",
            "summary",
            "department",
            "responsible_person",
        ]


class ComplaintDecisionSerializer(serializers.Serializer):
    """投诉成立? Not valid: explanation and owner_response. Valid: the responsible department."""

    valid = serializers.BooleanField()
    explanation = serializers.CharField(required=False, allow_blank=True, default="")
    owner_response = serializers.CharField(required=False, allow_blank=True, default="")
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.all(), required=False, allow_null=True, default=None
    )
    deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)
    responsible_person = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    special_case = serializers.BooleanField(required=False, default=False)
    major = serializers.BooleanField(required=False, default=False)


class ComplaintActionSerializer(serializers.Serializer):
    action = serializers.CharField()


class ImproveSerializer(serializers.Serializer):
    assigned_to = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    instructions = serializers.CharField()
    deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ImprovementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Improvement
        fields = [
            "id",
            "request",
            "callback",
            "assigned_to",
            "instructions",
            "deadline",
            "done_at",
            "done_note",
        ]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField()


class TakeOverSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RedirectHandOffSerializer(serializers.Serializer):
    to_user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField()
