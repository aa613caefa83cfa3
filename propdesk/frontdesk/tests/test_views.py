"""The notices' staff pages, the butler's boards, the printed notice and the API, with the client."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse

from propdesk.frontdesk.choices import NoticeState, PostingState
from propdesk.frontdesk.models import Notice

pytestmark = pytest.mark.django_db


def test_the_front_desk_drafts_submits_and_the_supervisor_approves_on_the_pages(client, world, today):
    client.force_login(world.frontdesk)
    bad = client.post(
        reverse("frontdesk:notice_new"), {"title": "停水通知", "body": "", "category": "outage"}
    )
    assert bad.status_code == 400
    assert "停水通知" in bad.content.decode()  # nothing typed is lost
    response = client.post(
        reverse("frontdesk:notice_new"),
        {
            "title": "停水通知",
            "body": "尊敬的业主：\n\n周六停水。",
            "category": "outage",
            "publish_on": today.isoformat(),
            "expires_on": (today + dt.timedelta(days=2)).isoformat(),
            "buildings": [str(world.building.pk)],
        },
    )
    notice = Notice.objects.get(title="停水通知")
    assert response.status_code == 302 and response["Location"] == reverse(
        "frontdesk:notice", args=[notice.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="submit"' in page and 'data-testid="approve"' not in page
    client.post(reverse("frontdesk:notice", args=[notice.pk]), {"action": "submit"})
    client.force_login(world.cs_supervisor)
    page = client.get(reverse("frontdesk:notice", args=[notice.pk])).content.decode()
    assert 'data-testid="approve"' in page and 'data-testid="send-back"' in page
    client.post(reverse("frontdesk:notice", args=[notice.pk]), {"action": "approve"})
    client.post(reverse("frontdesk:notice", args=[notice.pk]), {"action": "publish"})
    notice.refresh_from_db()
    assert notice.status == NoticeState.PUBLISHED
    page = client.get(reverse("frontdesk:notice", args=[notice.pk])).content.decode()
    assert world.building.name in page and 'data-testid="boards"' in page
    listing = client.get(reverse("frontdesk:notices"), {"status": "published", "q": "停水"}).content.decode()
    assert notice.number in listing
    assert notice.number not in client.get(reverse("frontdesk:notices"), {"status": "draft"}).content.decode()


def test_the_front_desk_cannot_approve_by_posting_the_action(client, world, today, published):
    from propdesk.frontdesk import services

    notice = services.create_notice(
        project=world.project,
        title="t",
        body="b",
        publish_on=today,
        expires_on=today,
        actor=world.frontdesk,
    )
    services.submit_notice(notice=notice, actor=world.frontdesk)
    client.force_login(world.frontdesk)
    response = client.post(reverse("frontdesk:notice", args=[notice.pk]), {"action": "approve"})
    assert response.status_code == 403
    notice.refresh_from_db()
    assert notice.status == NoticeState.PENDING_APPROVAL


def test_the_butler_marks_her_board_posted_with_a_photo_from_her_phone_page(client, world, published):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    notice = published()
    posting = notice.postings.get()
    client.force_login(world.butler)
    page = client.get(reverse("frontdesk:boards")).content.decode()
    assert notice.title in page and 'data-testid="mark-posted"' in page
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="JPEG")
    response = client.post(
        reverse("frontdesk:board_posting", args=[posting.pk]),
        {
            "action": "post",
            "photo": SimpleUploadedFile("board.jpg", out.getvalue(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status == PostingState.POSTED and posting.photo
    page = client.get(reverse("frontdesk:boards")).content.decode()
    assert 'data-testid="mark-removed"' in page
    # The to-do list on her landing page shows the board to post of another notice.
    published(title="第二个通知")
    landing = client.get(reverse("core:dashboard")).content.decode()
    assert "第二个通知" in landing


def test_the_notice_page_shows_overdue_boards(client, world, published):
    from django.utils import timezone

    notice = published(lasts=0)
    client.force_login(world.cs_supervisor)
    page = client.get(reverse("frontdesk:notice", args=[notice.pk])).content.decode()
    assert 'data-testid="overdue-boards"' not in page
    notice.postings.update(due_at=timezone.now() - dt.timedelta(hours=1))
    page = client.get(reverse("frontdesk:notice", args=[notice.pk])).content.decode()
    assert 'data-testid="overdue-boards"' in page


def test_the_api_drafts_and_moves_a_notice_and_names_the_field_at_fault(client, world, today):
    client.force_login(world.frontdesk)
    url = "/api/v1/notices/"
    bad = client.post(
        url,
        {
            "project": world.project.pk,
            "title": "x",
            "body": "y",
            "publish_on": today,
            "expires_on": today - dt.timedelta(days=1),
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "expires_on" in bad.json()["fields"]
    made = client.post(
        url,
        {
            "project": world.project.pk,
            "title": "停电通知",
            "body": "正文",
            "category": "outage",
            "publish_on": today,
            "expires_on": today,
            "buildings": [world.building.pk],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert "submit" in made.json()["moves"]
    assert client.post(f"{url}{pk}/submit/").json()["status"] == "pending_approval"
    assert client.post(f"{url}{pk}/approve/", {}, content_type="application/json").status_code == 403
    client.force_login(world.cs_supervisor)
    assert client.post(f"{url}{pk}/send-back/", {}, content_type="application/json").status_code == 400
    assert (
        client.post(f"{url}{pk}/approve/", {}, content_type="application/json").json()["status"] == "approved"
    )
    body = client.post(f"{url}{pk}/publish/").json()
    assert body["status"] == "published" and len(body["postings"]) == 1


def test_the_owner_api_lists_her_notices_unread_first_and_marks_one_read(client, world, published):
    first = published(title="旧的")
    second = published(title="新的")
    client.force_login(world.owner)
    rows = client.get("/api/v1/my/notices/").json()
    rows = rows.get("results", rows)
    assert [(r["id"], r["is_read"]) for r in rows] == [(second.pk, False), (first.pk, False)]
    assert client.get(f"/api/v1/my/notices/{first.pk}/").json()["is_read"] is True
    rows = client.get("/api/v1/my/notices/").json()
    rows = rows.get("results", rows)
    assert [(r["id"], r["is_read"]) for r in rows] == [(second.pk, False), (first.pk, True)]
    client.force_login(world.outsider)
    assert client.get(f"/api/v1/my/notices/{first.pk}/").status_code == 404


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is needed to look at the PDF"
)
def test_the_printed_notice_renders_to_a_page_with_its_text(client, world, published):
    notice = published()
    client.force_login(world.frontdesk)
    response = client.get(reverse("frontdesk:notice_pdf", args=[notice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    out = settings.VAR_DIR / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    pdf_path = out / "notice.pdf"
    pdf_path.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf_path), str(out / "notice")], check=True)
    pages = sorted(out.glob("notice-*.png"))
    assert len(pages) == 1
    text = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert notice.title in flat and "（停水停电）" in flat and "盖章处" in flat and "张贴记录" in flat
