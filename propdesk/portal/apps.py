from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The owner portal (业主端): phone pages for owners and tenants, on top of every other app."""

    name = "propdesk.portal"
    label = "portal"
    verbose_name = _("Owner portal")

    def ready(self) -> None:
        # Imported here: these modules import models, which exist only once the app registry is ready.
        from propdesk.registry.panels import register_unit_panel  # noqa: PLC0415  (models: see above)
        from propdesk.registry.services import register_account_closer  # noqa: PLC0415  (models: see above)

        from .panels import accounts_panel  # noqa: PLC0415  (models: see above)
        from .selectors import register_home_section  # noqa: PLC0415  (models: see above)
        from .selectors.notices import notices_section  # noqa: PLC0415  (models: see above)
        from .services.sessions import drop_sessions  # noqa: PLC0415  (models: see above)

        # An account closed when its last link ends is signed out everywhere.
        register_account_closer(drop_sessions)
        # The unit page: portal accounts of the household, the invitation action, consent at the desk.
        register_unit_panel(
            "portal/_unit_accounts.html", accounts_panel, perm="portal.view_portalinvitation", order=60
        )
        # The home page: the unread notices of the person's buildings (front desk's notices).
        register_home_section(notices_section, order=20)
