"""The portal's landing: an owner signing in lands on their units, not on a staff 403."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_an_owner_signing_in_lands_on_the_portal_with_their_units(client, world):
    response = client.post(reverse("login"), {"username": "owner", "password": "pw-owner"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    page = response.content.decode()
    assert 'data-testid="my-units"' in page
    assert world.unit.number in page
    assert 'data-testid="no-units"' not in page


@pytest.mark.django_db
def test_staff_still_land_on_their_dashboard(client, world):
    client.force_login(world.director)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    assert "portal" not in response.templates[0].name


@pytest.mark.django_db
def test_a_person_without_units_is_told_whom_to_ask(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="nobody", password="x"))
    response = client.get(reverse("core:dashboard"), follow=True)
    assert 'data-testid="no-units"' in response.content.decode()


@pytest.mark.django_db
def test_the_portal_asks_the_anonymous_to_sign_in(client):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
