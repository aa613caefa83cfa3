"""Every action a staff page offers has its twin in the API (issue 16, item 13).

A property company connects its own phone app or call center to the API, so whatever a member of
staff can do on a page must be possible through /api/v1/ with the same checks. The page routes are
enumerated (routes.py, as the authorization test does): a page whose view — or a helper of its own
module that it calls — reads a POST is an action; each one must be in TWINS (its API operations) or
EXEMPT (with why it has no API meaning). The report pages the issue names need a GET twin too.

The test fails when a page action has neither, when a declared twin is not a route of the URLconf
answering that method, or when the OpenAPI schema does not document it. Adding a page action means
adding its line here, next to the twin it calls.

The second half checks a sample of pairs for behaviour: the page and its twin refuse the same user
and accept the same user, because both call the same service.
"""

from __future__ import annotations

import inspect
import re
import types

import pytest

from .routes import all_routes

# page route → the API operations that do what the page does: (API route name, method).
TWINS: dict[str, tuple[tuple[str, str], ...]] = {
    # Service desk: requests, hand-offs, repairs, complaints, callbacks.
    "servicedesk:new": (("servicerequest-list", "post"),),
    "servicedesk:handoff": (("servicerequest-handoff", "post"),),
    "servicedesk:decide_handoff": (
        ("handoff-accept", "post"),
        ("handoff-decline", "post"),
        ("handoff-withdraw", "post"),
    ),
    "servicedesk:intervene_handoff": (("handoff-take-over", "post"), ("handoff-redirect", "post")),
    "servicedesk:status": (("servicerequest-status", "post"),),  # also pauses and resumes
    "servicedesk:reclassify": (("servicerequest-reclassify", "post"),),
    "servicedesk:dispatch": (("servicerequest-dispatch", "post"),),
    "servicedesk:order_step": (
        ("workorder-accept", "post"),
        ("workorder-arrive", "post"),
        ("workorder-complete", "post"),
        ("workorder-sign", "post"),
        ("my-request-agree-price", "post"),  # the paid-services step: the owner agrees to the price
    ),
    "servicedesk:return_slip": (("workorder-return-slip", "post"),),
    "servicedesk:feedback": (("servicerequest-feedback", "post"),),
    "servicedesk:callback": (("servicerequest-callback", "post"),),
    "servicedesk:complaint_decide": (("complaint-decide", "post"),),
    "servicedesk:complaint_action": (("complaint-action", "post"),),
    "servicedesk:complaint_sign_off": (("complaint-sign-off", "post"),),
    "servicedesk:complaint_archive": (("complaint-archive", "post"),),
    "servicedesk:improve": (("callback-improve", "post"),),
    "servicedesk:improvement_done": (("improvement-done", "post"),),
    "servicedesk:plan_new": (("callbackplan-list", "post"),),
    "servicedesk:plan_edit": (("callbackplan-detail", "patch"),),
    "servicedesk:plan_generate": (("callbackplan-generate", "post"),),
    "servicedesk:plan_close": (("callbackplan-close", "post"),),
    "servicedesk:plan_task_record": (("callbacktask-record", "post"),),
    "servicedesk:survey_new": (("surveycampaign-list", "post"),),
    "servicedesk:survey_action": (
        ("surveycampaign-open", "post"),
        ("surveycampaign-close", "post"),
        ("surveycampaign-questions", "post"),
    ),
    "servicedesk:survey_analysis": (("surveycampaign-analysis", "post"),),
    "servicedesk:survey_respond": (("surveycampaign-respond", "post"),),
    # Billing: runs, the desk, cash, waivers, deposits, meters, heating stops.
    "billing:runs": (("billing-run-list", "post"),),
    "billing:run": (("billing-run-resume", "post"),),
    "billing:desk_unit": (("payment-list", "post"),),
    "billing:receipt_void": (("receipt-void", "post"),),
    "billing:desk_order_check": (("desk-order-check", "post"),),
    "billing:desk_order_close": (("desk-order-close", "post"),),
    "billing:my_drawer": (("drawer-session-list", "post"), ("drawer-session-close", "post")),
    "billing:drawer_approve": (("drawer-session-approve", "post"),),
    "billing:drawer_deposit": (("drawer-session-deposit", "post"),),
    "billing:refund": (("refund-list", "post"),),
    "billing:waiver_apply": (("waiver-list", "post"), ("waiver-reason-list", "get")),
    "billing:waiver": (("waiver-decide", "post"),),
    "billing:deposit_take": (("deposit-list", "post"),),
    "billing:deposit": (("deposit-deduct", "post"), ("deposit-forfeit", "post"), ("deposit-refund", "post")),
    "billing:debit": (("debit-batch-list", "post"),),
    "billing:debit_mandates": (("debit-mandate-list", "post"),),  # a new mandate ends the unit's last
    "billing:debit_batch": (("debit-batch-import-result", "post"),),
    "billing:dunning_open": (("dunning-case-list", "post"),),
    "billing:dunning_open_all": (("dunning-case-open-all", "post"),),
    "billing:dunning_case": (("dunning-case-contact", "post"),),  # the case page's contact form
    "billing:dunning_close": (("dunning-case-close", "post"),),
    # The page requests a building's batch and links its PDF once ready; so does the API.
    "billing:notices": (("notice-batch-list", "post"), ("notice-batch-pdf", "get")),
    "billing:heating_stops": (("heating-stop-list", "post"),),
    "billing:heating_stop_decide": (("heating-stop-decide", "post"),),
    "billing:meters": (("meter-list", "post"),),
    "billing:meter": (("meter-change", "post"),),
    "billing:meter_readings": (("meter-reading-list", "post"), ("meter-reading-correct", "post")),
    "billing:meter_import": (("meter-reading-bulk", "post"),),
    "billing:one_off_charges": (("one-off-charge-list", "post"),),
    "paidservices:service_items": (("serviceitem-list", "post"),),
    # Edit, retire (`is_active`) and price an item from a date.
    "paidservices:service_item": (("serviceitem-detail", "patch"), ("serviceitem-price", "post")),
    "paidservices:special_order_new": (("specialserviceorder-list", "post"),),
    "paidservices:special_order": (
        ("specialserviceorder-add-item", "post"),
        ("specialserviceorder-add-custom", "post"),
        ("specialserviceorder-agree", "post"),
        ("specialserviceorder-approve", "post"),
        ("specialserviceorder-send-back", "post"),
        ("specialserviceorder-confirm", "post"),
        ("specialserviceorder-complete", "post"),
        ("specialserviceorder-cancel", "post"),
    ),
    # Registry.
    "registry:unit_status": (("unit-status", "post"),),
    "registry:unit_areas": (("unit-areas", "post"),),
    "registry:unit_transfer": (("unit-transfer", "post"),),
    "registry:unit_add_resident": (("residency-list", "post"),),
    "registry:residency_end": (("residency-end", "post"),),
    "registry:unit_add_contact": (("emergencycontact-list", "post"),),
    "registry:unit_add_vehicle": (("vehicle-list", "post"),),
    "registry:vehicle_end": (("vehicle-remove", "post"),),
    "registry:unit_add_care_note": (("carenote-list", "post"),),
    "registry:care_note_end": (("carenote-end", "post"),),
    "registry:party_contact": (("party-contact", "post"),),
    "registry:party_reveal": (("party-reveal", "post"),),
    "registry:open_unit_archive": (("archivefile-list", "post"),),
    "registry:open_party_archive": (("archivefile-list", "post"),),
    "registry:document_upload": (("archivedocument-list", "post"),),
    "registry:loan_request": (("archiveloan-list", "post"),),
    "registry:loan_action": (
        ("archiveloan-approve", "post"),
        ("archiveloan-reject", "post"),
        ("archiveloan-return", "post"),
    ),
    "registry:import_start": (("importjob-list", "post"),),  # multipart: project, kind, file
    "registry:import_run": (("importjob-run", "post"),),
    # The owner register for export: the API lists parties masked, in full only through `reveal`.
    "registry:export_parties": (("party-list", "get"), ("party-reveal", "post")),
    # Notices to residents (front desk).
    "frontdesk:notice_new": (("notice-list", "post"),),
    "frontdesk:notice_edit": (("notice-detail", "put"),),
    "frontdesk:notice": (
        ("notice-submit", "post"),
        ("notice-approve", "post"),
        ("notice-send-back", "post"),
        ("notice-publish", "post"),
        ("notice-withdraw", "post"),
    ),
    "frontdesk:board_posting": (
        ("noticeposting-mark-posted", "post"),
        ("noticeposting-mark-removed", "post"),
    ),
    # Settings and account.
    "core:edit_project": (("project-detail", "patch"),),
    "password_change": (("password", "post"),),
}

