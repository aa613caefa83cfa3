"""Hand-offs, callback plans and tasks, and survey campaigns on the lifecycle kit (core.lifecycle).

A hand-off's decisions are steps of the request's timeline (one each, with who handed it to whom);
plans, tasks and campaigns keep their own append-only status events.
"""

import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from propdesk.core import lifecycle
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.tests.factories import BuildingFactory, UnitFactory
from propdesk.servicedesk import services
from propdesk.servicedesk.choices import EventKind, HandOffState
from propdesk.servicedesk.models import (
    CallbackPlanEvent,
    CallbackTask,
    CallbackTaskEvent,
    HandOff,
    PlanState,
    PlanTaskState,
    RequestEvent,
    SurveyCampaignEvent,
    SurveyState,
)
from propdesk.servicedesk.services import plans, surveys

pytestmark = pytest.mark.django_db

EVENT_TABLES = [
    "servicedesk_callbackplanevent",
    "servicedesk_callbacktaskevent",
    "servicedesk_surveycampaignevent",
]


def complaint(desk, actor):
    return services.receive_request(
        project=desk.project,
        actor=actor,
        kind="complaint",
        channel="walk_in",
        content="楼道灯坏了一周没人修",
        reporter_name="王女士",
        unit=desk.unit,
    )


def steps(request):
    return [
        (e.kind, e.from_status, e.to_status, e.reason, e.data)
        for e in RequestEvent.objects.filter(request=request)
        .exclude(kind=EventKind.RECEIVED)
        .order_by("at", "id")
    ]


# --- hand-offs -------------------------------------------------------------------------------


def test_each_hand_off_decision_is_one_timeline_step_with_who_handed_it_to_whom(desk):
    request = complaint(desk, desk.frontdesk)
    first = services.request_handoff(
        request=request, to=desk.cs_supervisor, reason="转主管", actor=desk.frontdesk
    )
    services.decline_handoff(handoff=first, actor=desk.cs_supervisor, reason="  前台直接答复  ")
    second = services.request_handoff(request=request, to=desk.director, reason="再转", actor=desk.frontdesk)
    services.withdraw_handoff(handoff=second, actor=desk.frontdesk)
    third = services.request_handoff(
        request=request, to=desk.cs_supervisor, reason="三转", actor=desk.frontdesk
    )
    accepted = services.accept_handoff(handoff=third, actor=desk.cs_supervisor)
    assert accepted.state == HandOffState.ACCEPTED and accepted.decided_at is not None

    def step(kind, moved, reason, handoff, to_user):
        data = {"handoff": handoff.pk, "from_user": desk.frontdesk.pk, "to_user": to_user.pk}
        if kind == EventKind.HANDOFF_REQUESTED:
            return (kind, "", "", reason, data | {"multi_department": False})
        return (kind, "requested", moved, reason, data)

    assert steps(request) == [
        step(EventKind.HANDOFF_REQUESTED, "", "转主管", first, desk.cs_supervisor),
        step(EventKind.HANDOFF_DECLINED, "declined", "前台直接答复", first, desk.cs_supervisor),
        step(EventKind.HANDOFF_REQUESTED, "", "再转", second, desk.director),
        step(EventKind.HANDOFF_WITHDRAWN, "withdrawn", "", second, desk.director),
        step(EventKind.HANDOFF_REQUESTED, "", "三转", third, desk.cs_supervisor),
        step(EventKind.HANDOFF_ACCEPTED, "accepted", "", third, desk.cs_supervisor),
    ]
    first.refresh_from_db()
    assert (first.state, first.decision_note) == (HandOffState.DECLINED, "前台直接答复")


def test_the_director_takes_over_or_reassigns_through_the_kit(desk):
    request = complaint(desk, desk.frontdesk)
    late = services.request_handoff(
        request=request, to=desk.cs_supervisor, reason="转主管", actor=desk.frontdesk
    )
    with pytest.raises(AccessDenied):
        services.redirect_handoff(handoff=late, to=desk.eng_supervisor, reason="改派", actor=desk.frontdesk)
    new = services.redirect_handoff(
        handoff=late, to=desk.eng_supervisor, reason="归工程部", actor=desk.director
    )
    services.take_over_handoff(handoff=new, actor=desk.director, note="我来")
    request.refresh_from_db()
    assert request.holder == desk.director
    assert [s[:4] for s in steps(request)][1:] == [
        (EventKind.HANDOFF_REDIRECTED, "requested", "redirected", "归工程部"),
        (EventKind.HANDOFF_REQUESTED, "", "", "主任改派：归工程部"),
        (EventKind.HANDOFF_TAKEN_OVER, "requested", "taken_over", "我来"),
    ]
    decided = RequestEvent.objects.filter(
        request=request, kind__in=[EventKind.HANDOFF_REDIRECTED, EventKind.HANDOFF_TAKEN_OVER]
    ).order_by("at", "id")
    redirected, taken = (e.data for e in decided)
    assert redirected == {
        "handoff": late.pk,
        "from_user": desk.cs_supervisor.pk,
        "to_user": desk.eng_supervisor.pk,
    }
    assert taken == {"handoff": new.pk, "from_user": desk.frontdesk.pk, "to_user": desk.director.pk}


