"""N historical owner requests over the last 12 months on the generated units, with their timeline
events, work orders, complaint reports, callbacks, SLA clocks (met or breached, breaches recorded)
and per-day number counters."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from propdesk.core.models import Department, Position, User
from propdesk.core.services import add_membership
from propdesk.registry.models import Ownership
from propdesk.sla import clockmath
from propdesk.sla.calendars import spec_for
from propdesk.sla.models import Breach, Calendar, ClockEvent, SlaClock, SlaPolicy, SubjectEvent

from ..choices import NUMBER_PREFIX
from ..models import (
    Callback,
    Category,
    Complaint,
    RequestCounter,
    RequestEvent,
    ServiceRequest,
    WorkOrder,
)
from ..services.kpi_rollups import forget
from .writer import Writer, fast_inserts, reserve_ids

BATCH = 10_000  # requests per transaction (with their events, orders, clocks …)
OPEN_DAYS = 3  # requests of the last three days are still being worked on

KINDS = [("repair", 60), ("complaint", 8), ("inquiry", 15), ("suggestion", 4), ("praise", 3)]
KINDS += [("paid_service", 5), ("other", 5)]
CHANNELS = [("phone", 38), ("portal", 27), ("walk_in", 20), ("staff", 7), ("patrol", 5), ("written", 2)]
CHANNELS += [("cctv", 1)]
REPAIR_CATEGORIES = [
    ("water", 20),
    ("leak", 12),
    ("electric", 18),
    ("doors", 14),
    ("aircon", 10),
    ("lift", 6),
    ("power-outage", 3),
    ("water-outage", 2),
    ("heating", 3),
    ("curtain-wall", 2),
]
OTHER_CATEGORIES = [
    ("cleaning", 15),
    ("greening", 8),
    ("security", 10),
    ("parking", 15),
    ("noise", 15),
    ("fees", 15),
    ("service", 12),
    ("other", 10),
]
TEXTS = {
    "water": ["厨房水龙头漏水", "卫生间下水道堵塞", "马桶水箱不停流水", "洗手盆下水慢"],
    "leak": ["卫生间天花板渗水", "阳台墙角渗水发霉", "楼上漏水到我家客厅"],
    "electric": ["客厅灯不亮", "插座没电", "空开跳闸合不上", "楼道声控灯坏了"],
    "doors": ["入户门锁松动", "窗户关不严", "推拉门轨道卡住", "门禁卡刷不开"],
    "aircon": ["空调不制冷", "空调漏水", "空调外机噪音大"],
    "lift": ["电梯门关不上", "电梯运行有异响", "电梯按钮失灵"],
    "power-outage": ["整层停电", "家里突然停电"],
    "water-outage": ["家里停水了", "水压很低几乎没水"],
    "heating": ["暖气不热", "地暖不热"],
    "curtain-wall": ["幕墙玻璃缝渗水", "下雨窗边幕墙漏水"],
    "cleaning": ["楼道垃圾没清", "电梯厅地面很脏"],
    "greening": ["绿化带杂草太多", "树枝挡住窗户"],
    "security": ["陌生人在楼道逗留", "单元门常开没人管"],
    "parking": ["车位被占用", "地库车辆乱停"],
    "noise": ["楼上装修噪音太大", "晚上广场舞噪音扰民"],
    "fees": ["物业费账单有疑问", "水电分摊不清楚"],
    "service": ["前台人员态度不好", "维修师傅没按时上门"],
    "other": ["咨询快递柜使用", "建议增加充电桩"],
}
DEPT_OF = {
    "water": "engineering",
    "cleaning": "environment",
    "greening": "environment",
    "security": "security",
    "parking": "security",
    "noise": "security",
    "fees": "finance",
    "service": "customer_service",
}
STAFF = [
    ("center_director", 1),
    ("cs_supervisor", 1),
    ("frontdesk_assistant", 6),
    ("butler", 8),
    ("dispatcher", 2),
    ("engineering_supervisor", 1),
    ("technician", 24),
]


def _pick(rng, table):
    values = [v for v, _w in table]
    weights = [w for _v, w in table]
    return lambda: rng.choices(values, weights)[0]


# The year's shape (seasonal=True): more requests in winter and summer, pipes and heating in winter,
# air conditioning in summer.
MONTH_VOLUME = {1: 12, 2: 10, 3: 8, 4: 7, 5: 8, 6: 10, 7: 12, 8: 12, 9: 8, 10: 7, 11: 8, 12: 11}
WINTER = {"water": 1.8, "leak": 1.3, "heating": 5.0, "aircon": 0.3, "water-outage": 1.5}
SUMMER = {"aircon": 4.0, "power-outage": 2.0, "electric": 1.3, "heating": 0.1, "leak": 1.4}


def _season_categories(month: int) -> list[tuple[str, float]]:
    factor = WINTER if month in (12, 1, 2) else SUMMER if month in (6, 7, 8) else {}
    return [(code, w * factor.get(code, 1.0)) for code, w in REPAIR_CATEGORIES]


def _season_starts(rng, total: int, now: dt.datetime, span: int):
    """Fractions of the year (0 = a year ago) drawn by the month's volume (rejection sampling)."""
    top = max(MONTH_VOLUME.values())
    out = []
    while len(out) < total:
        f = rng.random()
        month = (now - dt.timedelta(seconds=span * (1 - f))).month
        if rng.random() * top < MONTH_VOLUME[month]:
            out.append(f)
    return out


