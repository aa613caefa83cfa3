import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from .triggers import allow_sqlite_flush


class CoreConfig(AppConfig):
    name = "propdesk.core"
    label = "core"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which exist only once the app
        # registry is ready (`ready()` is the first place they may load).
        from . import checks, jobs, nav  # noqa: F401, PLC0415  (models: see above; checks registers system checks)

        allow_sqlite_flush()  # status events refuse DELETE; Django's SQLite flush may still empty them

        jobs.register(
            "purge_login_attempts",
            every=dt.timedelta(hours=1),
            description="Forget login attempts older than 30 days",
        )
        jobs.register("clearsessions", daily_at=dt.time(3, 0), description="Delete expired sessions")
        jobs.register(
            "link_chains",
            every=dt.timedelta(minutes=10),
            description="Link new money rows and personal-data accesses into their hash chains",
        )
        jobs.register(
            "verify_chains",
            daily_at=dt.time(2, 40),
            description="Verify the hash chains; alert the company administrators when one is broken",
        )

        nav.register(
            "frontdesk",
            _("Workbench"),
            "core:dashboard",
            perm="core.view_project",
            icon="speedometer2",
            order=1,
        )
        for order, (section, label, icon) in enumerate(
            [
                ("frontdesk", _("Front desk and butlers"), "person-badge"),
                ("servicedesk", _("Service team"), "headset"),
                ("engineering", _("Engineering staff"), "tools"),
                ("finance", _("Finance staff"), "cash-coin"),
                ("renovation", _("Renovation approvers"), "hammer"),
                ("inspections", _("Inspection staff"), "clipboard-check"),
            ]
        ):
            nav.register(
                section,
                label,
                f"core:section_{section}",
                perm=f"core.access_{section}",
                icon=icon,
                order=90 + order,
            )
        nav.register(
            "reports",
            _("Project overview"),
            "core:overview",
            perm="core.access_reports",
            icon="bar-chart",
            order=10,
        )
        nav.register(
            "settings",
            _("Organisation"),
            "core:organisation",
            perm="core.access_settings",
            icon="diagram-3",
            order=10,
        )
        nav.register(
            "settings",
            _("Positions and permissions"),
            "core:positions",
            perm="core.access_settings",
            icon="shield-lock",
            order=20,
        )
        nav.register(
            "settings",
            _("Background jobs"),
            "core:jobs",
            perm="core.view_jobrun",
            icon="clock-history",
            order=30,
        )
