"""Default permissions of the service desk, given once per position by `load_defaults`."""

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
