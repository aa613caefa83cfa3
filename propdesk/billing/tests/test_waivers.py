"""Waivers (费用减免): the chain chosen by amount, every step logged, rejection ends it, credit notes at the end."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from propdesk.billing import selectors
from propdesk.billing.choices import WaiverStatus
from propdesk.billing.models import (
    Bill,
    CreditNote,
    WaiverApplication,
    WaiverDecision,
    WaiverReason,
    WaiverRule,
)
from propdesk.billing.services import waiver as waiver_services
from propdesk.core.errors import AccessDenied, ServiceError

from .conftest import run_month

MARCH = dt.date(2026, 3, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def waivers(billing):
    waiver_services.load_waiver_defaults(project=billing.project, actor=billing.director)
    run_month(billing, MARCH)
    billing.reason = WaiverReason.objects.get(project=billing.project, name="空置房")
    billing.bills = {b.item.code: b for b in Bill.objects.filter(unit=billing.unit).select_related("item")}
    return billing


def apply(world, *lines, actor=None):
    return waiver_services.apply_for_waiver(
        unit=world.unit,
        lines=[(world.bills[code], Decimal(amount)) for code, amount in lines],
        reason=world.reason,
        details="房屋空置三个月",
        actor=actor or world.cashier,
    )


def test_defaults_are_seeded_once_and_never_overwritten(waivers):
    WaiverRule.objects.filter(project=waivers.project, up_to=Decimal("200")).update(chain="director")
    waiver_services.load_waiver_defaults(project=waivers.project, actor=waivers.director)
    assert WaiverRule.objects.get(project=waivers.project, up_to=Decimal("200")).chain == "director"
    assert WaiverReason.objects.filter(project=waivers.project).count() == 6


@pytest.mark.parametrize(
    ("amount", "chain"),
    [
        ("200.00", ["supervisor"]),
        ("200.01", ["supervisor", "director"]),
        ("2000.00", ["supervisor", "director"]),
        ("2000.01", ["supervisor", "director", "gm"]),
    ],
)
def test_the_chain_depends_on_the_amount(waivers, amount, chain):
    assert waiver_services.chain_for(waivers.project, Decimal(amount)) == chain


def test_a_small_waiver_needs_the_supervisor_and_becomes_a_credit_note(waivers):
    with time_machine.travel(dt.datetime(2026, 3, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        application = apply(waivers, ("waste", "10.00"), ("management", "100"))
    assert application.number == "JM202603-0001" and application.amount == Decimal("110.00")
    assert application.levels == ["supervisor"]
    with pytest.raises(AccessDenied):  # the director is not the supervisor level
        waiver_services.decide_waiver(application=application, approve=True, actor=waivers.director)
    waiver_services.decide_waiver(
        application=application, approve=True, comment="属实", actor=waivers.cs_supervisor
    )
    application.refresh_from_db()
    assert application.status == WaiverStatus.APPROVED
    notes = CreditNote.objects.filter(bill__unit=waivers.unit).order_by("amount")
    assert [n.amount for n in notes] == [Decimal("10.00"), Decimal("100.00")]
    assert all(n.reason == "费用减免 JM202603-0001" for n in notes)
    assert selectors.outstanding_of(waivers.bills["waste"].pk) == 0
    assert selectors.outstanding_of(waivers.bills["management"].pk) == Decimal("201.25")
    assert {line.credit_note_id for line in application.lines.all()} == {n.pk for n in notes}
    decision = WaiverDecision.objects.get()
    assert (decision.decided_by, decision.level, decision.comment) == (
        waivers.cs_supervisor,
        "supervisor",
        "属实",
    )


def test_a_large_waiver_goes_up_the_chain_and_each_step_is_logged(waivers):
    application = apply(waivers, ("heating", "698.90"), ("management", "301.25"), ("waste", "10"))
    assert application.amount == Decimal("1010.15") and application.levels == ["supervisor", "director"]
    waiver_services.decide_waiver(application=application, approve=True, actor=waivers.cs_supervisor)
    application.refresh_from_db()
    assert application.status == WaiverStatus.PENDING and application.current_level == "director"
    assert not CreditNote.objects.exists()
    waiver_services.decide_waiver(application=application, approve=True, actor=waivers.director)
    application.refresh_from_db()
    assert application.status == WaiverStatus.APPROVED
    assert selectors.outstanding_bills(waivers.unit) == []
    assert list(application.decisions.values_list("level", flat=True)) == ["supervisor", "director"]


def test_a_rejection_needs_a_comment_and_ends_the_application(waivers):
    application = apply(waivers, ("management", "300"), ("heating", "100"))
    with pytest.raises(ServiceError) as no_comment:
        waiver_services.decide_waiver(application=application, approve=False, actor=waivers.cs_supervisor)
    assert no_comment.value.field == "comment"
    waiver_services.decide_waiver(
        application=application, approve=False, comment="不符合条件", actor=waivers.cs_supervisor
    )
    application.refresh_from_db()
    assert application.status == WaiverStatus.REJECTED and application.decided_at is not None
    with pytest.raises(ServiceError):
        waiver_services.decide_waiver(application=application, approve=True, actor=waivers.director)
    assert not CreditNote.objects.exists()
    apply(waivers, ("management", "300"))  # the bills are free for a new application


def test_an_application_is_refused_beyond_what_is_owed_twice_or_for_another_room(waivers):
    with pytest.raises(ServiceError) as too_much:
        apply(waivers, ("waste", "10.01"))
    assert too_much.value.field == "amount"
    apply(waivers, ("waste", "5"))
    with pytest.raises(ServiceError) as pending:
        apply(waivers, ("waste", "5"))
    assert "待审批" in str(pending.value.message)
    from propdesk.billing.tests.conftest import add_units

    other = add_units(waivers, 1)[0]
    with pytest.raises(ServiceError):
        waiver_services.apply_for_waiver(
            unit=other,
            lines=[(waivers.bills["management"], Decimal("1"))],
            reason=waivers.reason,
            actor=waivers.cashier,
        )


def test_nobody_approves_their_own_application(waivers):
    application = apply(waivers, ("waste", "5"), actor=waivers.cs_supervisor)
    assert not waiver_services.can_decide(application, waivers.cs_supervisor)
    with pytest.raises(AccessDenied):
        waiver_services.decide_waiver(application=application, approve=True, actor=waivers.cs_supervisor)
    assert WaiverApplication.objects.get().status == WaiverStatus.PENDING


def test_approval_fails_cleanly_when_the_bill_was_paid_meanwhile(waivers):
    from propdesk.billing import services

    application = apply(waivers, ("waste", "10"))
    services.take_payment(
        unit=waivers.unit,
        amount=Decimal("10"),
        method="cash",
        bills=[waivers.bills["waste"].pk],
        actor=waivers.cashier,
    )
    with pytest.raises(ServiceError):
        waiver_services.decide_waiver(application=application, approve=True, actor=waivers.cs_supervisor)
    application.refresh_from_db()
    assert application.status == WaiverStatus.PENDING and not application.decisions.exists()


# ---------------------------------------------------------------- pages


def test_apply_at_the_desk_approve_on_the_page_and_see_the_statistics(waivers, login):
    client = login(waivers.cashier)
    page = client.get(f"/billing/desk/units/{waivers.unit.pk}/waiver/").content.decode()
    assert "空置房" in page and "物业服务费" in page
    response = client.post(
        f"/billing/desk/units/{waivers.unit.pk}/waiver/",
        {
            "reason": waivers.reason.pk,
            "details": "空置",
            "bills": [waivers.bills["waste"].pk, waivers.bills["management"].pk],
            f"amount_{waivers.bills['management'].pk}": "50",
        },
    )
    application = WaiverApplication.objects.get()
    assert response.status_code == 302 and application.amount == Decimal("60.00")
    supervisor = login(waivers.cs_supervisor)
    page = supervisor.get(f"/billing/waivers/{application.pk}/").content.decode()
    assert 'data-testid="decide-form"' in page
    supervisor.post(f"/billing/waivers/{application.pk}/", {"decision": "approve", "comment": "同意"})
    assert WaiverApplication.objects.get().status == WaiverStatus.APPROVED
    today = dt.date.today().isoformat()
    stats = supervisor.get("/billing/waivers/stats/", {"since": "2020-01-01", "until": "2099-12-31"})
    html = stats.content.decode()
    assert "空置房" in html and "¥60.00" in html and str(waivers.cs_supervisor) in html
    book = load_workbook(
        io.BytesIO(
            supervisor.get(
                "/billing/waivers/stats/export/", {"since": "2020-01-01", "until": "2099-12-31"}
            ).content
        )
    )
    rows = list(book["按原因"].values)
    assert rows[2][0] == "空置房" and rows[2][1] == 1 and rows[-1][2] == 60
    assert list(book["按审批人"].values)[1][2] == 1
    assert today  # the default period is the current month
    assert "JM" in supervisor.get("/billing/waivers/").content.decode()


def test_the_cashier_cannot_decide_and_the_outsider_sees_nothing(waivers, login):
    application = apply(waivers, ("waste", "5"), actor=waivers.butler)
    page = login(waivers.cashier).get(f"/billing/waivers/{application.pk}/").content.decode()
    assert 'data-testid="decide-form"' not in page
    login(waivers.cashier).post(f"/billing/waivers/{application.pk}/", {"decision": "approve"})
    assert WaiverApplication.objects.get().status == WaiverStatus.PENDING
    assert login(waivers.outsider).get(f"/billing/waivers/{application.pk}/").status_code in (403, 404)


def test_the_waiver_list_takes_a_fixed_number_of_queries(waivers, login, django_assert_max_num_queries):
    for code in ("waste", "management", "heating"):
        apply(waivers, (code, "1"))
    client = login(waivers.director)
    with django_assert_max_num_queries(14):
        assert client.get("/billing/waivers/").status_code == 200


def test_the_api_applies_and_decides(waivers, login):
    client = login(waivers.cashier)
    response = client.post(
        "/api/v1/billing/waivers/",
        {
            "unit": waivers.unit.pk,
            "reason": waivers.reason.pk,
            "lines": [{"bill": waivers.bills["waste"].pk, "amount": "10.00"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["current_level"] == "supervisor"
    assert client.post(f"/api/v1/billing/waivers/{pk}/decide/", {"decision": "approve"}).status_code == 403
    response = login(waivers.cs_supervisor).post(
        f"/api/v1/billing/waivers/{pk}/decide/", {"decision": "approve"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["lines"][0]["credit_note"] is not None
    outsider = login(waivers.outsider)
    assert outsider.post("/api/v1/billing/waivers/", {"unit": waivers.unit.pk}).status_code == 404
    assert outsider.post(f"/api/v1/billing/waivers/{pk}/decide/", {}).status_code == 404


# Uploads (issue 17, item 7): waiver attachments by content, re-encoded photos, served only through
# the access-checked file view.


def _apply_with(world, upload):
    return waiver_services.apply_for_waiver(
        unit=world.unit,
        lines=[(world.bills["management"], Decimal("1.00"))],
        reason=world.reason,
        attachment=upload,
        actor=world.cashier,
    )


@pytest.mark.parametrize(
    "name, data",
    [
        ("proof.html", b"<html><script>alert(1)</script></html>"),
        ("proof.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("proof.pdf", b"<html>not a pdf</html>"),
        ("huge.pdf", b"%PDF-1.4\n" + b"0" * (30 * 1024 * 1024)),
    ],
)
def test_a_waiver_refuses_attachments_that_are_not_a_pdf_or_a_picture(waivers, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from propdesk.billing.models import WaiverApplication

    with pytest.raises(ServiceError) as err:
        _apply_with(waivers, SimpleUploadedFile(name, data))
    assert err.value.field == "attachment"
    assert not WaiverApplication.objects.exists()


def test_a_waiver_attachment_is_served_only_through_the_checked_view(waivers, login, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    photo = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (40, 30), "blue").save(photo, format="JPEG", exif=exif)
    application = _apply_with(waivers, SimpleUploadedFile("certificate.jpg", photo.getvalue()))
    stored = application.attachment.read()
    assert b"PhoneMaker" not in stored  # re-encoded: pixels only

    page = login(waivers.director).get(f"/billing/waivers/{application.pk}/").content.decode()
    assert f"/files/waiver-attachment/{application.pk}/" in page and "/media/" not in page
    response = login(waivers.director).get(f"/files/waiver-attachment/{application.pk}/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == stored
    assert login(waivers.outsider).get(f"/files/waiver-attachment/{application.pk}/").status_code == 404
    assert login(waivers.technician).get(f"/files/waiver-attachment/{application.pk}/").status_code == 403
