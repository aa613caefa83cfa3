"""The front desk (SPEC §8): notices (通知 / 公告) for now; calls, visitors, parcels, handover and
meetings join later.

A notice is drafted by the front desk, approved by the customer service supervisor, published to
the owner portal for its audience (the buildings named, or the whole project) between its first
and last day, and posted on the boards of those buildings by their butlers, who take it down after
its last day. Every status change goes through the lifecycle kit (`frontdesk.transitions`) and is
an append-only `NoticeEvent`; the board tasks are `NoticePosting` rows with one indexed deadline
column (`due_at`) that the sweeper reads (`sweep_notices`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, StatusEvent, history
from propdesk.registry.models import Building

from .choices import NoticeCategory, NoticeState, PostingState

CATEGORY_TONES: dict[str, str] = {
    NoticeCategory.NOTICE: "primary",
    NoticeCategory.ANNOUNCEMENT: "info",
    NoticeCategory.REMINDER: "success",
    NoticeCategory.OUTAGE: "danger",
}


class NoticeCounter(models.Model):
    """Per project, prefix and day: the last notice number given. Locked while a number is taken."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=4)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "prefix", "day"], name="notice_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.day:%Y%m%d}: {self.last}"


class NoticeQuerySet(ProjectScopedQuerySet):
    def scope_q(self, scope, user, prefix: str = ""):
        """A butler sees the notices of the whole project and those naming a building in her care."""
        if not scope.buildings:
            return None
        through = Notice.buildings.through.objects
        return (
            scope.outside_buildings_q(f"{prefix}project_id")
            | Q(**{f"{prefix}id__in": through.filter(building_id__in=scope.building_ids).values("notice_id")})
            | ~Q(**{f"{prefix}id__in": through.values("notice_id")})
        )


class Notice(models.Model):
    """通知 / 公告: one notice to the owners, for the portal and the boards."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    number = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(
        _("notice text"), help_text=_("Plain text; an empty line starts a new paragraph.")
    )
    category = models.CharField(
        _("category"), max_length=20, choices=NoticeCategory.choices, default=NoticeCategory.NOTICE
    )
    buildings = models.ManyToManyField(
        Building,
        blank=True,
        related_name="+",
        verbose_name=_("buildings"),
        help_text=_("None chosen: the whole project."),
    )
    publish_on = models.DateField(
        _("publish on"), help_text=_("From this day in the portal and on the boards.")
    )
    expires_on = models.DateField(
        _("last day"), help_text=_("The last day shown; the boards are cleared after it.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NoticeState.choices, default=NoticeState.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NoticeQuerySet.as_manager()
    history = history(m2m_fields=[buildings])

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["project_id", "-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="notice_number_unique")]
        # The sweeper's column: published notices past their last day.
        indexes = [models.Index(fields=["status", "expires_on"]), models.Index(fields=["project", "status"])]
        permissions = [
            ("approve_notice", "Approve, send back and withdraw notices (customer service supervisor)"),
            ("post_notice", "Post notices on the boards and take them down (butlers)"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def category_tone(self) -> str:
        """The category's badge colour (Bootstrap)."""
        return CATEGORY_TONES.get(self.category, "secondary")

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


class NoticeEvent(StatusEvent):
    """A notice's status change: its timeline."""

    notice = models.ForeignKey(
        Notice, on_delete=models.PROTECT, related_name="events", verbose_name=_("notice")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("notice status event")
        verbose_name_plural = _("notice status events")
        indexes = [models.Index(fields=["notice", "at"])]


def _photo_path(instance, filename: str) -> str:
    return f"notices/{instance.project_id}/{instance.notice_id}/{filename}"


class NoticePosting(models.Model):
    """张贴任务: the notice on one building's board — the butler posts it by the first day and
    takes it down after the last (`due_at` is the deadline of the step now due)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="postings", verbose_name=_("notice")
    )
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="+", verbose_name=_("building")
    )
    butler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("butler"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PostingState.choices, default=PostingState.TO_POST
    )
    post_by = models.DateField(_("post by"))
    remove_by = models.DateField(_("remove by"))
    due_at = models.DateTimeField(
        _("due"), null=True, blank=True, help_text=_("The deadline of the step now due; none when done.")
    )
    overdue_noted_at = models.DateTimeField(_("overdue noted"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )
    photo = models.ImageField(_("photo"), upload_to=_photo_path, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history(excluded_fields=["photo"])

    class Meta:
        verbose_name = _("board posting")
        verbose_name_plural = _("board postings")
        ordering = ["project_id", "notice_id", "building__sort_order", "building__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "notice", "building"], name="posting_one_per_building")
        ]
        # The sweeper's column: open tasks whose step is due.
        indexes = [models.Index(fields=["due_at"]), models.Index(fields=["butler", "status"])]

    def __str__(self) -> str:
        return f"{self.notice_id} · {self.building_id}"


class NoticePostingEvent(StatusEvent):
    posting = models.ForeignKey(
        NoticePosting, on_delete=models.PROTECT, related_name="events", verbose_name=_("board posting")
    )

    class Meta(StatusEvent.Meta):
        verbose_name = _("board posting status event")
        verbose_name_plural = _("board posting status events")
        indexes = [models.Index(fields=["posting", "at"])]


class NoticeRead(models.Model):
    """已读: a person opened the notice in the portal (the first time)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    objects = ProjectScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice read")
        verbose_name_plural = _("notice reads")
        constraints = [models.UniqueConstraint(fields=["project", "notice", "user"], name="notice_read_once")]
        indexes = [models.Index(fields=["user", "notice"])]

    def __str__(self) -> str:
        return f"{self.notice_id} · {self.user_id}"