# Report and list pages the issue names: a call center reads them through the API too.
GET_TWINS: dict[str, tuple[tuple[str, str], ...]] = {
    "billing:arrears_report": (("arrears-report", "get"),),
    "sla:overview": (("sla-breach-list", "get"),),  # the breaches behind the met/breached report
    "billing:waivers": (("waiver-list", "get"),),
    "servicedesk:callbacks": (("servicerequest-list", "get"),),  # ?status=… the callback queue
    "servicedesk:handoffs": (("handoff-list", "get"),),
    "servicedesk:my_orders": (("workorder-list", "get"),),
}

# Page actions with no API meaning, each with why.
EXEMPT = {
    "login": "the session login of the pages; the API's is POST /api/v1/auth/token/",
    "logout": "ends the page session; an API client forgets its token",
    "set_language": "stores the page language in a cookie; the API answers in Accept-Language",
    "core:switch_project": "chooses the page's current project in the session; API calls name the project",
    "billing:sandbox_pay": "the payment sandbox's fake wallet page, public and test-only",
    "notices:read": "the pages' notification bell; API clients receive notifications by their own channel",
    "notices:read_all": "the pages' notification bell, as above",
    "core:run_job": "operators run a periodic job now; the machine interface is its management command",
}

# Page actions still owed a twin (issue 16, item 13): none left. It stays empty — a new page action
# brings its twin with it; the test below fails for an action missing here and from TWINS.
NO_TWIN_YET: dict[str, str] = {}
# The kinds of step the issue names must never wait here.
NAMED_IN_THE_ISSUE = {
    "servicedesk:dispatch",
    "servicedesk:order_step",
    "servicedesk:return_slip",
    "servicedesk:status",
    "servicedesk:callback",
    "servicedesk:feedback",
    "servicedesk:complaint_decide",
    "servicedesk:complaint_action",
    "servicedesk:complaint_sign_off",
    "servicedesk:complaint_archive",
    "servicedesk:improve",
    "servicedesk:improvement_done",
    "servicedesk:intervene_handoff",
    "servicedesk:decide_handoff",
    "billing:runs",
    "billing:run",
    "billing:desk_unit",
    "billing:waiver_apply",
    "billing:waiver",
}

