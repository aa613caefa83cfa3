from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "propdesk.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        import datetime as dt

        from propdesk.core import demo, generate, jobs, nav, selectors

        from . import selectors as registry_selectors
        from . import transitions  # noqa: F401  (registers the registry's lifecycles)
        from .demo import demo_step
        from .generate import generate_registry

        demo.register_step(demo_step, order=10)
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