def _staff(gen) -> dict[str, list[int]]:
    project = gen.project
    out: dict[str, list[int]] = defaultdict(list)
    positions = {p.code: p for p in Position.objects.filter(code__in=[c for c, _n in STAFF])}
    for code, n in STAFF:
        for i in range(n):
            user = User.objects.create_user(
                username=f"{project.code}-{code}-{i + 1}",
                password=None,
                display_name=f"{positions[code].name}{i + 1}",
            )
            add_membership(user=user, project=project, position=positions[code])
            out[code].append(user.pk)
    return out


def generate_requests(gen) -> None:
    total = int(gen.options.get("requests") or 0)
    if total <= 0:
        return
    project, rng = gen.project, gen.rng
    tz = zoneinfo.ZoneInfo(project.timezone)
    now = timezone.now()
    staff = gen.options.get("staff")  # the demo brings its own people: {position code: [user ids]}
    if not staff:
        with transaction.atomic():
            staff = _staff(gen)
    receivers = staff["frontdesk_assistant"] + staff["butler"]
    cs, director = staff["cs_supervisor"][0], staff["center_director"][0]
    technicians, dispatchers = staff["technician"], staff["dispatcher"]
    categories = {c.code: c for c in Category.objects.filter(project=project)}
    departments = {d.kind: d.pk for d in Department.objects.filter(project=project)}
    owners = list(
        Ownership.objects.filter(project=project, ended_on__isnull=True)
        .order_by("unit_id")
        .values_list("unit_id", "party_id", "party__name", "party__phone")
    )
    if not owners:
        return
    # SLA: each policy's targets by code, the calendars' pure specs.
    policies = {}
    for policy in SlaPolicy.objects.filter(project=project, is_active=True).prefetch_related("targets"):
        policies[(policy.subject_kind, policy.repair_class)] = (
            policy,
            {t.code: t for t in policy.targets.all()},
        )
    calendars = {}
    for cal in Calendar.objects.filter(project=project).prefetch_related("intervals", "exceptions"):
        calendars[cal.pk] = spec_for(cal)
    default_cal = next(
        (calendars[c.pk] for c in Calendar.objects.filter(project=project, is_default=True)),
        clockmath.ALWAYS_OPEN,
    )

    def policy_for(kind: str, repair_class: str):
        for key in ((kind, repair_class), (kind, "")):
            if key in policies:
                return policies[key]
        return None

    def due(target, start):
        cal = calendars.get(target.calendar_id) if target.calendar_id else default_cal
        return clockmath.base_due(target.rule, target.value, start, cal, target.cutoff)

    request_ct = ContentType.objects.get_for_model(ServiceRequest)
    kind_of, channel_of = _pick(rng, KINDS), _pick(rng, CHANNELS)
    repair_cat, other_cat = _pick(rng, REPAIR_CATEGORIES), _pick(rng, OTHER_CATEGORIES)
    by_month = {m: _pick(rng, _season_categories(m)) for m in range(1, 13)}

    def seasonal_cat(month: int):
        return by_month[month]

    requests_w, events_w = Writer(ServiceRequest), Writer(RequestEvent)
    orders_w, callbacks_w, complaints_w = Writer(WorkOrder), Writer(Callback), Writer(Complaint)
    clocks_w, clock_events_w, breaches_w = Writer(SlaClock), Writer(ClockEvent), Writer(Breach)
    subject_events_w = Writer(SubjectEvent)
    # Numbers continue after any the project already gave (e.g. a request made while generating).
    counters: dict[tuple[str, dt.date], int] = defaultdict(int)
    existing = {(c.prefix, c.day): c for c in RequestCounter.objects.filter(project=project)}
    for key, counter in existing.items():
        counters[key] = counter.last

    # Received times: uniform over 365 days, office-heavy hours, in order (numbers follow time).
    span = 365 * 86400
    seasonal = bool(gen.options.get("seasonal"))
    starts = sorted(
        _season_starts(rng, total, now, span) if seasonal else (rng.random() for _ in range(total))
    )
    next_request = reserve_ids(ServiceRequest, total)
    next_order = reserve_ids(WorkOrder, total)
    next_clock = reserve_ids(SlaClock, 3 * total)
    made_orders = made_clocks = 0
    writers = [
        requests_w,
        events_w,
        orders_w,
        callbacks_w,
        complaints_w,
        clocks_w,
        clock_events_w,
        breaches_w,
        subject_events_w,
    ]

    replica = fast_inserts(True)
    try:
        for i, fraction in enumerate(starts):
            day_start = now - dt.timedelta(seconds=span * (1 - fraction))
            local = day_start.astimezone(tz)
            hour = rng.choices(range(7, 23), [2, 6, 9, 9, 8, 5, 6, 8, 8, 7, 6, 5, 5, 4, 3, 2])[0]
            received = local.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))
            if received > now:
                received = now - dt.timedelta(minutes=rng.randrange(1, 600))
                received = received.astimezone(tz)
            age = now - received
            is_open = age < dt.timedelta(days=OPEN_DAYS)
            kind, channel = kind_of(), channel_of()
            if seasonal:
                repair_cat = seasonal_cat(local.month)
            if kind == "repair":
                code = repair_cat()
            elif kind in ("complaint", "suggestion", "inquiry"):
                code = other_cat() if rng.random() < 0.7 else repair_cat()
            else:
                code = other_cat()
            category = categories.get(code)
            unit_id, party_id, party_name, party_phone = owners[rng.randrange(len(owners))]
            public = kind == "repair" and rng.random() < 0.12
            repair_class = ""
            repair_location = ""
            if kind == "repair":
                repair_class = (category.default_repair_class if category else "") or "general"
                repair_location = "public" if public else "in_unit"
            dept_kind = (category.department_kind if category else "") or DEPT_OF.get(code, "")
            department_id = departments.get(dept_kind)
            receiver = cs if channel == "portal" else rng.choice(receivers)
            day = received.date()
            prefix = NUMBER_PREFIX[kind]
            counters[(prefix, day)] += 1
            pk = next_request + i
            texts = TEXTS.get(code, TEXTS["other"])
            row = dict(
                id=pk,
                project_id=project.pk,
                number=f"{prefix}-{day:%Y%m%d}-{counters[(prefix, day)]:04d}",
                kind=kind,
                channel=channel,
                unit_id=None if public else unit_id,
                location="公共区域 " + rng.choice(["大堂", "地库", "电梯厅", "楼道", "花园"])
                if public
                else "",
                reporter_name=party_name if not public else "巡检员",
                reporter_phone=party_phone if not public else "",
                party_id=None if public else party_id,
                content=rng.choice(texts),
                category_id=category.pk if category else None,
                repair_location=repair_location,
                repair_class=repair_class,
                responsible_department_id=department_id,
                first_receiver_id=receiver,
                holder_id=receiver,
                apologized=False,
                received_at=received,
            )

            def event(kind_, at, actor, from_status="", to_status="", reason="", _pk=pk, **data):
                events_w.add(
                    project_id=project.pk,
                    request_id=_pk,
                    kind=kind_,
                    actor_id=actor,
                    at=at,
                    from_status=from_status,
                    to_status=to_status,
                    reason=reason,
                    data=data,
                )

            event("received", received, receiver, to_status="received", channel=channel)
            # How far the request got: open ones stop somewhere along the way.
            stage = 9 if not is_open else rng.choice([1, 2, 3, 4, 5, 9])
            t = received
            times: dict[str, dt.datetime] = {"received": received}
            technician = None
            complaint = None
            invalid_at = None
            if kind == "repair":
                technician = rng.choice(technicians)
                dispatcher = rng.choice(dispatchers)
                dispatched = t + dt.timedelta(minutes=rng.randint(3, 40))
                late = rng.random() < 0.06
                arrived = dispatched + dt.timedelta(
                    minutes=rng.randint(21, 55) if late else rng.randint(5, 19)
                )
                work = {"emergency": (30, 200), "small": (15, 120)}.get(repair_class, (60, 600))
                completed = arrived + dt.timedelta(minutes=rng.randint(*work))
                if repair_class == "general" and rng.random() < 0.3:
                    completed += dt.timedelta(days=rng.randint(1, 3))  # parts ordered
                returned = completed + dt.timedelta(minutes=rng.randint(30, 300))
                steps = [("dispatched", dispatched), ("arrived", arrived), ("completed", completed)]
                order = dict(
                    id=next_order + made_orders,
                    project_id=project.pk,
                    request_id=pk,
                    technician_id=technician,
                    dispatcher_id=dispatcher,
                    dispatched_at=dispatched,
                    work_done="",
                    labour_minutes=0,
                )
                state = "dispatched"
                for n_step, (name, at) in enumerate(steps, start=2):
                    if stage < n_step or at > now:
                        break
                    times[name] = at
                    if name == "dispatched":
                        event("dispatched", at, dispatcher, technician=technician)
                    elif name == "arrived":
                        order["accepted_at"] = at - dt.timedelta(minutes=2)
                        order["arrived_at"] = at
                        state = "arrived"
                        event("arrived", at, technician)
                    else:
                        order["completed_at"] = at
                        order["work_done"] = "已修复：" + row["content"]
                        order["labour_minutes"] = int((at - times["arrived"]).total_seconds() // 60)
                        state = "completed"
                        event("completed", at, technician)
                        if not public:
                            order["signed_at"] = at + dt.timedelta(minutes=1)
                            order["signer_name"] = party_name
                            state = "signed"
                        if stage >= 9 and returned <= now:
                            order["returned_at"] = returned
                            state = "returned"
                            event("slip_returned", returned, receiver)
                order["state"] = state
                if "dispatched" in times:
                    # An open repair not dispatched yet has no work order: it waits in the dispatch queue.
                    orders_w.add(**order)
                    made_orders += 1
                    row["status"] = "in_progress"
                resolved_at = times.get("completed")
            else:
                handled = t + dt.timedelta(
                    hours=rng.uniform(0.5, 20) if kind != "complaint" else rng.uniform(10, 24 * 10)
                )
                resolved_at = handled if (stage >= 4 and handled <= now) else None
                if kind == "complaint":
                    valid = rng.random() < 0.7
                    feedback = t + dt.timedelta(hours=rng.uniform(1, 30))
                    complaint = dict(project_id=project.pk, request_id=pk, state="registered")
                    if feedback <= now and stage >= 2:
                        times["feedback_given"] = feedback
                        event("feedback", feedback, receiver)
                        decided = t + dt.timedelta(hours=rng.uniform(0.5, 6))
                        complaint.update(decided_by_id=cs, decided_at=decided)
                        if valid:
                            times["accepted"] = decided
                            complaint.update(
                                state="assigned",
                                summary=row["content"],
                                department_id=department_id,
                            )
                            event("complaint_valid", decided, cs)
                        else:
                            complaint.update(
                                state="invalid",
                                explanation="经核实不属物业责任",
                                owner_response="业主表示理解",
                            )
                            event("complaint_invalid", decided, cs)
                            invalid_at = decided
                    if resolved_at is not None and valid and "accepted" in times:
                        resolved_at = max(resolved_at, times["accepted"] + dt.timedelta(hours=2))
                        complaint.update(state="answered", department_action="已处理", action_at=resolved_at)
                        event("department_action", resolved_at, cs)
                    if "accepted" not in times:
                        resolved_at = None  # not valid (closed below) or not decided yet
            if resolved_at is not None and resolved_at <= now:
                times["completed"] = resolved_at
                row["status"] = "resolved"
                row["resolved_at"] = resolved_at
                event("status_changed", resolved_at, row["holder_id"], "in_progress", "resolved")
                callback_at = resolved_at + dt.timedelta(hours=rng.uniform(1, 30))
                if stage >= 9 and callback_at <= now:
                    important = bool(category and category.requires_door_visit)
                    method = "door_visit" if important or rng.random() < 0.72 else "phone"
                    satisfaction = rng.choices(["satisfied", "fair", "unsatisfied"], [88, 8, 4])[0]
                    callbacks_w.add(
                        project_id=project.pk,
                        request_id=pk,
                        method=method,
                        satisfaction=satisfaction,
                        owner_words={"satisfied": "很满意", "fair": "还可以", "unsatisfied": "不太满意"}[
                            satisfaction
                        ],
                        done_by_id=cs,
                        done_at=callback_at,
                    )
                    times["callback_done"] = callback_at
                    event("callback", callback_at, cs, method=method, satisfaction=satisfaction)
                    if complaint is not None and "accepted" in times:
                        complaint.update(
                            state="archived",
                            signed_off_by_id=director,
                            signed_off_at=callback_at + dt.timedelta(hours=2),
                            archived_at=callback_at + dt.timedelta(hours=3),
                        )
                    closed = callback_at + dt.timedelta(minutes=rng.randint(1, 30))
                    row["status"], row["closed_at"] = "closed", closed
                    times["closed"] = closed
                    event("status_changed", closed, cs, "resolved", "closed")
            elif invalid_at is not None:
                row["status"], row["closed_at"] = "closed", invalid_at
                times["closed"] = invalid_at
                event("status_changed", invalid_at, cs, row["status"], "closed", reason="投诉不成立")
            elif not is_open and resolved_at is None:
                row["status"] = "cancelled"
                row["closed_at"] = received + dt.timedelta(hours=2)
                times["closed"] = row["closed_at"]
                event(
                    "status_changed", row["closed_at"], receiver, "received", "cancelled", reason="重复报事"
                )
            if complaint is not None:
                complaints_w.add(**complaint)
            requests_w.add(**row)

            # SLA clocks from the same times the seed policy uses.
            found = policy_for(kind, repair_class)
            if found is not None:
                policy, targets = found
                for code_, target in targets.items():
                    start = times.get(target.start_event)
                    if start is None:
                        continue
                    due_at = due(target, start)
                    stop = times.get(target.stop_event)
                    cancelled = stop is None and "closed" in times
                    clock_id = next_clock + made_clocks
                    made_clocks += 1
                    if cancelled:
                        state, met_at, next_fire = "cancelled", None, None
                    elif stop is not None:
                        state = "met" if stop <= due_at else "breached"
                        met_at, next_fire = stop, None
                    else:
                        state, met_at = ("breached" if due_at <= now else "running"), None
                        next_fire = min(start + (due_at - start) / 2, due_at)
                    clocks_w.add(
                        id=clock_id,
                        project_id=project.pk,
                        subject_type_id=request_ct.pk,
                        subject_id=pk,
                        code=code_,
                        target_id=target.pk,
                        policy_id=policy.pk,
                        policy_version=policy.version,
                        calendar_name="",
                        started_at=start,
                        due_at=due_at,
                        state=state,
                        allowed_seconds=int((due_at - start).total_seconds()),
                        paused_seconds=0,
                        pause_reason="",
                        met_at=met_at,
                        warned=state == "breached",
                        next_fire_at=next_fire,
                        holder_id=technician if code_ in ("arrive", "resolve") and technician else receiver,
                        assignee_id=technician if code_ == "arrive" and technician else None,
                        department_id=department_id,
                    )
                    clock_events_w.add(
                        project_id=project.pk, clock_id=clock_id, from_state="", to_state="running", at=start
                    )
                    if state != "running":
                        clock_events_w.add(
                            project_id=project.pk,
                            clock_id=clock_id,
                            from_state="running",
                            to_state=state,
                            at=met_at or due_at if state != "cancelled" else times["closed"],
                        )
                    if state == "breached":
                        breaches_w.add(
                            project_id=project.pk,
                            clock_id=clock_id,
                            code=code_,
                            due_at=due_at,
                            breached_at=due_at,
                            detected_at=due_at + dt.timedelta(minutes=1),
                            department_id=department_id,
                            person_id=technician
                            if code_ in ("arrive", "resolve") and technician
                            else receiver,
                        )
                if is_open:
                    # The live requests keep their SLA event log, so their clocks can be replayed.
                    attrs = {
                        "kind": kind,
                        "repair_class": repair_class,
                        "category": code if category else "",
                        "channel": channel,
                    }
                    for name, at in sorted(times.items(), key=lambda kv: kv[1]):
                        subject_events_w.add(
                            project_id=project.pk,
                            subject_type_id=request_ct.pk,
                            subject_id=pk,
                            event=name,
                            at=at,
                            reason="",
                            attrs=attrs,
                            actor_id=receiver,
                        )
            if (i + 1) % BATCH == 0:
                with transaction.atomic():  # parents first; foreign keys are checked at commit
                    for w in writers:
                        w.flush()
                if (i + 1) % (10 * BATCH) == 0:
                    gen.progress(f"requests {i + 1}/{total}")
        with transaction.atomic():
            for w in writers:
                w.flush()
            RequestCounter.objects.bulk_create(
                [
                    RequestCounter(project=project, prefix=prefix, day=day, last=last)
                    for (prefix, day), last in counters.items()
                    if (prefix, day) not in existing
                ],
                batch_size=5000,
            )
            for key, counter in existing.items():
                RequestCounter.objects.filter(pk=counter.pk, last__lt=counters[key]).update(
                    last=counters[key]
                )
    finally:
        if replica:
            fast_inserts(False)
            # The KPI roll-up triggers did not see these rows (session_replication_role = replica).
            forget(project.pk)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (ServiceRequest, RequestEvent, WorkOrder, Callback, Complaint, SlaClock, Breach):
                # Statistics for the planner, and the visibility map for index-only counts.
                # VACUUM cannot run inside a transaction (tests, callers' atomic blocks): ANALYZE can.
                verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
                cursor.execute(f"{verb} {connection.ops.quote_name(model._meta.db_table)}")
    gen.counts.update(
        requests=requests_w.count,
        request_events=events_w.count,
        work_orders=orders_w.count,
        callbacks=callbacks_w.count,
        complaints=complaints_w.count,
        sla_clocks=clocks_w.count,
        breaches=breaches_w.count,
    )
