"""API of meters, readings and one-off charges (抄表, 一次性收费), with the pages' checks: the same services.

Order, as in `ops.py`: the object the request is about through `for_user` (404), the permission in
its project (403), then the body (400). Refused readings answer 400 with code `reading_problems` and
`problems`: one entry per refused reading with its row (1-based position in the list), room, meter,
field and message; nothing is recorded then.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as s
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.response import Response

from propdesk.billing import selectors, services
from propdesk.billing.choices import ChargeKind, MeterKind, ReadingKind, ReadingSource
from propdesk.billing.models import Bill, ChargeItem, Meter, MeterReading
from propdesk.billing.money import MAX_AMOUNT
from propdesk.billing.selectors import meters as meter_selectors
from propdesk.billing.services import meters as meter_services
from propdesk.core.access import get_object_for_user, require_project_perm
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import detail_write, target, valid
from propdesk.core.errors import ServiceError
from propdesk.registry.models import Unit

READING = {"max_digits": 12, "decimal_places": 2, "min_value": 0}

# ---------------------------------------------------------------- serializers


class MeterSerializer(s.ModelSerializer):
    unit_label = s.CharField(source="unit.label", read_only=True)

    class Meta:
        model = Meter
        fields = [
            "id",
            "project",
            "unit",
            "unit_label",
            "kind",
            "number",
            "multiplier",
            "installed_on",
            "removed_on",
            "replaces",
        ]


class MeterCreateSerializer(s.Serializer):
    unit = s.IntegerField()
    kind = s.ChoiceField(choices=MeterKind.choices)
    number = s.CharField(max_length=40)
    multiplier = s.DecimalField(max_digits=10, decimal_places=2, required=False, default=1)
    installed_on = s.DateField()
    start_value = s.DecimalField(**READING)


class MeterChangeSerializer(s.Serializer):
    final_value = s.DecimalField(**READING)
    changed_on = s.DateField()
    new_number = s.CharField(max_length=40)
    new_start_value = s.DecimalField(**READING)
    new_multiplier = s.DecimalField(
        max_digits=10, decimal_places=2, required=False, allow_null=True, default=None
    )
    reason = s.CharField(max_length=200)


class ReadingSerializer(s.ModelSerializer):
    unit_label = s.CharField(source="unit.label", read_only=True)
    meter_number = s.CharField(source="meter.number", read_only=True)
    counts = s.SerializerMethodField(help_text="False once a correction replaced it, or for a void.")

    class Meta:
        model = MeterReading
        fields = [
            "id",
            "project",
            "meter",
            "meter_number",
            "unit",
            "unit_label",
            "kind",
            "value",
            "read_on",
            "source",
            "replaces",
            "reason",
            "reader",
            "created_at",
            "counts",
        ]

    def get_counts(self, reading) -> bool:
        return reading.kind != ReadingKind.VOID and getattr(reading, "replaced_by", None) is None


class ReadingCreateSerializer(s.Serializer):
    meter = s.IntegerField()
    value = s.DecimalField(**READING)
    read_on = s.DateField()


class ReadingBulkSerializer(s.Serializer):
    readings = ReadingCreateSerializer(many=True, allow_empty=False, max_length=5000)


class ReadingCorrectSerializer(s.Serializer):
    value = s.DecimalField(**READING)
    reason = s.CharField(max_length=200)


class ReasonSerializer(s.Serializer):
    reason = s.CharField(max_length=200)


PROBLEMS = inline_serializer(
    "ReadingProblems",
    fields={
        "code": s.CharField(),
        "message": s.CharField(),
        "fields": s.DictField(),
        "problems": inline_serializer(
            "ReadingProblem",
            fields={
                "row": s.IntegerField(allow_null=True),
                "unit": s.CharField(),
                "meter": s.CharField(),
                "meter_id": s.IntegerField(allow_null=True),
                "field": s.CharField(),
                "message": s.CharField(),
            },
            many=True,
            required=False,  # a refused reading lists them; a missing field is the usual error body
        ),
    },
)


def _problems(exc: meter_services.ReadingProblems) -> Response:
    return Response(
        {
            "code": exc.code,
            "message": str(exc.message),
            "fields": {"readings": [str(p) for p in exc.problems]},
            "problems": [p.as_dict() for p in exc.problems],
        },
        status=http.HTTP_400_BAD_REQUEST,
    )


# ---------------------------------------------------------------- meters


class MeterViewSet(ForUserViewSet):
    queryset = Meter.objects.select_related("unit__building").order_by("unit_id", "kind", "id")
    serializer_class = MeterSerializer
    required_perm = "billing.view_meter"
    filterset_fields = ["project", "unit", "kind", "number"]

    @extend_schema(request=MeterCreateSerializer, responses={201: MeterSerializer})
    def create(self, request):
        """Register a meter of a unit with its start reading (billing.add_meter)."""
        unit = target(request, "unit", Unit.objects, "billing.add_meter")
        d = valid(MeterCreateSerializer, request)
        meter = meter_services.register_meter(
            unit=unit,
            kind=d["kind"],
            number=d["number"],
            multiplier=d["multiplier"],
            installed_on=d["installed_on"],
            start_value=d["start_value"],
            source=ReadingSource.API,
            actor=request.user,
        )
        return Response(MeterSerializer(meter).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=MeterChangeSerializer, responses={201: MeterSerializer})
    @action(detail=True, methods=["post"])
    def change(self, request, pk=None):
        """换表: the old meter's final reading takes it out, the new meter goes in with its start reading
        (billing.change_meter). Answers the new meter."""
        meter = detail_write(self, "billing.change_meter")
        d = valid(MeterChangeSerializer, request)
        new = meter_services.change_meter(meter=meter, source=ReadingSource.API, actor=request.user, **d)
        return Response(MeterSerializer(new).data, status=http.HTTP_201_CREATED)


# ---------------------------------------------------------------- readings


class MeterReadingViewSet(ForUserViewSet):
    queryset = MeterReading.objects.select_related("meter", "unit__building", "replaced_by").order_by(
        "-read_on", "-id"
    )
    serializer_class = ReadingSerializer
    required_perm = "billing.view_meterreading"
    filterset_fields = ["project", "meter", "unit", "read_on", "kind"]

    @extend_schema(
        request=ReadingCreateSerializer,
        responses={201: ReadingSerializer, 200: ReadingSerializer, 400: PROBLEMS},
    )
    def create(self, request):
        """Record one reading (billing.add_meterreading). Lower than the meter's previous reading, before its
        day, or in the future: refused. The same value on the same day again: 200 with the recorded one."""
        meter = target(
            request, "meter", Meter.objects.select_related("unit__building"), "billing.add_meterreading"
        )
        d = valid(ReadingCreateSerializer, request)
        try:
            reading = meter_services.record_reading(
                meter=meter,
                value=d["value"],
                read_on=d["read_on"],
                source=ReadingSource.API,
                actor=request.user,
            )
        except meter_services.ReadingProblems as exc:
            return _problems(exc)
        if reading is None:
            existing = meter_selectors.latest_readings([meter.pk])[meter.pk]
            return Response(ReadingSerializer(existing).data)
        return Response(ReadingSerializer(reading).data, status=http.HTTP_201_CREATED)

    @extend_schema(
        request=ReadingBulkSerializer,
        responses={
            201: inline_serializer(
                "ReadingsRecorded",
                fields={"recorded": ReadingSerializer(many=True), "unchanged": s.IntegerField()},
            ),
            400: PROBLEMS,
        },
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Record many readings, all or none: any refused reading refuses the list, with every problem."""
        d = valid(ReadingBulkSerializer, request)
        ids = {row["meter"] for row in d["readings"]}
        meters = {
            m.pk: m
            for m in Meter.objects.for_user(request.user)
            .select_related("unit__building", "project")
            .filter(pk__in=ids)
        }
        if len(meters) != len(ids):
            get_object_for_user(
                Meter.objects, request.user, min(ids - set(meters))
            )  # 404 for the first unseen
        for project in {m.project for m in meters.values()}:
            require_project_perm(request.user, project, "billing.add_meterreading")
        entries = [
            meter_services.ReadingInput(meters[row["meter"]], row["value"], row["read_on"], row=n)
            for n, row in enumerate(d["readings"], start=1)
        ]
        try:
            recorded = meter_services.record_readings(
                entries=entries, source=ReadingSource.API, actor=request.user
            )
        except meter_services.ReadingProblems as exc:
            return _problems(exc)
        return Response(
            {
                "recorded": ReadingSerializer(recorded.readings, many=True).data,
                "unchanged": recorded.unchanged,
            },
            status=http.HTTP_201_CREATED,
        )

    @extend_schema(request=ReadingCorrectSerializer, responses={201: ReadingSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """Correct a reading with the right value and a reason (billing.correct_meterreading); a billed one
        settles the difference on its bill."""
        reading = detail_write(self, "billing.correct_meterreading")
        d = valid(ReadingCorrectSerializer, request)
        correction = meter_services.correct_reading(
            reading=reading,
            value=d["value"],
            reason=d["reason"],
            source=ReadingSource.API,
            actor=request.user,
        )
        return Response(ReadingSerializer(correction).data, status=http.HTTP_201_CREATED)

    @extend_schema(request=ReasonSerializer, responses={201: ReadingSerializer})
    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void a reading entered by mistake, with the reason (billing.correct_meterreading)."""
        reading = detail_write(self, "billing.correct_meterreading")
        d = valid(ReasonSerializer, request)
        void = meter_services.void_reading(
            reading=reading, reason=d["reason"], source=ReadingSource.API, actor=request.user
        )
        return Response(ReadingSerializer(void).data, status=http.HTTP_201_CREATED)


# ---------------------------------------------------------------- one-off charges


class OneOffChargeSerializer(s.ModelSerializer):
    unit_label = s.CharField(source="unit.label", read_only=True)
    item_name = s.CharField(source="item.name", read_only=True)
    outstanding = s.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Bill
        fields = [
            "id",
            "project",
            "unit",
            "unit_label",
            "item",
            "item_name",
            "reference",
            "description",
            "amount",
            "outstanding",
            "due_on",
            "created_by",
            "created_at",
        ]


class OneOffCreateSerializer(s.Serializer):
    unit = s.IntegerField()
    item = s.IntegerField()
    amount = s.DecimalField(max_digits=14, decimal_places=2, min_value=0, max_value=MAX_AMOUNT)
    reason = s.CharField(max_length=200)


class OneOffChargeViewSet(ForUserViewSet):
    queryset = selectors.with_balances(
        Bill.objects.filter(item__kind=ChargeKind.ONE_OFF, reference__startswith="YC").select_related(
            "unit__building", "item"
        )
    ).order_by("-created_at", "-id")
    serializer_class = OneOffChargeSerializer
    required_perm = "billing.view_bill"
    filterset_fields = ["project", "unit", "item"]

    @extend_schema(request=OneOffCreateSerializer, responses={201: OneOffChargeSerializer})
    def create(self, request):
        """一次性收费: charge a unit once with a one-off item, the amount and the reason (billing.add_bill)."""
        unit = target(request, "unit", Unit.objects, "billing.add_bill")
        d = valid(OneOffCreateSerializer, request)
        item = ChargeItem.objects.filter(project_id=unit.project_id, pk=d["item"]).first()
        if item is None:
            raise ServiceError(_("Choose a one-off charge item of this project."), field="item")
        bill = services.add_one_off_charge(
            unit=unit, item=item, amount=d["amount"], reason=d["reason"], actor=request.user
        )
        return Response(
            OneOffChargeSerializer(self.get_queryset().get(pk=bill.pk)).data, status=http.HTTP_201_CREATED
        )
