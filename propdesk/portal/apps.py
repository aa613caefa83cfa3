from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The owner portal (业主端): phone pages for owners and tenants, on top of every other app."""

    name = "propdesk.portal"
    label = "portal"
    verbose_name = _("Owner portal")
