import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontDeskConfig(AppConfig):
    """The front desk (SPEC §8): notices (通知 / 公告) for now; above the registry and notifications."""

    name = "propdesk.frontdesk"
    label = "frontdesk"
    verbose_name = _("Front desk")

    def ready(self) -> None:
        # Imported here, not at the top: these modules import models, which exist only once the app
        # registry is ready (`ready()` is the first place they may load).
        from propdesk.core import demo, jobs, nav, uploads  # noqa: PLC0415  (models: see above)

        from . import todo as frontdesk_todo  # noqa: PLC0415  (models: see above)
        from . import transitions  # noqa: F401, PLC0415  (registers the lifecycles; models)
        from .demo import notices_demo_step  # noqa: PLC0415  (models: see above)
        from .models import NoticePosting  # noqa: PLC0415  (models: see above)
        from .permissions import POST_PERM, VIEW_PERM  # noqa: PLC0415  (models: see above)

        frontdesk_todo.register()
        uploads.register_file(
            "notice-board-photo", NoticePosting, "photo", perm="frontdesk.view_noticeposting"
        )
        demo.register_step(notices_demo_step, order=70)
        jobs.register(
            "sweep_notices",
            every=dt.timedelta(minutes=15),
            description="Notices: expire notices past their last day; note boards overdue to post or clear",
        )
        nav.register(
            "frontdesk", _("Notices"), "frontdesk:notices", perm=VIEW_PERM, icon="megaphone", order=40
        )
        nav.register(
            "frontdesk", _("Notice boards"), "frontdesk:boards", perm=POST_PERM, icon="pin-angle", order=45
        )
