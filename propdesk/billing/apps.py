import datetime as dt

from django.apps import AppConfig
from django.core.cache import cache
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "propdesk.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which exist only once the app
        # registry is ready (`ready()` is the first place they may load).
        from propdesk.core import demo, jobs, nav, project_setup, uploads  # noqa: PLC0415  (models: see above)

        from . import todo as billing_todo  # noqa: PLC0415  (models: see above)
        from . import transitions  # noqa: F401, PLC0415  (registers billing's lifecycles with the kit; models)
        from .demo import demo_step  # noqa: PLC0415  (models: see above)
        from .models import WaiverApplication  # noqa: PLC0415  (models: see above)

        demo.register_step(demo_step, order=30)
        billing_todo.register()
        from propdesk.core import figures  # noqa: PLC0415  (models: see above)

        from .figures import month_collection  # noqa: PLC0415  (models: see above)

        figures.register(month_collection, perm="billing.view_arrears_report", order=50)
        nav.register_banner(sandbox_banner)
        uploads.register_file(
            "waiver-attachment", WaiverApplication, "attachment", perm="billing.view_waiverapplication"
        )
        from .demo_money import money_demo_step  # noqa: PLC0415  (models: see above)

        demo.register_step(money_demo_step, order=35)
        register_chains()
        from .demo_history import history_payments_step  # noqa: PLC0415  (models: see above)

        demo.register_step(history_payments_step, order=33)
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
        nav.register(
            "finance", _("My drawer"), "billing:my_drawer", perm="billing.add_payment", icon="safe", order=12
        )
        nav.register(
            "finance",
            _("Drawer sessions"),
            "billing:drawer_sessions",
            perm="billing.view_drawersession",
            icon="safe2",
            order=45,
        )
        nav.register(
            "finance",
            _("Waivers"),
            "billing:waivers",
            perm="billing.view_waiverapplication",
            icon="percent",
            order=50,
        )
        nav.register(
            "finance",
            _("Waiver statistics"),
            "billing:waiver_stats",
            perm="billing.view_waiverapplication",
            icon="bar-chart",
            order=55,
        )
        nav.register(
            "finance",
            _("Deposits"),
            "billing:deposits",
            perm="billing.view_deposit",
            icon="piggy-bank",
            order=60,
        )
        nav.register(
            "finance",
            _("Bank direct debit"),
            "billing:debit",
            perm="billing.view_debitbatch",
            icon="bank",
            order=70,
        )
        nav.register(
            "finance",
            _("Heating stops"),
            "billing:heating_stops",
            perm="billing.view_heatingstopapplication",
            icon="thermometer-snow",
            order=75,
        )
        from propdesk.registry.panels import register_unit_panel  # noqa: PLC0415  (models: see above)

        from .panels import bills_panel, payments_panel  # noqa: PLC0415  (models: see above)
        from .services.dunning import load_dunning_defaults  # noqa: PLC0415  (models: see above)
        from .services.waiver import load_waiver_defaults  # noqa: PLC0415  (models: see above)
        from .views.deposit import unit_panel_context  # noqa: PLC0415  (models: see above)

        # The unit page (一户一档): bills and arrears, payments and receipts, deposits.
        register_unit_panel(
            "billing/_unit_bills.html", bills_panel, perm="billing.view_bill", order=20, column="main"
        )
        register_unit_panel(
            "billing/_unit_payments.html",
            payments_panel,
            perm="billing.view_payment",
            order=30,
            column="main",
        )
        register_unit_panel(
            "billing/_unit_deposits.html", unit_panel_context, perm="billing.view_deposit", order=40
        )
        project_setup.register(load_waiver_defaults, order=40)
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
            order=52,
        )
        nav.register(
            "finance",
            _("Print notices"),
            "billing:notices",
            perm="billing.view_bill",
            icon="printer",
            order=65,
        )
        nav.register(
            "reports",
            _("Arrears and collection"),
            "billing:arrears_report",
            perm="billing.view_arrears_report",
            icon="bar-chart",
            order=30,
        )

        # 抄表 is the engineering department's round; the cashier imports the readers' workbook too.
        nav.register(
            "engineering",
            _("Meter readings"),
            "billing:meter_readings",
            perm="billing.add_meterreading",
            icon="speedometer2",
            order=80,
        )
        nav.register(
            "engineering",
            _("Meters"),
            "billing:meters",
            perm="billing.view_meter",
            icon="speedometer",
            order=82,
        )
        nav.register(
            "finance",
            _("One-off charges"),
            "billing:one_off_charges",
            perm="billing.add_bill",
            icon="plus-square",
            order=15,
        )

        from .services.heating import load_heating_defaults  # noqa: PLC0415  (models: see above)

        project_setup.register(load_heating_defaults, order=41)


def sandbox_banner(request):
    """Every page says so while the current project's online payments are simulated."""
    from .models import ProviderAccount  # noqa: PLC0415  (apps.py is imported before the app registry is ready)

    project = getattr(request, "project", None)
    if not project:
        return None
    key = f"billing:sandbox-banner:{project.pk}"
    active = cache.get(key)
    if active is None:
        active = ProviderAccount.objects.filter(project_id=project.pk, is_sandbox=True).exists()
        cache.set(key, active, 60)
    if not active:
        return None
    return gettext(
        "A sandbox payment account is active: online payments in this project are simulated, not real."
    )


def register_chains() -> None:
    """The sealed money tables (migration 0027) are hash-chained too; the columns a transition sets once."""
    from propdesk.core import chains  # noqa: PLC0415  (models: see ready())

    from . import models as m  # noqa: PLC0415  (models: see ready())

    once = {
        m.Receipt: ("voided_at", "voided_by_id", "void_reason"),
        m.DrawerDiscrepancy: ("approved_at", "approved_by_id", "approval_comment"),
        m.WaiverLine: ("credit_note_id",),
    }
    for model in (
        m.Bill,
        m.CreditNote,
        m.Payment,
        m.Allocation,
        m.PrepaidEntry,
        m.Receipt,
        m.Refund,
        m.DrawerEntry,
        m.DrawerDiscrepancy,
        m.BankDeposit,
        m.DepositMovement,
        m.WaiverLine,
        m.WaiverDecision,
    ):
        chains.register(model, once=once.get(model, ()))
