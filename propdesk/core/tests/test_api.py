import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_token_authentication(api, world):
    response = api.post(
        "/api/v1/auth/token/", {"username": "frontdesk", "password": "pw-frontdesk"}, format="json"
    )
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token " + response.json()["token"])
    me = api.get("/api/v1/me/").json()
    assert me["username"] == "frontdesk"
    assert me["memberships"][0]["position_code"] == "frontdesk_assistant"


def test_token_authentication_refuses_an_unknown_key_and_an_inactive_user(api, world):
    api.credentials(HTTP_AUTHORIZATION="Token " + "f" * 40)
    response = api.get("/api/v1/me/")
    assert response.status_code == 403  # DRF: the first authentication class (session) sends no challenge
    assert response.json()["code"] == "authentication_failed"
    token = Token.objects.create(user=world.frontdesk)
    api.credentials(HTTP_AUTHORIZATION="Token " + token.key)
    assert api.get("/api/v1/me/").status_code == 200
    type(world.frontdesk).objects.filter(pk=world.frontdesk.pk).update(is_active=False)
    response = api.get("/api/v1/me/")
    assert response.status_code == 403  # DRF: the first authentication class (session) sends no challenge
    assert response.json()["code"] == "authentication_failed"


def test_session_authentication(api, world):
    api.force_login(world.director)
    assert api.get("/api/v1/projects/").status_code == 200


def test_anonymous_gets_401_with_the_error_body(api):
    response = api.get("/api/v1/projects/")
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "not_authenticated"


def test_validation_error_names_the_field(api, world):
    api.force_login(world.director)
    response = api.patch(f"/api/v1/projects/{world.project.pk}/", {"timezone": "Mars/Base"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["timezone"]
    assert "时区" in body["message"]


def test_serializer_error_names_the_field(api, world):
    api.force_login(world.director)
    response = api.patch(f"/api/v1/projects/{world.project.pk}/", {"service_phone": "1" * 40}, format="json")
    assert response.status_code == 400
    assert "service_phone" in response.json()["fields"]


def test_permission_denied_body(api, world):
    api.force_login(world.frontdesk)
    response = api.patch(f"/api/v1/projects/{world.project.pk}/", {"service_phone": "027-1"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_not_found_body_for_another_projects_object(api, world):
    api.force_login(world.outsider)
    response = api.get(f"/api/v1/units/{world.unit.pk}/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": response.json()["message"], "fields": {}}


def test_api_change_is_audited_with_the_token_user(api, world):
    token = Token.objects.create(user=world.director)
    api.credentials(HTTP_AUTHORIZATION="Token " + token.key)
    response = api.patch(
        f"/api/v1/projects/{world.project.pk}/", {"service_phone": "027-12345678"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["service_phone"] == "027-12345678"
    assert world.project.history.first().history_user == world.director


def test_lists_are_paginated(api, world):
    api.force_login(world.director)
    body = api.get("/api/v1/departments/?page_size=3").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 8 and len(body["results"]) == 3


def test_units_api_filters_and_query_count(api, world, django_assert_max_num_queries):
    from decimal import Decimal

    from propdesk.registry.services import create_unit

    for n in range(30):
        create_unit(
            building=world.building,
            entrance="1",
            floor=n + 1,
            number=f"{n + 1}02",
            building_area=Decimal("80"),
        )
    api.force_login(world.frontdesk)
    with django_assert_max_num_queries(12):
        body = api.get(f"/api/v1/units/?building={world.building.pk}&page_size=100").json()
    assert body["count"] == 31
    assert [u["label"] for u in api.get("/api/v1/units/?floor=15").json()["results"]] == [
        "3-1-1502",
        "3-2-1501",
    ]


def test_openapi_schema_is_valid_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_schema_and_docs_are_served_to_staff(api, world):
    api.force_login(world.frontdesk)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/units/" in schema.content.decode()
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()


@pytest.mark.django_db
def test_an_api_url_no_route_matches_answers_the_apis_error_body(client, world):
    """Not Django's HTML 404 page: a client of the API always gets {code, message, fields}."""
    client.force_login(world.director)
    response = client.get("/api/v1/units/not-a-number/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found" and response.json()["fields"] == {}
    assert client.get("/registry/units/not-a-number/")["Content-Type"].startswith("text/html")
