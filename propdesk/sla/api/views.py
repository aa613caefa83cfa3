from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from propdesk.core.api.views import ForUserViewSet

from .. import selectors
from ..models import Breach, SlaClock
from ..permissions import VIEW_BREACHES_PERM
from . import serializers


class ClockViewSet(ForUserViewSet):
    """SLA clocks of the projects where the user may see deadlines."""

    queryset = SlaClock.objects.select_related("subject_type").order_by("due_at", "id")
    serializer_class = serializers.ClockSerializer
    required_perm = "sla.view_slaclock"
    filterset_fields = ["project", "state", "code", "subject_id"]

    @extend_schema(responses=serializers.ExplainSerializer)
    @action(detail=True, methods=["get"])
    def explain(self, request, pk=None):
        """How the clock's due time was derived: start, rule, intervals counted, days skipped, pauses, escalations."""
        clock = self.get_object()
        return Response(serializers.ExplainSerializer(selectors.explain_clock(clock)).data)


class BreachViewSet(ForUserViewSet):
    """Breaches (超时记录) behind the SLA report page, newest first; filter by target, department, person
    and `breached_at__gte`, `breached_at__lt`."""

    queryset = Breach.objects.select_related("clock__subject_type", "excuse").order_by("-breached_at", "-id")
    serializer_class = serializers.BreachSerializer
    required_perm = VIEW_BREACHES_PERM
    filterset_fields = {
        "project": ["exact"],
        "code": ["exact"],
        "department": ["exact"],
        "person": ["exact"],
        "breached_at": ["gte", "lt"],
    }
