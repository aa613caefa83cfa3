"""Service desk KPIs (SPEC §10, the request rows): one list of rows for any period and set of projects.

Every figure is a set-based aggregate (conditional `COUNT(...) FILTER (WHERE ...)`); the whole
computation is at most twelve queries (nine for the figures, three for the targets and the
satisfaction setting) whatever the number of requests. Deadlines are not recomputed here: the
dispatch, arrival, class-deadline, complaint feedback and resolution rows read the SLA engine's clocks
(a clock that stopped on time is met; one breached — or still running past its due time — is a miss;
an excused breach stays in the denominator, as in the SLA overview).

Period attribution: requests by their intake time; clocks by their start; callbacks by the time they
were made; the callback rate by the time the request was completed; surveys by their end date.

Exact daily roll-ups (models/kpis.py). Every figure above except the survey and the running clocks is a
sum over the rows attributed to it, so it is the sum of per-day counts. `services.kpi_rollups.refresh()` (the periodic job
`refresh_kpis`) stores the counts of whole UTC days that are over (`KpiCount`, `KpiDay`). `compute()` takes
a day from the roll-up only while that day has a `KpiDay` row and no `KpiDirty` row; everything else in
the period — its partial first and last days, today, days not built yet, days a write has touched since
they were built — is counted from the tables with the same queries (`_counts`), so the two sources never
overlap and never leave a gap. Database triggers (kpi_triggers.py) write the `KpiDirty` rows in the same
transaction as any write that can change a day's figures, however it is made; clocks still running or
paused are never rolled up (whether they are late depends on now) and are always counted live.
`compute_direct()` is the straightforward computation from the tables alone; the tests compare the two.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import asdict, dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.sla.choices import ClockState, TargetCode
from propdesk.sla.models import SlaClock, SlaPolicy

from .choices import CallbackMethod, Channel, ComplaintState, RequestKind, Satisfaction
from .kpi_targets import AT_MOST, fair_counting_projects, targets_for
from .models import Callback, KpiCount, KpiDay, KpiDirty, ServiceRequest, SurveyCampaign, SurveyState

# Kinds that are called back after completion (SPEC §2.4: repairs incl. emergencies, complaints, paid services).
CALLBACK_KINDS = [RequestKind.REPAIR, RequestKind.COMPLAINT, RequestKind.PAID_SERVICE]
VALID_COMPLAINT = [
    ComplaintState.ASSIGNED,
    ComplaintState.ANSWERED,
    ComplaintState.SIGNED_OFF,
    ComplaintState.ARCHIVED,
]
OCCUPIED_STATUSES = ["occupied", "rented"]  # registry UnitStatus: somebody lives there
CLOCK_CODES = [
    TargetCode.DISPATCH,
    TargetCode.ARRIVE,
    TargetCode.RESOLVE,
    TargetCode.FEEDBACK,
    TargetCode.CALLBACK,
]
LIVE_CLOCK_STATES = [ClockState.RUNNING, ClockState.PAUSED]  # late or not depends on now: never rolled up
FINAL_CLOCK_STATES = [ClockState.MET, ClockState.BREACHED, ClockState.EXCUSED]
UTC = dt.UTC

logger = logging.getLogger(__name__)

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


# --- counting ------------------------------------------------------------------------------
#
# Figures are kept in a Counter under string codes, the same in the roll-up table and live:
#   req|<kind>|<channel>                 requests received
#   clk|<code>|<policy id>|met|late|excused   clocks started (late: breached, or running/paused past due)
#   cbr|total, cbr|called                completed requests needing a callback, those called back
#   cb|total, cb|sat, cb|fair|<project>  callbacks made: all, satisfied, "fair" (per project)
#   cb|rc, cb|door, cb|phone             repair and complaint callbacks made, by door visit, by phone
#   cmp|decided, cmp|valid               complaints received whose validity is decided, the valid ones

Spans = dict[int, list[tuple[dt.datetime, dt.datetime]]]


def _in_spans(field: str, spans: Spans) -> Q | None:
    """Rows of these projects whose `field` falls in one of their [from, to) spans; None if no span."""
    q = None
    for project_id, ranges in spans.items():
        if not ranges:
            continue
        within = None
        for a, b in ranges:
            one = Q(**{f"{field}__gte": a, f"{field}__lt": b})
            within = one if within is None else within | one
        part = Q(project_id=project_id) & within
        q = part if q is None else q | part
    return q


def _counts(spans: Spans, *, now: dt.datetime, by_day: bool, live_clocks: Q | None = None) -> dict:
    """{day or None: Counter} of every figure for the rows in the spans (by UTC day when `by_day`).

    Live (by_day False): clocks in any state, late = breached or running/paused past `now`, plus the
    running/paused clocks matched by `live_clocks`. Roll-up (by_day True): only clocks in a final state.
    At most five queries; none for an empty set of spans.
    """
    out: dict = {}

    def add(day, code, n):
        if n:
            out.setdefault(day, Counter())[code] += n

    def grouped(qs, field, *fields):
        if by_day:
            qs = qs.annotate(kpi_day=TruncDate(field, tzinfo=UTC))
            return qs.values("kpi_day", *fields)
        return qs.values(*fields) if fields else qs.values()

    day_of = (lambda row: row["kpi_day"]) if by_day else (lambda row: None)

    # Requests by kind and channel.
    received = _in_spans("received_at", spans)
    if received is not None:
        for row in (
            grouped(ServiceRequest.objects.filter(received), "received_at", "kind", "channel")
            .annotate(n=Count("id"))
            .order_by()
        ):
            add(day_of(row), f"req|{row['kind']}|{row['channel']}", row["n"])

    # Clocks.
    clocks_q = _in_spans("started_at", spans)
    if by_day and clocks_q is not None:
        clocks_q &= Q(state__in=FINAL_CLOCK_STATES)
    if live_clocks is not None:
        clocks_q = live_clocks if clocks_q is None else clocks_q | live_clocks
    if clocks_q is not None:
        late = Q(state=ClockState.BREACHED) | Q(state__in=LIVE_CLOCK_STATES, due_at__lt=now)
        qs = SlaClock.objects.filter(
            clocks_q, subject_type=ContentType.objects.get_for_model(ServiceRequest), code__in=CLOCK_CODES
        )
        for row in (
            grouped(qs, "started_at", "code", "policy_id")
            .annotate(
                met=Count("id", filter=Q(state=ClockState.MET)),
                late=Count("id", filter=late),
                excused=Count("id", filter=Q(state=ClockState.EXCUSED)),
            )
            .order_by()
        ):
            for key in ("met", "late", "excused"):
                add(day_of(row), f"clk|{row['code']}|{row['policy_id']}|{key}", row[key])

    # Callback rate by completion: the requests that need a callback, and those that got one.
    resolved = _in_spans("resolved_at", spans)
    if resolved is not None:
        qs = (
            ServiceRequest.objects.filter(resolved, kind__in=CALLBACK_KINDS)
            .exclude(complaint__state=ComplaintState.INVALID)
            # A correlated scalar subquery with LIMIT 1 (one index probe per request), not EXISTS: in a
            # select list PostgreSQL may turn EXISTS into a hashed subplan that reads all callbacks.
            .annotate(
                first_callback=Subquery(
                    Callback.objects.filter(request_id=OuterRef("pk")).order_by().values("pk")[:1]
                )
            )
        )
        figures = dict(total=Count("id"), done=Count("id", filter=Q(first_callback__isnull=False)))
        rows = (
            grouped(qs, "resolved_at").annotate(**figures).order_by() if by_day else [qs.aggregate(**figures)]
        )
        for row in rows:
            add(day_of(row), "cbr|total", row["total"])
            add(day_of(row), "cbr|called", row["done"])

    # Callbacks made: method split and satisfaction.
    done = _in_spans("done_at", spans)
    if done is not None:
        # The door/phone split is over repair and complaint callbacks, as the seed counts it (回访流程
        # 5.1: 投诉和维修…回访率须达100，其中上门回访不低于70，电话回访30左右); "fair" is kept per
        # project: whether it counts as satisfied is each project's setting (kpi_targets).
        split = Q(request__kind__in=[RequestKind.REPAIR, RequestKind.COMPLAINT])
        figures = dict(
            total=Count("id"),
            sat=Count("id", filter=Q(satisfaction=Satisfaction.SATISFIED)),
            rc=Count("id", filter=split),
            door=Count("id", filter=split & Q(method=CallbackMethod.DOOR_VISIT)),
            phone=Count("id", filter=split & Q(method=CallbackMethod.PHONE)),
            fair=Count("id", filter=Q(satisfaction=Satisfaction.FAIR)),
        )
        qs = Callback.objects.filter(done)
        rows = grouped(qs, "done_at", "project_id").annotate(**figures).order_by()
        for row in rows:
            for key in figures:
                code = f"cb|fair|{row['project_id']}" if key == "fair" else f"cb|{key}"
                add(day_of(row), code, row[key])

    # Complaint validity by intake.
    if received is not None:
        figures = dict(
            decided=Count(
                "id", filter=Q(complaint__isnull=False) & ~Q(complaint__state=ComplaintState.REGISTERED)
            ),
            valid=Count("id", filter=Q(complaint__state__in=VALID_COMPLAINT)),
        )
        qs = ServiceRequest.objects.filter(received, kind=RequestKind.COMPLAINT)
        rows = (
            grouped(qs, "received_at").annotate(**figures).order_by() if by_day else [qs.aggregate(**figures)]
        )
        for row in rows:
            for key in figures:
                add(day_of(row), f"cmp|{key}", row[key])
    return out


# --- the roll-up ---------------------------------------------------------------------------


def _utc_days(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """[first, last) UTC days lying wholly inside [start, end)."""
    s, e = start.astimezone(UTC), end.astimezone(UTC)
    first = s.date() if s.time() == dt.time(0) else s.date() + dt.timedelta(days=1)
    return first, e.date()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=UTC)


def _runs(days) -> list[tuple[dt.date, dt.date]]:
    """Sorted days → [first, last] runs of consecutive days."""
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] + dt.timedelta(days=1) == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def _from_rollup(project_ids, start, end) -> tuple[Counter, dict[int, list[tuple[dt.date, dt.date]]]]:
    """The roll-up's counts for the clean built days inside the period, and those days (runs per project).

    One statement, so the days and their counts come from one snapshot: a refresh or `forget` committing
    meanwhile cannot make a day count as covered without its counts (or the reverse).
    """
    first, last = _utc_days(start, end)
    if first >= last or not project_ids:
        return Counter(), {}
    marks = ", ".join(["%s"] * len(project_ids))
    clean = (
        f"d.project_id IN ({marks}) AND d.day >= %s AND d.day < %s AND NOT EXISTS ("
        f"SELECT 1 FROM {KpiDirty._meta.db_table} x WHERE x.project_id = d.project_id AND x.day = d.day)"
    )
    # The clean days once (a CTE used twice is computed once), then their counts summed by code.
    sql = (
        f"WITH days AS (SELECT d.project_id, d.day FROM {KpiDay._meta.db_table} d WHERE {clean}) "
        f"SELECT project_id, day, NULL, NULL FROM days "
        f"UNION ALL "
        f"SELECT NULL, NULL, c.code, SUM(c.n) FROM days "
        f"JOIN {KpiCount._meta.db_table} c ON c.project_id = days.project_id AND c.day = days.day "
        f"GROUP BY c.code"
    )
    params = [*project_ids, first, last]
    per_project: dict[int, list[dt.date]] = {}
    counts: Counter = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for project_id, day, code, n in cursor.fetchall():
            if code is None:
                if isinstance(day, str):  # SQLite
                    day = dt.date.fromisoformat(day)
                per_project.setdefault(project_id, []).append(day)
            else:
                counts[code] += int(n)
    return counts, {p: _runs(d) for p, d in per_project.items()}


def _live_spans(project_ids, start, end, covered) -> Spans:
    """[start, end) minus each project's covered days."""
    spans: Spans = {}
    for project_id in project_ids:
        cursor, out = start, []
        for a, b in covered.get(project_id, []):
            if _midnight(a) > cursor:
                out.append((cursor, _midnight(a)))
            cursor = _midnight(b + dt.timedelta(days=1))
        if cursor < end:
            out.append((cursor, end))
        spans[project_id] = out
    return spans


