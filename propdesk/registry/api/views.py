import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status as http
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from propdesk.core.access import (
    get_object_for_user,
    get_project_for_user,
    has_project_perm,
)
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import detail_write, valid
from propdesk.core.crypto import phone_last4_index
from propdesk.core.errors import ServiceError
from propdesk.core.models import Project
from propdesk.registry import services
from propdesk.registry.choices import LoanStatus, PersonalDataPurpose
from propdesk.registry.models import (
    ArchiveDocument,
    ArchiveFile,
    ArchiveLoan,
    Building,
    CareNote,
    EmergencyContact,
    Ownership,
    Party,
    Residency,
    Unit,
    UnitEvent,
    Vehicle,
)
from propdesk.registry.search import search
from propdesk.registry.visibility import portal_units

from ..models.core import building_order, unit_order
from . import serializers

# --- writes ------------------------------------------------------------------------------------
#
# Order, for every write: find the object the request is about (from the URL, or for a create
# from the raw body) through `for_user` — 404 when invisible — then the permission in its project
# (403), and only then validate the body (400). An outsider learns nothing from a validation error.


def _raw(request, name):
    data = request.data if hasattr(request.data, "get") else {}
    value = data.get(name)
    return None if value in (None, "") else value


def _target(request, name, queryset, perm=None):
    """The object whose id is in the raw body under `name`, checked before the body is validated.

    None when the body does not name one (the serializer then reports the missing field)."""
    raw = _raw(request, name)
    if raw is None:
        return None
    return get_object_for_user(queryset, request.user, raw, perm=perm)


def _same_project_party(project_id, pk, field):
    """A party of this project by id, or a refusal naming the field (never one of another project)."""
    if pk is None:
        return None
    party = Party.objects.filter(project_id=project_id, pk=pk).first()
    if party is None:
        raise ServiceError(_("No such party in this project."), field=field)
    return party


def _created(serializer):
    return Response(serializer.data, status=http.HTTP_201_CREATED)


class BuildingViewSet(ForUserViewSet):
    queryset = Building.objects.order_by("project_id", *building_order())
    serializer_class = serializers.BuildingSerializer
    required_perm = "registry.view_building"
    filterset_fields = ["project"]
    search_fields = ["code", "name"]

    @extend_schema(
        request=serializers.BuildingCreateSerializer, responses={201: serializers.BuildingSerializer}
    )
    def create(self, request):
        """A new building (needs registry.add_building in the project)."""
        project = _target(request, "project", Project.objects, "registry.add_building")
        d = valid(serializers.BuildingCreateSerializer, request)
        building = services.create_building(
            project=project,
            code=d["code"],
            name=d["name"],
            floors=d["floors"],
            entrances=d["entrances"],
            actor=request.user,
        )
        return _created(serializers.BuildingSerializer(building))


