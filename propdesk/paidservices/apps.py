import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaidServicesConfig(AppConfig):
    """Paid services (特约服务 / 有偿维修, SPEC §7 and §2.2), above the service desk and billing."""

    name = "propdesk.paidservices"
    label = "paidservices"
    verbose_name = _("Paid services")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which exist only once the app
        # registry is ready (`ready()` is the first place they may load).
        from propdesk.core import demo, jobs, nav, project_setup, uploads  # noqa: PLC0415  (models: see above)
        from propdesk.registry.panels import register_unit_panel  # noqa: PLC0415  (models: see above)

        from . import hooks, transitions  # noqa: F401, PLC0415  (registers the lifecycle; models)
        from . import todo as paid_todo  # noqa: PLC0415  (models: see above)
        from .demo import special_demo_step  # noqa: PLC0415  (models: see above)
        from .models import SpecialServiceOrder  # noqa: PLC0415  (models: see above)
        from .panels import orders_panel  # noqa: PLC0415  (models: see above)
        from .permissions import VIEW_ORDERS_PERM  # noqa: PLC0415  (models: see above)
        from .services import load_default_service_items  # noqa: PLC0415  (models: see above)

        hooks.register()
        paid_todo.register()
        # The unit page (一户一档): the unit's special-service orders.
        register_unit_panel(
            "paidservices/_unit_orders.html", orders_panel, perm=VIEW_ORDERS_PERM, order=45, column="main"
        )
        uploads.register_file(
            "special-order-signature",
            SpecialServiceOrder,
            "signature",
            perm="paidservices.view_specialserviceorder",
        )
        demo.register_step(special_demo_step, order=60)
        project_setup.register(load_default_service_items, order=30)
        jobs.register(
            "special_service_summary",
            daily_at=dt.time(6, 30),
            description="Special services summary: the month's summary from the 21st, for the manager before the 25th",
        )
        nav.register(
            "finance",
            _("Special services"),
            "paidservices:special_orders",
            perm="paidservices.view_specialserviceorder",
            icon="tools",
            order=50,
        )
        nav.register(
            "engineering",
            _("Special services"),
            "paidservices:special_orders",
            perm="paidservices.view_specialserviceorder",
            icon="tools",
            order=30,
        )
        nav.register(
            "finance",
            _("Special service prices"),
            "paidservices:service_items",
            perm="paidservices.view_serviceitem",
            icon="list-ul",
            order=55,
        )
        nav.register(
            "reports",
            _("Special services summary"),
            "paidservices:special_summary",
            perm="paidservices.view_specialserviceorder",
            icon="table",
            order=50,
        )