_READS_POST = re.compile(r"request\.POST|request\.method|require_POST|require_http_methods")


def _is_page(route) -> bool:
    url = route.url({n: "1" for n in route.kwarg_names})
    return not url.startswith(("/api/", "/admin/"))


def _own_names(code) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):  # lambdas and inner functions
            names |= _own_names(const)
    return names


def takes_post(view, depth: int = 0) -> bool:
    """Whether a page view acts on a POST: its source (decorators included) reads one, or a function of
    its own module that it calls does (`_unit_action(...)`, `_form_page(...)`)."""
    view_class = getattr(view, "view_class", None)  # class-based views: whether they define post()
    if view_class is not None:
        return hasattr(view_class, "post") and "post" in view_class.http_method_names
    function = inspect.unwrap(view)
    if _READS_POST.search(inspect.getsource(function)):
        return True
    if depth >= 2:
        return False
    for name in _own_names(function.__code__):
        helper = function.__globals__.get(name)
        if (
            isinstance(helper, types.FunctionType)
            and helper.__module__ == function.__module__
            and takes_post(helper, depth + 1)
        ):
            return True
    return False


def page_actions() -> dict[str, object]:
    """Every staff page route that acts on a POST, by its qualified name. The owner portal's pages are
    not staff pages: their twins are the owner's API (/api/v1/my/…, /api/v1/portal/…)."""
    found = {}
    for route in all_routes():
        if not route.name or not _is_page(route) or route.namespace == "portal":
            continue
        if takes_post(route.callback):
            found[route.qualified_name] = route
    return found


def api_operations() -> set[tuple[str, str]]:
    """(route name, method) for every API route in the URLconf."""
    operations = set()
    for route in all_routes():
        if not route.name or _is_page(route):
            continue
        actions = getattr(route.callback, "actions", None)  # DRF viewsets: method → action
        if actions:
            operations |= {(route.name, method) for method in actions}
            continue
        cls = getattr(route.callback, "cls", None)
        if cls is not None:
            operations |= {(route.name, m) for m in ("get", "post", "patch", "put") if hasattr(cls, m)}
    return operations


