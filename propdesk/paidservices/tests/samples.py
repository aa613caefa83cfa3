"""Objects of project A for the route authorization test (core/tests/samples.py)."""


def _special_order(world):
    from propdesk.paidservices.models import SpecialServiceOrder
    from propdesk.paidservices.services import create_order

    existing = SpecialServiceOrder.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    return create_order(
        actor=world.frontdesk, unit=world.unit, content="SENTINEL特约服务", customer_name="SENTINEL张三"
    )


SAMPLES = {"paidservices.SpecialServiceOrder": _special_order}