# --- rows ------------------------------------------------------------------------------------


def _clock_counts(project_ids, counts: Counter) -> dict[tuple[str, str], dict]:
    """Met / missed per (target code, request kind), from the clk| figures (1 query: the policies)."""
    kinds = dict(SlaPolicy.objects.filter(project_id__in=project_ids).values_list("pk", "subject_kind"))
    out: dict[tuple[str, str], dict] = {}
    for code, n in counts.items():
        if not code.startswith("clk|"):
            continue
        _c, target, policy_id, key = code.split("|")
        acc = out.setdefault((target, kinds.get(int(policy_id), "")), {"met": 0, "late": 0, "excused": 0})
        acc[key] += n
    return out


def _clock_row(code, group, label, counts, key) -> KpiRow:
    c = counts.get(key, {"met": 0, "late": 0, "excused": 0})
    return KpiRow(code, group, label, c["met"], c["met"] + c["late"] + c["excused"])


def compute(
    project_ids, start: dt.datetime, end: dt.datetime, *, now: dt.datetime | None = None
) -> list[KpiRow]:
    """All KPI rows for the projects in [start, end): clean roll-up days plus the rest counted live."""
    project_ids = list(project_ids)
    now = now or timezone.now()
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            # Small, index-driven queries: JIT compilation would cost more than it saves.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return _compute(project_ids, start, end, now)


