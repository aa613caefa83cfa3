"""Pages offer the moves the lifecycle kit allows (`core.lifecycle.allowed_moves`), not what a status
literal in a template guesses (issue 13): change the kit's rule and the button follows."""

import dataclasses

import pytest
from django.urls import reverse

from propdesk.core import lifecycle
from propdesk.servicedesk import services, transitions
from propdesk.servicedesk.models import WorkOrder
from propdesk.servicedesk.tests.test_complaints_and_callbacks import complaint
from propdesk.servicedesk.tests.test_repairs import repair

pytestmark = pytest.mark.django_db

# The technician's phone page: move name → the button's test id.
STEP_BUTTONS = {
    "accept": "step-accept",
    "arrive": "step-arrive",
    "complete": "step-complete",
    "sign": "step-sign",
}


def shown(html: str, order: WorkOrder) -> set[str]:
    """The step buttons on this order's card."""
    card = html.split(f'data-testid="order-{order.pk}"', 1)[1].split('data-testid="order-', 1)[0]
    return {move for move, testid in STEP_BUTTONS.items() if f'data-testid="{testid}"' in card}


def offered(order: WorkOrder, user) -> set[str]:
    order.refresh_from_db()
    return {m.name for m in lifecycle.allowed_moves(order, user)} & STEP_BUTTONS.keys()


def test_the_technician_sees_each_step_button_only_when_the_kit_allows_that_move(desk, login):
    order = services.dispatch(request=repair(desk), technician=desk.technician, actor=desk.dispatcher)
    client = login(desk.technician)

    def page():
        return client.get(reverse("servicedesk:my_orders")).content.decode()

    assert shown(page(), order) == offered(order, desk.technician) == {"accept"}
    services.accept_order(order=order, actor=desk.technician)
    assert shown(page(), order) == offered(order, desk.technician) == {"arrive"}  # 到场
    services.arrive(order=order, actor=desk.technician)
    assert shown(page(), order) == offered(order, desk.technician) == {"complete"}
    services.complete_order(
        order=order, actor=desk.technician, work_done="疏通下水", labour_minutes=30, materials=[]
    )
    assert shown(page(), order) == offered(order, desk.technician) == {"sign"}


def test_the_on_site_button_goes_when_the_kit_refuses_arriving(desk, login, monkeypatch):
    order = services.dispatch(request=repair(desk), technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    client = login(desk.technician)
    assert shown(client.get(reverse("servicedesk:my_orders")).content.decode(), order) == {"arrive"}

    # The same state, a stricter rule: nobody may arrive. A template comparing the state would still
    # show "I am on site"; one asking the kit does not.
    moves = [
        dataclasses.replace(m, allowed=lambda user, obj: False) if m.name == "arrive" else m
        for m in transitions.WORK_ORDER.moves
    ]
    monkeypatch.setattr(transitions.WORK_ORDER, "moves", moves)
    assert shown(client.get(reverse("servicedesk:my_orders")).content.decode(), order) == set()


def test_the_department_action_form_is_only_for_who_may_answer_the_complaint(desk, login):
    request, report = complaint(desk)
    services.decide_complaint(
        complaint=report,
        valid=True,
        actor=desk.cs_supervisor,
        summary="保洁不到位",
        department=desk.project.departments.get(kind="environment"),
    )
    report.refresh_from_db()
    url = reverse("servicedesk:detail", args=[request.pk])
    for user in (desk.cs_supervisor, desk.director, desk.technician, desk.butler, desk.gm):
        html = login(user).get(url).content.decode()
        if "complaint-panel" not in html:
            continue
        may_answer = "answer" in {m.name for m in lifecycle.allowed_moves(report, user)}
        assert ('data-testid="complaint-action"' in html) == may_answer, user


def test_the_moves_tag_and_the_state_badge_follow_the_declaration(desk):
    from django.template import Context, Template

    from propdesk.servicedesk.choices import RequestStatus

    request = repair(desk)
    page = "{% load lifecycle %}{% moves obj as can %}{% if can.start %}[start]{% endif %}{% if can.close %}[close]{% endif %}|{% state_badge obj 'st' %}"
    html = Template(page).render(Context({"obj": request, "user": desk.frontdesk}))
    assert "[start]" in html and "[close]" not in html  # received: it may start, not close
    assert 'data-testid="st"' in html and str(RequestStatus.RECEIVED.label) in html
    assert "[start]" not in Template(page).render(Context({"obj": request, "user": desk.outsider}))
