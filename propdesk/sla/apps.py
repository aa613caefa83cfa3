import datetime as dt

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "propdesk.sla"
    label = "sla"
    verbose_name = _("Deadlines (SLA)")

    def ready(self) -> None:
        # These import models (directly or through demo, defaults and services): they load only once
        # the app registry is ready, so they stay in ready().
        from propdesk.core import (  # noqa: PLC0415  (core.jobs imports models: app registry)
            demo,
            fastsql,
            jobs,
            nav,
            project_setup,
        )

        from .defaults import load_sla_defaults  # noqa: PLC0415  (imports models: app registry)
        from .demo import demo_step  # noqa: PLC0415  (imports models: app registry)
        from .models import (  # noqa: PLC0415  (models load after the app registry is ready)
            Calendar,
            CalendarException,
            CalendarInterval,
            ClockEvent,
            EscalationStep,
            SlaClock,
            SlaPolicy,
            SlaTarget,
            SubjectEvent,
        )
        from .services import (  # noqa: PLC0415  (imports models: app registry)
            forget_built_calendars,
            forget_policy_targets,
        )

        fastsql.writes(SlaClock, ClockEvent, SubjectEvent)  # the clocks the intake starts (bench/RESULTS.md)

        demo.register_step(demo_step, order=40)
        jobs.register(
            "sweep_sla",
            every=dt.timedelta(minutes=1),
            description="Mark SLA breaches and send escalations that are due.",
        )
        nav.register(
            "reports",
            _("Deadline overview"),
            "sla:overview",
            perm="sla.view_breach",  # what the page requires (issue 18: it was in six menus and answered 403)
            icon="stopwatch",
            order=20,
        )
        nav.register(
            "settings",
            _("Business calendar"),
            "sla:calendar",
            perm="sla.view_calendar",
            icon="calendar3",
            order=40,
        )

        project_setup.register(load_sla_defaults, order=10)

        for model in (Calendar, CalendarInterval, CalendarException):
            post_save.connect(
                forget_built_calendars, sender=model, dispatch_uid=f"sla-calendars-{model.__name__}"
            )
            post_delete.connect(
                forget_built_calendars, sender=model, dispatch_uid=f"sla-calendars-del-{model.__name__}"
            )
        for model in (SlaPolicy, SlaTarget, EscalationStep):
            post_save.connect(
                forget_policy_targets, sender=model, dispatch_uid=f"sla-targets-{model.__name__}"
            )
            post_delete.connect(
                forget_policy_targets, sender=model, dispatch_uid=f"sla-targets-del-{model.__name__}"
            )
