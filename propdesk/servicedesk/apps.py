from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "propdesk.servicedesk"
    label = "servicedesk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        import datetime as dt

        from django.db.models.signals import post_migrate

        from propdesk.core import demo, fastsql, jobs, nav, uploads

        from . import transitions  # noqa: F401  (registers the service desk's lifecycles)
        from .models import RequestEvent, RequestPhoto, ServiceRequest, WorkOrder

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

        fastsql.writes(ServiceRequest, RequestEvent)  # the intake's fast path (bench/RESULTS.md)

        post_migrate.connect(_ensure_kpi_triggers, sender=self)
        jobs.register(
            "refresh_kpis",
            every=dt.timedelta(minutes=10),
            description="Build the service desk KPI roll-ups of past days that are missing or were changed.",
        )

        from .demo import demo_step

        demo.register_step(demo_step, order=50)

        from propdesk.core import generate

        from .generate import generate_requests

        generate.register_step(generate_requests, order=50)
        from .demo_callbacks import demo_callbacks_step

        demo.register_step(demo_callbacks_step, order=55)
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

        from propdesk.core import project_setup

        from .services import load_default_categories

        project_setup.register(load_default_categories, order=20)


def _ensure_kpi_triggers(sender, using="default", **kwargs) -> None:
    """After every migrate: SQLite drops triggers when a migration rebuilds a table (kpi_triggers.py)."""
    from django.db import connections

    from . import kpi_triggers

    kpi_triggers.ensure(connections[using])


def _owner_sees_photo(user, photo) -> bool:
    from .services.portal import owner_requests  # noqa: PLC0415  (services load after the app registry)

    return owner_requests(user).filter(pk=photo.request_id).exists()
