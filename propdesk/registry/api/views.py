from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from propdesk.core.access import get_project_for_user, has_project_perm
from propdesk.core.api.views import ForUserViewSet
from propdesk.registry import services
from propdesk.registry.choices import PersonalDataPurpose
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
from propdesk.registry.search import search

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

    @extend_schema(request=serializers.StatusChangeSerializer, responses=serializers.UnitSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        """Change the unit's status (checked against the transition table, logged as an event)."""
        unit = self.get_object()
        if not has_project_perm(request.user, unit.project, "registry.change_unit"):
            raise PermissionDenied
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


class PartyViewSet(ForUserViewSet):
    queryset = Party.objects.order_by("project_id", "name", "id")
    serializer_class = serializers.PartySerializer
    required_perm = "registry.view_party"
    filterset_fields = ["project", "kind", "name_initials", "phone_last4"]
    search_fields = ["name", "name_initials"]

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
            "__doc__": f"{model._meta.verbose_name_plural} (read-only; writes go through the staff pages' services).",
        },
    )


OwnershipViewSet = _simple(
    Ownership,
    serializers.OwnershipSerializer,
    "registry.view_ownership",
    ["project", "unit", "party"],
    ["party"],
)
ResidencyViewSet = _simple(
    Residency,
    serializers.ResidencySerializer,
    "registry.view_residency",
    ["project", "unit", "party", "kind"],
    ["party"],
)
EmergencyContactViewSet = _simple(
    EmergencyContact,
    serializers.EmergencyContactSerializer,
    "registry.view_emergencycontact",
    ["project", "unit"],
)
VehicleViewSet = _simple(
    Vehicle, serializers.VehicleSerializer, "registry.view_vehicle", ["project", "unit", "party", "plate"]
)
CareNoteViewSet = _simple(
    CareNote, serializers.CareNoteSerializer, "registry.view_carenote", ["project", "unit", "kind"]
)
ArchiveFileViewSet = _simple(
    ArchiveFile,
    serializers.ArchiveFileSerializer,
    "registry.view_archivefile",
    ["project", "unit", "party", "catalogue_number"],
)
ArchiveDocumentViewSet = _simple(
    ArchiveDocument,
    serializers.ArchiveDocumentSerializer,
    "registry.view_archivedocument",
    ["project", "archive_file", "doc_type"],
)
ArchiveLoanViewSet = _simple(
    ArchiveLoan,
    serializers.ArchiveLoanSerializer,
    "registry.view_archiveloan",
    ["project", "archive_file", "status", "kind"],
)
ImportJobViewSet = _simple(
    ImportJob, serializers.ImportJobSerializer, "registry.view_importjob", ["project", "kind", "status"]
)


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
            include_people=has_project_perm(request.user, project, "registry.view_party"),
        )
        return Response(serializers.SearchHitSerializer(hits, many=True).data)


class MyUnitsView(ListAPIView):
    """The units the logged-in owner or tenant currently owns or lives in (owner-facing)."""

    serializer_class = serializers.UnitSerializer
    pagination_class = None
    queryset = Unit.objects.none()

    def get_queryset(self):
        from django.db.models import Q

        user = self.request.user
        if not user.is_authenticated:
            return Unit.objects.none()
        return (
            Unit.objects.filter(
                Q(ownerships__party__user=user, ownerships__ended_on__isnull=True)
                | Q(residencies__party__user=user, residencies__ended_on__isnull=True)
            )
            .select_related("building")
            .distinct()
            .order_by("project_id", "building__sort_order", "entrance", "number")
        )
