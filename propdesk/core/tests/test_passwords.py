"""Passwords (issue 17, item 4): no product or company name in a password, and every user — owners
and tenants included — can change their own, on the web and in the API."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password", ["propdesk", "PropDesk2026!", "ｐｒｏｐｄｅｓｋ", "prop-desk-99x", "x-PROPDESK"]
)
def test_the_products_name_is_refused_in_any_dress(world, password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert "password_forbidden_word" in [e.code for e in exc.value.error_list]


def test_a_company_name_and_code_are_refused(world, settings):
    company = world.project.company
    for password in (f"{company.name}12345", f"{company.code}-2026-zz"):
        with pytest.raises(ValidationError):
            validate_password(password)
    settings.PASSWORD_FORBIDDEN_WORDS = ["翠湖苑"]
    with pytest.raises(ValidationError):
        validate_password("翠湖苑88886666")


def test_a_good_password_passes(world):
    validate_password("Hk7#qLm2-wz")  # raises nothing


def test_an_owner_changes_the_password_on_the_web(client, world):
    client.force_login(world.owner)
    page = client.get("/password/")
    assert page.status_code == 200
    assert "修改密码" in page.content.decode()
    response = client.post(
        "/password/",
        {"old_password": "pw-owner", "new_password": "Hk7#qLm2-wz", "new_password_again": "Hk7#qLm2-wz"},
    )
    assert response.status_code == 302
    world.owner.refresh_from_db()
    assert world.owner.check_password("Hk7#qLm2-wz")
    assert client.get("/password/").status_code == 200  # still logged in in this browser


def test_web_refusals_name_the_field(client, world):
    client.force_login(world.owner)
    wrong = client.post(
        "/password/",
        {"old_password": "nope", "new_password": "Hk7#qLm2-wz", "new_password_again": "Hk7#qLm2-wz"},
    ).content.decode()
    assert 'data-testid="error-old_password"' in wrong
    named = client.post(
        "/password/",
        {"old_password": "pw-owner", "new_password": "propdesk", "new_password_again": "propdesk"},
    ).content.decode()
    assert 'data-testid="error-new_password"' in named
    differ = client.post(
        "/password/",
        {"old_password": "pw-owner", "new_password": "Hk7#qLm2-wz", "new_password_again": "Hk7#qLm2-wy"},
    ).content.decode()
    assert 'data-testid="error-new_password_again"' in differ
    world.owner.refresh_from_db()
    assert world.owner.check_password("pw-owner")


def test_other_browsers_are_logged_out_after_a_change(client, world):
    from django.test import Client

    other = Client()
    other.force_login(world.owner)
    client.force_login(world.owner)
    client.post(
        "/password/",
        {"old_password": "pw-owner", "new_password": "Hk7#qLm2-wz", "new_password_again": "Hk7#qLm2-wz"},
    )
    assert other.get("/password/").status_code == 302  # to the login page


def test_the_api_changes_the_password_and_replaces_the_token(client, world):
    old = client.post("/api/v1/auth/token/", {"username": "owner", "password": "pw-owner"}).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {old}"}
    refused = client.post(
        "/api/v1/me/password/", {"old_password": "pw-owner", "new_password": "propdesk"}, **auth
    )
    assert refused.status_code == 400
    assert "new_password" in refused.json()["fields"]
    done = client.post(
        "/api/v1/me/password/", {"old_password": "pw-owner", "new_password": "Hk7#qLm2-wz"}, **auth
    )
    assert done.status_code == 200
    new = done.json()["token"]
    assert new != old
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {old}").status_code in (401, 403)
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {new}").status_code == 200
    world.owner.refresh_from_db()
    assert world.owner.check_password("Hk7#qLm2-wz")
