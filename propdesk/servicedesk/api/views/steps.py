"""The staff steps of repairs, complaints, callbacks and hand-offs, as API operations.

Each is the twin of a page action (core/tests/test_api_twins.py) and calls the same service, which
checks who may act (403) and what the step needs (400 naming the field). The object is found first,
through the user's own rows, so an outsider learns nothing from a validation error.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from propdesk.core.api.views import ForUserViewSet
from propdesk.servicedesk import services
from propdesk.servicedesk.models import Callback, Complaint, Improvement, WorkOrder

from .. import serializers


def _valid(serializer_class, data) -> dict:
    data = serializer_class(data=data)
    data.is_valid(raise_exception=True)
    return data.validated_data


class WorkOrderViewSet(ForUserViewSet):
    """Work orders (派工单): the technician's steps on his phone, and the slip's return to customer service."""

    queryset = WorkOrder.objects.select_related("request").order_by("-dispatched_at", "-id")
    serializer_class = serializers.WorkOrderSerializer
    required_perm = "servicedesk.view_workorder"
    filterset_fields = ["project", "technician", "state", "request"]

    def _done(self, order):
        return Response(serializers.WorkOrderSerializer(self.get_queryset().get(pk=order.pk)).data)

    @extend_schema(request=None, responses=serializers.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """接单: the dispatched technician takes the order."""
        order = self.get_object()
        services.accept_order(order=order, actor=request.user)
        return self._done(order)

    @extend_schema(request=None, responses=serializers.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        """到场: the technician is on site; the arrival clock stops."""
        order = self.get_object()
        services.arrive(order=order, actor=request.user)
        return self._done(order)

    @extend_schema(request=serializers.CompleteOrderSerializer, responses=serializers.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """完工: what was done, the labour and the materials."""
        order = self.get_object()
        values = _valid(serializers.CompleteOrderSerializer, request.data)
        services.complete_order(
            order=order,
            actor=request.user,
            work_done=values["work_done"],
            labour_minutes=values["labour_minutes"],
            materials=[(m["name"], m["quantity"], m["unit"]) for m in values["materials"]],
        )
        return self._done(order)

    @extend_schema(request=serializers.SignOrderSerializer, responses=serializers.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """The owner signs the completed work on the technician's phone."""
        order = self.get_object()
        values = _valid(serializers.SignOrderSerializer, request.data)
        services.sign_order(
            order=order,
            actor=request.user,
            signer_name=values["signer_name"],
            signature_data_url=values["signature"],
        )
        return self._done(order)

    @extend_schema(request=None, responses=serializers.WorkOrderSerializer)
    @action(detail=True, methods=["post"], url_path="return-slip")
    def return_slip(self, request, pk=None):
        """回单: customer service receives the signed slip; the callback is due."""
        order = self.get_object()
        services.return_slip(order=order, actor=request.user)
        return self._done(order)


class ComplaintViewSet(ForUserViewSet):
    """Complaints (投诉): the validity decision, the department's action, the sign-off and the archive."""

    queryset = Complaint.objects.select_related("request").order_by("-id")
    serializer_class = serializers.ComplaintSerializer
    required_perm = "servicedesk.view_servicerequest"
    filterset_fields = ["project", "state"]

    def _done(self, complaint):
        return Response(serializers.ComplaintSerializer(self.get_queryset().get(pk=complaint.pk)).data)

    @extend_schema(request=serializers.ComplaintDecisionSerializer, responses=serializers.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        complaint = self.get_object()
        values = _valid(serializers.ComplaintDecisionSerializer, request.data)
        services.decide_complaint(complaint=complaint, actor=request.user, **values)
        return self._done(complaint)

    @extend_schema(request=serializers.ComplaintActionSerializer, responses=serializers.ComplaintSerializer)
    @action(detail=True, methods=["post"], url_path="action", url_name="action")
    def department_action(self, request, pk=None):
        """The responsible department writes what it did; the callback is due."""
        complaint = self.get_object()
        values = _valid(serializers.ComplaintActionSerializer, request.data)
        services.record_department_action(complaint=complaint, action=values["action"], actor=request.user)
        return self._done(complaint)

    @extend_schema(request=None, responses=serializers.ComplaintSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        complaint = self.get_object()
        services.sign_off_complaint(complaint=complaint, actor=request.user)
        return self._done(complaint)

    @extend_schema(request=None, responses=serializers.ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        complaint = self.get_object()
        services.archive_complaint(complaint=complaint, actor=request.user)
        return self._done(complaint)


class CallbackViewSet(ForUserViewSet):
    """Callbacks (回访) recorded on requests; an unsatisfied one gets an improvement assigned."""

    queryset = Callback.objects.select_related("request").order_by("-done_at", "-id")
    serializer_class = serializers.CallbackSerializer
    required_perm = "servicedesk.view_servicerequest"
    filterset_fields = ["project", "satisfaction", "method"]

    @extend_schema(request=serializers.ImproveSerializer, responses=serializers.ImprovementSerializer)
    @action(detail=True, methods=["post"])
    def improve(self, request, pk=None):
        item = self.get_object()
        values = _valid(serializers.ImproveSerializer, request.data)
        improvement = services.assign_improvement(callback=item, actor=request.user, **values)
        return Response(serializers.ImprovementSerializer(improvement).data)


class ImprovementViewSet(ForUserViewSet):
    """Improvements (整改) after an unsatisfied callback."""

    queryset = Improvement.objects.select_related("request").order_by("-id")
    serializer_class = serializers.ImprovementSerializer
    required_perm = "servicedesk.view_servicerequest"
    filterset_fields = ["project", "assigned_to"]

    @extend_schema(request=serializers.NoteSerializer, responses=serializers.ImprovementSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        item = self.get_object()
        values = _valid(serializers.NoteSerializer, request.data)
        improvement = services.complete_improvement(improvement=item, note=values["note"], actor=request.user)
        return Response(serializers.ImprovementSerializer(improvement).data)


__all__ = ["CallbackViewSet", "ComplaintViewSet", "ImprovementViewSet", "WorkOrderViewSet"]