def _schema_operations() -> set[tuple[str, str]]:
    """(path with parameters blanked, method) for every operation the OpenAPI schema documents."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (re.sub(r"\{[^}]+\}", "{}", path), method)
        for path, operations in schema["paths"].items()
        for method in operations
    }


def _api_path(name: str) -> str:
    for route in all_routes():
        if route.name == name and not _is_page(route) and "format" not in route.kwarg_names:
            return route.url({n: "{}" for n in route.kwarg_names})
    return ""


def test_the_detector_sees_page_actions_and_leaves_pure_pages_alone():
    actions = page_actions()
    # require_POST, `request.method == "POST"`, and a POST read in a helper (_unit_action) alike.
    assert {"servicedesk:dispatch", "billing:runs", "registry:unit_status"} <= set(actions)
    assert not {"servicedesk:list", "servicedesk:detail", "billing:arrears_report"} & set(actions)


def test_every_staff_page_action_has_its_api_twin():
    actions = page_actions()
    declared = set(TWINS) | set(EXEMPT) | set(NO_TWIN_YET)
    missing = sorted(set(actions) - declared)
    assert not missing, (
        "page actions without an API twin (add the endpoint and its line in TWINS):\n" + "\n".join(missing)
    )
    stale = sorted(declared - set(actions))
    assert not stale, "declared page routes that are no longer page actions:\n" + "\n".join(stale)
    assert not set(TWINS) & set(NO_TWIN_YET), "a twin exists: remove it from NO_TWIN_YET"
    assert not NAMED_IN_THE_ISSUE & (set(NO_TWIN_YET) | set(EXEMPT))


def test_every_declared_twin_is_a_route_answering_that_method_and_documented():
    operations = api_operations()
    documented = _schema_operations()
    absent, undocumented = [], []
    for page, twins in {**TWINS, **GET_TWINS}.items():
        for name, method in twins:
            if (name, method) not in operations:
                absent.append(f"{page} → {method.upper()} {name}")
            elif (_api_path(name), method) not in documented:
                undocumented.append(f"{page} → {method.upper()} {_api_path(name)}")
    assert not absent, "declared twins that are not API routes:\n" + "\n".join(absent)
    assert not undocumented, "twins missing from the OpenAPI schema:\n" + "\n".join(undocumented)


def test_the_report_pages_named_in_the_issue_are_pages_with_a_get_twin():
    pages = {route.qualified_name for route in all_routes() if route.name and _is_page(route)}
    assert set(GET_TWINS) <= pages
    assert {"billing:arrears_report", "sla:overview"} <= set(GET_TWINS)


def test_a_page_action_without_a_twin_is_caught(monkeypatch):
    """Prove the test bites: forget one twin and it fails naming the page."""
    monkeypatch.delitem(TWINS, "servicedesk:dispatch")
    with pytest.raises(AssertionError, match="servicedesk:dispatch"):
        test_every_staff_page_action_has_its_api_twin()
    monkeypatch.setitem(TWINS, "servicedesk:dispatch", (("servicerequest-no-such", "post"),))
    with pytest.raises(AssertionError, match="servicerequest-no-such"):
        test_every_declared_twin_is_a_route_answering_that_method_and_documented()


# --- the same checks: a sample of pairs, page and API side by side ---------------------------------


def _repair(world):
    from propdesk.servicedesk import services

    return services.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="walk_in",
        content="卫生间下水堵塞",
        unit=world.unit,
        reporter_name="张三",
    )


def _dispatched(world):
    from propdesk.servicedesk import services

    return services.dispatch(request=_repair(world), technician=world.technician, actor=world.dispatcher)


def _complaint(world):
    from propdesk.servicedesk import services
    from propdesk.servicedesk.models import Complaint

    request = services.receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="complaint",
        channel="walk_in",
        content="保洁员态度差",
        unit=world.unit,
        reporter_name="张三",
        apologized=True,
    )
    return Complaint.objects.get(request=request)


def _dispatch_pair(world):
    def call(channel, client, obj):
        data = {"technician": world.technician.pk}
        if channel == "page":
            return client.post(f"/servicedesk/{obj.pk}/dispatch/", data)
        return client.post(f"/api/v1/requests/{obj.pk}/dispatch/", data, content_type="application/json")

    return _repair, call, lambda obj: obj.work_orders.exists(), world.frontdesk, world.dispatcher


def _return_slip_pair(world):
    from propdesk.servicedesk import services
    from propdesk.servicedesk.tests.test_repairs import png_data_url

    def signed_order(world):
        order = _dispatched(world)
        for step in (services.accept_order, services.arrive):
            step(order=order, actor=world.technician)
        services.complete_order(order=order, actor=world.technician, work_done="疏通", labour_minutes=10)
        services.sign_order(
            order=order, actor=world.technician, signer_name="张三", signature_data_url=png_data_url()
        )
        return order

    def call(channel, client, order):
        if channel == "page":
            return client.post(f"/servicedesk/orders/{order.pk}/return/")
        return client.post(f"/api/v1/work-orders/{order.pk}/return-slip/")

    def happened(order):
        order.refresh_from_db()
        return order.returned_at is not None

    return signed_order, call, happened, world.technician, world.frontdesk


def _complaint_decision_pair(world):
    department = world.project.departments.get(kind="environment")

    def call(channel, client, complaint):
        if channel == "page":
            data = {"valid": "1", "summary": "保洁不及时", "department": department.pk}
            return client.post(f"/servicedesk/complaints/{complaint.pk}/decide/", data)
        data = {"valid": True, "summary": "保洁不及时", "department": department.pk}
        return client.post(
            f"/api/v1/complaints/{complaint.pk}/decide/", data, content_type="application/json"
        )

    def happened(complaint):
        complaint.refresh_from_db()
        return complaint.decided_at is not None

    return _complaint, call, happened, world.frontdesk, world.cs_supervisor


def _billing_run_pair(world):
    from propdesk.billing.models import BillingRun

    months = iter(["2026-01", "2026-02", "2026-03", "2026-04"])

    def call(channel, client, project):
        data = {"project": project.pk, "period": next(months)}
        if channel == "page":
            return client.post("/billing/runs/", data)
        return client.post("/api/v1/billing/runs/", data, content_type="application/json")

    counted = {"before": 0}

    def setup(world):
        counted["before"] = BillingRun.objects.filter(project=world.project).count()
        return world.project

    def happened(project):
        return BillingRun.objects.filter(project=project).count() > counted["before"]

    return setup, call, happened, world.cs_supervisor, world.cashier


def _survey_open_pair(world):
    import datetime as dt

    from propdesk.servicedesk.services import surveys

    def draft(world):
        return surveys.create_campaign(
            project=world.project,
            actor=world.cs_supervisor,
            title="满意度调查",
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 6, 30),
        )

    def call(channel, client, campaign):
        if channel == "page":
            return client.post(f"/servicedesk/surveys/{campaign.pk}/action/", {"action": "open"})
        return client.post(f"/api/v1/surveys/{campaign.pk}/open/")

    def happened(campaign):
        campaign.refresh_from_db()
        return campaign.state == "open"

    # The general manager reads the surveys but does not run them.
    return draft, call, happened, world.gm, world.cs_supervisor


def _counted(model):
    """A setup and a check for twins that add a row to the project: the page's row counts before the
    API's turn, so each channel must add its own."""
    counted = {"before": 0}

    def setup(world):
        counted["before"] = model.objects.filter(project=world.project).count()
        return world.project

    def happened(project):
        return model.objects.filter(project=project).count() > counted["before"]

    return setup, happened


