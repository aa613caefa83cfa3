"""Objects of project A for the route authorization test."""


def _request(world):
    from propdesk.servicedesk.models import ServiceRequest
    from propdesk.servicedesk.services import receive_request

    existing = ServiceRequest.objects.filter(project=world.project).first()
    if existing:
        return existing
    return receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="repair",
        channel="phone",
        content="SENTINEL 漏水",
        reporter_name="SENTINEL业主",
        unit=world.unit,
    )


def _handoff(world):
    from propdesk.servicedesk.models import HandOff
    from propdesk.servicedesk.services import request_handoff

    existing = HandOff.objects.filter(project=world.project).first()
    if existing:
        return existing
    return request_handoff(
        request=_request(world), to=world.cs_supervisor, reason="SENTINEL", actor=world.frontdesk
    )


def _category(world):
    from propdesk.servicedesk.models import Category
    from propdesk.servicedesk.services import load_default_categories

    load_default_categories(project=world.project)
    return Category.objects.filter(project=world.project).order_by("pk").first()


def _work_order(world):
    from propdesk.servicedesk.models import WorkOrder
    from propdesk.servicedesk.services import dispatch

    existing = WorkOrder.objects.filter(project=world.project).first()
    return existing or dispatch(request=_request(world), technician=world.technician, actor=world.dispatcher)


def _complaint(world):
    from propdesk.servicedesk.models import Complaint
    from propdesk.servicedesk.services import receive_request

    existing = Complaint.objects.filter(project=world.project).first()
    if existing:
        return existing
    request = receive_request(
        project=world.project,
        actor=world.frontdesk,
        kind="complaint",
        channel="phone",
        content="SENTINEL 投诉",
        reporter_name="SENTINEL业主",
        unit=world.unit,
    )
    return request.complaint


def _callback(world):
    from propdesk.servicedesk.models import Callback
    from propdesk.servicedesk.services import record_callback, transition_request

    existing = Callback.objects.filter(project=world.project).first()
    if existing:
        return existing
    request = _request(world)
    transition_request(request=request, to_status="resolved", actor=world.frontdesk)
    return record_callback(
        request=request,
        method="phone",
        satisfaction="unsatisfied",
        owner_words="SENTINEL",
        actor=world.frontdesk,
    )


def _improvement(world):
    import datetime as dt

    from django.utils import timezone

    from propdesk.servicedesk.models import Improvement
    from propdesk.servicedesk.services import assign_improvement

    existing = Improvement.objects.filter(project=world.project).first()
    return existing or assign_improvement(
        callback=_callback(world),
        assigned_to=world.technician,
        instructions="SENTINEL",
        deadline=timezone.now() + dt.timedelta(days=1),
        actor=world.cs_supervisor,
    )


def _plan(world):
    import datetime as dt

    from propdesk.servicedesk.models import CallbackPlan
    from propdesk.servicedesk.services.plans import create_plan, generate_tasks

    existing = CallbackPlan.objects.filter(project=world.project).first()
    if existing:
        return existing
    plan = create_plan(
        project=world.project,
        actor=world.cs_supervisor,
        title="SENTINEL 季度回访",
        kind="quarterly",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31),
        content="SENTINEL",
        responsible=world.butler,
        sample_size=1,
    )
    generate_tasks(plan=plan, actor=world.cs_supervisor)
    return plan


def _plan_task(world):
    return _plan(world).tasks.first()


def _survey(world):
    import datetime as dt

    from propdesk.servicedesk.models import SurveyCampaign
    from propdesk.servicedesk.services.surveys import create_campaign, open_campaign

    existing = SurveyCampaign.objects.filter(project=world.project).first()
    if existing:
        return existing
    campaign = create_campaign(
        project=world.project,
        actor=world.cs_supervisor,
        title="SENTINEL 满意度调查",
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    return open_campaign(campaign=campaign, actor=world.cs_supervisor)


def _kpi_target(world):
    import datetime as dt

    from propdesk.servicedesk.models import KpiTarget

    return KpiTarget.objects.get_or_create(
        company_id=world.project.company_id,
        project=world.project,
        code="satisfaction",
        effective_from=dt.date(2026, 1, 1),
        defaults={"target": 96},
    )[0]


def _kpi_settings(world):
    from propdesk.servicedesk.models import KpiSettings

    return KpiSettings.objects.get_or_create(project=world.project)[0]


SAMPLES = {
    "servicedesk.KpiTarget": _kpi_target,
    "servicedesk.KpiSettings": _kpi_settings,
    "servicedesk.SurveyCampaign": _survey,
    "servicedesk.CallbackPlan": _plan,
    "servicedesk.CallbackTask": _plan_task,
    "servicedesk.Complaint": _complaint,
    "servicedesk.Callback": _callback,
    "servicedesk.Improvement": _improvement,
    "servicedesk.WorkOrder": _work_order,
    "servicedesk.Category": _category,
    "servicedesk.ServiceRequest": _request,
    "servicedesk.HandOff": _handoff,
}
