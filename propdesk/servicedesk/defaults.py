"""Seeded defaults of the service desk: permissions given once per position by `load_defaults`,
the request categories a new project starts with and the default satisfaction questionnaire.
Category names and questions are data (stored, then edited by each project), hence Chinese here."""

from propdesk.core.choices import DepartmentKind

_STAFF = [
    "center_director",
    "cs_supervisor",
    "frontdesk_assistant",
    "butler",
    "records_assistant",
    "engineering_supervisor",
    "dispatcher",
    "technician",
    "security_supervisor",
    "fire_safety_officer",
    "security_guard",
    "cleaning_lead",
    "cashier",
]

# First responsibility: every employee who meets an owner may receive a request and hand it on.
DEFAULT_PERMISSIONS: dict[str, set[str]] = {
    code: {"servicedesk.handle_request", "servicedesk.view_servicerequest"} for code in _STAFF
}
for _code in ("cs_supervisor", "center_director"):
    DEFAULT_PERMISSIONS[_code] |= {
        "servicedesk.reassign_request",
        "servicedesk.view_category",
        "servicedesk.change_category",
        "servicedesk.add_category",
    }
for _code in ("general_manager", "company_admin"):
    DEFAULT_PERMISSIONS[_code] = {
        "servicedesk.view_servicerequest",
        "servicedesk.view_category",
        "servicedesk.change_category",
        "servicedesk.add_category",
    }

for _code in ("dispatcher", "engineering_supervisor", "center_director"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.dispatch_workorder", "servicedesk.view_workorder"}
# A repair's class (急修 / 小修 / 一般维修, 接修流程 5.2) is judged by who takes the report (the front desk, the
# butler, customer service) and by who sends the technician (the dispatcher, the engineering supervisor).
for _code in (
    "frontdesk_assistant",
    "butler",
    "cs_supervisor",
    "center_director",
    "dispatcher",
    "engineering_supervisor",
):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.reclassify_request"}
DEFAULT_PERMISSIONS["technician"] |= {"servicedesk.work_on_orders", "servicedesk.view_workorder"}
for _code in ("frontdesk_assistant", "butler", "records_assistant", "cs_supervisor", "center_director"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.receive_slip", "servicedesk.view_workorder"}
for _code in ("engineering_supervisor", "center_director"):
    DEFAULT_PERMISSIONS[_code] |= {
        "servicedesk.add_technicianskill",
        "servicedesk.change_technicianskill",
        "servicedesk.view_technicianskill",
        "servicedesk.delete_technicianskill",
    }

for _code in ("cs_supervisor", "center_director"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.decide_complaint", "servicedesk.view_complaint"}
for _code in (
    "engineering_supervisor",
    "security_supervisor",
    "cleaning_lead",
    "cs_supervisor",
    "center_director",
):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.act_on_complaint", "servicedesk.view_complaint"}
DEFAULT_PERMISSIONS["center_director"] |= {"servicedesk.sign_off_complaint"}
for _code in ("frontdesk_assistant", "butler", "records_assistant", "cs_supervisor", "center_director"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.do_callback", "servicedesk.view_callback"}
for _code in ("cs_supervisor", "center_director", "engineering_supervisor"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.assign_improvement"}

# KPIs and satisfaction surveys (kpis.py, models/surveys.py).
for _code in (
    "cs_supervisor",
    "center_director",
    "engineering_supervisor",
    "general_manager",
    "company_admin",
):
    DEFAULT_PERMISSIONS.setdefault(_code, set())
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.view_kpis"}
for _code in ("cs_supervisor", "center_director", "general_manager"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.view_surveycampaign"}
for _code in ("cs_supervisor", "center_director"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.run_survey"}
for _code in ("frontdesk_assistant", "butler", "records_assistant"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.run_survey", "servicedesk.view_surveycampaign"}

# Planned callbacks: the CS supervisor and the director plan; whoever calls owners back records the outcome.
for _code in ("cs_supervisor", "center_director"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.plan_callbacks", "servicedesk.view_callbackplan"}
for _code in ("frontdesk_assistant", "butler", "records_assistant", "general_manager"):
    DEFAULT_PERMISSIONS[_code] |= {"servicedesk.view_callbackplan"}


# Request categories a project starts with (`services.load_default_categories`).
DEFAULT_CATEGORIES = [
    # code, name, department kind, default repair class, important (door-visit callback), parent code
    ("water", "给排水", DepartmentKind.ENGINEERING, "small", False, None),
    ("water-outage", "停水", DepartmentKind.ENGINEERING, "emergency", True, "water"),
    ("leak", "漏水渗水", DepartmentKind.ENGINEERING, "emergency", False, "water"),
    ("electric", "电气照明", DepartmentKind.ENGINEERING, "small", False, None),
    ("power-outage", "停电", DepartmentKind.ENGINEERING, "emergency", False, "electric"),
    ("aircon", "空调", DepartmentKind.ENGINEERING, "general", True, None),
    ("heating", "供暖/制冷停止", DepartmentKind.ENGINEERING, "emergency", True, None),
    ("curtain-wall", "幕墙渗漏", DepartmentKind.ENGINEERING, "general", True, None),
    ("doors", "门窗五金", DepartmentKind.ENGINEERING, "general", False, None),
    ("lift", "电梯", DepartmentKind.ENGINEERING, "emergency", False, None),
    ("cleaning", "保洁卫生", DepartmentKind.ENVIRONMENT, "", False, None),
    ("greening", "绿化养护", DepartmentKind.ENVIRONMENT, "", False, None),
    ("security", "治安秩序", DepartmentKind.SECURITY, "", False, None),
    ("parking", "停车管理", DepartmentKind.SECURITY, "", False, None),
    ("noise", "噪音扰民", DepartmentKind.SECURITY, "", False, None),
    ("fees", "收费问题", DepartmentKind.FINANCE, "", False, None),
    ("service", "服务态度", DepartmentKind.CUSTOMER_SERVICE, "", False, None),
    ("other", "其他（部门不明）", "", "", False, None),
]


# The default questionnaire (物业服务满意度调查表), after seed 002's 居民满意度 items
# (服务态度、维修响应速度、安全管理) and the departments of seed 000.
DEFAULT_QUESTIONS = [
    "客服人员的服务态度和办事效率",
    "报修响应速度和维修质量",
    "投诉处理及回访情况",
    "秩序维护（门岗、巡逻、车辆管理）",
    "环境卫生（楼道、电梯、垃圾清运）",
    "绿化养护",
    "公共设施设备的维护保养",
    "社区文化活动与信息公开",
    "您对物业服务的总体评价",
]
