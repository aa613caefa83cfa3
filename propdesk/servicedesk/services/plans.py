"""Planned callbacks (seed 004 回访工作流程): plan, generate the tasks, record each outcome.

The outcome follows the callback rules of `record_callback`: method, the owner's words and satisfaction
are required, and an important item (a category flagged for door visits) must be a door visit. An
unsatisfied owner's matter becomes a new owner request received by the caller (first responsibility),
so improvement and the second callback follow the ordinary procedure.

Plans (draft → in progress → closed) and tasks (to call → called back / could not be reached) change
state only through their lifecycle moves (transitions.CALLBACK_PLAN, CALLBACK_TASK), each with its
status event.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core import lifecycle
from propdesk.core.access import has_project_perm
from propdesk.core.audit import acting_as
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.core.models import Membership, Project, User
from propdesk.registry.models import Ownership, Unit

from .. import permissions
from ..choices import CallbackMethod, RequestKind, Satisfaction
from ..models import CallbackPlan, CallbackTask, PlanKind, PlanState, PlanTaskState, ServiceRequest
from .requests import receive_request

PLAN_PERM = permissions.PLAN_PERM
CALLBACK_PERM = permissions.CALLBACK_PERM
OCCUPIED = ("occupied", "rented")
PROBLEM_LOOKBACK_DAYS = 90


def _require(actor, project, perm, message):
    if not has_project_perm(actor, project, perm):
        raise AccessDenied(message)


@transaction.atomic
def create_plan(
    *,
    project: Project,
    actor: User,
    title: str,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    content: str,
    responsible: User,
    method: str = CallbackMethod.DOOR_VISIT,
    scope: str = "",
    sample_size: int = 0,
    category=None,
    buildings=(),
) -> CallbackPlan:
    _require(actor, project, PLAN_PERM, _("You do not plan callbacks in this project."))
    buildings = list(buildings)
    _check_plan(
        project,
        {
            "title": title,
            "kind": kind,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "content": content,
            "method": method,
            "responsible": responsible,
            "category": category,
            "sample_size": sample_size,
            "buildings": buildings,
        },
    )
    with acting_as(actor):
        plan = CallbackPlan.objects.create(
            project=project,
            title=title.strip(),
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            content=content.strip(),
            method=method,
            scope=scope.strip(),
            responsible=responsible,
            sample_size=sample_size,
            category=category if kind == PlanKind.PROBLEM else None,
            created_by=actor,
        )
        if buildings:
            plan.buildings.set(buildings)
        lifecycle.record_created(plan, actor=actor)
    return plan


# Once the callbacks are drawn, what defines the sample is fixed; these may still change.
EDITABLE_WHEN_ACTIVE = {"title", "content", "responsible", "ends_on", "method"}
PLAN_FIELDS = (
    "title",
    "kind",
    "starts_on",
    "ends_on",
    "content",
    "responsible",
    "method",
    "scope",
    "sample_size",
    "category",
    "buildings",
)


@transaction.atomic
def update_plan(*, plan: CallbackPlan, actor: User, **changes) -> CallbackPlan:
    """Change a plan. A draft changes freely; once its callbacks are generated only the title,
    content, method, responsible person and end date may change (the sample stays as drawn); a
    closed plan does not change. Checked by the same rules as a new plan."""
    plan = CallbackPlan.objects.select_for_update().get(pk=plan.pk)
    _require(actor, plan.project, PLAN_PERM, _("You do not plan callbacks in this project."))
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown field."), field=sorted(unknown)[0])
    if plan.state == PlanState.CLOSED:
        raise ServiceError(_("A closed plan cannot be changed."), field="plan")
    current = {f: getattr(plan, f) for f in PLAN_FIELDS if f != "buildings"}
    current["buildings"] = list(plan.buildings.all())
    if permissions.plan_scope_frozen(plan):
        for name, value in changes.items():
            if name in EDITABLE_WHEN_ACTIVE:
                continue
            same = (
                {b.pk for b in value} == {b.pk for b in current["buildings"]}
                if name == "buildings"
                else value == current[name] or (name == "sample_size" and not value and not current[name])
            )
            if not same:
                raise ServiceError(
                    _("The callbacks are already generated: the sample can no longer change."), field=name
                )
    values = {**current, **changes}
    _check_plan(plan.project, values)
    with acting_as(actor):
        for name in PLAN_FIELDS:
            if name == "buildings":
                continue
            value = values[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(plan, name, value)
        plan.sample_size = values["sample_size"] or 0
        plan.category = values["category"] if values["kind"] == PlanKind.PROBLEM else None
        plan.save()
        if plan.state == PlanState.DRAFT and "buildings" in changes:
            plan.buildings.set(list(values["buildings"]))
    return plan


def _check_plan(project: Project, v: dict) -> None:
    if not v["title"].strip():
        raise ServiceError(_("Give the plan a title."), field="title")
    if v["kind"] not in PlanKind.values:
        raise ServiceError(_("Unknown kind of plan."), field="kind")
    if v["ends_on"] < v["starts_on"]:
        raise ServiceError(_("The plan ends before it starts."), field="ends_on")
    if not v["content"].strip():
        raise ServiceError(_("Write the main content of the callbacks."), field="content")
    if v["method"] not in CallbackMethod.values:
        raise ServiceError(_("Unknown callback method."), field="method")
    if not Membership.objects.filter(project=project, user=v["responsible"], is_active=True).exists():
        raise ServiceError(_("The responsible person must work in this project."), field="responsible")
    if v["kind"] == PlanKind.PROBLEM:
        if v["category"] is None or v["category"].project_id != project.pk:
            raise ServiceError(_("Choose the recurring problem's category."), field="category")
    elif (v["sample_size"] or 0) <= 0:
        raise ServiceError(_("Give the number of units to call."), field="sample_size")
    if any(b.project_id != project.pk for b in v["buildings"]):
        raise ServiceError(_("The building belongs to another project."), field="buildings")


def stratified_sample(units_by_building: dict[int, list[int]], size: int, rng: random.Random) -> list[int]:
    """Spread `size` over the buildings in proportion to their units (largest remainder), then draw at random."""
    total = sum(len(v) for v in units_by_building.values())
    if size >= total:
        return [u for ids in units_by_building.values() for u in ids]
    quotas = {b: size * len(ids) / total for b, ids in units_by_building.items()}
    counts = {b: int(q) for b, q in quotas.items()}
    rest = size - sum(counts.values())
    for b in sorted(quotas, key=lambda b: (-(quotas[b] - counts[b]), b))[:rest]:
        counts[b] += 1
    chosen: list[int] = []
    for b in sorted(units_by_building):
        chosen += rng.sample(sorted(units_by_building[b]), counts[b])
    return chosen


@transaction.atomic
def generate_tasks(*, plan: CallbackPlan, actor: User) -> int:
    """Create the plan's tasks: a stratified random sample of occupied units, or the units that reported the problem."""

    plan = CallbackPlan.objects.select_for_update().get(pk=plan.pk)
    if not permissions.can_plan_callbacks(actor, plan):
        raise AccessDenied(_("You do not plan callbacks in this project."))
    if plan.state != PlanState.DRAFT:
        raise ServiceError(_("The plan's callbacks have already been generated."), field="plan")
    building_ids = list(plan.buildings.values_list("pk", flat=True))
    requests_by_unit: dict[int, int] = {}
    if plan.kind == PlanKind.PROBLEM:
        since = dt.datetime.combine(
            plan.starts_on - dt.timedelta(days=PROBLEM_LOOKBACK_DAYS),
            dt.time(0),
            tzinfo=timezone.get_current_timezone(),
        )
        until = dt.datetime.combine(plan.starts_on, dt.time(0), tzinfo=timezone.get_current_timezone())
        problems = ServiceRequest.objects.filter(
            project=plan.project,
            unit__isnull=False,
            received_at__gte=since,
            received_at__lt=until,
        ).filter(models_q_category(plan.category))
        if building_ids:
            problems = problems.filter(unit__building_id__in=building_ids)
        for unit_id, request_id in problems.order_by("received_at").values_list("unit_id", "pk"):
            requests_by_unit[unit_id] = request_id  # the latest report of each unit
        unit_ids = sorted(requests_by_unit)
        if plan.sample_size and len(unit_ids) > plan.sample_size:
            unit_ids = sorted(random.Random(plan.pk).sample(unit_ids, plan.sample_size))
    else:
        units = Unit.objects.filter(project=plan.project, status__in=OCCUPIED)
        if building_ids:
            units = units.filter(building_id__in=building_ids)
        by_building: dict[int, list[int]] = {}
        for unit_id, building_id in units.values_list("pk", "building_id"):
            by_building.setdefault(building_id, []).append(unit_id)
        unit_ids = stratified_sample(by_building, plan.sample_size, random.Random(plan.pk))
    if not unit_ids:
        raise ServiceError(_("No unit matches the plan's scope."), field="plan")
    owners = dict(
        Ownership.objects.filter(unit_id__in=unit_ids, ended_on__isnull=True)
        .order_by("unit_id", "-share", "pk")
        .values_list("unit_id", "party_id")
        .distinct()
    )
    now = timezone.now()
    with acting_as(actor):
        tasks = CallbackTask.objects.bulk_create(
            [
                CallbackTask(
                    project_id=plan.project_id,
                    plan=plan,
                    unit_id=unit_id,
                    party_id=owners.get(unit_id),
                    request_id=requests_by_unit.get(unit_id),
                )
                for unit_id in unit_ids
            ],
            batch_size=1000,
        )
        for task in tasks:
            lifecycle.record_created(task, actor=actor, at=now)
        lifecycle.move(plan, to=PlanState.ACTIVE, actor=actor, at=now, locked=True, generated_at=now)
    return len(unit_ids)


