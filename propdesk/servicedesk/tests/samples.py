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


SAMPLES = {
    "servicedesk.WorkOrder": _work_order,
    "servicedesk.Category": _category,
    "servicedesk.ServiceRequest": _request,
    "servicedesk.HandOff": _handoff,
}
