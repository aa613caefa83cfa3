"""What an owner, a tenant and a resident see (registry.visibility), asked the same way of the
registry's, the service desk's and billing's owner API: the rule is one, so the answers agree."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from propdesk.core.models import User
from propdesk.registry.services import register_party, start_residency
from propdesk.registry.visibility import OWNER, RESIDENT, TENANT, unit_accesses
from propdesk.servicedesk.services import receive_request

from .conftest import run_month

pytestmark = pytest.mark.django_db

MOVED_IN = dt.date(2026, 4, 10)


def _person(world, name, kind):
    party = register_party(project=world.project, name=name, phone="13800000000", actor=world.frontdesk)
    user = User.objects.create_user(username=f"u-{kind}", password="pw", display_name=name)
    party.user = user
    party.save(update_fields=["user"])
    start_residency(unit=world.unit, party=party, kind=kind, started_on=MOVED_IN, actor=world.frontdesk)
    client = APIClient()
    client.force_authenticate(user)
    return user, client


def _rows(response):
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def _report(world, content, at):
    return receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="phone",
        content=content,
        reporter_name="张三",
        unit=world.unit,
        received_at=at,
    )


@pytest.fixture
def household(billing):
    run_month(billing, dt.date(2026, 3, 1))  # the owner's March, before the tenant
    run_month(billing, dt.date(2026, 4, 1))  # April: the tenant moved in on the 10th
    before = _report(billing, "门锁坏了（入住前）", dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC))
    after = _report(billing, "水龙头漏水", dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC))
    billing.tenant, billing.tenant_api = _person(billing, "李四", "tenant")
    billing.resident, billing.resident_api = _person(billing, "王五", "family")
    owner_api = APIClient()
    owner_api.force_authenticate(billing.owner)
    billing.owner_api = owner_api
    billing.before, billing.after = before, after
    return billing


def test_the_roles_and_first_days(household):
    (owner,) = unit_accesses(household.owner)
    (tenant,) = unit_accesses(household.tenant)
    (resident,) = unit_accesses(household.resident)
    assert (owner.role, owner.since) == (OWNER, None)
    assert (tenant.role, tenant.since, tenant.sees_money) == (TENANT, MOVED_IN, True)
    assert (resident.role, resident.since, resident.sees_money) == (RESIDENT, MOVED_IN, False)


def test_all_three_see_the_unit(household):
    for api in (household.owner_api, household.tenant_api, household.resident_api):
        assert [u["id"] for u in _rows(api.get("/api/v1/my/units/"))] == [household.unit.pk]


def test_requests_owner_all_tenant_and_resident_since_they_moved_in(household):
    def seen(api):
        return {r["id"] for r in _rows(api.get("/api/v1/my/requests/"))}

    assert seen(household.owner_api) == {household.before.pk, household.after.pk}
    assert seen(household.tenant_api) == {household.after.pk}
    assert seen(household.resident_api) == {household.after.pk}
    # What they do not see is not there for them: 404, not 403.
    assert household.tenant_api.get(f"/api/v1/my/requests/{household.before.pk}/").status_code == 404
    assert household.tenant_api.get(f"/api/v1/my/requests/{household.after.pk}/").status_code == 200


def test_bills_owner_all_tenant_from_the_tenancy_resident_none(household):
    def periods(api):
        return sorted({r["period"] for r in _rows(api.get("/api/v1/billing/my/bills/?all=1"))})

    assert periods(household.owner_api) == ["2026-03-01", "2026-04-01"]
    assert periods(household.tenant_api) == ["2026-04-01"]  # April's span ends after the 10th
    assert periods(household.resident_api) == []
    # A resident cannot open a payment for the unit; a tenant pays what they see owed.
    refused = household.resident_api.post(
        "/api/v1/billing/my/payments/", {"unit": household.unit.pk, "method": "wechat"}, format="json"
    )
    assert refused.status_code == 404


def test_an_ended_tenancy_sees_nothing(household):
    from propdesk.registry.models import Residency
    from propdesk.registry.services import end_residency

    residency = Residency.objects.get(party__user=household.tenant)
    end_residency(residency=residency, ended_on=dt.date(2026, 5, 1), actor=household.frontdesk)
    assert unit_accesses(household.tenant) == []
    assert _rows(household.tenant_api.get("/api/v1/my/units/")) == []
    assert _rows(household.tenant_api.get("/api/v1/my/requests/")) == []
