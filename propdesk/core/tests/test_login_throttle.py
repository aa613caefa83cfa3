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
