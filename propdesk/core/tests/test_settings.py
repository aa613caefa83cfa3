"""A bad setting stops startup with a message that names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_check(env: dict, tmp_path) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    full.update({"PROPDESK_VAR_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "name,value",
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://root@localhost/x"),
        ("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/"),
        ("REDIS_URL", "localhost:6379"),
        ("REDIS_URL", "unix:///run/redis.sock"),
        ("TIME_ZONE", "Mars/Base"),
        ("LOGIN_MAX_FAILURES", "five"),
        ("LOGIN_MAX_FAILURES", "0"),
        ("FIELD_ENCRYPTION_KEY", "not-a-key"),
        ("LANGUAGE_CODE", "fr"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_bad_value_names_the_variable(name, value, tmp_path):
    result = run_check({name: value}, tmp_path)
    assert result.returncode != 0
    assert name in result.stderr, result.stderr[-2000:]


def test_required_secrets_mode_refuses_to_start_without_keys(tmp_path):
    result = run_check(
        {"PROPDESK_REQUIRE_SECRETS": "true", "SECRET_KEY": "", "FIELD_ENCRYPTION_KEY": ""}, tmp_path
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','propdesk.settings'); django.setup();"
        "from django.db import connection; c=connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0], connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PROPDESK_VAR_DIR"] = str(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.split() == ["wal", "IMMEDIATE"], out.stderr


def test_defaults_are_chinese_and_shanghai():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
