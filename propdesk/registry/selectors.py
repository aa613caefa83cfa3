from django.db.models import Count, Prefetch, Q

from .models import Building, Ownership, Unit


def buildings_for_list(user, project):
    return (
        Building.objects.for_user(user)
        .filter(project=project)
        .annotate(unit_count=Count("units"), occupied=Count("units", filter=Q(units__status="occupied")))
        .order_by("sort_order", "code")
    )


def units_of_building(building):
    current = Ownership.objects.filter(project_id=building.project_id, ended_on__isnull=True).select_related(
        "party"
    )
    return (
        Unit.objects.filter(project_id=building.project_id, building=building)
        .select_related("building")
        .prefetch_related(Prefetch("ownerships", queryset=current, to_attr="current_ownerships"))
        .order_by("entrance", "-floor", "number")
    )


def unit_detail(unit):
    return Ownership.objects.filter(unit=unit).select_related("party").order_by("ended_on", "-started_on")
