"""Billing defaults: permissions per position, the charge items a new project starts with and its
dunning ladder.

The prices are typical values for a residential community, not the seeds' (the seeds set
no figures: 服務收費管理作業規程 §4.1.1 says the contract decides). A project administrator
edits them in the admin; `load_billing_defaults` never overwrites an existing item.
"""

from decimal import Decimal

from propdesk.registry.choices import UnitUse

from .choices import AreaBasis, ChargeKind, MeterKind

_VIEW = {
    "billing.view_bill",
    "billing.view_payment",
    "billing.view_receipt",
    "billing.view_chargeitem",
    "billing.view_price",
    "billing.view_billingrun",
    "billing.view_creditnote",
    "billing.view_prepaidentry",
}
_CONFIG = {
    "billing.add_chargeitem",
    "billing.change_chargeitem",
    "billing.view_unitpriceoverride",
    "billing.add_unitpriceoverride",
    "billing.change_unitpriceoverride",
    "billing.add_price",
    "billing.change_price",
    "billing.view_unitchargestart",
    "billing.add_unitchargestart",
    "billing.change_unitchargestart",
    "billing.view_provideraccount",
    "billing.add_provideraccount",
    "billing.change_provideraccount",
}

_CASH_REVIEW = {
    "billing.view_drawersession",
    "billing.view_refund",
    "billing.view_drawerdiscrepancy",
    "billing.view_bankdeposit",
    "billing.approve_drawerdiscrepancy",
}
_CASHIER_EXTRA = {"billing.add_refund", "billing.view_refund", "billing.add_bankdeposit"}

_DEPOSIT = {"billing.view_deposit", "billing.add_deposit", "billing.add_depositmovement"}
_DEBIT = {
    "billing.view_debitbatch",
    "billing.add_debitbatch",
    "billing.change_debitbatch",
    "billing.view_debitmandate",
    "billing.add_debitmandate",
}
_HEATING = {"billing.view_heatingstopapplication", "billing.add_heatingstopapplication"}
_WAIVER = {"billing.view_waiverapplication", "billing.add_waiverapplication"}

DEFAULT_PERMISSIONS = {
    "cashier": _VIEW
    | _CASHIER_EXTRA
    | _WAIVER
    | _DEPOSIT
    | _DEBIT
    | _HEATING
    | {"billing.add_payment", "billing.add_billingrun"},
    "cs_supervisor": _VIEW
    | _CASH_REVIEW
    | _WAIVER
    | {"billing.view_deposit"}
    | {"billing.approve_waiver_supervisor"},
    "butler": {"billing.view_bill"} | _WAIVER | _HEATING,
    "center_director": _VIEW
    | _CONFIG
    | _CASH_REVIEW
    | _CASHIER_EXTRA
    | _WAIVER
    | _DEPOSIT
    | _DEBIT
    | _HEATING
    | {"billing.forfeit_deposit", "billing.approve_heatingstopapplication"}
    | {"billing.view_heatingstoprule", "billing.change_heatingstoprule"}
    | {"billing.approve_waiver_director", "billing.view_waiverreason", "billing.change_waiverreason"}
    | {"billing.add_waiverreason", "billing.view_waiverrule", "billing.change_waiverrule"}
    | {"billing.add_payment", "billing.add_billingrun", "billing.void_receipt", "billing.credit_bill"},
    "general_manager": _VIEW
    | _CASH_REVIEW
    | {"billing.view_waiverapplication", "billing.approve_waiver_gm", "billing.view_deposit"}
    | {"billing.void_receipt", "billing.credit_bill"},
    "company_admin": _VIEW | _CONFIG,
}

_DUNNING = {
    "billing.view_dunningcase",
    "billing.add_dunningcase",
    "billing.change_dunningcase",
    "billing.view_dunningcontact",
    "billing.add_dunningcontact",
}
_REPORT = {"billing.view_arrears_report"}
for _code, _extra in {
    "cashier": _DUNNING | _REPORT,
    "cs_supervisor": _DUNNING | _REPORT,
    "butler": _DUNNING,
    "center_director": _DUNNING | _REPORT | {"billing.view_dunningstage", "billing.change_dunningstage"},
    "general_manager": _REPORT | {"billing.view_dunningcase", "billing.view_dunningcontact"},
    "company_admin": _REPORT
    | {"billing.view_dunningstage", "billing.add_dunningstage", "billing.change_dunningstage"},
}.items():
    DEFAULT_PERMISSIONS[_code] = DEFAULT_PERMISSIONS[_code] | _extra

# Meters and readings (抄表): engineering reads and registers meters, the cashier imports the readers'
# workbook and charges one-off fees, the director does everything.
_METER_READ = {"billing.view_meter", "billing.view_meterreading", "billing.add_meterreading"}
_METER_MANAGE = {"billing.add_meter", "billing.change_meter", "billing.correct_meterreading"}
_ONE_OFF = {"billing.add_bill"}
for _code, _extra in {
    "technician": _METER_READ,
    "engineering_supervisor": _METER_READ | _METER_MANAGE,
    "cashier": _METER_READ | _ONE_OFF,
    "center_director": _METER_READ | _METER_MANAGE | _ONE_OFF,
    "general_manager": {"billing.view_meter", "billing.view_meterreading"},
    "company_admin": {"billing.view_meter", "billing.view_meterreading"},
}.items():
    DEFAULT_PERMISSIONS[_code] = DEFAULT_PERMISSIONS.get(_code, set()) | _extra

