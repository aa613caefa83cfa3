import pytest
import time_machine
from django.conf import settings

pytestmark = pytest.mark.django_db


def _try(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_login_works_with_the_right_password(client, world):
    response = _try(client, "frontdesk", "pw-frontdesk")
    assert response.status_code == 302


def test_wrong_password_says_so_in_chinese(client, world):
    response = _try(client, "frontdesk", "wrong")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_repeated_failures_lock_the_username_even_with_the_right_password(client, world):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _try(client, "frontdesk", "wrong")
    response = _try(client, "frontdesk", "pw-frontdesk")
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_expires_after_the_window(client, world):
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        for _ in range(settings.LOGIN_MAX_FAILURES):
            _try(client, "frontdesk", "wrong")
    with time_machine.travel("2026-03-10 10:16 +0800", tick=False):
        assert _try(client, "frontdesk", "pw-frontdesk").status_code == 302


def test_api_token_endpoint_shares_the_lock(client, world):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _try(client, "cashier", "wrong")
    response = client.post("/api/v1/auth/token/", {"username": "cashier", "password": "pw-cashier"})
    assert response.status_code == 429
    assert response.json()["code"] == "login_locked"


def test_purge_job_forgets_old_attempts(world):
    from django.core.management import call_command

    from propdesk.core.models import LoginAttempt

    with time_machine.travel("2026-01-01 10:00 +0800", tick=False):
        LoginAttempt.objects.create(username="x", at="2026-01-01T02:00:00Z")
    with time_machine.travel("2026-03-10 10:00 +0800", tick=False):
        LoginAttempt.objects.create(username="y", at="2026-03-10T02:00:00Z")
        call_command("purge_login_attempts")
    assert list(LoginAttempt.objects.values_list("username", flat=True)) == ["y"]


def test_behind_a_trusted_proxy_one_clients_failures_do_not_lock_out_others(client, world, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for n in range(settings.LOGIN_MAX_FAILURES * 4):
        client.post(
            "/login/",
            {"username": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    # Same proxy, another client: not locked.
    response = client.post(
        "/login/",
        {"username": "frontdesk", "password": "pw-frontdesk"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


def test_without_trust_the_forwarded_header_is_ignored(rf, settings):
    from propdesk.core.logins import client_ip

    settings.TRUST_X_FORWARDED_FOR = False
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert client_ip(request) == "1.2.3.4"


# One lockout for every way in (issue 17, items 1–3).


def _staff(world):
    from propdesk.core.models import User

    User.objects.filter(username="frontdesk").update(is_staff=True)


def test_failures_on_the_login_page_lock_the_admin_login(client, world):
    _staff(world)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _try(client, "frontdesk", "wrong")
    response = client.post("/admin/login/", {"username": "frontdesk", "password": "pw-frontdesk"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in response.content.decode()


def test_wrong_admin_logins_count_towards_the_lock(client, world):
    from propdesk.core.models import LoginAttempt

    _staff(world)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post("/admin/login/", {"username": "frontdesk", "password": "wrong"})
    assert (
        LoginAttempt.objects.filter(username="frontdesk", succeeded=False).count()
        == settings.LOGIN_MAX_FAILURES
    )
    assert _try(client, "frontdesk", "pw-frontdesk").status_code == 200  # locked on the login page too
    assert "_auth_user_id" not in client.session


def test_the_right_admin_password_still_logs_in_when_not_locked(client, world):
    _staff(world)
    response = client.post("/admin/login/", {"username": "frontdesk", "password": "pw-frontdesk"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_spaces_around_the_username_do_not_escape_the_api_lock(client, world):
    for n in range(settings.LOGIN_MAX_FAILURES):
        padded = " " * n + "cashier" + " " * (n % 2)
        client.post("/api/v1/auth/token/", {"username": padded, "password": "wrong"})
    response = client.post("/api/v1/auth/token/", {"username": " cashier ", "password": "pw-cashier"})
    assert response.status_code == 429
    assert response.json()["code"] == "login_locked"
    assert (
        client.post("/api/v1/auth/token/", {"username": "cashier", "password": "pw-cashier"}).status_code
        == 429
    )


def test_full_width_letters_are_the_same_username_for_the_lock(client, world):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _try(client, "ｃａｓｈｉｅｒ", "wrong")  # full-width: NFKC makes it "cashier"
    assert _try(client, "cashier", "pw-cashier").status_code == 200


def test_token_rate_limit_ignores_a_forged_forwarded_for_header(client, world, settings):
    settings.TRUST_X_FORWARDED_FOR = False
    codes = [
        client.post(
            "/api/v1/auth/token/",
            {"username": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.9",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(12)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10:] == [429, 429]


def test_token_rate_limit_follows_the_proxy_header_when_trusted(client, world, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for n in range(10):
        client.post(
            "/api/v1/auth/token/",
            {"username": f"nobody{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    other = client.post(
        "/api/v1/auth/token/",
        {"username": "cashier", "password": "pw-cashier"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other.status_code == 200
