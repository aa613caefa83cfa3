"""Paid services' orders on the lifecycle kit: the table, moves, step records, pages."""

import pytest
from django.db import DatabaseError, connection, transaction

from propdesk.core import lifecycle
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.paidservices import services as special
from propdesk.paidservices import transitions
from propdesk.paidservices.choices import SpecialState
from propdesk.paidservices.models import ServiceItem, SpecialServiceOrder, SpecialServiceStep

pytestmark = pytest.mark.django_db


def test_every_state_is_in_the_table_and_can_move_follows_it():
    lc = transitions.SPECIAL_ORDER
    table = lc.table()
    assert set(table) == set(SpecialState.values)
    for src in SpecialState.values:
        for dst in SpecialState.values:
            assert lc.can(src, dst) == (dst in table[src])
        assert not lc.can(src, src)  # no move stays in place


def test_the_special_order_table_is_the_one_the_services_kept():
    S = SpecialState
    expected = {
        # Work off the price list waits for the property manager's approval (seed 003 服务收费 3.4).
        S.DRAFT: {S.CONFIRMED, S.PENDING_APPROVAL, S.CANCELLED},
        S.PENDING_APPROVAL: {S.CONFIRMED, S.DRAFT, S.CANCELLED},  # approved, or sent back to re-price
        S.CONFIRMED: {S.AGREED, S.DECLINED, S.DRAFT, S.CANCELLED},  # back to draft = re-priced
        S.AGREED: {S.COMPLETED, S.CANCELLED},
        S.COMPLETED: set(),
        S.DECLINED: set(),
        S.CANCELLED: set(),
    }
    assert transitions.SPECIAL_ORDER.table() == expected
    assert transitions.SPECIAL_ORDER.field == "state"


def _special(world, *, confirm=False):
    item = ServiceItem.objects.get(project=world.project, code="tap_replace")
    order = special.create_order(
        actor=world.frontdesk, unit=world.unit, content="换水龙头", customer_name="张三", items=[(item, 1)]
    )
    if confirm:
        special.confirm_order(order=order, actor=world.eng_supervisor, note="价格无误")
    return order


def _steps(order):
    return [
        (s.from_state, s.to_state, s.actor, s.note) for s in SpecialServiceStep.objects.filter(order=order)
    ]


def test_each_special_order_move_writes_its_step_and_sets_its_fields(billing):
    S = SpecialState
    order = _special(billing, confirm=True)
    order.refresh_from_db()
    assert order.state == S.CONFIRMED and order.confirmed_by == billing.eng_supervisor
    assert order.confirmed_at is not None
    special.reopen_order(order=order, actor=billing.eng_supervisor, reason="漏了材料费")
    order.refresh_from_db()
    assert order.state == S.DRAFT and order.confirmed_by is None and order.confirmed_at is None
    special.confirm_order(order=order, actor=billing.director)
    special.record_agreement(order=order, actor=billing.frontdesk, method="paper", signer_name="张三")
    special.complete_order(order=order, actor=billing.frontdesk)
    order.refresh_from_db()
    assert order.state == S.COMPLETED and order.bill.reference == order.number
    assert (order.agreement_method, order.signer_name, order.completed_by) == (
        "paper",
        "张三",
        billing.frontdesk,
    )
    assert [step[:3] for step in _steps(order)] == [
        ("", S.DRAFT, billing.frontdesk),
        (S.DRAFT, S.CONFIRMED, billing.eng_supervisor),
        (S.CONFIRMED, S.DRAFT, billing.eng_supervisor),
        (S.DRAFT, S.CONFIRMED, billing.director),
        (S.CONFIRMED, S.AGREED, billing.frontdesk),
        (S.AGREED, S.COMPLETED, billing.frontdesk),
    ]
    notes = [step[3] for step in _steps(order)]
    assert notes[1] == "价格无误" and notes[2] == "漏了材料费" and notes[4].startswith("张三，")


