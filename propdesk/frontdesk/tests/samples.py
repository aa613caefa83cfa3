"""Objects of project A for the route authorization test (core/tests/samples.py)."""


def _notice(world):
    import datetime as dt

    from django.utils import timezone

    from propdesk.frontdesk import services
    from propdesk.frontdesk.models import Notice

    existing = Notice.objects.filter(project=world.project).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    notice = services.create_notice(
        project=world.project,
        title="SENTINEL停水通知",
        body="SENTINEL正文",
        publish_on=today,
        expires_on=today + dt.timedelta(days=3),
        buildings=[world.building],
        actor=world.frontdesk,
    )
    services.submit_notice(notice=notice, actor=world.frontdesk)
    services.approve_notice(notice=notice, actor=world.cs_supervisor)
    return services.publish_notice(notice=notice, actor=world.frontdesk)


def _posting(world):
    return _notice(world).postings.first()


SAMPLES = {"frontdesk.Notice": _notice, "frontdesk.NoticePosting": _posting}
