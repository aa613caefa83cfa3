"""首页 (the person's units and what waits for them) and the web app manifest."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from propdesk.registry.visibility import unit_accesses

from ..decorators import portal_view
from ..selectors import home_extras, home_todos, home_units

THEME = "#0b4a6e"


@portal_view
def home(request):
    """首页: the person's units (as owner, tenant or resident) and the cards of what waits for them."""
    accesses = unit_accesses(request.user)
    units = home_units(accesses)
    todos = home_todos(accesses)
    names = {entry.unit.pk: entry.unit for entry in units}
    for due in todos.dues:
        due.unit = names.get(due.unit_id)
    return render(
        request,
        "portal/home.html",
        {"units": units, "todos": todos, "home_extras": home_extras(request, accesses), "tab": "home"},
    )


@cache_control(public=True, max_age=3600)
def manifest(request):
    """The web app manifest: the portal can be added to the phone's home screen (no login: the browser
    fetches it without the session)."""
    return JsonResponse(
        {
            "name": _("Owner portal"),
            "short_name": _("My home"),
            "start_url": reverse("portal:home"),
            "scope": reverse("portal:home"),
            "display": "standalone",
            "background_color": "#f2f4f7",
            "theme_color": THEME,
            "lang": request.LANGUAGE_CODE,
            "icons": [
                {"src": static("portal/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("portal/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {
                    "src": static("portal/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
