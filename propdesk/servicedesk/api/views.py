from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from propdesk.core.access import get_project_for_user
from propdesk.core.api.views import ForUserViewSet
from propdesk.servicedesk import services
from propdesk.servicedesk.models import HandOff, ServiceRequest

from . import serializers


class ServiceRequestViewSet(mixins.CreateModelMixin, ForUserViewSet):
    """Owner requests (业户诉求). Creating one makes the caller its first receiver."""

    queryset = ServiceRequest.objects.select_related("unit__building", "holder", "first_receiver").order_by(
        "-received_at", "-id"
    )
    required_perm = "servicedesk.view_servicerequest"
    filterset_fields = ["project", "kind", "status", "channel", "unit", "holder"]
    search_fields = ["number", "reporter_name", "content"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ServiceRequestDetailSerializer
        return serializers.ServiceRequestSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor")
        return qs

    @extend_schema(
        request=serializers.ServiceRequestCreateSerializer, responses=serializers.ServiceRequestSerializer
    )
    def create(self, request):
        data = serializers.ServiceRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        project = get_project_for_user(request.user, values.pop("project").pk)
        created = services.receive_request(project=project, actor=request.user, **values)
        return Response(serializers.ServiceRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.HandOffRequestSerializer, responses=serializers.HandOffSerializer)
    @action(detail=True, methods=["post"])
    def handoff(self, request, pk=None):
        """Ask another person to take the request over (the caller stays accountable until accepted)."""
        obj = self.get_object()  # access before validation
        data = serializers.HandOffRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.request_handoff(
            request=obj,
            to=data.validated_data["to_user"],
            reason=data.validated_data["reason"],
            actor=request.user,
            multi_department=data.validated_data["multi_department"],
        )
        return Response(serializers.HandOffSerializer(item).data, status=status.HTTP_201_CREATED)


class HandOffViewSet(ForUserViewSet):
    queryset = HandOff.objects.select_related("request").order_by("-requested_at")
    serializer_class = serializers.HandOffSerializer
    required_perm = "servicedesk.handle_request"
    filterset_fields = ["project", "state", "to_user", "from_user"]

    @extend_schema(request=None, responses=serializers.HandOffSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return Response(
            serializers.HandOffSerializer(
                services.accept_handoff(handoff=self.get_object(), actor=request.user)
            ).data
        )

    @extend_schema(request=serializers.DeclineSerializer, responses=serializers.HandOffSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        handoff = self.get_object()  # access first: an outsider learns nothing from a validation error
        data = serializers.DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.decline_handoff(
            handoff=handoff, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(serializers.HandOffSerializer(item).data)
