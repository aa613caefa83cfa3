from django.utils import timezone
from rest_framework import serializers

from propdesk.registry.choices import (
    CareKind,
    DocumentType,
    IdType,
    ImportKind,
    LoanKind,
    PartyKind,
    ResidencyKind,
    UnitStatus,
    UnitUse,
)
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
            "message",
            "created_at",
            "finished_at",
        ]


class ImportStartSerializer(serializers.Serializer):
    """The import page's upload: what the file holds and the filled-in template (.xlsx, ≤ 20 MB)."""

    project = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ImportKind.choices)
    file = serializers.FileField(help_text="The filled-in template (GET /registry/import/template/?kind=…).")


class ImportRunSerializer(serializers.Serializer):
    valid_only = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Import the valid rows only, when the check found problems (the page's choice).",
    )


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


# --- write bodies: plain shapes; the services check the business rules and name the field -----


class BuildingCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    floors = serializers.IntegerField(min_value=1, max_value=200, default=1)
    entrances = serializers.IntegerField(min_value=1, max_value=50, default=1)


class UnitCreateSerializer(serializers.Serializer):
    building = serializers.IntegerField()
    entrance = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    floor = serializers.IntegerField(min_value=-10, max_value=200)
    number = serializers.CharField(max_length=20)
    building_area = serializers.DecimalField(max_digits=8, decimal_places=2)
    inner_area = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True)
    use = serializers.ChoiceField(choices=UnitUse.choices, default=UnitUse.RESIDENTIAL)
    status = serializers.ChoiceField(choices=UnitStatus.choices, default=UnitStatus.UNSOLD)


class PartyCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=PartyKind.choices, default=PartyKind.PERSON)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    landline = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    id_type = serializers.ChoiceField(
        choices=[("", "—"), *IdType.choices], required=False, allow_blank=True, default=""
    )
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class PartyContactSerializer(serializers.Serializer):
    """Only the numbers sent change; send an empty string to clear one."""

    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    landline = serializers.CharField(max_length=30, required=False, allow_blank=True)


class UnitAreasSerializer(serializers.Serializer):
    building_area = serializers.DecimalField(max_digits=8, decimal_places=2)
    inner_area = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True)


class NewOwnerSerializer(serializers.Serializer):
    party = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=5, decimal_places=2)


class TransferSerializer(serializers.Serializer):
    on = serializers.DateField()
    new_owners = NewOwnerSerializer(many=True)


class ResidencyCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    party = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ResidencyKind.choices)
    relation = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    started_on = serializers.DateField()


class EndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class EmergencyContactCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    name = serializers.CharField(max_length=50, allow_blank=True)
    phone = serializers.CharField(max_length=30, allow_blank=True)
    relation = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class VehicleCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    party = serializers.IntegerField(required=False, allow_null=True)
    plate = serializers.CharField(max_length=12)
    description = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    parking_space = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    started_on = serializers.DateField()


class CareNoteCreateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    party = serializers.IntegerField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=CareKind.choices)
    preferred_contact_time = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    started_on = serializers.DateField()


class ArchiveFileCreateSerializer(serializers.Serializer):
    """For one unit or one party (exactly one of the two)."""

    project = serializers.IntegerField()
    unit = serializers.IntegerField(required=False, allow_null=True)
    party = serializers.IntegerField(required=False, allow_null=True)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    catalogue_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class ArchiveDocumentCreateSerializer(serializers.Serializer):
    archive_file = serializers.IntegerField()
    doc_type = serializers.ChoiceField(choices=DocumentType.choices)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    file = serializers.FileField()


class ArchiveLoanCreateSerializer(serializers.Serializer):
    archive_file = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LoanKind.choices)
    requester = serializers.CharField(max_length=50, allow_blank=True)
    requester_department = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=200, allow_blank=True)
    due_on = serializers.DateField(required=False, allow_null=True)


class LoanDecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
