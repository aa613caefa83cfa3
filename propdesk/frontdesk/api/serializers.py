"""Serializers of the notices' API: staff notices and their boards, the owner's notices, inputs."""

from __future__ import annotations

from rest_framework import serializers

from propdesk.core import lifecycle

from ..choices import NoticeCategory
from ..models import Notice, NoticePosting


class PostingSerializer(serializers.ModelSerializer):
    building_name = serializers.CharField(source="building.name", read_only=True)

    class Meta:
        model = NoticePosting
        fields = [
            "id",
            "building",
            "building_name",
            "butler",
            "status",
            "post_by",
            "remove_by",
            "due_at",
            "posted_at",
            "removed_at",
        ]


class PostingPhotoInput(serializers.Serializer):
    photo = serializers.FileField(
        required=False, allow_null=True, help_text="Optional: the board as posted or cleared (an image)."
    )


class NoticeSerializer(serializers.ModelSerializer):
    postings = PostingSerializer(many=True, read_only=True)
    moves = serializers.SerializerMethodField(help_text="The actions the caller may take now.")

    class Meta:
        model = Notice
        fields = [
            "id",
            "project",
            "number",
            "title",
            "body",
            "category",
            "buildings",
            "publish_on",
            "expires_on",
            "status",
            "drafted_by",
            "approved_by",
            "approved_at",
            "published_at",
            "ended_at",
            "created_at",
            "postings",
            "moves",
        ]

    def get_moves(self, obj) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return [m.name for m in lifecycle.allowed_moves(obj, request.user) if m.name != "expire"]


class NoticeInput(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    body = serializers.CharField()
    category = serializers.ChoiceField(choices=NoticeCategory.choices, default=NoticeCategory.NOTICE)
    publish_on = serializers.DateField()
    expires_on = serializers.DateField()
    buildings = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        help_text="Empty: the whole project.",
    )


class NoticeCreateInput(NoticeInput):
    project = serializers.IntegerField(min_value=1)


class NoticeNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class NoticeReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class OwnerNoticeSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)

    class Meta:
        model = Notice
        fields = [
            "id",
            "number",
            "title",
            "body",
            "category",
            "publish_on",
            "expires_on",
            "project_name",
            "is_read",
        ]
