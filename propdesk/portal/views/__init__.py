"""The owner portal's pages. One module per subject once they grow (`views/bills.py`, ...)."""

from __future__ import annotations

from django.shortcuts import render

from propdesk.registry.visibility import unit_accesses

from ..decorators import portal_view
from ..selectors import home_units


@portal_view
def home(request):
    """首页: the person's units (as owner, tenant or resident)."""
    units = home_units(unit_accesses(request.user))
    return render(request, "portal/home.html", {"units": units, "tab": "home"})
