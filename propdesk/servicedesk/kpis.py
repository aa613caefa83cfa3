"""Service desk KPIs (SPEC §10, the request rows): one list of rows for any period and set of projects.

Every figure is a set-based aggregate (conditional `COUNT(...) FILTER (WHERE ...)`); the whole
computation is at most nine queries whatever the number of requests. Deadlines are not recomputed here: the
arrival, class-deadline, complaint feedback and resolution rows read the SLA engine's clocks
(a clock that stopped on time is met; one breached — or still running past its due time — is a miss;
an excused breach stays in the denominator, as in the SLA overview).

Period attribution: requests by their intake time; clocks by their start; callbacks by the time they
were made; the callback rate by the time the request was completed; surveys by their end date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.sla.choices import ClockState, TargetCode
from propdesk.sla.models import SlaClock, SlaPolicy

from .choices import CallbackMethod, Channel, ComplaintState, RequestKind, Satisfaction
from .models import Callback, ServiceRequest
from .models_survey import SurveyCampaign, SurveyState

# Kinds that are called back after completion (SPEC §2.4: repairs incl. emergencies, complaints, paid services).
CALLBACK_KINDS = [RequestKind.REPAIR, RequestKind.COMPLAINT, RequestKind.PAID_SERVICE]
VALID_COMPLAINT = [
    ComplaintState.ASSIGNED,
    ComplaintState.ANSWERED,
    ComplaintState.SIGNED_OFF,
    ComplaintState.ARCHIVED,
]
OCCUPIED_STATUSES = ["occupied", "rented"]  # registry UnitStatus: somebody lives there

GROUPS = {
    "volume": _("Requests"),
    "repairs": _("Repairs"),
    "callbacks": _("Callbacks and satisfaction"),
    "complaints": _("Complaints"),
    "survey": _("Satisfaction survey"),
}


@dataclass
class KpiRow:
    code: str
    group: str
    label: str
    numerator: int
    denominator: int
    target: float | None = None  # percent
    at_most: bool = False  # the target is a ceiling (phone share about 30%)

    @property
    def rate(self) -> float | None:
        if not self.denominator:
            return None
        return round(100.0 * self.numerator / self.denominator, 1)

    @property
    def meets(self) -> bool | None:
        if self.target is None or self.rate is None:
            return None
        return self.rate <= self.target if self.at_most else self.rate >= self.target

    @property
    def group_label(self) -> str:
        return str(GROUPS[self.group])

    def as_dict(self) -> dict:
        return asdict(self) | {
            "label": str(self.label),
            "rate": self.rate,
            "meets": self.meets,
            "group_label": self.group_label,
        }


def _clock_counts(project_ids, start, end, now) -> dict[tuple[str, str], dict]:
    """Met / missed per (target code, request kind) for clocks started in the period: 2 queries."""
    kinds = dict(SlaPolicy.objects.filter(project_id__in=project_ids).values_list("pk", "subject_kind"))
    late = Q(state=ClockState.BREACHED) | Q(state__in=[ClockState.RUNNING, ClockState.PAUSED], due_at__lt=now)
    rows = (
        SlaClock.objects.filter(
            project_id__in=project_ids,
            subject_type=ContentType.objects.get_for_model(ServiceRequest),
            code__in=[TargetCode.ARRIVE, TargetCode.RESOLVE, TargetCode.FEEDBACK, TargetCode.CALLBACK],
            started_at__gte=start,
            started_at__lt=end,
        )
        .values("code", "policy_id")
        .annotate(
            met=Count("id", filter=Q(state=ClockState.MET)),
            late=Count("id", filter=late),
            excused=Count("id", filter=Q(state=ClockState.EXCUSED)),
        )
        .order_by()
    )
    out: dict[tuple[str, str], dict] = {}
    for row in rows:
        acc = out.setdefault(
            (row["code"], kinds.get(row["policy_id"], "")), {"met": 0, "late": 0, "excused": 0}
        )
        for key in ("met", "late", "excused"):
            acc[key] += row[key]
    return out


def _clock_row(code, group, label, counts, key) -> KpiRow:
    c = counts.get(key, {"met": 0, "late": 0, "excused": 0})
    return KpiRow(code, group, label, c["met"], c["met"] + c["late"] + c["excused"], target=100.0)


def compute(
    project_ids, start: dt.datetime, end: dt.datetime, *, now: dt.datetime | None = None
) -> list[KpiRow]:
    """All KPI rows for the projects in [start, end)."""
    project_ids = list(project_ids)
    now = now or timezone.now()
    rows: list[KpiRow] = []

    # 1. Requests by kind and by channel (one grouped query).
    by = list(
        ServiceRequest.objects.filter(project_id__in=project_ids, received_at__gte=start, received_at__lt=end)
        .values("kind", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    total = sum(r["n"] for r in by)
    rows.append(KpiRow("requests", "volume", _("All requests"), total, total))
    for value, label in RequestKind.choices:
        n = sum(r["n"] for r in by if r["kind"] == value)
        rows.append(KpiRow(f"kind.{value}", "volume", label, n, total))
    for value, label in Channel.choices:
        n = sum(r["n"] for r in by if r["channel"] == value)
        rows.append(KpiRow(f"channel.{value}", "volume", label, n, total))

    # 2. Deadlines from the SLA clocks (policies + one grouped query).
    clocks = _clock_counts(project_ids, start, end, now)
    rows.append(
        _clock_row(
            "arrival",
            "repairs",
            _("Arrived within 20 minutes of dispatch"),
            clocks,
            (TargetCode.ARRIVE, "repair"),
        )
    )
    rows.append(
        _clock_row(
            "class_deadline",
            "repairs",
            _("Completed within the class deadline"),
            clocks,
            (TargetCode.RESOLVE, "repair"),
        )
    )

    # 3. Callback rate: completed requests that need a callback, and those that got one.
    # Two counts rather than an EXISTS inside COUNT(FILTER): in WHERE, PostgreSQL plans a semi-join.
    completed = ServiceRequest.objects.filter(
        project_id__in=project_ids, kind__in=CALLBACK_KINDS, resolved_at__gte=start, resolved_at__lt=end
    ).exclude(complaint__state=ComplaintState.INVALID)
    needing = {
        "total": completed.count(),
        "called": completed.filter(Exists(Callback.objects.filter(request_id=OuterRef("pk")))).count(),
    }
    rows.append(
        KpiRow(
            "callback_rate",
            "callbacks",
            _("Completed requests called back"),
            needing["called"],
            needing["total"],
            100.0,
        )
    )

    # 4. Callbacks made in the period: method split and satisfaction.
    cb = Callback.objects.filter(project_id__in=project_ids, done_at__gte=start, done_at__lt=end).aggregate(
        total=Count("id"),
        door=Count("id", filter=Q(method=CallbackMethod.DOOR_VISIT)),
        phone=Count("id", filter=Q(method=CallbackMethod.PHONE)),
        satisfied=Count("id", filter=Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.FAIR])),
    )
    rows.append(
        KpiRow("door_share", "callbacks", _("Callbacks by door visit"), cb["door"], cb["total"], 70.0)
    )
    rows.append(
        KpiRow(
            "phone_share", "callbacks", _("Callbacks by phone"), cb["phone"], cb["total"], 30.0, at_most=True
        )
    )
    rows.append(
        KpiRow(
            "satisfaction", "callbacks", _("Satisfied at the callback"), cb["satisfied"], cb["total"], 95.0
        )
    )
    rows.append(
        _clock_row(
            "callback_in_time",
            "callbacks",
            _("Complaint callbacks within 24 hours"),
            clocks,
            (TargetCode.CALLBACK, "complaint"),
        )
    )

    # 5. Complaints: feedback in 24 h and resolution in 12 days (clocks), validity (one query).
    rows.append(
        _clock_row(
            "complaint_feedback",
            "complaints",
            _("Feedback within 24 hours"),
            clocks,
            (TargetCode.FEEDBACK, "complaint"),
        )
    )
    rows.append(
        _clock_row(
            "complaint_resolution",
            "complaints",
            _("Resolved within 12 days"),
            clocks,
            (TargetCode.RESOLVE, "complaint"),
        )
    )
    complaints = ServiceRequest.objects.filter(
        project_id__in=project_ids, kind=RequestKind.COMPLAINT, received_at__gte=start, received_at__lt=end
    ).aggregate(
        decided=Count(
            "id", filter=Q(complaint__isnull=False) & ~Q(complaint__state=ComplaintState.REGISTERED)
        ),
        valid=Count("id", filter=Q(complaint__state__in=VALID_COMPLAINT)),
    )
    rows.append(
        KpiRow(
            "valid_complaints",
            "complaints",
            _("Valid complaints"),
            complaints["valid"],
            complaints["decided"],
        )
    )

    # 6. Survey coverage: units answered ÷ occupied units, over campaigns ending in the period.
    campaigns = (
        SurveyCampaign.objects.filter(
            project_id__in=project_ids,
            state__in=[SurveyState.OPEN, SurveyState.CLOSED],
            ends_on__gte=timezone.localtime(start).date(),
            ends_on__lt=timezone.localtime(end).date(),
        )
        .annotate(answered=Count("responses"))
        .values_list("occupied_units", "answered")
    )
    survey = {"occupied": 0, "answered": 0}
    for occupied, answered in campaigns:
        survey["occupied"] += occupied
        survey["answered"] += answered
    rows.append(
        KpiRow(
            "survey_coverage",
            "survey",
            _("Occupied units reached by the survey"),
            survey["answered"],
            survey["occupied"],
            95.0,
        )
    )
    return rows
