from django.core.paginator import Paginator
from django.shortcuts import render

from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view

from . import selectors
from .models import Building, Unit


@project_view("registry.view_unit")
def buildings(request):
    rows = selectors.buildings_for_list(request.user, request.project)
    return render(request, "registry/buildings.html", {"buildings": rows})


@project_view("registry.view_unit")
@object_view(Building)
def building_detail(request, pk: int):
    building = get_object_for_user(Building.objects, request.user, pk, perm="registry.view_unit")
    units = selectors.units_of_building(building)
    page = Paginator(units, 108).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/building_detail.html",
        {
            "building": building,
            "page": page,
            "can_view_party": has_project_perm(request.user, building.project, "registry.view_party"),
        },
    )


@project_view("registry.view_unit")
@object_view(Unit)
def unit_detail(request, pk: int):
    unit = get_object_for_user(
        Unit.objects.select_related("building", "project"), request.user, pk, perm="registry.view_unit"
    )
    can_view_party = has_project_perm(request.user, unit.project, "registry.view_party")
    return render(
        request,
        "registry/unit_detail.html",
        {
            "unit": unit,
            "ownerships": selectors.unit_detail(unit) if can_view_party else [],
            "can_view_party": can_view_party,
            "can_view_history": has_project_perm(request.user, unit.project, "core.view_history"),
        },
    )
