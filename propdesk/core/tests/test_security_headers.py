"""Web hardening (issue 17, item 10): a Content-Security-Policy on every page with no inline script
anywhere, HSTS and the HTTPS redirect when served over HTTPS, and `check --deploy` clean with the
production settings documented in docs/operations.md."""

import os
import pathlib
import re
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.test import Client

ROOT = pathlib.Path(__file__).resolve().parents[3]
TEMPLATES = sorted((ROOT / "propdesk").glob("*/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=|javascript:", re.I)


def test_no_template_has_an_inline_script_or_handler():
    assert TEMPLATES, "no templates found: the glob is out of date"
    found = []
    for path in TEMPLATES:
        text = path.read_text()
        if "/pdf/" in str(path) or path.name.endswith("_pdf.html"):
            continue  # rendered to PDF by WeasyPrint, never by a browser
        if INLINE_SCRIPT.search(text) or HANDLER.search(text):
            found.append(str(path.relative_to(ROOT)))
    assert not found, f"move these scripts to a static file (core/forms.js, core/charts.js): {found}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/login/", "/", "/password/", "/admin/login/", "/api/docs/", "/registry/search/"]
)
def test_every_page_carries_the_policy(client, world, path):
    client.force_login(world.users["director"])
    response = client.get(path)
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_hsts_and_redirect_over_https(world, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # a new handler reads the settings above
    assert client.get("/login/").status_code == 301  # plain HTTP is sent to HTTPS
    assert client.get("/healthz").status_code == 200  # the liveness probe is exempt
    secure = client.get("/login/", secure=True)
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def _production_env(tmp_path) -> dict[str, str]:
    text = (ROOT / "docs" / "operations.md").read_text()
    block = text.split("A minimal production file:", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    # Not the test run's environment: DATABASE_URL/REDIS_URL would point at its services, and the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE is exactly what check --deploy refuses.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    for line in block.strip().splitlines():
        name, value = line.split("=", 1)
        env[name] = value.strip("'")
    env.update(
        SECRET_KEY="x" * 20 + Fernet.generate_key().decode(),
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        BLIND_INDEX_KEY=Fernet.generate_key().decode(),
        PROPDESK_VAR_DIR=str(tmp_path),
    )
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)  # the checks need no database; SQLite under the temporary directory
    return env


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
