"""Paid services' defaults: who may do what (per position) and the price list a new project starts with."""

from __future__ import annotations

# 特约服务 (SPEC §7): who keeps the price list, registers, confirms and prices special services.
_SPECIAL_VIEW = {"paidservices.view_serviceitem", "paidservices.view_specialserviceorder"}
_SPECIAL_REGISTER = _SPECIAL_VIEW | {"paidservices.add_specialserviceorder"}
_SPECIAL_PRICE_LIST = {"paidservices.add_serviceitem", "paidservices.change_serviceitem"}
_SPECIAL = {
    "frontdesk_assistant": _SPECIAL_REGISTER,
    "butler": _SPECIAL_REGISTER,
    "dispatcher": _SPECIAL_REGISTER,
    # Technicians see a paid order's items and price on their phone page (no billing menus).
    "cashier": _SPECIAL_VIEW | _SPECIAL_PRICE_LIST,
    "cs_supervisor": _SPECIAL_REGISTER | {"paidservices.confirm_specialserviceorder"},
    "engineering_supervisor": _SPECIAL_REGISTER
    | _SPECIAL_PRICE_LIST
    | {"paidservices.confirm_specialserviceorder", "paidservices.price_specialserviceorder"},
    # 保洁领班 prices cleaning work off the list with the owner, as the engineering supervisor does repairs
    # (seed 003 服务收费 3.3, 4.2.2).
    "cleaning_lead": _SPECIAL_REGISTER
    | {"paidservices.confirm_specialserviceorder", "paidservices.price_specialserviceorder"},
    "security_supervisor": _SPECIAL_VIEW,
    # 物业经理 approves content and price of work off the list (seed 003 服务收费 3.4).
    "center_director": _SPECIAL_REGISTER
    | _SPECIAL_PRICE_LIST
    | {
        "paidservices.confirm_specialserviceorder",
        "paidservices.price_specialserviceorder",
        "paidservices.approve_specialserviceorder",
    },
    "general_manager": _SPECIAL_VIEW,
    "company_admin": _SPECIAL_VIEW | _SPECIAL_PRICE_LIST,
}
DEFAULT_PERMISSIONS: dict[str, set[str]] = {code: set(perms) for code, perms in _SPECIAL.items()}

# The charge item a completed special service is billed on (made on first use, edited in the admin).
SPECIAL_CHARGE_NAME = "特约服务费"
# The unit of charge of a price-list item, and of a line priced outside the list, when none is given.
DEFAULT_ITEM_UNIT = "次"
DEFAULT_CUSTOM_LINE_UNIT = "项"

# 代办、特约服务收费价目表: typical figures for a residential community (the seeds give none).
# (code, name, unit, performing department, labour ¥, materials ¥, materials note)
SPECIAL_SERVICE_ITEMS = [
    ("tap_replace", "更换水龙头", "个", "engineering", "20.00", "0.00", "材料业主自备或按实收取"),
    ("valve_replace", "更换角阀", "个", "engineering", "15.00", "25.00", "含普通角阀一只"),
    ("toilet_unblock", "疏通坐便器", "次", "engineering", "50.00", "0.00", ""),
    ("drain_unblock", "疏通地漏/洗菜盆下水", "次", "engineering", "40.00", "0.00", ""),
    ("socket_replace", "更换开关/插座", "个", "engineering", "15.00", "0.00", "材料业主自备或按实收取"),
    ("lamp_install", "安装灯具", "盏", "engineering", "30.00", "0.00", "吊灯另议"),
    ("circuit_repair", "户内线路检修", "次", "engineering", "60.00", "0.00", "材料按实收取"),
    ("lock_replace", "更换门锁锁芯", "个", "engineering", "30.00", "0.00", "锁芯业主自备或按实收取"),
    ("curtain_rail", "安装窗帘轨道", "米", "engineering", "10.00", "0.00", ""),
    ("heater_install", "安装热水器", "台", "engineering", "100.00", "0.00", "配件按实收取"),
    ("deep_cleaning", "室内深度保洁", "平方米", "environment", "5.00", "0.00", "含清洁剂"),
    ("glass_cleaning", "玻璃清洗", "平方米", "environment", "3.00", "0.00", ""),
    ("rubbish_removal", "装修垃圾清运", "车", "environment", "150.00", "0.00", ""),
    ("carry_goods", "代搬重物", "小时", "environment", "40.00", "0.00", ""),
]