CHARGE_ITEMS = [
    {
        "code": "management",
        "name": "物业服务费",
        "kind": ChargeKind.AREA,
        "area_basis": AreaBasis.BUILDING,
        "unit_label": "元/m²/月",
        "sort_order": 10,
        "prices": {
            UnitUse.RESIDENTIAL: Decimal("2.50"),
            UnitUse.SHOP: Decimal("5.00"),
            UnitUse.OFFICE: Decimal("4.00"),
            UnitUse.STORAGE: Decimal("1.00"),
        },
    },
    {
        "code": "heating",
        "name": "采暖费",
        "kind": ChargeKind.SEASONAL_AREA,
        "area_basis": AreaBasis.BUILDING,
        "unit_label": "元/m²/月",
        "season_months": "11,12,1,2,3",
        "sort_order": 20,
        "prices": {
            UnitUse.RESIDENTIAL: Decimal("5.80"),
            UnitUse.SHOP: Decimal("7.50"),
            UnitUse.OFFICE: Decimal("7.50"),
        },
    },
    {
        "code": "parking_management",
        "name": "车位管理费",
        "kind": ChargeKind.FIXED,
        "unit_label": "元/月",
        "sort_order": 30,
        "prices": {UnitUse.PARKING: Decimal("80.00")},
    },
    # Rent only for spaces rented from the developer: set per unit as a price override.
    {
        "code": "parking_rent",
        "name": "车位租金",
        "kind": ChargeKind.FIXED,
        "unit_label": "元/月",
        "sort_order": 40,
    },
    {
        "code": "waste",
        "name": "生活垃圾处理费",
        "kind": ChargeKind.FIXED,
        "unit_label": "元/户/月",
        "prorate": False,
        "sort_order": 50,
        "prices": {UnitUse.RESIDENTIAL: Decimal("10.00")},
    },
    # Utility pass-through (代收): consumption from the meters' readings × the price. Typical residential
    # tariffs of a Wuhan community; the project enters its utility's.
    {
        "code": "water",
        "name": "水费（代收）",
        "kind": ChargeKind.METERED,
        "meter_kind": MeterKind.WATER,
        "unit_label": "元/吨",
        "sort_order": 60,
        "prices": {"": Decimal("2.57")},
    },
    {
        "code": "electricity",
        "name": "电费（代收）",
        "kind": ChargeKind.METERED,
        "meter_kind": MeterKind.ELECTRICITY,
        "unit_label": "元/度",
        "sort_order": 70,
        "prices": {"": Decimal("0.58")},
    },
    {
        "code": "gas",
        "name": "燃气费（代收）",
        "kind": ChargeKind.METERED,
        "meter_kind": MeterKind.GAS,
        "unit_label": "元/m³",
        "sort_order": 75,
        "prices": {"": Decimal("2.53")},
    },
    {"code": "one_off", "name": "一次性收费", "kind": ChargeKind.ONE_OFF, "sort_order": 80},
    # Completed special-service orders (特约服务) are billed under this item, reference = order number.
    {
        "code": "special_service",
        "name": "特约服务费",
        "kind": ChargeKind.ONE_OFF,
        "due_days": 7,
        "sort_order": 85,
    },
    {"code": "renovation_deposit", "name": "装修押金", "kind": ChargeKind.DEPOSIT, "sort_order": 90},
]

# ---------------------------------------------------------------- waivers (费用减免)

# The reasons a new project starts with (edited in the admin; never overwritten).
WAIVER_REASONS = ["空置房", "房屋维修影响使用", "特困户", "开发商承担", "服务质量问题补偿", "其他"]
# ≤200 元: supervisor; ≤2000 元: supervisor → director; above: supervisor → director → general manager.
WAIVER_RULES = [
    (Decimal("200.00"), "supervisor"),
    (Decimal("2000.00"), "supervisor,director"),
    (None, "supervisor,director,gm"),
]

# ---------------------------------------------------------------- dunning (催缴)

# The ladder a new project starts with (SPEC §7): code, name, description.
DEFAULT_STAGES = [
    ("phone", "电话/口头催缴", "管家电话或当面提醒业主缴费，记录承诺缴费日期"),
    ("written", "书面催缴", "送达或张贴催缴通知单，业主签收"),
    ("visit", "上门催缴", "管家上门沟通，了解欠费原因"),
    ("manager", "管理处约谈", "管理处主任约谈业主，协商缴费方案"),
    ("legal", "法律途径", "发律师函，依法申请仲裁或提起诉讼"),
]

# The SLA policy a broken promise runs on (seeded through project_setup, edited in the admin).
PROMISE_KIND = "dunning_promise"
PROMISE_POLICY = "催缴承诺缴费"
PROMISE_TARGET = "业主承诺缴费日"  # the policy's one target: the promised day
PROMISE_PRECEDENCE = 80
