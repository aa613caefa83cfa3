from rest_framework import serializers

from propdesk.registry.models import Building, Unit


class BuildingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Building
        fields = ["id", "project", "code", "name", "floors", "entrances"]


class UnitSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "project",
            "building",
            "label",
            "entrance",
            "floor",
            "number",
            "building_area",
            "inner_area",
            "use",
            "status",
        ]
