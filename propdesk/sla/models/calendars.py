"""Business calendars (工作日历): working hours, holidays and make-up working days (调休)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from propdesk.core.models import Project, ProjectScopedQuerySet, history

from ..choices import CalendarKind, ExceptionKind
from .validators import _validate_intervals


class Calendar(models.Model):
    """工作日历: a project's working hours, holidays and make-up working days (调休), or 24/7."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="sla_calendars", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(
        _("kind"), max_length=20, choices=CalendarKind.choices, default=CalendarKind.BUSINESS
    )
    use_official_holidays = models.BooleanField(
        _("official holidays and make-up working days"),
        default=True,
        help_text=_(
            "Take the State Council's holidays and make-up working days from the chinese-calendar package."
        ),
    )
    is_default = models.BooleanField(_("project default"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["project_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="sla_calendar_name_unique_in_project"),
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(is_default=True), name="sla_calendar_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarInterval(models.Model):
    """One working interval of a weekday (several a day make a lunch break)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="intervals", verbose_name=_("calendar")
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("working interval")
        verbose_name_plural = _("working intervals")
        ordering = ["weekday", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "calendar", "weekday", "start"], name="sla_interval_unique_in_calendar"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"

    def clean(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": _("The interval must end after it starts.")})


class CalendarException(models.Model):
    """A date that differs from the week: closed, an extra working day, or special hours."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("calendar")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ExceptionKind.choices)
    hours = models.CharField(
        _("hours"),
        max_length=100,
        blank=True,
        validators=[_validate_intervals],
        help_text=_("For special hours or an extra working day, e.g. 08:30-12:00, 13:30-18:00."),
    )
    note = models.CharField(_("note"), max_length=100, blank=True)

    objects = ProjectScopedQuerySet.as_manager()
    history = history()

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["project", "calendar", "date"], name="sla_exception_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.kind == ExceptionKind.HOURS and not self.hours:
            raise ValidationError({"hours": _("Give the hours of the special day.")})