def _compute(project_ids, start, end, now) -> list[KpiRow]:
    counts, covered = _from_rollup(project_ids, start, end)
    spans = _live_spans(project_ids, start, end, covered)
    live_clocks = Q(
        project_id__in=project_ids, state__in=LIVE_CLOCK_STATES, started_at__gte=start, started_at__lt=end
    )
    for counter in _counts(spans, now=now, by_day=False, live_clocks=live_clocks).values():
        counts.update(counter)
    return _rows(project_ids, start, end, counts)


def compute_direct(
    project_ids, start: dt.datetime, end: dt.datetime, *, now: dt.datetime | None = None
) -> list[KpiRow]:
    """The same rows counted from the tables alone (no roll-up): the reference for the tests."""
    project_ids = list(project_ids)
    now = now or timezone.now()
    counts: Counter = Counter()
    for counter in _counts({p: [(start, end)] for p in project_ids}, now=now, by_day=False).values():
        counts.update(counter)
    return _rows(project_ids, start, end, counts)


def _rows(project_ids, start, end, counts: Counter) -> list[KpiRow]:
    rows: list[KpiRow] = []

    # 1. Requests by kind and by channel.
    req = {tuple(code.split("|")[1:]): n for code, n in counts.items() if code.startswith("req|")}
    total = sum(req.values())
    rows.append(KpiRow("requests", "volume", _("All requests"), total, total))
    for value, label in RequestKind.choices:
        n = sum(v for (kind, _ch), v in req.items() if kind == value)
        rows.append(KpiRow(f"kind.{value}", "volume", label, n, total))
    for value, label in Channel.choices:
        n = sum(v for (_k, channel), v in req.items() if channel == value)
        rows.append(KpiRow(f"channel.{value}", "volume", label, n, total))

    # 2. Deadlines from the SLA clocks.
    clocks = _clock_counts(project_ids, counts)
    # 接修流程 5.1 "接到報修後，20分鐘趕到現場": the report dispatched within 20 minutes, then the technician
    # on site within 20 minutes of the dispatch.
    rows.append(
        _clock_row(
            "dispatch",
            "repairs",
            _("Dispatched within 20 minutes of the report"),
            clocks,
            (TargetCode.DISPATCH, "repair"),
        )
    )
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
    rows.append(
        KpiRow(
            "callback_rate",
            "callbacks",
            _("Completed requests called back"),
            counts["cbr|called"],
            counts["cbr|total"],
        )
    )

    # 4. Callbacks made in the period: method split and satisfaction.
    rows.append(
        KpiRow(
            "door_share",
            "callbacks",
            _("Callbacks by door visit"),
            counts["cb|door"],
            counts["cb|rc"],
        )
    )
    rows.append(
        KpiRow(
            "phone_share",
            "callbacks",
            _("Callbacks by phone"),
            counts["cb|phone"],
            counts["cb|rc"],
        )
    )
    rows.append(
        KpiRow(
            "satisfaction",
            "callbacks",
            _("Satisfied at the callback"),
            counts["cb|sat"] + sum(counts[f"cb|fair|{p}"] for p in fair_counting_projects(project_ids)),
            counts["cb|total"],
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

    # 5. Complaints: feedback in 24 h and resolution in 12 days (clocks), validity.
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
    rows.append(
        KpiRow(
            "valid_complaints",
            "complaints",
            _("Valid complaints"),
            counts["cmp|valid"],
            counts["cmp|decided"],
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
        )
    )
    # Targets are data (kpi_targets): the ones in force on the period's last day.
    targets = targets_for(project_ids, timezone.localtime(end - dt.timedelta(microseconds=1)).date())
    for row in rows:
        if row.code in targets:
            row.target = targets[row.code]
            row.at_most = row.code in AT_MOST
    return rows