def test_a_decided_hand_off_moves_no_more_and_its_state_is_never_assigned(desk):
    request = complaint(desk, desk.frontdesk)
    handoff = services.request_handoff(
        request=request, to=desk.cs_supervisor, reason="转", actor=desk.frontdesk
    )
    with pytest.raises(AccessDenied):
        services.withdraw_handoff(handoff=handoff, actor=desk.cs_supervisor)  # the receiver cannot withdraw
    services.accept_handoff(handoff=handoff, actor=desk.cs_supervisor)
    with pytest.raises(ServiceError) as err:
        services.withdraw_handoff(handoff=handoff, actor=desk.frontdesk)
    assert err.value.field == "handoff"  # the service's own message first
    with pytest.raises(ServiceError) as err:
        lifecycle.move(handoff, to=HandOffState.DECLINED, actor=desk.cs_supervisor, reason="晚了")
    assert err.value.code == "status_not_allowed"  # the kit's refusal behind it
    with pytest.raises(lifecycle.StatusWriteRefused):
        handoff.state = HandOffState.WITHDRAWN


def test_one_open_hand_off_per_request_still_holds(desk):
    request = complaint(desk, desk.frontdesk)
    open_one = services.request_handoff(
        request=request, to=desk.cs_supervisor, reason="转", actor=desk.frontdesk
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        HandOff.objects.create(
            project=desk.project,
            request=request,
            from_user=desk.frontdesk,
            to_user=desk.director,
            reason="第二个",
            requested_at=timezone.now(),
        )
    services.withdraw_handoff(handoff=open_one, actor=desk.frontdesk)
    services.request_handoff(request=request, to=desk.director, reason="第二个", actor=desk.frontdesk)
    assert HandOff.objects.filter(request=request, state=HandOffState.REQUESTED).count() == 1


def test_the_request_page_offers_each_person_their_own_hand_off_decisions(desk, login):
    request = complaint(desk, desk.frontdesk)
    services.request_handoff(request=request, to=desk.cs_supervisor, reason="转主管", actor=desk.frontdesk)
    url = reverse("servicedesk:detail", args=[request.pk])

    def actions(user):
        html = login(user).get(url).content.decode()
        return {a for a in ("accept", "decline", "withdraw") if f'name="action" value="{a}"' in html}

    assert actions(desk.cs_supervisor) == {"accept", "decline"}
    assert actions(desk.frontdesk) == {"withdraw"}
    assert actions(desk.director) == set()


# --- callback plans and tasks -------------------------------------------------------------------


@pytest.fixture
def estate(desk):
    building = BuildingFactory(project=desk.project, code="31", name="31栋")
    UnitFactory.create_batch(4, building=building, status="occupied")
    return desk


def _plan(desk):
    return plans.create_plan(
        project=desk.project,
        actor=desk.cs_supervisor,
        title="二季度回访",
        kind="quarterly",
        starts_on=dt.date(2026, 4, 1),
        ends_on=dt.date(2026, 6, 30),
        content="服务质量",
        responsible=desk.butler,
        sample_size=3,
    )


def _history(model, **fk):
    return [(e.from_status, e.to_status, e.actor_id, e.reason) for e in model.objects.filter(**fk)]


def test_a_plan_and_its_callbacks_record_every_status_change(estate):
    plan = _plan(estate)
    cs, butler = estate.cs_supervisor.pk, estate.butler.pk
    assert _history(CallbackPlanEvent, plan=plan) == [("", "draft", cs, "")]
    assert plans.generate_tasks(plan=plan, actor=estate.cs_supervisor) == 3
    plan.refresh_from_db()
    assert plan.state == PlanState.ACTIVE and plan.generated_at is not None
    tasks = list(CallbackTask.objects.filter(plan=plan).order_by("pk"))
    for task in tasks:
        assert _history(CallbackTaskEvent, task=task) == [("", "pending", cs, "")]
    done = plans.record_plan_callback(
        task=tasks[0], actor=estate.butler, method="phone", satisfaction="satisfied", owner_words="满意"
    )
    assert (done.state, done.method, done.done_by_id) == (PlanTaskState.DONE, "phone", butler)
    gone = plans.record_plan_callback(
        task=tasks[1], actor=estate.butler, unreachable=True, owner_words="无人接听"
    )
    assert gone.state == PlanTaskState.UNREACHABLE and gone.owner_words == "无人接听"
    assert _history(CallbackTaskEvent, task=tasks[0])[1:] == [("pending", "done", butler, "")]
    assert _history(CallbackTaskEvent, task=tasks[1])[1:] == [("pending", "unreachable", butler, "无人接听")]
    with pytest.raises(AccessDenied):
        plans.close_plan(plan=plan, actor=estate.butler)
    closed = plans.close_plan(plan=plan, actor=estate.cs_supervisor)
    assert closed.state == plan.state == PlanState.CLOSED  # the caller's instance too
    assert _history(CallbackPlanEvent, plan=plan) == [
        ("", "draft", cs, ""),
        ("draft", "active", cs, ""),
        ("active", "closed", cs, ""),
    ]
    with pytest.raises(ServiceError) as err:
        plans.close_plan(plan=plan, actor=estate.cs_supervisor)
    assert err.value.field == "plan"


def test_the_plan_page_offers_generate_then_close_to_planners_only(estate, login):
    plan = _plan(estate)
    url = reverse("servicedesk:plan_detail", args=[plan.pk])
    generate = reverse("servicedesk:plan_generate", args=[plan.pk])
    close = reverse("servicedesk:plan_close", args=[plan.pk])
    assert generate not in login(estate.butler).get(url).content.decode()  # who only calls back
    planner = login(estate.cs_supervisor)  # the one test client, logged in again
    html = planner.get(url).content.decode()
    assert generate in html and close not in html and 'data-testid="edit-plan"' in html
    plans.generate_tasks(plan=plan, actor=estate.cs_supervisor)
    html = planner.get(url).content.decode()
    assert generate not in html and close in html
    assert planner.post(close).status_code == 302
    html = planner.get(url).content.decode()
    assert generate not in html and close not in html and 'data-testid="edit-plan"' not in html


# --- survey campaigns ---------------------------------------------------------------------------


def test_a_survey_campaign_records_every_status_change_and_offers_its_next_step(estate, login):
    campaign = surveys.create_campaign(
        project=estate.project,
        actor=estate.cs_supervisor,
        title="2026年上半年满意度调查",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    cs = estate.cs_supervisor.pk
    url = reverse("servicedesk:survey_detail", args=[campaign.pk])
    runner = login(estate.cs_supervisor)
    assert 'value="open"' in runner.get(url).content.decode()
    opened = surveys.open_campaign(campaign=campaign, actor=estate.cs_supervisor)
    assert opened.state == SurveyState.OPEN and opened.occupied_units >= 4
    html = runner.get(url).content.decode()
    assert 'value="open"' not in html and 'value="close"' in html
    with pytest.raises(ServiceError) as err:
        surveys.open_campaign(campaign=campaign, actor=estate.cs_supervisor)
    assert err.value.field == "state"
    closed = surveys.close_campaign(campaign=campaign, actor=estate.cs_supervisor)
    assert closed.state == SurveyState.CLOSED and closed.closed_at is not None
    html = runner.get(url).content.decode()
    assert 'value="open"' not in html and 'value="close"' not in html
    assert _history(SurveyCampaignEvent, campaign=campaign) == [
        ("", "draft", cs, ""),
        ("draft", "open", cs, ""),
        ("open", "closed", cs, ""),
    ]


# --- the event tables ---------------------------------------------------------------------------


def test_the_new_event_tables_refuse_update_and_delete(estate):
    plan = _plan(estate)
    plans.generate_tasks(plan=plan, actor=estate.cs_supervisor)
    surveys.create_campaign(
        project=estate.project,
        actor=estate.cs_supervisor,
        title="调查",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    for model in (CallbackPlanEvent, CallbackTaskEvent, SurveyCampaignEvent):
        event = model.objects.first()
        assert event._meta.db_table in EVENT_TABLES
        with pytest.raises(DatabaseError), transaction.atomic():
            model.objects.filter(pk=event.pk).update(reason="x")
        with pytest.raises(DatabaseError), transaction.atomic():
            model.objects.filter(pk=event.pk).delete()
        with pytest.raises(TypeError):
            event.delete()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    for table in EVENT_TABLES:
        assert {f"{table}_no_update", f"{table}_no_delete"} <= names


def test_the_timeline_names_the_states_in_words(desk, login):
    request = complaint(desk, desk.frontdesk)
    services.transition_request(request=request, to_status="in_progress", actor=desk.frontdesk)
    html = login(desk.frontdesk).get(reverse("servicedesk:detail", args=[request.pk])).content.decode()
    assert "已受理 → 处理中" in html
    assert "received → in_progress" not in html
