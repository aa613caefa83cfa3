from rest_framework import serializers

from ..models import Breach, SlaClock


class ClockSerializer(serializers.ModelSerializer):
    subject_type = serializers.CharField(source="subject_type.model", read_only=True)

    class Meta:
        model = SlaClock
        fields = [
            "id",
            "project",
            "subject_type",
            "subject_id",
            "code",
            "target",
            "policy",
            "policy_version",
            "started_at",
            "due_at",
            "state",
            "paused_seconds",
            "pause_reason",
            "met_at",
            "warned",
            "next_fire_at",
        ]


class PauseSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    counted_seconds = serializers.SerializerMethodField()

    def get_counted_seconds(self, obj) -> int:
        return int(obj.counted.total_seconds())


class ExplainSerializer(serializers.Serializer):
    clock = ClockSerializer()
    rule = serializers.CharField(source="rule_code")
    value = serializers.IntegerField()
    cutoff = serializers.TimeField(allow_null=True)
    calendar = serializers.CharField()
    timezone = serializers.CharField()
    start_event = serializers.SerializerMethodField()
    started_at = serializers.DateTimeField(allow_null=True)
    base_due_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField()
    stopped_at = serializers.DateTimeField(allow_null=True)
    paused_seconds = serializers.SerializerMethodField()
    pauses = PauseSerializer(many=True)
    intervals = serializers.SerializerMethodField()
    skipped_days = serializers.SerializerMethodField()
    escalations = serializers.SerializerMethodField()

    def get_start_event(self, obj) -> str | None:
        return obj["start_event"].name if obj["start_event"] else None

    def get_paused_seconds(self, obj) -> int:
        return int(obj["paused"].total_seconds())

    def get_intervals(self, obj) -> list[dict]:
        return [
            {"start": a.isoformat(), "end": b.isoformat(), "minutes": d.total_seconds() / 60}
            for a, b, d in obj["intervals"]
        ]

    def get_skipped_days(self, obj) -> list[dict]:
        return [{"date": d.date.isoformat(), "reason": d.reason, "name": d.name} for d in obj["skipped"]]

    def get_escalations(self, obj) -> list[dict]:
        return [
            {
                "step": f.step_id,
                "trigger": f.step.trigger,
                "value": f.step.value,
                "occurrence": f.occurrence,
                "scheduled_at": f.scheduled_at.isoformat(),
                "fired_at": f.fired_at.isoformat(),
            }
            for f in obj["fired"]
        ]


class BreachSerializer(serializers.ModelSerializer):
    """超时记录: a clock that passed its due time; `excused` when an approved excuse is recorded."""

    subject_type = serializers.CharField(source="clock.subject_type.model", read_only=True)
    subject_id = serializers.IntegerField(source="clock.subject_id", read_only=True)
    excused = serializers.SerializerMethodField()

    class Meta:
        model = Breach
        fields = [
            "id",
            "project",
            "clock",
            "subject_type",
            "subject_id",
            "code",
            "due_at",
            "breached_at",
            "department",
            "person",
            "excused",
        ]

    def get_excused(self, obj) -> bool:
        return hasattr(obj, "excuse")
