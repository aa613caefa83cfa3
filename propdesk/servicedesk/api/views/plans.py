"""Staff API of planned callbacks (回访计划) and their callbacks."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from propdesk.core.api.views import ForUserViewSet
from propdesk.servicedesk.models import (
    CallbackPlan,
    CallbackTask,
)
from propdesk.servicedesk.services import plans
from propdesk.servicedesk.views.plans import with_progress

from ..serializers import (
    CallbackPlanSerializer,
    CallbackTaskSerializer,
    RecordSerializer,
)


class CallbackPlanViewSet(ForUserViewSet):
    """回访计划 with progress; `generate` creates the tasks."""

    queryset = with_progress(CallbackPlan.objects.all()).order_by("-starts_on", "-id")
    serializer_class = CallbackPlanSerializer
    required_perm = "servicedesk.view_callbackplan"
    filterset_fields = ["project", "kind", "state"]

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        plan = self.get_object()
        return Response({"generated": plans.generate_tasks(plan=plan, actor=request.user)})

    @extend_schema(responses=CallbackTaskSerializer(many=True))
    @action(detail=True, methods=["get"])
    def tasks(self, request, pk=None):
        plan = self.get_object()
        rows = (
            CallbackTask.objects.for_user(request.user)
            .filter(plan=plan)
            .select_related("unit__building")
            .order_by("pk")
        )
        return Response(CallbackTaskSerializer(rows, many=True).data)


class CallbackTaskViewSet(ForUserViewSet):
    queryset = CallbackTask.objects.select_related("unit__building").order_by("plan_id", "pk")
    serializer_class = CallbackTaskSerializer
    required_perm = "servicedesk.view_callbackplan"
    filterset_fields = ["plan", "state"]

    @extend_schema(request=RecordSerializer, responses=CallbackTaskSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        task = self.get_object()  # access before reading the body
        data = RecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = plans.record_plan_callback(task=task, actor=request.user, **data.validated_data)
        return Response(CallbackTaskSerializer(task).data)