def _debit_mandate_pair(world):
    from propdesk.billing.models import DebitMandate

    def call(channel, client, project):
        data = {"bank_name": "工商银行", "account_name": "张三", "account_number": "6222020200112233445"}
        data["signed_on"] = "2026-01-05"
        if channel == "page":
            return client.post("/billing/debit/mandates/", {**data, "room": world.unit.label})
        return client.post(
            "/api/v1/billing/debit-mandates/",
            {**data, "unit": world.unit.pk},
            content_type="application/json",
        )

    setup, happened = _counted(DebitMandate)
    return setup, call, happened, world.cs_supervisor, world.cashier


def _import_pair(world):
    from propdesk.registry.models import ImportJob
    from propdesk.registry.tests.xlsx import UNIT_HEADERS, unit_row, upload, workbook

    def call(channel, client, project):
        data = {"kind": "units", "file": upload(workbook(UNIT_HEADERS, [unit_row()]))}
        if channel == "page":
            return client.post("/registry/import/", data)
        return client.post("/api/v1/imports/", {**data, "project": project.pk})  # multipart

    setup, happened = _counted(ImportJob)
    return setup, call, happened, world.butler, world.records


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pair",
    [
        _dispatch_pair,
        _return_slip_pair,
        _complaint_decision_pair,
        _billing_run_pair,
        _survey_open_pair,
        _debit_mandate_pair,
        _import_pair,
    ],
)
def test_the_page_and_its_twin_refuse_and_accept_the_same_people(client, world, pair):
    """Both channels call one service: who is refused on the page is refused by the API (403, nothing
    changes), and who may act does so through either."""
    from propdesk.servicedesk.services import load_default_categories

    load_default_categories(project=world.project)
    setup, call, happened, refused, allowed = pair(world)
    for channel in ("page", "api"):
        obj = setup(world)
        client.force_login(refused)
        answer = call(channel, client, obj)
        assert not happened(obj), f"{channel}: {refused} was not refused"
        if channel == "api":
            assert answer.status_code == 403, answer.content
        client.force_login(allowed)
        answer = call(channel, client, obj)
        assert answer.status_code < 400, (channel, answer.status_code, answer.content[:300])
        assert happened(obj), f"{channel}: {allowed} could not act"