def test_a_refused_special_order_move_saves_nothing(billing, settings, tmp_path):
    from propdesk.servicedesk.tests.test_repairs import png_data_url

    settings.MEDIA_ROOT = tmp_path
    S = SpecialState
    order = _special(billing)
    before = _steps(order)
    # Not in the table: the kit refuses on the state field, in the words the services used.
    with pytest.raises(ServiceError) as refused:
        special.record_agreement(
            order=order,
            actor=billing.frontdesk,
            method="signature",
            signer_name="张三",
            signature_data_url=png_data_url(),
        )
    assert refused.value.field == "state" and refused.value.code == "status_not_allowed"
    assert refused.value.message == "特约服务单“待主管审核”时不能变为“业主已同意”"
    with pytest.raises(ServiceError):
        lifecycle.move(order, to=S.COMPLETED, actor=billing.director, completed_at=billing.project_created_at)
    # In the table, but not this user's move (the front desk is no department head).
    with pytest.raises(AccessDenied):
        lifecycle.move(order, to=S.CONFIRMED, actor=billing.frontdesk, confirmed_by=billing.frontdesk)
    # A cancel needs its reason.
    with pytest.raises(ServiceError) as no_reason:
        lifecycle.move(order, to=S.CANCELLED, actor=billing.frontdesk, end_reason="")
    assert no_reason.value.field == "reason"
    with pytest.raises(lifecycle.StatusWriteRefused):
        order.state = S.CONFIRMED
    order = SpecialServiceOrder.objects.get(pk=order.pk)
    assert (order.state, order.confirmed_by, order.agreed_at, order.signature.name, order.end_reason) == (
        S.DRAFT,
        None,
        None,
        "",
        "",
    )
    assert _steps(order) == before and not any(tmp_path.rglob("*.png"))  # no step, no signature file


def test_pages_offer_the_moves_each_user_may_make(billing):
    def names(order, user):
        # `confirm` is two moves (to confirmed, or to the manager's approval): one action on the page.
        return list(dict.fromkeys(m.name for m in lifecycle.allowed_moves(order, user)))

    order = _special(billing)
    assert names(order, billing.eng_supervisor) == ["confirm", "cancel"]  # head of engineering
    assert names(order, billing.cs_supervisor) == ["cancel"]  # confirms, but heads another department
    assert names(order, billing.frontdesk) == ["cancel"]
    assert names(order, billing.owner) == []
    order = special.confirm_order(order=order, actor=billing.eng_supervisor)
    assert names(order, billing.frontdesk) == ["agree", "decline", "cancel"]
    assert names(order, billing.eng_supervisor) == ["agree", "decline", "reopen", "cancel"]
    assert names(order, billing.owner) == ["agree", "decline"]  # in the portal
    assert names(order, billing.technician) == ["agree"]  # the signature on the technician's phone
    assert names(order, billing.outsider) == []


def test_the_order_page_offers_only_the_allowed_moves(billing, login):
    order = _special(billing, confirm=True)
    html = login(billing.frontdesk).get(f"/billing/special/{order.pk}/").content.decode()
    assert 'value="agree"' in html and 'value="decline"' in html and 'value="cancel"' in html
    assert 'value="confirm"' not in html and 'value="reopen"' not in html and 'value="complete"' not in html
    html = login(billing.eng_supervisor).get(f"/billing/special/{order.pk}/").content.decode()
    assert 'value="reopen"' in html


def test_the_steps_are_never_changed_or_deleted_in_the_database(billing):
    """billing_specialservicestep keeps its immutable triggers (paidservices 0002) under the new app."""
    order = _special(billing)
    step = SpecialServiceStep.objects.get(order=order)
    table = SpecialServiceStep._meta.db_table
    assert table == "billing_specialservicestep"
    for sql in (f"UPDATE {table} SET note = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [step.pk])
    assert SpecialServiceStep.objects.filter(pk=step.pk, note=step.note).exists()
