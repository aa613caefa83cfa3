import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "propdesk.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which exist only once the app
        # registry is ready (`ready()` is the first place they may load).
        from propdesk.core import demo, generate, jobs, nav, selectors  # noqa: PLC0415  (models: see above)

        from . import selectors as registry_selectors  # noqa: PLC0415  (models: see above)
        from . import transitions  # noqa: F401, PLC0415  (registers the registry's lifecycles; models)
        from .demo import demo_step  # noqa: PLC0415  (models: see above)
        from .generate import generate_registry  # noqa: PLC0415  (models: see above)

        demo.register_step(demo_step, order=10)
        from propdesk.core import chains  # noqa: PLC0415  (models: see above)

        from .models import PersonalDataAccess  # noqa: PLC0415  (models: see above)

        chains.register(PersonalDataAccess)  # the PIPL access log: sealed (migration 0009) and chained
        selectors.register_overview(registry_selectors.project_overview)
        generate.register_step(generate_registry, order=10)
        jobs.register(
            "purge_import_files",
            daily_at=dt.time(3, 30),
            description="Delete uploaded Excel files past their retention period (they hold personal data)",
        )

        nav.register(
            "frontdesk", _("Search"), "registry:search", perm="registry.view_unit", icon="search", order=10
        )
        nav.register(
            "frontdesk",
            _("Owner archives"),
            "registry:archive_files",
            perm="registry.view_archivefile",
            icon="archive",
            order=40,
        )
        nav.register(
            "frontdesk",
            _("Import from Excel"),
            "registry:import_start",
            perm="registry.add_importjob",
            icon="file-earmark-arrow-up",
            order=50,
        )
        nav.register(
            "frontdesk",
            _("Export owners and residents"),
            "registry:export_parties",
            perm="registry.export_registry",
            icon="file-earmark-arrow-down",
            order=55,
        )
        nav.register(
            "reports",
            _("Personal data access log"),
            "registry:access_log",
            perm="registry.view_personaldataaccess",
            icon="shield-lock",
            order=80,
        )
        nav.register(
            "frontdesk",
            _("Buildings and units"),
            "registry:buildings",
            perm="registry.view_unit",
            icon="buildings",
            order=20,
        )
