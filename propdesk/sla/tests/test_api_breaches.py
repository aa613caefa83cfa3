"""GET /api/v1/sla/breaches/: the breaches behind the SLA report page (issue 16, item 13)."""

import pytest
from rest_framework.test import APIClient

from .samples import SAMPLES

pytestmark = pytest.mark.django_db


def test_the_breaches_are_listed_for_who_sees_them_and_nobody_else(world):
    breach = SAMPLES["sla.Breach"](world)
    client = APIClient()
    client.force_login(world.cs_supervisor)
    rows = client.get("/api/v1/sla/breaches/", {"project": world.project.pk}).json()["results"]
    assert [(r["id"], r["code"], r["excused"]) for r in rows] == [(breach.pk, breach.code, False)]
    assert client.get("/api/v1/sla/breaches/", {"code": "no_such_target"}).status_code == 400
    for other in (world.frontdesk, world.outsider):  # no sla.view_breach here
        client.force_login(other)
        assert client.get("/api/v1/sla/breaches/").json()["results"] == []
