from propdesk.core.api.views import ForUserViewSet
from propdesk.registry.models import Building, Unit

from . import serializers


class BuildingViewSet(ForUserViewSet):
    queryset = Building.objects.order_by("project_id", "sort_order", "code")
    serializer_class = serializers.BuildingSerializer
    required_perm = "registry.view_building"
    filterset_fields = ["project"]
    search_fields = ["code", "name"]


class UnitViewSet(ForUserViewSet):
    queryset = Unit.objects.select_related("building").order_by(
        "project_id", "building__sort_order", "entrance", "floor", "number"
    )
    serializer_class = serializers.UnitSerializer
    required_perm = "registry.view_unit"
    filterset_fields = ["project", "building", "status", "use", "entrance", "floor"]
    search_fields = ["number"]
