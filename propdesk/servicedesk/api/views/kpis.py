"""KPI rows for one project or every project where the caller may see KPIs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from propdesk.core.access import get_project_for_user, has_project_perm, project_ids_with_perm
from propdesk.servicedesk import kpis


class KpiViewSet(viewsets.ViewSet):
    """KPI rows for a project (`?project=`) or every project where the caller may see KPIs, `start`/`end` dates."""

    @extend_schema(responses={200: None})
    def list(self, request):
        try:
            first = dt.date.fromisoformat(request.query_params.get("start", ""))
            last = dt.date.fromisoformat(request.query_params.get("end", ""))
        except ValueError:
            raise ValidationError({"start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}) from None
        if request.query_params.get("project"):
            project = get_project_for_user(request.user, request.query_params["project"])
            if not has_project_perm(request.user, project, "servicedesk.view_kpis"):
                raise PermissionDenied()
            ids = [project.pk]
        else:
            ids = project_ids_with_perm(request.user, "servicedesk.view_kpis")
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(first, dt.time(0), tzinfo=tz)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
        return Response({"projects": ids, "rows": [r.as_dict() for r in kpis.compute(ids, start, end)]})
