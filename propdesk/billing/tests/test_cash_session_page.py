"""The drawer session page: finance without the cashier's permission opens it to approve; banking waits for it."""

from decimal import Decimal

import pytest

from propdesk.billing.models import DrawerSession
from propdesk.billing.services import cash as cash_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def short_session(billing):
    session = DrawerSession.objects.get(cashier=billing.cashier)
    cash_services.close_drawer(
        session=session, counted=Decimal("490.00"), reason="找零差错", actor=billing.cashier
    )
    return session


def test_the_cs_supervisor_and_the_gm_open_the_session_and_approve_there(billing, short_session, login):
    for user in (billing.cs_supervisor, billing.gm):
        page = login(user).get(f"/billing/drawer/sessions/{short_session.pk}/")
        assert page.status_code == 200, user
        assert "找零差错" in page.content.decode()
        assert login(user).get(f"/billing/drawer/sessions/{short_session.pk}/pdf/").status_code == 200
    html = login(billing.cs_supervisor).get(f"/billing/drawer/sessions/{short_session.pk}/").content.decode()
    assert 'data-testid="approve"' in html


def test_the_deposit_form_appears_only_once_the_difference_is_approved(billing, short_session, login):
    client = login(billing.cashier)
    html = client.get(f"/billing/drawer/sessions/{short_session.pk}/").content.decode()
    assert 'data-testid="deposit-form"' not in html and 'data-testid="approve"' not in html
    cash_services.approve_discrepancy(
        discrepancy=short_session.discrepancy, comment="核实", actor=billing.cs_supervisor
    )
    html = login(billing.cashier).get(f"/billing/drawer/sessions/{short_session.pk}/").content.decode()
    assert 'data-testid="deposit-form"' in html
    # ... and the cashier, who has add_bankdeposit but not view_drawersession, records it.
    response = login(billing.cashier).post(
        f"/billing/drawer/sessions/{short_session.pk}/deposit/",
        {"slip_number": "JK-01", "amount": "490.00", "deposited_on": "2026-03-02"},
    )
    assert response.status_code == 302
    short_session.refresh_from_db()
    assert short_session.status == "deposited" and short_session.deposit.recorded_by == billing.cashier


def test_another_cashier_and_a_butler_stay_out(billing, short_session, login):
    from propdesk.core.models import Position, User
    from propdesk.core.services import add_membership

    other = User.objects.create_user(username="cashier2", password="x", display_name="出纳2")
    add_membership(user=other, project=billing.project, position=Position.objects.get(code="cashier"))
    assert login(other).get(f"/billing/drawer/sessions/{short_session.pk}/").status_code == 403
    assert login(other).get(f"/billing/drawer/sessions/{short_session.pk}/pdf/").status_code == 403
    assert login(billing.butler).get(f"/billing/drawer/sessions/{short_session.pk}/").status_code == 403
    assert login(billing.outsider).get(f"/billing/drawer/sessions/{short_session.pk}/").status_code in (
        403,
        404,
    )


def test_an_open_drawer_reads_taking_cash_not_open_the_door(billing, login):
    """The open drawer reads 收款中 everywhere ("Open" alone is 打开, to open a thing)."""
    html = login(billing.director).get("/billing/drawer/sessions/").content.decode()
    assert "收款中" in html and "打开" not in html
    session = DrawerSession.objects.get(cashier=billing.cashier)
    html = login(billing.cashier).get(f"/billing/drawer/sessions/{session.pk}/").content.decode()
    assert 'data-testid="session-status">收款中<' in html


def test_status_and_method_labels_read_right_in_chinese_everywhere():
    """Excel exports and the admin use the choice labels themselves, not the pages' wording."""
    from django.utils import translation

    from propdesk.billing.choices import ContactMethod, DrawerStatus

    with translation.override("zh-hans"):
        assert str(DrawerStatus.OPEN.label) == "收款中"
        assert str(ContactMethod.PHONE.label) == "电话"  # not 来电, an incoming call
