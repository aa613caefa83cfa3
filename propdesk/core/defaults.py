"""Seed data for the organisation: the positions of SPEC §0 and their default permission sets.

`load_defaults` applies this once per position; after that the permission set is
data that a company administrator edits in the admin, and re-running never
overwrites those edits.
"""

import importlib

from django.apps import apps

from .choices import DepartmentKind as D
from .choices import PositionScope as S

DEPARTMENTS = [
    (D.MANAGEMENT, "物业服务中心"),
    (D.CUSTOMER_SERVICE, "客户服务部"),
    (D.ENGINEERING, "工程部"),
    (D.SECURITY, "秩序维护部"),
    (D.ENVIRONMENT, "环境部"),
    (D.FINANCE, "财务部"),
    (D.ADMINISTRATION, "行政人事部"),
    (D.LEASING, "招商部"),
]

# code, name, scope, department kind, department head, superior code, building scope
POSITIONS = [
    ("general_manager", "总经理", S.COMPANY, "", True, None, False),
    ("company_admin", "公司管理员", S.COMPANY, "", False, "general_manager", False),
    ("center_director", "物业服务中心主任", S.PROJECT, D.MANAGEMENT, True, "general_manager", False),
    ("cs_supervisor", "客服主管", S.PROJECT, D.CUSTOMER_SERVICE, True, "center_director", False),
    ("frontdesk_assistant", "物业助理（前台）", S.PROJECT, D.CUSTOMER_SERVICE, False, "cs_supervisor", False),
    ("butler", "楼栋管家", S.PROJECT, D.CUSTOMER_SERVICE, False, "cs_supervisor", True),
    (
        "records_assistant",
        "物业助理（内务资料）",
        S.PROJECT,
        D.CUSTOMER_SERVICE,
        False,
        "cs_supervisor",
        False,
    ),
    ("engineering_supervisor", "工程主管", S.PROJECT, D.ENGINEERING, True, "center_director", False),
    ("dispatcher", "派单员", S.PROJECT, D.ENGINEERING, False, "engineering_supervisor", False),
    ("technician", "维修技工", S.PROJECT, D.ENGINEERING, False, "engineering_supervisor", False),
    ("security_supervisor", "秩序维护主管", S.PROJECT, D.SECURITY, True, "center_director", False),
    ("fire_safety_officer", "消防专管员", S.PROJECT, D.SECURITY, False, "security_supervisor", False),
    ("security_guard", "秩序维护员", S.PROJECT, D.SECURITY, False, "security_supervisor", False),
    ("cleaning_lead", "保洁领班", S.PROJECT, D.ENVIRONMENT, True, "center_director", False),
    ("cashier", "出纳", S.PROJECT, D.FINANCE, False, "center_director", False),
    ("owner", "业户", S.EXTERNAL, "", False, None, False),
]

# Positions that see only the requests of their own work orders (维修技工), not every request.
WORK_ORDER_SCOPE = {"technician"}

_SECTIONS = {
    "frontdesk": {"frontdesk_assistant", "butler", "records_assistant", "cs_supervisor", "center_director"},
    "servicedesk": {
        "frontdesk_assistant",
        "butler",
        "records_assistant",
        "cs_supervisor",
        "center_director",
        "dispatcher",
        "engineering_supervisor",
        "security_supervisor",
    },
    "engineering": {"dispatcher", "technician", "engineering_supervisor", "center_director"},
    "finance": {"cashier", "cs_supervisor", "center_director"},
    "renovation": {
        "frontdesk_assistant",
        "butler",
        "cs_supervisor",
        "engineering_supervisor",
        "security_supervisor",
        "fire_safety_officer",
        "center_director",
    },
    "inspections": {
        "cs_supervisor",
        "engineering_supervisor",
        "security_supervisor",
        "fire_safety_officer",
        "cleaning_lead",
        "center_director",
    },
    "reports": {"cs_supervisor", "engineering_supervisor", "center_director"},
    "settings": {"center_director"},
}
_COMPANY = {"general_manager", "company_admin"}
_STAFF = {code for code, _n, scope, *_rest in POSITIONS if scope != S.EXTERNAL}
_SUPERVISORS = {
    "cs_supervisor",
    "engineering_supervisor",
    "security_supervisor",
    "center_director",
    "records_assistant",
} | _COMPANY
_REGISTRY_EDITORS = {
    "frontdesk_assistant",
    "records_assistant",
    "cs_supervisor",
    "center_director",
    "company_admin",
}


def app_default_permissions() -> list[dict[str, set[str]]]:
    """Each app may declare `DEFAULT_PERMISSIONS = {position_code: {"app.codename", ...}}` in its defaults.py."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("propdesk.") or config.label == "core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.defaults")
        except ModuleNotFoundError:
            continue
        found.append(getattr(module, "DEFAULT_PERMISSIONS", {}))
    return found


def default_permissions() -> dict[str, set[str]]:
    """position code → {'app_label.codename', ...}: the foundation's table plus each app's."""
    perms = _foundation_permissions()
    for extra in app_default_permissions():
        for code, labels in extra.items():
            if code not in perms:
                raise ValueError(f"DEFAULT_PERMISSIONS names an unknown position {code!r}")
            perms[code] |= set(labels)
    return perms


def _foundation_permissions() -> dict[str, set[str]]:
    perms: dict[str, set[str]] = {code: set() for code, *_rest in POSITIONS}
    for section, holders in _SECTIONS.items():
        for code in holders | _COMPANY:
            perms[code].add(f"core.access_{section}")
    for code in _STAFF:
        perms[code] |= {
            "core.view_project",
            "core.view_department",
            "core.view_membership",
            "registry.view_building",
            "registry.view_unit",
        }
        if code != "technician":
            perms[code] |= {"registry.view_party", "registry.view_ownership"}
    for code in _SUPERVISORS:
        perms[code].add("core.view_history")
    for code in _REGISTRY_EDITORS:
        for model in ("building", "unit", "party", "ownership"):
            perms[code] |= {f"registry.add_{model}", f"registry.change_{model}"}
    for code in ("cs_supervisor", "center_director", "records_assistant"):
        perms[code].add("registry.reveal_personal_data")
    for code in ("center_director", "company_admin", "general_manager"):
        perms[code] |= {
            "core.change_project",
            "core.add_membership",
            "core.change_membership",
            "core.view_companyrole",
            "core.view_jobrun",
            "core.change_department",
        }
    for code in ("company_admin",):
        # The position catalogue is installation-wide: company administrators read it, superusers edit it.
        perms[code] |= {
            "core.add_companyrole",
            "core.change_companyrole",
            "core.view_position",
            "core.change_jobrun",  # run a periodic job now from the background-jobs page
            "core.add_department",
            "core.change_department",
        }
    return perms
