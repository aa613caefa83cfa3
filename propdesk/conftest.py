"""Shared fixtures: a two-company world with one persona per position and sentinel data.

Everything of project A carries the word SENTINEL so a test can prove that a page
shown to the outsider (who works in project B of another company) leaks nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

SENTINEL = "SENTINEL"


@pytest.fixture(autouse=True, scope="session")
def _fast_test_settings():
    # Hashing passwords slowly is a production property, not something each test should pay for.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Background tasks run inline after commit; tests of the thread and Celery paths switch this off.
    settings.PROPDESK_TASKS_INLINE = True


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """A SQLite test database starts from the schema snapshot (core/schema), as `make run` does:
    its `migrate` then applies nothing, where migrating from nothing costs each test worker minutes.
    `test_schema_snapshot` proves the snapshot is what the migrations build. PostgreSQL migrates."""
    from unittest import mock

    from django.core import management
    from django.db import connections

    from propdesk.core import schema

    migrate = management.call_command

    def call_command(name, *args, **options):
        if name == "migrate":
            schema.load_if_empty(connections[options.get("database", "default")])
        return migrate(name, *args, **options)

    with mock.patch.object(management, "call_command", call_command):
        yield


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.core.cache import cache

    from propdesk.sla.services import forget_built_calendars, forget_policy_targets

    cache.clear()
    forget_built_calendars()  # a rolled-back test's calendar id may come back with other hours (SQLite)
    forget_policy_targets()  # likewise a policy id with other targets
    # A request through LanguageMiddleware leaves its language active in the thread: every test starts
    # in the default language, whatever the test before it asked for.
    translation.activate(settings.LANGUAGE_CODE)
    yield


@dataclass
class World:
    company: object
    project: object  # project A: where the personas work
    other_company: object
    other_project: object  # project B: the outsider's
    building: object
    unit: object
    owner_party: object
    users: dict

    def __getattr__(self, name):
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


PERSONAS = {
    "frontdesk": "frontdesk_assistant",
    "butler": "butler",
    "dispatcher": "dispatcher",
    "technician": "technician",
    "cashier": "cashier",
    "cs_supervisor": "cs_supervisor",
    "director": "center_director",
    "records": "records_assistant",
    "eng_supervisor": "engineering_supervisor",
}


def build_world() -> World:
    from propdesk.core.models import Position, User
    from propdesk.core.services import (
        add_membership,
        create_company,
        create_project,
        grant_company_role,
        load_default_positions,
    )
    from propdesk.registry.choices import IdType
    from propdesk.registry.services import create_building, create_unit, register_party, start_ownership

    load_default_positions()
    positions = {p.code: p for p in Position.objects.all()}
    company = create_company(name=f"{SENTINEL}物业A", code="company-a")
    project = create_project(
        company=company,
        name=f"{SENTINEL}花园A",
        code="garden-a",
        kind="residential",
        service_phone="027-11110000",
    )
    second = create_project(company=company, name=f"{SENTINEL}大厦A2", code="tower-a", kind="office")
    other_company = create_company(name="别家物业B", code="company-b")
    other_project = create_project(
        company=other_company, name="别家小区B", code="estate-b", kind="residential"
    )

    users = {}
    for username, code in PERSONAS.items():
        user = User.objects.create_user(username=username, password="pw-" + username, display_name=username)
        add_membership(user=user, project=project, position=positions[code])
        users[username] = user
    gm = User.objects.create_user(username="gm", password="pw-gm", display_name="总经理")
    grant_company_role(user=gm, company=company, position=positions["general_manager"])
    users["gm"] = gm
    outsider = User.objects.create_user(username="outsider", password="pw-outsider", display_name="外人")
    add_membership(user=outsider, project=other_project, position=positions["center_director"])
    users["outsider"] = outsider

    building = create_building(project=project, code="3", name=f"{SENTINEL}3栋", floors=18, entrances=2)
    unit = create_unit(
        building=building,
        entrance="2",
        floor=15,
        number="1501",
        building_area=Decimal("120.50"),
        status="occupied",
    )
    party = register_party(
        project=project,
        name=f"{SENTINEL}张三",
        phone="13812345678",
        id_type=IdType.RESIDENT_ID,
        id_number="11010519491231002X",
    )
    start_ownership(unit=unit, party=party, started_on=dt.date(2020, 5, 1))
    owner = User.objects.create_user(username="owner", password="pw-owner", display_name="张三")
    party.user = owner
    party.save(update_fields=["user"])
    users["owner"] = owner
    from propdesk.core.models import Membership

    Membership.objects.get(user=users["butler"], project=project).buildings.set([building])
    world = World(
        company=company,
        project=project,
        other_company=other_company,
        other_project=other_project,
        building=building,
        unit=unit,
        owner_party=party,
        users=users,
    )
    world.second_project = second
    from django.utils import timezone

    world.project_created_at = timezone.now()
    return world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def personas(world) -> World:
    """Alias: the personas of the world (world.frontdesk, world.outsider, ...)."""
    return world


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install it (apt-get install chromium)")
        pytest.skip("browser tests need Chromium: apt-get install chromium")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


SCREENSHOT_DIR = settings.VAR_DIR / "screenshots"


def logged_in_api(user):
    """An API client logged in as `user` (a session, as a browser calling the API would have)."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(user)
    return client


def guide_folder():
    """Where browser tests save the user guide's pictures: the folder PROPDESK_SCREENSHOTS names
    (`1` for var/screenshots), or None — an ordinary test run leaves docs/img alone."""
    from pathlib import Path

    where = os.environ.get("PROPDESK_SCREENSHOTS", "")
    if not where:
        return None
    folder = SCREENSHOT_DIR if where.lower() in {"1", "true", "yes"} else Path(where)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
