from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "propdesk.notices"
    label = "notices"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from propdesk.core import chains  # noqa: PLC0415  (models: imported once the registry is ready)

        from .alerts import alert_company_admins  # noqa: PLC0415  (models: as above)

        chains.on_broken.append(alert_company_admins)
