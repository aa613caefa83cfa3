"""The butler's board page's API twin: mark a notice posted, then taken down (issue 16, item 13).

It calls the page's services: the building's butler may, a photo optional; the records assistant, who
sees notices but posts none, is refused as on the page (403); the outsider finds nothing (404); a bad
photo is refused by its field and nothing changes.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from propdesk.conftest import logged_in_api
from propdesk.frontdesk.choices import PostingState

pytestmark = pytest.mark.django_db

URL = "/api/v1/notice-postings/"


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format="JPEG")
    return SimpleUploadedFile("board.jpg", out.getvalue(), content_type="image/jpeg")


def test_the_butler_marks_her_board_posted_with_a_photo_then_taken_down(world, published):
    posting = published().postings.get()
    client = logged_in_api(world.butler)
    mine = client.get(URL, {"butler": world.butler.pk}).json()["results"]
    assert [row["id"] for row in mine] == [posting.pk]
    posted = client.post(f"{URL}{posting.pk}/mark-posted/", {"photo": jpeg()}, format="multipart")
    assert posted.status_code == 200, posted.content
    assert posted.json()["status"] == PostingState.POSTED and posted.json()["posted_at"]
    posting.refresh_from_db()
    assert posting.status == PostingState.POSTED and posting.posted_by == world.butler and posting.photo
    removed = client.post(f"{URL}{posting.pk}/mark-removed/", format="json")
    assert removed.status_code == 200 and removed.json()["status"] == PostingState.REMOVED
    posting.refresh_from_db()
    assert posting.removed_by == world.butler and posting.due_at is None


def test_who_posts_no_notices_is_refused_as_on_the_page(world, published):
    posting = published().postings.get()
    for user, code in ((world.records, 403), (world.outsider, 404)):
        for step in ("mark-posted", "mark-removed"):
            assert logged_in_api(user).post(f"{URL}{posting.pk}/{step}/").status_code == code, (user, step)
    posting.refresh_from_db()
    assert posting.status == PostingState.TO_POST and posting.posted_at is None


def test_a_bad_photo_names_the_field_and_changes_nothing(world, published):
    posting = published().postings.get()
    text = SimpleUploadedFile("board.jpg", b"not an image", content_type="image/jpeg")
    answer = logged_in_api(world.butler).post(
        f"{URL}{posting.pk}/mark-posted/", {"photo": text}, format="multipart"
    )
    assert answer.status_code == 400 and "photo" in answer.json()["fields"], answer.content
    posting.refresh_from_db()
    assert posting.status == PostingState.TO_POST and not posting.photo
    # Taken down before it was posted: the lifecycle refuses the step.
    early = logged_in_api(world.butler).post(f"{URL}{posting.pk}/mark-removed/")
    assert early.status_code == 400 and "status" in early.json()["fields"], early.content
