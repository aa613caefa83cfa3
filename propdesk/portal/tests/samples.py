"""Objects of project A for the route authorization test (models the world fixture has no row of)."""

import datetime as dt

from propdesk.registry import services
from propdesk.registry.choices import ResidencyKind


def _consent(world):
    from propdesk.portal.services import grant_tenant_consent

    party = services.register_party(project=world.project, name="SENTINEL租客", phone="13900008888")
    services.start_residency(
        unit=world.unit, party=party, kind=ResidencyKind.TENANT, started_on=dt.date(2025, 1, 1), actor=None
    )
    return grant_tenant_consent(unit=world.unit, tenant=party, actor=world.owner)


SAMPLES = {"portal.TenantConsent": _consent}
