from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "propdesk.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from propdesk.core import demo, generate, nav

        from .demo import demo_step
        from .generate import generate_registry

        demo.register_step(demo_step, order=10)
        generate.register_step(generate_registry, order=10)

        nav.register(
            "frontdesk",
            _("Buildings and units"),
            "registry:buildings",
            perm="registry.view_unit",
            icon="buildings",
            order=20,
        )
