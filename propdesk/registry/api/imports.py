"""The Excel import in the API: the twins of the import pages (core/tests/test_api_twins.py), calling the
services the pages call after the pages' permission (registry.add_importjob)."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from propdesk.core.api import writes
from propdesk.core.api.views import ForUserViewSet
from propdesk.core.models import Project
from propdesk.registry import services
from propdesk.registry.models import ImportJob

from . import serializers


class ImportJobViewSet(ForUserViewSet):
    """Excel imports of units or owners and residents: upload, the row check's report, then the import.

    Both steps run in the background: poll the job until `status` leaves `validating` (then `valid` or
    `invalid`, with `problems` row by row) or `importing` (then `done`).
    """

    queryset = ImportJob.objects.order_by("project_id", "-id")
    serializer_class = serializers.ImportJobSerializer
    required_perm = "registry.view_importjob"
    filterset_fields = ["project", "kind", "status"]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": serializers.ImportStartSerializer},
        responses={201: serializers.ImportJobSerializer},
    )
    def create(self, request):
        """Upload a filled-in template (multipart; registry.add_importjob): a file that is not the
        template is refused at once (400 naming `file`); otherwise every row is checked."""
        project = writes.target(request, "project", Project.objects, "registry.add_importjob")
        d = writes.valid(serializers.ImportStartSerializer, request)
        job = services.start_import(project=project, kind=d["kind"], upload=d["file"], actor=request.user)
        job.refresh_from_db()
        return writes.answer(serializers.ImportJobSerializer(job), created=True)

    @extend_schema(request=serializers.ImportRunSerializer, responses=serializers.ImportJobSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def run(self, request, pk=None):
        """Import a checked file (registry.add_importjob); with problems only when `valid_only` is true.
        Rows are checked again and bad ones skipped; importing the same file again changes nothing."""
        job = writes.detail_write(self, "registry.add_importjob")
        d = writes.valid(serializers.ImportRunSerializer, request)
        job = services.run_import(job=job, valid_only=d["valid_only"], actor=request.user)
        return writes.answer(serializers.ImportJobSerializer(job))
