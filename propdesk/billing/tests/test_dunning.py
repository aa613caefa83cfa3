"""Dunning (SPEC §7 催缴): stages as data, contacts logged, promises on SLA clocks; no service is ever cut."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from propdesk.billing import services
from propdesk.billing.choices import CaseStatus, ContactMethod, ContactOutcome
from propdesk.billing.models import DunningCase, DunningContact, DunningStage
from propdesk.billing.services import dunning as dunning_services
from propdesk.notices.models import Notification
from propdesk.sla.choices import ClockState
from propdesk.sla.models import SlaClock
from propdesk.sla.sweeper import sweep

from .conftest import run_month

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 1)  # March bills fall due on 31 March (30 days to pay)
FORBIDDEN = re.compile(
    r"停水|停电|停气|停暖|断水|断电|断气|断暖|停止供水|停止供电|停止供气|停止供暖|限水|限电|限气|"
    r"关阀|拉闸|cut (off )?(the )?(water|power|gas|heating|electricity)|disconnect",
    re.IGNORECASE,
)


def _at(text):
    return time_machine.travel(text, tick=False)


@pytest.fixture
def arrears(billing):
    """3-2-1501 owes March (¥1,010.15: management, heating, waste), overdue from 31 March."""
    with _at("2026-03-01 09:00 +0800"):
        run_month(billing, MARCH)
    return billing


def test_the_stages_are_data_in_the_order_of_the_spec(world):
    stages = list(DunningStage.objects.filter(project=world.project).order_by("order"))
    assert [s.code for s in stages] == ["phone", "written", "visit", "manager", "legal"]
    assert [s.name for s in stages] == ["电话/口头催缴", "书面催缴", "上门催缴", "管理处约谈", "法律途径"]


def test_no_stage_method_outcome_or_label_suggests_cutting_a_service(world):
    """Chinese regulation forbids stopping water, power, gas or heating to collect fees."""
    offered = [f"{s.name} {s.description}" for s in DunningStage.objects.filter(project=world.project)]
    offered += [
        str(label) for _v, label in ContactMethod.choices + ContactOutcome.choices + CaseStatus.choices
    ]
    from propdesk.billing.defaults import DEFAULT_STAGES
    from propdesk.sla.models import SlaTarget

    offered += [" ".join(stage) for stage in DEFAULT_STAGES]
    offered += [t.name for t in SlaTarget.objects.filter(project=world.project, policy__name="催缴承诺缴费")]
    templates = Path(__file__).parents[1] / "templates" / "billing"
    for name in (
        "dunning.html",
        "dunning_case.html",
        "notice_pdf.html",
        "notices.html",
        "arrears_report.html",
    ):
        offered.append((templates / name).read_text())
    from django.utils import translation

    with translation.override("zh-hans"):
        offered += [str(label) for _v, label in ContactMethod.choices + ContactOutcome.choices]
    assert len(offered) > 20
    for text in offered:
        assert not FORBIDDEN.search(text), text
    assert FORBIDDEN.search("停止供暖") and FORBIDDEN.search("cut off the water")  # the check itself works


def test_a_case_opens_only_for_arrears_and_once_per_unit(arrears):
    with _at("2026-03-20 10:00 +0800"), pytest.raises(services.ServiceError):
        dunning_services.open_case(unit=arrears.unit, actor=arrears.butler)  # not yet due
    with _at("2026-04-02 10:00 +0800"):
        case = dunning_services.open_case(unit=arrears.unit, actor=arrears.butler)
        assert dunning_services.open_case(unit=arrears.unit, actor=arrears.butler) == case
    assert case.stage.code == "phone"
    assert case.butler == arrears.butler  # the butler whose 辖区 holds building 3


def test_every_contact_is_logged_and_moves_the_case_to_its_stage(arrears):
    written = DunningStage.objects.get(project=arrears.project, code="written")
    with _at("2026-04-02 10:00 +0800"):
        case = dunning_services.open_case(unit=arrears.unit, actor=arrears.butler)
        dunning_services.log_contact(
            case=case,
            stage=case.stage,
            method=ContactMethod.PHONE,
            outcome=ContactOutcome.NO_ANSWER,
            note="无人接听",
            actor=arrears.butler,
        )
    with _at("2026-04-05 15:00 +0800"):
        dunning_services.log_contact(
            case=case,
            stage=written,
            method=ContactMethod.NOTICE,
            outcome=ContactOutcome.REFUSED,
            actor=arrears.butler,
        )
    case.refresh_from_db()
    assert case.stage == written
    contacts = list(case.contacts.order_by("contacted_at"))
    assert [(c.method, c.outcome, c.contacted_by) for c in contacts] == [
        ("phone", "no_answer", arrears.butler),
        ("notice", "refused", arrears.butler),
    ]
    assert contacts[0].arrears == Decimal("1010.15") and contacts[0].note == "无人接听"
    with pytest.raises(TypeError):
        contacts[0].delete()


def test_a_promise_needs_a_date_not_in_the_past(arrears):
    with _at("2026-04-02 10:00 +0800"):
        case = dunning_services.open_case(unit=arrears.unit, actor=arrears.butler)
        log = dict(case=case, stage=case.stage, method="phone", actor=arrears.butler)
        with pytest.raises(services.ServiceError) as missing:
            dunning_services.log_contact(outcome=ContactOutcome.PROMISED, **log)
        assert missing.value.field == "promised_on"
        with pytest.raises(services.ServiceError):
            dunning_services.log_contact(
                outcome=ContactOutcome.PROMISED, promised_on=dt.date(2026, 4, 1), **log
            )
        with pytest.raises(services.ServiceError):
            dunning_services.log_contact(
                outcome=ContactOutcome.REFUSED, promised_on=dt.date(2026, 4, 9), **log
            )
    assert not DunningContact.objects.exists()


def _promise(world, day, amount=None):
    with _at("2026-04-02 10:00 +0800"):
        case = dunning_services.open_case(unit=world.unit, actor=world.butler)
        return dunning_services.log_contact(
            case=case,
            stage=case.stage,
            method=ContactMethod.PHONE,
            outcome=ContactOutcome.PROMISED,
            promised_on=day,
            promised_amount=amount,
            actor=world.butler,
        )


def test_a_broken_promise_breaches_its_clock_and_notifies_the_butler(arrears):
    contact = _promise(arrears, dt.date(2026, 4, 10))
    assert not SlaClock.objects.for_subject(contact).exists()  # the promised day has not come yet
    with _at("2026-04-10 00:30 +0800"):
        assert dunning_services.start_promise_clocks() == 1
        assert dunning_services.start_promise_clocks() == 0  # idempotent
        sweep()
    clock = SlaClock.objects.for_subject(contact).get()
    assert clock.state == ClockState.RUNNING and clock.holder == arrears.butler
    assert clock.due_at == dt.datetime(2026, 4, 11, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert not Notification.objects.filter(recipient=arrears.butler).exists()
    with _at("2026-04-11 00:05 +0800"):
        sweep()
    clock.refresh_from_db()
    assert clock.state == ClockState.BREACHED
    note = Notification.objects.get(recipient=arrears.butler)
    assert "业主承诺缴费日" in note.title and "超时" in note.title


def test_a_kept_promise_stops_its_clock_and_paying_up_closes_the_case(arrears):
    contact = _promise(arrears, dt.date(2026, 4, 10))
    with _at("2026-04-10 08:00 +0800"):
        dunning_services.start_promise_clocks()
    with _at("2026-04-10 16:00 +0800"):
        services.take_payment(
            unit=arrears.unit, amount=Decimal("1010.15"), method="cash", actor=arrears.cashier
        )
    with _at("2026-04-11 09:00 +0800"):
        sweep()
    contact.refresh_from_db()
    assert contact.kept_at is not None
    assert SlaClock.objects.for_subject(contact).get().state == ClockState.MET
    assert not Notification.objects.filter(recipient=arrears.butler).exists()
    case = contact.case
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.close_reason == "欠费已结清"


def test_a_promised_amount_paid_before_the_day_means_no_clock_at_all(arrears):
    contact = _promise(arrears, dt.date(2026, 4, 10), amount=Decimal("300"))
    with _at("2026-04-05 10:00 +0800"):
        services.take_payment(unit=arrears.unit, amount=Decimal("300"), method="cash", actor=arrears.cashier)
    with _at("2026-04-10 08:00 +0800"):
        assert dunning_services.start_promise_clocks() == 0
    contact.refresh_from_db()
    assert contact.kept_at is not None
    assert DunningCase.objects.get().status == CaseStatus.OPEN  # ¥710.15 still overdue


def test_a_partial_payment_does_not_keep_a_promise_of_paying_everything(arrears):
    contact = _promise(arrears, dt.date(2026, 4, 2))  # promised for today: the clock starts at once
    assert SlaClock.objects.for_subject(contact).get().state == ClockState.RUNNING
    with _at("2026-04-02 11:00 +0800"):
        services.take_payment(unit=arrears.unit, amount=Decimal("100"), method="cash", actor=arrears.cashier)
    contact.refresh_from_db()
    assert contact.kept_at is None


def test_open_cases_for_every_unit_in_arrears(arrears):
    from .conftest import add_units

    with _at("2026-03-01 09:00 +0800"):
        add_units(arrears, 3, starts_on=dt.date(2025, 1, 1))
        run_month(arrears, dt.date(2026, 2, 1))
    with _at("2026-04-02 10:00 +0800"):
        assert dunning_services.open_cases_for_arrears(project=arrears.project, actor=arrears.director) == 4
        assert dunning_services.open_cases_for_arrears(project=arrears.project, actor=arrears.director) == 0
    assert set(DunningCase.objects.values_list("butler", flat=True)) == {arrears.butler.pk}
