"""Staff API of planned callbacks (回访计划) and their callbacks.

The plan page's twins (core/tests/test_api_twins.py): create a plan, edit it, generate its callbacks,
close it, record a callback. Each calls the page's service; the plan permission is checked before the
body is read, as the page's decorator does.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import answer, detail_write, target, valid
from propdesk.core.models import Project
from propdesk.servicedesk.models import (
    CallbackPlan,
    CallbackTask,
)
from propdesk.servicedesk.services import plans
from propdesk.servicedesk.views.plans import with_progress

from ..serializers.plans import (
    CallbackPlanCreateInput,
    CallbackPlanInput,
    CallbackPlanSerializer,
    CallbackTaskSerializer,
    RecordSerializer,
)


class CallbackPlanViewSet(ForUserViewSet):
    """回访计划 with progress: create and edit (`plan_callbacks`), `generate` the tasks, `close`."""

    queryset = with_progress(CallbackPlan.objects.all()).order_by("-starts_on", "-id")
    serializer_class = CallbackPlanSerializer
    required_perm = "servicedesk.view_callbackplan"
    filterset_fields = ["project", "kind", "state"]

    def _reply(self, plan, code=status.HTTP_200_OK):
        return answer(
            CallbackPlanSerializer(self.queryset.get(pk=plan.pk), context={"request": self.request}),
            created=code == status.HTTP_201_CREATED,
        )

    @extend_schema(request=CallbackPlanCreateInput, responses={201: CallbackPlanSerializer})
    def create(self, request):
        """A new plan, a draft until its callbacks are generated (needs `plan_callbacks` in the project)."""
        project = target(request, "project", Project.objects, plans.PLAN_PERM)
        values = valid(CallbackPlanCreateInput, request, project=project)
        del values["project"]
        plan = plans.create_plan(project=project, actor=request.user, **values)
        return self._reply(plan, status.HTTP_201_CREATED)

    @extend_schema(request=CallbackPlanInput, responses=CallbackPlanSerializer)
    def partial_update(self, request, pk=None):
        """Change the fields given: any while a draft; once its callbacks are generated only the title,
        content, method, responsible person and end date; a closed plan not at all."""
        plan = detail_write(self, plans.PLAN_PERM)
        values = valid(CallbackPlanInput, request, partial=True, project=plan.project)
        plan = plans.update_plan(plan=plan, actor=request.user, **values)
        return self._reply(plan)

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        plan = detail_write(self, plans.PLAN_PERM)
        return Response({"generated": plans.generate_tasks(plan=plan, actor=request.user)})

    @extend_schema(request=None, responses=CallbackPlanSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """End a plan in progress; the callbacks not made stay as they are."""
        plan = plans.close_plan(plan=detail_write(self, plans.PLAN_PERM), actor=request.user)
        return self._reply(plan)

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
