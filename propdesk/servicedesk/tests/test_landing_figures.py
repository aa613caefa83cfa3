"""A director's landing page shows the month at a glance (requests, arrival within 20 minutes,
callbacks, satisfaction, collection, arrears) instead of repeating the menu; staff without the
KPI or arrears permissions see none of it."""

import pytest

pytestmark = pytest.mark.django_db


def _landing(client, user, project):
    client.force_login(user)
    session = client.session
    session["propdesk_project_id"] = project.pk
    session.save()
    return client.get("/", follow=True)


def test_the_director_sees_the_months_figures(client, world):
    response = _landing(client, world.director, world.project)
    keys = [f.key for f in response.context["figures"]]
    assert keys == ["requests", "arrival", "callback_rate", "satisfaction", "collection_rate", "arrears"]
    page = response.content.decode()
    assert 'data-testid="month-figures"' in page and 'data-testid="figure-arrears"' in page


def test_the_front_desk_sees_no_management_figures(client, world):
    response = _landing(client, world.frontdesk, world.project)
    assert response.context["figures"] == []
    assert 'data-testid="month-figures"' not in response.content.decode()
