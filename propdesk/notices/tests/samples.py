def _notification(world):
    from propdesk.notices.models import Notification

    return Notification.objects.filter(project=world.project).first() or Notification.objects.create(
        project=world.project, recipient=world.frontdesk, title="SENTINEL 通知", link="/"
    )


SAMPLES = {"notices.Notification": _notification}
