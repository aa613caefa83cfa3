from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "propdesk.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from propdesk.core import demo, nav

        from .demo import demo_step

        demo.register_step(demo_step, order=30)
        nav.register(
            "finance",
            _("Cashier desk"),
            "billing:desk",
            perm="billing.add_payment",
            icon="cash-coin",
            order=10,
        )
        nav.register(
            "finance", _("Bills"), "billing:bills", perm="billing.view_bill", icon="receipt", order=20
        )
        nav.register(
            "finance",
            _("Receipts"),
            "billing:receipts",
            perm="billing.view_receipt",
            icon="journal-check",
            order=30,
        )
        nav.register(
            "finance",
            _("Billing runs"),
            "billing:runs",
            perm="billing.view_billingrun",
            icon="arrow-repeat",
            order=40,
        )

        import datetime as dt

        from propdesk.core import jobs, project_setup

        from .services_dunning import load_dunning_defaults

        project_setup.register(load_dunning_defaults, order=30)
        jobs.register(
            "dunning_promises",
            every=dt.timedelta(minutes=30),
            description="Start the deadline of payment promises whose day has come.",
        )
        nav.register(
            "finance",
            _("Dunning"),
            "billing:dunning",
            perm="billing.view_dunningcase",
            icon="telephone-outbound",
            order=50,
        )
        nav.register(
            "finance",
            _("Print notices"),
            "billing:notices",
            perm="billing.view_bill",
            icon="printer",
            order=60,
        )
        nav.register(
            "reports",
            _("Arrears and collection"),
            "billing:arrears_report",
            perm="billing.view_arrears_report",
            icon="bar-chart",
            order=30,
        )
