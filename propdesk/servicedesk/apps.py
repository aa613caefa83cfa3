import datetime as dt

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "propdesk.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        # What follows imports models (directly or through demo, generate and services): they load
        # only once the app registry is ready, so these imports stay in ready().
        from propdesk.core import (  # noqa: PLC0415  (they import models: app registry)
            demo,
            fastsql,
            generate,
            jobs,
            nav,
            project_setup,
            uploads,
        )
        from propdesk.registry.panels import register_unit_panel  # noqa: PLC0415  (imports models: app registry)
        from propdesk.sla import subjects  # noqa: PLC0415  (imports ContentType: app registry)

        from . import todo as servicedesk_todo  # noqa: PLC0415  (imports models: app registry)
        from . import transitions  # noqa: F401, PLC0415  (registers the lifecycles; imports models)
        from .demo import demo_step  # noqa: PLC0415  (imports models: app registry)
        from .demo_callbacks import demo_callbacks_step  # noqa: PLC0415  (imports models: app registry)
        from .demo_history import history_step  # noqa: PLC0415  (imports models: app registry)
        from .generate import generate_requests  # noqa: PLC0415  (imports models: app registry)
        from .kpi_targets import load_default_kpi_targets  # noqa: PLC0415  (imports models: app registry)
        from .models import (  # noqa: PLC0415  (models load after the app registry is ready)
            Callback,
            HandOff,
            RequestEvent,
            RequestPhoto,
            ServiceRequest,
            WorkOrder,
        )
        from .panels import callbacks_panel, requests_panel  # noqa: PLC0415  (imports models: app registry)
        from .services import load_default_categories  # noqa: PLC0415  (imports models: app registry)
        from .services.notifications import (  # noqa: PLC0415  (imports models: app registry)
            describe_handoffs,
            describe_requests,
        )

        # Stored files are handed out by core:file after the project and permission check.
        uploads.register_file(
            "request-photo",
            RequestPhoto,
            "image",
            perm="servicedesk.view_servicerequest",
            owner_may_see=_owner_sees_photo,
        )
        uploads.register_file(
            "work-order-signature", WorkOrder, "signature", perm="servicedesk.view_servicerequest"
        )
        uploads.register_file(
            "callback-signature", Callback, "signature", perm="servicedesk.view_servicerequest"
        )

        # SLA warnings name the request (number, room, category) and open it (sla/subjects.py).
        subjects.register(ServiceRequest, describe_requests)
        subjects.register(HandOff, describe_handoffs)

        fastsql.writes(ServiceRequest, RequestEvent)  # the intake's fast path (bench/RESULTS.md)

        post_migrate.connect(_ensure_kpi_triggers, sender=self)
        jobs.register(
            "refresh_kpis",
            every=dt.timedelta(minutes=10),
            description="Build the service desk KPI roll-ups of past days that are missing or were changed.",
        )

        # The unit page (一户一档): the unit's requests and the callbacks made to the household.
        register_unit_panel(
            "servicedesk/_unit_requests.html",
            requests_panel,
            perm="servicedesk.view_servicerequest",
            order=10,
            column="main",
        )
        register_unit_panel(
            "servicedesk/_unit_callbacks.html",
            callbacks_panel,
            perm="servicedesk.view_callback",
            order=50,
            column="main",
        )
        demo.register_step(demo_step, order=50)
        generate.register_step(generate_requests, order=50)
        demo.register_step(demo_callbacks_step, order=55)
        demo.register_step(history_step, order=57)
        nav.register(
            "servicedesk",
            _("Owner requests"),
            "servicedesk:list",
            perm="servicedesk.view_servicerequest",
            icon="inbox",
            order=10,
        )
        nav.register(
            "servicedesk",
            _("New request"),
            "servicedesk:new",
            perm="servicedesk.handle_request",
            icon="plus-circle",
            order=20,
        )
        nav.register(
            "servicedesk",
            _("Hand-offs to me"),
            "servicedesk:handoffs",
            perm="servicedesk.handle_request",
            icon="arrow-left-right",
            order=30,
        )
        nav.register(
            "frontdesk",
            _("New request"),
            "servicedesk:new",
            perm="servicedesk.handle_request",
            icon="plus-circle",
            order=5,
        )
        nav.register(
            "engineering",
            _("Dispatch"),
            "servicedesk:dispatch_board",
            perm="servicedesk.dispatch_workorder",
            icon="send",
            order=10,
        )
        nav.register(
            "engineering",
            _("My orders"),
            "servicedesk:my_orders",
            perm="servicedesk.work_on_orders",
            icon="wrench-adjustable",
            order=5,
        )
        nav.register(
            "servicedesk",
            _("Callbacks due"),
            "servicedesk:callbacks",
            perm="servicedesk.do_callback",
            icon="telephone-outbound",
            order=40,
        )

        nav.register(
            "servicedesk",
            _("Callback plans"),
            "servicedesk:plans",
            perm="servicedesk.view_callbackplan",
            icon="calendar-check",
            order=45,
        )
        nav.register(
            "servicedesk",
            _("Satisfaction surveys"),
            "servicedesk:surveys",
            perm="servicedesk.view_surveycampaign",
            icon="clipboard-check",
            order=50,
        )
        for section, order in (("reports", 10), ("servicedesk", 90)):
            nav.register(
                section,
                _("Service desk KPIs"),
                "servicedesk:kpis",
                perm="servicedesk.view_kpis",
                icon="graph-up-arrow",
                order=order,
            )

        project_setup.register(load_default_categories, order=20)
        project_setup.register(load_default_kpi_targets, order=21)
        servicedesk_todo.register()
        from propdesk.core import figures  # noqa: PLC0415  (imports models: app registry)

        from .figures import month_kpis  # noqa: PLC0415  (imports models: app registry)

        figures.register(month_kpis, perm="servicedesk.view_kpis", order=10)


def _ensure_kpi_triggers(sender, using="default", **kwargs) -> None:
    """After every migrate: SQLite drops triggers when a migration rebuilds a table (kpi_triggers.py)."""
    from . import kpi_triggers  # noqa: PLC0415  (imports models: app registry)

    kpi_triggers.ensure(connections[using])


def _owner_sees_photo(user, photo) -> bool:
    from .services.portal import owner_requests  # noqa: PLC0415  (services load after the app registry)

    return owner_requests(user).filter(pk=photo.request_id).exists()
