"""API of owner requests: staff requests and hand-offs, and the owner's own requests."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from propdesk.core.access import project_permissions, sees_building, visible_project_ids
from propdesk.core.api.fields import shared_serializer
from propdesk.core.api.views import ForUserViewSet
from propdesk.registry.visibility import portal_units
from propdesk.servicedesk import hooks, services
from propdesk.servicedesk.models import HandOff, ServiceRequest
from propdesk.servicedesk.services import portal

from .. import serializers


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
        # The busiest write of the desk: one serializer instance each way for the process (see
        # shared_serializer); the same validation, errors and representation as new instances give.
        values = dict(
            shared_serializer(serializers.ServiceRequestCreateSerializer).run_validation(request.data)
        )
        project = values.pop("project")
        # Holding permissions here implies seeing the project; only without any is visibility asked.
        if not project_permissions(request.user, project) and project.pk not in visible_project_ids(
            request.user
        ):
            raise NotFound  # never reveal that another company's project exists
        unit = values.get("unit")
        if unit is not None and not sees_building(request.user, project.pk, unit.building_id):
            # A butler takes requests for the rooms of her buildings (or a public area, by location).
            raise ValidationError({"unit": [_("No such unit in this project.")]})
        created = services.receive_request(project=project, actor=request.user, **values)
        return Response(
            shared_serializer(serializers.ServiceRequestSerializer).to_representation(created),
            status=status.HTTP_201_CREATED,
        )

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

    @extend_schema(
        request=serializers.ReclassifySerializer, responses=serializers.ServiceRequestDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def reclassify(self, request, pk=None):
        """Change a repair's class (general ↔ emergency …) with the reason. The same rule as the request
        page (`can_reclassify`: who handles requests, while the repair is not resolved); its deadlines are
        recomputed from their original start, keeping recorded pauses and breaches."""
        obj = self.get_object()  # access before validation
        data = serializers.ReclassifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.reclassify_repair(
            request=obj,
            to_class=data.validated_data["repair_class"],
            reason=data.validated_data["reason"],
            actor=request.user,
        )
        fresh = self.get_queryset().prefetch_related("events__actor").get(pk=obj.pk)
        return Response(serializers.ServiceRequestDetailSerializer(fresh).data)

    def _detail(self, obj):
        return Response(
            serializers.ServiceRequestDetailSerializer(
                self.get_queryset().prefetch_related("events__actor").get(pk=obj.pk)
            ).data
        )

    @extend_schema(request=serializers.DispatchSerializer, responses=serializers.WorkOrderSerializer)
    @action(detail=True, methods=["post"], url_path="dispatch", url_name="dispatch")
    def dispatch_repair(self, request, pk=None):  # not `dispatch`: that name is DRF's request handler
        """派工: send a repair to a technician; the arrival clock starts (the dispatcher's permission)."""
        obj = self.get_object()
        data = serializers.DispatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.dispatch(
            request=obj, technician=data.validated_data["technician"], actor=request.user
        )
        return Response(serializers.WorkOrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.RequestStatusSerializer, responses=serializers.ServiceRequestDetailSerializer
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def change_status(self, request, pk=None):
        """Move the request: pause with the reason (refused for an emergency repair), resume, close …"""
        obj = self.get_object()
        data = serializers.RequestStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.transition_request(
            request=obj,
            to_status=data.validated_data["status"],
            reason=data.validated_data["reason"],
            actor=request.user,
        )
        return self._detail(obj)

    @extend_schema(
        request=serializers.FeedbackSerializer, responses=serializers.ServiceRequestDetailSerializer
    )
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        """Record what the owner was told (the feedback clock stops)."""
        obj = self.get_object()
        data = serializers.FeedbackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.give_feedback(request=obj, note=data.validated_data["note"], actor=request.user)
        return self._detail(obj)

    @extend_schema(request=serializers.CallbackRecordSerializer, responses=serializers.CallbackSerializer)
    @action(detail=True, methods=["post"])
    def callback(self, request, pk=None):
        """回访: how the owner was called back, the satisfaction and their words (a door visit is signed)."""
        obj = self.get_object()
        data = serializers.CallbackRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        item = services.record_callback(
            request=obj,
            method=values["method"],
            satisfaction=values["satisfaction"],
            owner_words=values["owner_words"],
            actor=request.user,
            signer_name=values["signer_name"],
            signature_data_url=values["signature"],
        )
        return Response(serializers.CallbackSerializer(item).data, status=status.HTTP_201_CREATED)


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

    @extend_schema(request=None, responses=serializers.HandOffSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The sender takes the hand-off back before it is decided."""
        return Response(
            serializers.HandOffSerializer(
                services.withdraw_handoff(handoff=self.get_object(), actor=request.user)
            ).data
        )

    @extend_schema(request=serializers.TakeOverSerializer, responses=serializers.HandOffSerializer)
    @action(detail=True, methods=["post"], url_path="take-over")
    def take_over(self, request, pk=None):
        """主任接管: the center director takes over a hand-off not accepted in time."""
        handoff = self.get_object()
        data = serializers.TakeOverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.take_over_handoff(
            handoff=handoff, actor=request.user, note=data.validated_data["note"]
        )
        return Response(serializers.HandOffSerializer(item).data)

    @extend_schema(request=serializers.RedirectHandOffSerializer, responses=serializers.HandOffSerializer)
    @action(detail=True, methods=["post"])
    def redirect(self, request, pk=None):
        """The director reassigns a late hand-off to someone else; returns the new hand-off."""
        handoff = self.get_object()
        data = serializers.RedirectHandOffSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.redirect_handoff(
            handoff=handoff,
            to=data.validated_data["to_user"],
            reason=data.validated_data["reason"],
            actor=request.user,
        )
        return Response(serializers.HandOffSerializer(item).data, status=status.HTTP_201_CREATED)


class MyRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The owner's own requests (业主端): report with photos, follow progress, confirm a repair, rate."""

    queryset = ServiceRequest.objects.none()
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        qs = portal.owner_requests(self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related("events", "photos")
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.OwnerRequestDetailSerializer
        return serializers.OwnerRequestSerializer

    @extend_schema(
        request=serializers.OwnerRequestCreateSerializer, responses=serializers.OwnerRequestSerializer
    )
    def create(self, request):
        data = serializers.OwnerRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = portal_units(request.user).filter(pk=values["unit"]).first()
        if unit is None:
            raise NotFound()
        created = portal.submit_owner_request(
            actor=request.user,
            unit=unit,
            kind=values["kind"],
            content=values["content"],
            preferred_time=values["preferred_time"],
            owner_requirements=values["owner_requirements"],
            photos=values["photos"],
        )
        return Response(serializers.OwnerRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=serializers.OwnerRequestDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Confirm that a repair inside your unit is done (instead of signing on the technician's phone)."""
        obj = self.get_object()
        portal.owner_confirm_completion(request=obj, actor=request.user)
        return Response(serializers.OwnerRequestDetailSerializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(request=None, responses=serializers.OwnerRequestDetailSerializer)
    @action(detail=True, methods=["post"], url_path="agree-price")
    def agree_price(self, request, pk=None):
        """Agree to the price of a paid repair or special service, so that the work can start."""
        obj = self.get_object()
        if not hooks.owner_action("agree_price", request=obj, actor=request.user, data=request.data):
            raise NotFound()
        return Response(serializers.OwnerRequestDetailSerializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(request=None, responses=serializers.OwnerRequestDetailSerializer)
    @action(detail=True, methods=["post"], url_path="decline-price")
    def decline_price(self, request, pk=None):
        """Decline the price: nothing is done and nothing is charged."""
        obj = self.get_object()
        if not hooks.owner_action("decline_price", request=obj, actor=request.user, data=request.data):
            raise NotFound()
        return Response(serializers.OwnerRequestDetailSerializer(self.get_queryset().get(pk=obj.pk)).data)

    @extend_schema(request=serializers.RateSerializer, responses=None)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        obj = self.get_object()
        data = serializers.RateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        portal.rate_request(request=obj, actor=request.user, **data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