class UnitViewSet(ForUserViewSet):
    queryset = Unit.objects.select_related("building").order_by("project_id", *unit_order())
    serializer_class = serializers.UnitSerializer
    required_perm = "registry.view_unit"
    filterset_fields = ["project", "building", "status", "use", "entrance", "floor"]
    search_fields = ["number"]

    @extend_schema(request=serializers.UnitCreateSerializer, responses={201: serializers.UnitSerializer})
    def create(self, request):
        """A new unit in a building (needs registry.add_unit); its first status starts its timeline."""
        building = _target(request, "building", Building.objects, "registry.add_unit")
        d = valid(serializers.UnitCreateSerializer, request)
        unit = services.create_unit(
            building=building,
            entrance=d["entrance"],
            floor=d["floor"],
            number=d["number"],
            building_area=d["building_area"],
            inner_area=d.get("inner_area"),
            use=d["use"],
            status=d["status"],
            actor=request.user,
        )
        return _created(serializers.UnitSerializer(unit))

    @extend_schema(request=serializers.UnitAreasSerializer, responses=serializers.UnitSerializer)
    @action(detail=True, methods=["post"])
    def areas(self, request, pk=None):
        """Correct the building and inner areas (needs registry.change_unit; kept in the history)."""
        unit = detail_write(self, "registry.change_unit")
        d = valid(serializers.UnitAreasSerializer, request)
        unit = services.update_unit_areas(
            unit=unit, building_area=d["building_area"], inner_area=d.get("inner_area"), actor=request.user
        )
        return Response(serializers.UnitSerializer(unit).data)

    @extend_schema(
        request=serializers.TransferSerializer, responses=serializers.OwnershipSerializer(many=True)
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        """A sale (过户): the current owners end on `on`, the new owners (shares adding up to 100) start."""
        unit = detail_write(self, "registry.transfer_ownership")
        d = valid(serializers.TransferSerializer, request)
        owners = [
            (_same_project_party(unit.project_id, row["party"], "new_owners"), row["share"])
            for row in d["new_owners"]
        ]
        created = services.transfer_ownership(unit=unit, new_owners=owners, on=d["on"], actor=request.user)
        return Response(serializers.OwnershipSerializer(created, many=True).data)

    @extend_schema(request=serializers.StatusChangeSerializer, responses=serializers.UnitSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Change the unit's status (checked against the transition table, logged as an event)."""
        unit = detail_write(self, "registry.change_unit")
        data = serializers.StatusChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.change_unit_status(
            unit=unit,
            to=data.validated_data["status"],
            reason=data.validated_data["reason"],
            actor=request.user,
        )
        return Response(serializers.UnitSerializer(unit).data)

    @extend_schema(responses=serializers.UnitEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        unit = self.get_object()
        events = UnitEvent.objects.filter(project_id=unit.project_id, unit=unit)
        return Response(serializers.UnitEventSerializer(events, many=True).data)


class PartyFilter(django_filters.FilterSet):
    # Phones are encrypted: the last four digits are matched through their blind index.
    phone_last4 = django_filters.CharFilter(
        method="filter_phone_last4", max_length=4, label="The last four digits of the mobile number."
    )

    class Meta:
        model = Party
        fields = ["project", "kind", "name_initials"]

    def filter_phone_last4(self, queryset, name, value):
        if not (len(value) == 4 and value.isdigit()):
            return queryset.none()
        return queryset.filter(phone_last4_index=phone_last4_index(value))


class PartyViewSet(ForUserViewSet):
    queryset = Party.objects.order_by("project_id", "name", "id")
    serializer_class = serializers.PartySerializer
    required_perm = "registry.view_party"
    filterset_class = PartyFilter
    search_fields = ["name", "name_initials"]

    @extend_schema(request=serializers.PartyCreateSerializer, responses={201: serializers.PartySerializer})
    def create(self, request):
        """Register a person or company (needs registry.add_party); a known ID number is refused."""
        project = _target(request, "project", Project.objects, "registry.add_party")
        d = valid(serializers.PartyCreateSerializer, request)
        d.pop("project")
        party = services.register_party(project=project, actor=request.user, **d)
        return _created(serializers.PartySerializer(party))

    @extend_schema(request=serializers.PartyContactSerializer, responses=serializers.PartySerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        """New phone numbers (needs registry.change_party); the old ones stay in the history."""
        party = detail_write(self, "registry.change_party")
        d = valid(serializers.PartyContactSerializer, request)
        party = services.update_party_contact(
            party=party, phone=d.get("phone"), landline=d.get("landline"), actor=request.user
        )
        return Response(serializers.PartySerializer(party).data)

    @extend_schema(request=serializers.RevealSerializer, responses=serializers.RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """ID number and phones in full: needs registry.reveal_personal_data and a reason; logged."""
        party = self.get_object()
        data = serializers.RevealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        revealed = services.reveal_personal_data(
            party=party,
            reason=data.validated_data["reason"],
            actor=request.user,
            purpose=PersonalDataPurpose.API,
        )
        return Response(revealed)


def _simple(model, serializer, perm, filters, related=()):
    return type(
        f"{model.__name__}ViewSet",
        (ForUserViewSet,),
        {
            "queryset": model.objects.select_related(*related).order_by("project_id", "-id"),
            "serializer_class": serializer,
            "required_perm": perm,
            "filterset_fields": filters,
            "__doc__": f"{model._meta.verbose_name_plural}.",
        },
    )


OwnershipViewSet = _simple(
    Ownership,
    serializers.OwnershipSerializer,
    "registry.view_ownership",
    ["project", "unit", "party"],
    ["party"],
)


class ResidencyViewSet(
    _simple(
        Residency,
        serializers.ResidencySerializer,
        "registry.view_residency",
        ["project", "unit", "party", "kind"],
        ["party"],
    )
):
    """Tenants, residents and family members of a unit; a move-out ends the row with a date."""

    @extend_schema(
        request=serializers.ResidencyCreateSerializer, responses={201: serializers.ResidencySerializer}
    )
    def create(self, request):
        """A move-in (needs registry.add_residency in the unit's project)."""
        unit = _target(request, "unit", Unit.objects, "registry.add_residency")
        d = valid(serializers.ResidencyCreateSerializer, request)
        residency = services.start_residency(
            unit=unit,
            party=_same_project_party(unit.project_id, d["party"], "party"),
            kind=d["kind"],
            relation=d["relation"],
            started_on=d["started_on"],
            actor=request.user,
        )
        return _created(serializers.ResidencySerializer(residency))

    @extend_schema(request=serializers.EndSerializer, responses=serializers.ResidencySerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """A move-out (needs registry.change_residency)."""
        residency = detail_write(self, "registry.change_residency")
        d = valid(serializers.EndSerializer, request)
        residency = services.end_residency(residency=residency, ended_on=d["ended_on"], actor=request.user)
        return Response(serializers.ResidencySerializer(residency).data)


class EmergencyContactViewSet(
    _simple(
        EmergencyContact,
        serializers.EmergencyContactSerializer,
        "registry.view_emergencycontact",
        ["project", "unit"],
    )
):
    """Who to call when the unit's people cannot be reached."""

    @extend_schema(
        request=serializers.EmergencyContactCreateSerializer,
        responses={201: serializers.EmergencyContactSerializer},
    )
    def create(self, request):
        """Add an emergency contact (needs registry.add_emergencycontact)."""
        unit = _target(request, "unit", Unit.objects, "registry.add_emergencycontact")
        d = valid(serializers.EmergencyContactCreateSerializer, request)
        d.pop("unit")
        contact = services.add_emergency_contact(unit=unit, actor=request.user, **d)
        return _created(serializers.EmergencyContactSerializer(contact))

    @extend_schema(request=None, responses=serializers.EmergencyContactSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """No longer a contact (needs registry.change_emergencycontact); the row is kept, inactive."""
        contact = detail_write(self, "registry.change_emergencycontact")
        contact = services.remove_emergency_contact(contact=contact, actor=request.user)
        return Response(serializers.EmergencyContactSerializer(contact).data)


class VehicleViewSet(
    _simple(
        Vehicle, serializers.VehicleSerializer, "registry.view_vehicle", ["project", "unit", "party", "plate"]
    )
):
    """Vehicles registered to a unit; removing one ends it with a date."""

    @extend_schema(
        request=serializers.VehicleCreateSerializer, responses={201: serializers.VehicleSerializer}
    )
    def create(self, request):
        """Register a vehicle (needs registry.add_vehicle); a plate is current in one unit only."""
        unit = _target(request, "unit", Unit.objects, "registry.add_vehicle")
        d = valid(serializers.VehicleCreateSerializer, request)
        vehicle = services.register_vehicle(
            unit=unit,
            party=_same_project_party(unit.project_id, d.get("party"), "party"),
            plate=d["plate"],
            description=d["description"],
            parking_space=d["parking_space"],
            started_on=d["started_on"],
            actor=request.user,
        )
        return _created(serializers.VehicleSerializer(vehicle))

    @extend_schema(request=serializers.EndSerializer, responses=serializers.VehicleSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """The vehicle leaves (needs registry.change_vehicle)."""
        vehicle = detail_write(self, "registry.change_vehicle")
        d = valid(serializers.EndSerializer, request)
        vehicle = services.remove_vehicle(vehicle=vehicle, ended_on=d["ended_on"], actor=request.user)
        return Response(serializers.VehicleSerializer(vehicle).data)


class CareNoteViewSet(
    _simple(CareNote, serializers.CareNoteSerializer, "registry.view_carenote", ["project", "unit", "kind"])
):
    """关注业户感受: notes every colleague sees on the unit page."""

    @extend_schema(
        request=serializers.CareNoteCreateSerializer, responses={201: serializers.CareNoteSerializer}
    )
    def create(self, request):
        """Add a care note (needs registry.add_carenote)."""
        unit = _target(request, "unit", Unit.objects, "registry.add_carenote")
        d = valid(serializers.CareNoteCreateSerializer, request)
        note = services.add_care_note(
            unit=unit,
            party=_same_project_party(unit.project_id, d.get("party"), "party"),
            kind=d["kind"],
            preferred_contact_time=d["preferred_contact_time"],
            note=d["note"],
            started_on=d["started_on"],
            actor=request.user,
        )
        return _created(serializers.CareNoteSerializer(note))

    @extend_schema(request=serializers.EndSerializer, responses=serializers.CareNoteSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """The note no longer applies (needs registry.change_carenote)."""
        note = detail_write(self, "registry.change_carenote")
        d = valid(serializers.EndSerializer, request)
        note = services.end_care_note(note=note, ended_on=d["ended_on"], actor=request.user)
        return Response(serializers.CareNoteSerializer(note).data)


class ArchiveFileViewSet(
    _simple(
        ArchiveFile,
        serializers.ArchiveFileSerializer,
        "registry.view_archivefile",
        ["project", "unit", "party", "catalogue_number"],
    )
):
    """Owner archive files (业主档案), one per unit or per party."""

    @extend_schema(
        request=serializers.ArchiveFileCreateSerializer, responses={201: serializers.ArchiveFileSerializer}
    )
    def create(self, request):
        """Open an archive file (needs registry.add_archivefile); numbered DA2026-00001 unless given."""
        project = _target(request, "project", Project.objects, "registry.add_archivefile")
        d = valid(serializers.ArchiveFileCreateSerializer, request)
        unit = None
        if d.get("unit") is not None:
            unit = Unit.objects.for_user(request.user).filter(project=project, pk=d["unit"]).first()
            if unit is None:
                raise ServiceError(_("No such unit in this project."), field="unit")
        archive_file = services.open_archive_file(
            project=project,
            unit=unit,
            party=_same_project_party(project.pk, d.get("party"), "party"),
            title=d["title"],
            location=d["location"],
            catalogue_number=d["catalogue_number"],
            actor=request.user,
        )
        return _created(serializers.ArchiveFileSerializer(archive_file))


class ArchiveDocumentViewSet(
    _simple(
        ArchiveDocument,
        serializers.ArchiveDocumentSerializer,
        "registry.view_archivedocument",
        ["project", "archive_file", "doc_type"],
    )
):
    """Scanned documents in an archive file."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request=serializers.ArchiveDocumentCreateSerializer,
        responses={201: serializers.ArchiveDocumentSerializer},
    )
    def create(self, request):
        """Upload a document (multipart; needs registry.add_archivedocument; PDF, image or Office, ≤ 20 MB)."""
        archive_file = _target(request, "archive_file", ArchiveFile.objects, "registry.add_archivedocument")
        d = valid(serializers.ArchiveDocumentCreateSerializer, request)
        document = services.add_document(
            archive_file=archive_file,
            doc_type=d["doc_type"],
            upload=d["file"],
            title=d["title"],
            actor=request.user,
        )
        return _created(serializers.ArchiveDocumentSerializer(document))


class ArchiveLoanViewSet(
    _simple(
        ArchiveLoan,
        serializers.ArchiveLoanSerializer,
        "registry.view_archiveloan",
        ["project", "archive_file", "status", "kind"],
    )
):
    """Consulting (查阅) and lending (外借) of archive files: requested, approved or rejected, returned."""

    @extend_schema(
        request=serializers.ArchiveLoanCreateSerializer, responses={201: serializers.ArchiveLoanSerializer}
    )
    def create(self, request):
        """Request to consult or borrow a file (needs registry.add_archiveloan); it waits for approval."""
        archive_file = _target(request, "archive_file", ArchiveFile.objects, "registry.add_archiveloan")
        d = valid(serializers.ArchiveLoanCreateSerializer, request)
        d.pop("archive_file")
        loan = services.request_loan(archive_file=archive_file, actor=request.user, **d)
        return _created(serializers.ArchiveLoanSerializer(loan))

    def _move(self, request, to):
        loan = detail_write(self, "registry.change_archiveloan")
        d = valid(serializers.LoanDecisionSerializer, request)
        loan = services.move_loan(loan=loan, to=to, reason=d["reason"], actor=request.user)
        return Response(serializers.ArchiveLoanSerializer(loan).data)

    @extend_schema(request=serializers.LoanDecisionSerializer, responses=serializers.ArchiveLoanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve (needs registry.approve_archiveloan as well)."""
        return self._move(request, LoanStatus.APPROVED)

    @extend_schema(request=serializers.LoanDecisionSerializer, responses=serializers.ArchiveLoanSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Refuse with a reason (needs registry.approve_archiveloan as well)."""
        return self._move(request, LoanStatus.REJECTED)

    @extend_schema(request=serializers.LoanDecisionSerializer, responses=serializers.ArchiveLoanSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_file(self, request, pk=None):
        """The file is back (or the consultation is over)."""
        return self._move(request, LoanStatus.RETURNED)


class SearchView(APIView):
    """The front-desk search: `?project=<id>&q=3-2-1501` (a room, name, pinyin initials, phone, last four, plate)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("project", int, required=True),
            OpenApiParameter("q", str, required=True),
        ],
        responses=serializers.SearchHitSerializer(many=True),
    )
    def get(self, request):
        project = get_project_for_user(request.user, request.query_params.get("project"))
        if not has_project_perm(request.user, project, "registry.view_unit"):
            raise PermissionDenied
        hits = search(
            project,
            request.query_params.get("q", "")[:50],
            user=request.user,
            include_people=has_project_perm(request.user, project, "registry.view_party"),
        )
        return Response(serializers.SearchHitSerializer(hits, many=True).data)


class MyUnitsView(ListAPIView):
    """The units the logged-in owner or tenant currently owns or lives in (owner-facing)."""

    serializer_class = serializers.UnitSerializer
    pagination_class = None
    queryset = Unit.objects.none()

    def get_queryset(self):
        # registry.visibility: owners, tenants and residents alike see the units they are linked to.
        return portal_units(self.request.user).order_by("project_id", *unit_order())
