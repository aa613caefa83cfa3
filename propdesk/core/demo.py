"""The demo company 清能物业 with a residential community and an office tower.

`load_demo` builds it through the services, so the demo exercises the same code
as real use. Each module adds its own demo data with `register_step` (buildings
and owners come from the registry; later requests, bills ...).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from .audit import acting_as, system_user
from .choices import ProjectKind
from .models import Company, Membership, Position, Project, User
from .services import (
    add_membership,
    create_company,
    create_project,
    grant_company_role,
    load_default_positions,
)

COMPANY_CODE = "qingneng"


@dataclass
class Demo:
    company: Company
    community: Project
    tower: Project
    users: dict[str, User] = field(default_factory=dict)
    # How many requests of history (the past 12 months) the steps add; 0 = none (tests).
    history: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # each step's wall time, for `load_demo`


_steps: list[tuple[int, Callable[[Demo], None]]] = []


def register_step(fn: Callable[[Demo], None], *, order: int = 100) -> None:
    if all(existing is not fn for _o, existing in _steps):
        _steps.append((order, fn))


# username, display name, position code, project key ("community", "tower" or "both")
STAFF = [
    ("director", "周建国", "center_director", "both"),
    ("cs_supervisor", "李秀英", "cs_supervisor", "community"),
    ("frontdesk", "陈佳怡", "frontdesk_assistant", "community"),
    ("butler", "王丽娟", "butler", "community"),
    ("records", "赵晓东", "records_assistant", "community"),
    ("eng_supervisor", "刘志强", "engineering_supervisor", "community"),
    ("dispatcher", "孙海燕", "dispatcher", "community"),
    ("technician", "张卫东", "technician", "community"),
    # Three more of the engineering team, so a year of repairs is spread as a real team's would be.
    ("technician_li", "李建军", "technician", "community"),
    ("technician_wang", "王磊", "technician", "community"),
    ("technician_zhao", "赵刚", "technician", "community"),
    ("security", "马俊杰", "security_supervisor", "community"),
    ("fire_officer", "郭宇航", "fire_safety_officer", "community"),
    ("guard", "邵子涵", "security_guard", "community"),
    ("cleaning", "何春梅", "cleaning_lead", "community"),
    ("cashier", "黄淑珍", "cashier", "community"),
    ("tower_cs", "林思远", "cs_supervisor", "tower"),
    ("tower_frontdesk", "罗欣怡", "frontdesk_assistant", "tower"),
    ("tower_technician", "郑浩然", "technician", "tower"),
    ("tower_cashier", "梁雨萱", "cashier", "tower"),
]
COMPANY_STAFF = [("gm", "高文博", "general_manager"), ("company_admin", "谢一鸣", "company_admin")]


def _user(username: str, name: str, phone: str = "") -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": name, "phone": phone}
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def is_loaded() -> bool:
    return Company.objects.filter(code=COMPANY_CODE).exists()


@transaction.atomic
def load_demo(*, history: int = 0) -> Demo | None:
    """Build the demo once. Returns None when it is already there (idempotent).

    `history`: requests of the past 12 months the steps add in bulk (with their work orders,
    clocks and callbacks), so the charts and KPIs have a year's shape; 0 = today's handful only."""
    if is_loaded():
        return None
    actor = system_user()
    with acting_as(actor):
        load_default_positions(actor=actor)
        company = create_company(
            name="清能物业", code=COMPANY_CODE, phone="027-86001234", address="湖北省武汉市武昌区中北路88号"
        )
        community = create_project(
            company=company,
            name="清能·江南花园",
            code="jiangnan",
            kind=ProjectKind.RESIDENTIAL,
            address="湖北省武汉市洪山区珞喻路1037号",
            service_phone="027-87001234",
        )
        tower = create_project(
            company=company,
            name="清能国际大厦",
            code="tower",
            kind=ProjectKind.OFFICE,
            address="湖北省武汉市江汉区建设大道568号",
            service_phone="027-85005678",
        )
        demo = Demo(company=company, community=community, tower=tower, history=history)
        positions = {p.code: p for p in Position.objects.all()}
        for i, (username, name, code, where) in enumerate(STAFF):
            user = _user(username, name, phone=f"1380713{i:04d}")
            projects = {"community": [community], "tower": [tower], "both": [community, tower]}[where]
            for project in projects:
                add_membership(user=user, project=project, position=positions[code])
            demo.users[username] = user
        for i, (username, name, code) in enumerate(COMPANY_STAFF):
            user = _user(username, name, phone=f"1390713{i:04d}")
            grant_company_role(user=user, company=company, position=positions[code])
            demo.users[username] = user
        # The director and the company roles edit configuration data in the admin.
        User.objects.filter(username__in=["director", "gm", "company_admin"]).update(is_staff=True)
        for _order, step in sorted(_steps, key=lambda s: s[0]):
            started = time.monotonic()
            step(demo)
            demo.seconds[f"{step.__module__}.{step.__name__}"] = round(time.monotonic() - started, 1)
    return demo


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, name, where) for `make run` to print; empty when there is no demo."""
    if not is_loaded():
        return []
    rows = []
    for username, name, code, _where in STAFF:
        rows.append(
            (
                username,
                name,
                Position.objects.filter(code=code).values_list("name", flat=True).first() or code,
            )
        )
    for username, name, code in COMPANY_STAFF:
        rows.append(
            (
                username,
                name,
                Position.objects.filter(code=code).values_list("name", flat=True).first() or code,
            )
        )
    if User.objects.filter(username="owner").exists():
        rows.append(("owner", User.objects.get(username="owner").display_name, "业户"))
    return rows


def memberships_text(user: User) -> str:
    return ", ".join(str(m.position) for m in Membership.objects.filter(user=user))
