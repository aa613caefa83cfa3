import pytest

from propdesk.core.errors import ServiceError
from propdesk.notices.models import Notification, SmsOutbox
from propdesk.notices.services import Message, mark_read, notify
from propdesk.notices.tasks import deliver

pytestmark = pytest.mark.django_db


def test_notify_creates_in_app_rows_and_sends_email_and_sms_after_commit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.director.email = "director@example.com"
    world.director.phone = "13800000000"
    world.director.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notify(
            messages=[
                Message(
                    recipient_id=world.director.pk,
                    project_id=world.project.pk,
                    title="超时",
                    channels=("email", "sms"),
                )
            ]
        )
    assert len(callbacks) == 1 and not mailoutbox  # nothing leaves before the commit
    deliver([rows[0].pk])
    deliver([rows[0].pk])  # a task may run twice
    assert len(mailoutbox) == 1 and mailoutbox[0].subject == "超时"
    assert SmsOutbox.objects.get().phone == "13800000000"


def test_bell_counts_unread_and_list_marks_read(world, login, django_assert_max_num_queries):
    for i in range(3):
        Notification.objects.create(project=world.project, recipient=world.butler, title=f"提醒{i}")
    client = login(world.butler)
    assert 'data-testid="bell-count">3<' in client.get("/notifications/bell/").content.decode()
    with django_assert_max_num_queries(12):
        assert client.get("/notifications/").status_code == 200
    first = Notification.objects.filter(recipient=world.butler).first()
    client.post(f"/notifications/{first.pk}/read/")
    assert 'data-testid="bell-count">2<' in client.get("/notifications/bell/").content.decode()
    client.post("/notifications/read-all/")
    assert "bell-count" not in client.get("/notifications/bell/").content.decode()


def test_nobody_marks_anothers_notification(world, login):
    n = Notification.objects.create(project=world.project, recipient=world.butler, title="x")
    assert login(world.frontdesk).post(f"/notifications/{n.pk}/read/").status_code == 404
    with pytest.raises(ServiceError):
        mark_read(notification=n, actor=world.frontdesk)
