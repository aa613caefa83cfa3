from rest_framework import serializers

from propdesk.registry.models import (
    ArchiveDocument,
    ArchiveFile,
    ArchiveLoan,
    Building,
    CareNote,
    EmergencyContact,
    ImportJob,
    Ownership,
    Party,
    Residency,
    Unit,
    UnitEvent,
    Vehicle,
)


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


class PartySerializer(serializers.ModelSerializer):
    """Personal data is always masked here; the reveal action returns it in full, logged."""

    phone = serializers.CharField(source="masked_phone", read_only=True)
    landline = serializers.CharField(source="masked_landline", read_only=True)
    id_number = serializers.CharField(source="masked_id_number", read_only=True)

    class Meta:
        model = Party
        fields = [
            "id",
            "project",
            "kind",
            "name",
            "name_initials",
            "phone",
            "landline",
            "id_type",
            "id_number",
        ]


class OwnershipSerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.name", read_only=True)

    class Meta:
        model = Ownership
        fields = ["id", "project", "unit", "party", "party_name", "share", "started_on", "ended_on"]


class ResidencySerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.name", read_only=True)

    class Meta:
        model = Residency
        fields = [
            "id",
            "project",
            "unit",
            "party",
            "party_name",
            "kind",
            "relation",
            "started_on",
            "ended_on",
        ]


class EmergencyContactSerializer(serializers.ModelSerializer):
    phone = serializers.CharField(source="masked_phone", read_only=True)

    class Meta:
        model = EmergencyContact
        fields = ["id", "project", "unit", "name", "relation", "phone", "note", "is_active"]


class VehicleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vehicle
        fields = [
            "id",
            "project",
            "unit",
            "party",
            "plate",
            "new_energy",
            "description",
            "parking_space",
            "started_on",
            "ended_on",
        ]


class CareNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareNote
        fields = [
            "id",
            "project",
            "unit",
            "party",
            "kind",
            "preferred_contact_time",
            "note",
            "started_on",
            "ended_on",
        ]


class UnitEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitEvent
        fields = ["id", "unit", "from_status", "to_status", "reason", "actor", "at"]


class ArchiveFileSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArchiveFile
        fields = ["id", "project", "catalogue_number", "unit", "party", "title", "location", "created_at"]


class ArchiveDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArchiveDocument
        fields = ["id", "project", "archive_file", "doc_type", "title", "size", "uploaded_by", "uploaded_at"]


class ArchiveLoanSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveLoan
        fields = [
            "id",
            "project",
            "archive_file",
            "kind",
            "requester",
            "requester_department",
            "reason",
            "due_on",
            "status",
            "requested_at",
            "approved_by",
            "approved_at",
            "returned_at",
            "overdue",
        ]

    def get_overdue(self, obj) -> bool:
        from django.utils import timezone

        return bool(obj.status == "approved" and obj.due_on and obj.due_on < timezone.localdate())


class ImportJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportJob
        fields = [
            "id",
            "project",
            "kind",
            "filename",
            "status",
            "total_rows",
            "processed_rows",
            "bad_rows",
            "problems",
            "created",
            "updated",
            "unchanged",
            "created_at",
            "finished_at",
        ]


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RevealSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RevealedSerializer(serializers.Serializer):
    id_number = serializers.CharField()
    phone = serializers.CharField()
    landline = serializers.CharField()


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    score = serializers.IntegerField()
    matched = serializers.CharField()
    unit = serializers.SerializerMethodField()
    party = serializers.SerializerMethodField()
    units = serializers.SerializerMethodField()

    def get_unit(self, hit) -> dict | None:
        return {"id": hit.unit.pk, "label": hit.unit.label} if hit.unit else None

    def get_party(self, hit) -> dict | None:
        return (
            {"id": hit.party.pk, "name": hit.party.name, "phone": hit.party.masked_phone}
            if hit.party
            else None
        )

    def get_units(self, hit) -> list[dict]:
        return [{"id": u.pk, "label": u.label} for u in hit.units]
