"""The account pages and API with the Django client: activation (neutral answer, clear refusals),
the desk's invitation and consent on the unit page, the Me page (contacts, consent, password,
sessions), and the same checks in /api/v1/portal/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from rest_framework.authtoken.models import Token

from propdesk.core.crypto import phone_index
from propdesk.notices.models import SmsOutbox
from propdesk.portal.models import PortalInvitation, PortalSession, TenantConsent
from propdesk.registry import services as registry
from propdesk.registry.choices import ResidencyKind
from propdesk.registry.models import EmergencyContact

PASSWORD = "Lantern-Harbour-93"


@pytest.fixture
def tenant(world):
    party = registry.register_party(project=world.project, name="王五", phone="13700002222", actor=None)
    registry.start_residency(
        unit=world.unit, party=party, kind=ResidencyKind.TENANT, started_on=dt.date(2025, 3, 1), actor=None
    )
    return party


def _code(phone):
    return re.search(
        r"(?<!\d)(\d{6})(?!\d)",
        SmsOutbox.objects.filter(phone_index=phone_index(phone)).latest("created_at").text,
    ).group(1)


def test_the_activation_page_answers_the_same_for_known_and_unknown_numbers(client, world, tenant):
    known = client.post(reverse("portal:activate"), {"phone": "13700002222"}, follow=True)
    unknown = client.post(reverse("portal:activate"), {"phone": "13600009999"}, follow=True)
    for response in (known, unknown):
        assert response.redirect_chain[-1][0] == reverse("portal:activate_verify")
        assert "如果该号码已登记为业主或租户" in response.content.decode()
    bad = client.post(reverse("portal:activate"), {"phone": "12345"})
    assert 'data-testid="error-phone"' in bad.content.decode()


def test_a_tenant_without_consent_is_refused_in_chinese_then_activates_with_it(
    client, world, tenant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:activate"), {"phone": "13700002222"})
    form = {
        "phone": "13700002222",
        "code": _code("13700002222"),
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    page = client.post(reverse("portal:activate_verify"), form).content.decode()
    assert "尚未同意" in page
    client.force_login(world.owner)
    client.post(reverse("portal:me_consent_grant", args=[world.unit.pk]), {"tenant": tenant.pk})
    assert TenantConsent.objects.get().owner == world.owner_party
    client.logout()
    response = client.post(reverse("portal:activate_verify"), form, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert world.unit.number in response.content.decode()


def test_an_expired_or_wrong_code_is_named(client, world, tenant):
    page = client.post(
        reverse("portal:activate_verify"),
        {"phone": "13812345678", "code": "123456", "password": PASSWORD, "password_again": PASSWORD},
    ).content.decode()
    assert 'data-testid="error-code"' in page and "没有向这个号码发送过验证码" in page


def test_the_desk_invites_from_the_unit_page_and_records_consent(
    client, world, tenant, django_capture_on_commit_callbacks
):
    client.force_login(world.frontdesk)
    page = client.get(reverse("registry:unit", args=[world.unit.pk])).content.decode()
    assert f'data-testid="invite-{tenant.pk}"' in page and 'data-testid="unit-portal-accounts"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:invite", args=[world.unit.pk]), {"party": tenant.pk})
    assert PortalInvitation.objects.get().sent_by == world.frontdesk
    page = client.get(reverse("registry:unit", args=[world.unit.pk])).content.decode()
    assert 'data-testid="sandbox-sms"' in page
    client.post(reverse("portal:desk_consent", args=[world.unit.pk]), {"tenant": tenant.pk, "reason": ""})
    assert not TenantConsent.objects.exists()
    client.post(
        reverse("portal:desk_consent", args=[world.unit.pk]), {"tenant": tenant.pk, "reason": "书面同意"}
    )
    assert TenantConsent.objects.get().reason == "书面同意"
    client.force_login(world.technician)
    assert (
        client.post(reverse("portal:invite", args=[world.unit.pk]), {"party": tenant.pk}).status_code == 403
    )


def test_the_me_page_edits_contacts_and_lists_sessions(client, world):
    client.force_login(world.owner)
    page = client.get(reverse("portal:me")).content.decode()
    assert "138****5678" in page and 'data-testid="tab-me"' in page
    assert PortalSession.objects.filter(user=world.owner).count() == 1
    bad = client.post(reverse("portal:me_contact_add", args=[world.unit.pk]), {"name": "妈妈", "phone": "12"})
    assert bad.status_code == 400 and 'data-testid="error-phone"' in bad.content.decode()
    client.post(
        reverse("portal:me_contact_add", args=[world.unit.pk]), {"name": "妈妈", "phone": "13600001234"}
    )
    contact = EmergencyContact.objects.get(unit=world.unit)
    assert contact.name == "妈妈"
    client.post(reverse("portal:me_contact_remove", args=[contact.pk]))
    contact.refresh_from_db()
    assert not contact.is_active


def test_sign_out_elsewhere_ends_the_other_sessions_and_the_token(client, world):
    from django.test import Client

    other = Client()
    other.force_login(world.owner)
    other.get(reverse("portal:me"))
    Token.objects.create(user=world.owner)
    client.force_login(world.owner)
    client.get(reverse("portal:me"))
    assert PortalSession.objects.filter(user=world.owner).count() == 2
    client.post(reverse("portal:me_sign_out_elsewhere"))
    assert other.get(reverse("portal:me")).status_code == 302
    assert client.get(reverse("portal:me")).status_code == 200
    assert not Token.objects.filter(user=world.owner).exists()
    assert Session.objects.count() == 1


def test_the_me_page_changes_the_password(client, world):
    client.force_login(world.owner)
    bad = client.post(
        reverse("portal:me_password"),
        {"old_password": "wrong", "new_password": PASSWORD, "new_password_again": PASSWORD},
    )
    assert bad.status_code == 400 and 'data-testid="error-old_password"' in bad.content.decode()
    client.post(
        reverse("portal:me_password"),
        {"old_password": "pw-owner", "new_password": PASSWORD, "new_password_again": PASSWORD},
    )
    world.owner.refresh_from_db()
    assert world.owner.check_password(PASSWORD)


def test_another_owner_cannot_touch_my_unit(client, world, tenant):
    from propdesk.core.models import User

    stranger = User.objects.create_user(username="stranger", password="x")
    client.force_login(stranger)
    assert (
        client.post(reverse("portal:me_contact_add", args=[world.unit.pk]), {"name": "x"}).status_code == 404
    )
    assert (
        client.post(
            reverse("portal:me_consent_grant", args=[world.unit.pk]), {"tenant": tenant.pk}
        ).status_code
        == 404
    )


def test_the_api_activates_with_the_same_checks(client, world, tenant, django_capture_on_commit_callbacks):
    url_code = reverse("portal_activation_code")
    url_verify = reverse("portal_activation_verify")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url_code, {"phone": "13700002222"}, content_type="application/json")
    assert answer.status_code == 202
    unknown = client.post(url_code, {"phone": "13600009999"}, content_type="application/json")
    assert unknown.json() == answer.json()
    body = {"phone": "13700002222", "code": _code("13700002222"), "password": PASSWORD}
    refused = client.post(url_verify, body, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "no_consent"
    token = Token.objects.create(user=world.owner)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    granted = client.post(
        "/api/v1/portal/consents/",
        {"unit": world.unit.pk, "tenant": tenant.pk},
        content_type="application/json",
        **headers,
    )
    assert granted.status_code == 201
    opened = client.post(url_verify, body, content_type="application/json")
    assert opened.status_code == 201 and re.fullmatch(r"owner-[0-9a-f]{8}", opened.json()["username"])
    assert client.post(url_verify, body, content_type="application/json").json()["fields"]["code"]
    listed = client.get("/api/v1/portal/consents/", **headers).json()
    consent_id = listed["results"][0]["id"] if "results" in listed else listed[0]["id"]
    revoked = client.post(f"/api/v1/portal/consents/{consent_id}/revoke/", **headers)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]


def test_the_api_throttles_code_requests(client, world):
    for _i in range(5):
        client.post(
            reverse("portal_activation_code"), {"phone": "13600009999"}, content_type="application/json"
        )
    answer = client.post(
        reverse("portal_activation_code"), {"phone": "13600009999"}, content_type="application/json"
    )
    assert answer.status_code == 429
