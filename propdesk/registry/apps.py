from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "propdesk.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from propdesk.core import demo, nav

        from .demo import demo_step

        demo.register_step(demo_step, order=10)

        nav.register("frontdesk", _("Buildings and units"), "registry:buildings", perm="registry.view_unit", icon="buildings", order=20)