def models_q_category(category):
    """The category and its direct sub-categories."""

    return Q(category=category) | Q(category__parent=category)


def door_visit_required(task: CallbackTask) -> bool:
    """An important item (the plan's problem or the earlier request's category) must be a door visit."""
    category = task.plan.category or (task.request.category if task.request_id else None)
    while category is not None:
        if category.requires_door_visit:
            return True
        category = category.parent
    return False


@transaction.atomic
def record_plan_callback(
    *,
    task: CallbackTask,
    actor: User,
    method: str = "",
    satisfaction: str = "",
    owner_words: str = "",
    unreachable: bool = False,
    at: dt.datetime | None = None,
) -> CallbackTask:
    task = (
        CallbackTask.objects.select_for_update(of=("self",))
        .select_related("plan__category__parent", "request__category__parent", "unit__building", "party")
        .get(pk=task.pk)
    )
    if task.plan.state != PlanState.ACTIVE:
        raise ServiceError(_("The plan is not in progress."), field="plan")
    if not permissions.can_call_back(actor, task):
        raise AccessDenied(_("You do not call owners back in this project."))
    if task.state != PlanTaskState.PENDING:
        raise ServiceError(_("This unit has already been called back."), field="task")
    now = at or timezone.now()
    if unreachable:
        if not owner_words.strip():
            raise ServiceError(_("Note how you tried to reach the owner."), field="owner_words")
        with acting_as(actor):
            lifecycle.move(
                task,
                to=PlanTaskState.UNREACHABLE,
                actor=actor,
                reason=owner_words.strip(),
                at=now,
                locked=True,
                owner_words=owner_words.strip(),
                done_by=actor,
                done_at=now,
            )
        return task
    if method not in CallbackMethod.values:
        raise ServiceError(_("Unknown callback method."), field="method")
    if satisfaction not in Satisfaction.values:
        raise ServiceError(_("Unknown satisfaction."), field="satisfaction")
    if door_visit_required(task) and method != CallbackMethod.DOOR_VISIT:
        raise ServiceError(_("This is an important item: the callback must be a door visit."), field="method")
    if not owner_words.strip():
        raise ServiceError(_("Write down what the owner said."), field="owner_words")
    with acting_as(actor):
        follow_up = None
        if satisfaction == Satisfaction.UNSATISFIED:
            follow_up = receive_request(
                project=task.plan.project,
                actor=actor,
                kind=RequestKind.OTHER,
                channel="staff",
                content=_("Planned callback “%(plan)s”: owner unsatisfied. %(words)s")
                % {"plan": task.plan.title, "words": owner_words.strip()},
                reporter_name=task.party.name if task.party_id else task.unit.label,
                unit=task.unit,
                party=task.party,
                category=task.plan.category or (task.request.category if task.request_id else None),
            )
        lifecycle.move(
            task,
            to=PlanTaskState.DONE,
            actor=actor,
            at=now,
            locked=True,
            method=method,
            satisfaction=satisfaction,
            owner_words=owner_words.strip(),
            done_by=actor,
            done_at=now,
            follow_up=follow_up,
        )
    return task


@transaction.atomic
def close_plan(*, plan: CallbackPlan, actor: User) -> CallbackPlan:
    """End a plan in progress (its callbacks not made stay as they are)."""
    locked = CallbackPlan.objects.select_for_update().get(pk=plan.pk)
    if not permissions.can_plan_callbacks(actor, locked):
        raise AccessDenied(_("You do not plan callbacks in this project."))
    if locked.state != PlanState.ACTIVE:
        raise ServiceError(_("The plan is not in progress."), field="plan")
    # `plan` (the caller's instance) gets the new state too; the kit moves the row under the lock held here.
    return lifecycle.move(plan, to=PlanState.CLOSED, actor=actor)
