"""API of the front desk's notices (通知 / 公告).

Staff: list, draft, edit the draft, and the moves (submit, approve, send back, publish, withdraw),
each checked by the services and the lifecycle kit. The boards (张贴任务, `notice-postings`): each
building's posting, marked posted and taken down by its butler, as on her phone page. Owners:
`my/notices` — what the portal shows them (published, not expired, for the buildings of their
units), unread first; opening one marks it read.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from propdesk.core.api.views import ForUserViewSet
from propdesk.core.api.writes import answer, detail_write, valid
from propdesk.core.models import Project
from propdesk.registry.models import Building

from .. import selectors, services
from ..models import Notice, NoticePosting
from ..permissions import POST_PERM, VIEW_PERM
from .serializers import (
    NoticeCreateInput,
    NoticeInput,
    NoticeNoteInput,
    NoticeReasonInput,
    NoticeSerializer,
    OwnerNoticeSerializer,
    PostingPhotoInput,
    PostingSerializer,
)


def _notices():
    return Notice.objects.prefetch_related("buildings", "postings__building").order_by("-created_at", "-id")


class NoticeViewSet(mixins.UpdateModelMixin, ForUserViewSet):
    """通知公告 (staff): draft, edit the draft, submit, approve or send back, publish, withdraw."""

    serializer_class = NoticeSerializer
    required_perm = VIEW_PERM
    filterset_fields = ["project", "status", "category"]
    search_fields = ["title", "number", "body"]
    http_method_names = ["get", "post", "put", "head", "options"]
    queryset = _notices()

    def _reply(self, notice, code=status.HTTP_200_OK):
        return Response(
            NoticeSerializer(_notices().get(pk=notice.pk), context={"request": self.request}).data,
            status=code,
        )

    def _values(self, data: dict, project) -> dict:
        ids = data.pop("buildings", [])
        buildings = list(Building.objects.for_user(self.request.user).filter(project=project, pk__in=ids))
        if len(buildings) != len(set(ids)):
            raise NotFound()
        return {**data, "buildings": buildings}

    @extend_schema(request=NoticeCreateInput, responses={201: NoticeSerializer})
    def create(self, request):
        data = NoticeCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        project = Project.objects.for_user(request.user).filter(pk=values.pop("project")).first()
        if project is None:
            raise NotFound()
        notice = services.create_notice(project=project, actor=request.user, **self._values(values, project))
        return self._reply(notice, status.HTTP_201_CREATED)

    @extend_schema(request=NoticeInput, responses=NoticeSerializer)
    def update(self, request, pk=None, **kwargs):
        """Replace the draft's content (only a draft)."""
        notice = self.get_object()
        data = NoticeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = self._values(dict(data.validated_data), notice.project)
        services.update_notice(notice=notice, actor=request.user, **values)
        return self._reply(notice)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        notice = services.submit_notice(notice=self.get_object(), actor=request.user)
        return self._reply(notice)

    @extend_schema(request=NoticeNoteInput, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        notice = self.get_object()
        data = NoticeNoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.approve_notice(notice=notice, actor=request.user, note=data.validated_data["note"])
        return self._reply(notice)

    @extend_schema(request=NoticeReasonInput, responses=NoticeSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        notice = self.get_object()
        data = NoticeReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.send_back_notice(notice=notice, actor=request.user, reason=data.validated_data["reason"])
        return self._reply(notice)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        notice = services.publish_notice(notice=self.get_object(), actor=request.user)
        return self._reply(notice)

    @extend_schema(request=NoticeReasonInput, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        notice = self.get_object()
        data = NoticeReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.withdraw_notice(notice=notice, actor=request.user, reason=data.validated_data["reason"])
        return self._reply(notice)


class NoticePostingViewSet(ForUserViewSet):
    """张贴任务: a notice on one building's board. The butler (or whoever holds `post_notice` and sees
    the building) marks it posted, then taken down, a photo optional."""

    queryset = NoticePosting.objects.select_related("building").order_by("-id")
    serializer_class = PostingSerializer
    required_perm = VIEW_PERM
    filterset_fields = ["project", "notice", "building", "butler", "status"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def _mark(self, request, service):
        posting = detail_write(self, POST_PERM)
        values = valid(PostingPhotoInput, request)
        posting = service(posting=posting, actor=request.user, photo=values.get("photo"))
        return answer(PostingSerializer(posting, context={"request": request}))

    @extend_schema(request=PostingPhotoInput, responses=PostingSerializer)
    @action(detail=True, methods=["post"], url_path="mark-posted")
    def mark_posted(self, request, pk=None):
        """已张贴: on the board; the removal deadline is now the one due."""
        return self._mark(request, services.mark_posted)

    @extend_schema(request=PostingPhotoInput, responses=PostingSerializer)
    @action(detail=True, methods=["post"], url_path="mark-removed")
    def mark_removed(self, request, pk=None):
        """已撤除: taken down from the board."""
        return self._mark(request, services.mark_removed)


class MyNoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My notices (业主端): the published notices for my units' buildings, unread first; opening one
    marks it read."""

    serializer_class = OwnerNoticeSerializer
    permission_classes = [IsAuthenticated]
    queryset = Notice.objects.none()

    def get_queryset(self):
        return selectors.portal_notices(self.request.user)

    def retrieve(self, request, *args, **kwargs):
        notice = self.get_object()
        services.mark_read(notice=notice, user=request.user)
        notice.is_read = True
        return Response(self.get_serializer(notice).data)
