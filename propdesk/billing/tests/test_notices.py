"""Payment and dunning notices: a unit's PDF, and a building's batch made in the background."""

import datetime as dt
import re
import subprocess

import pytest
import time_machine

from propdesk.billing.models import NoticeBatch

from .conftest import add_units, run_month

pytestmark = pytest.mark.django_db


def _text(content: bytes, tmp_path) -> str:
    path = tmp_path / "n.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def owing(billing):
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        add_units(billing, 2)
        run_month(billing, dt.date(2026, 3, 1))
    return billing


def test_a_units_dunning_notice_lists_its_overdue_bills(owing, login, tmp_path):
    with time_machine.travel("2026-04-05 10:00 +0800", tick=False):
        response = login(owing.butler).get(f"/billing/notices/units/{owing.unit.pk}/dunning/")
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content, tmp_path)
    assert "催缴通知单" in text and "3-2-1501" in text and "1,010.15" in text
    assert "12358" in text and "CJ-20260405-" in text


def test_a_payment_notice_before_the_due_date(owing, login, tmp_path):
    with time_machine.travel("2026-03-05 10:00 +0800", tick=False):
        response = login(owing.cashier).get(f"/billing/notices/units/{owing.unit.pk}/payment/")
    text = _text(response.content, tmp_path)
    assert "缴费通知单" in text and "1,010.15" in text
    assert login(owing.cashier).get(f"/billing/notices/units/{owing.unit.pk}/other/").status_code == 404


def test_a_building_batch_has_one_page_per_unit_in_arrears_and_is_downloaded_when_ready(
    owing, login, django_capture_on_commit_callbacks, tmp_path
):
    client = login(owing.butler)
    with time_machine.travel("2026-04-05 10:00 +0800", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/billing/notices/", {"building": owing.building.pk, "kind": "dunning"})
        assert response.status_code == 302
        batch = NoticeBatch.objects.get()
        assert batch.status == "done" and batch.pages == 3  # the background task ran after commit
        page = client.get("/billing/notices/").content.decode()
        assert f"/billing/notices/batches/{batch.pk}/" in page
        pdf = client.get(f"/billing/notices/batches/{batch.pk}/")
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "batch.pdf"
    path.write_bytes(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+3$", info, re.MULTILINE), info


def test_a_large_batch_is_rendered_in_parts_on_every_core_and_joined_in_order(owing, monkeypatch, tmp_path):
    """Past PARALLEL_FROM_PAGES the pages are split into one part per core, each rendered by a child
    process; the joined PDF has every page, in the building's order."""
    from propdesk.billing.pdf import notices as notice_pdfs
    from propdesk.core import pdfs

    monkeypatch.setattr(notice_pdfs, "PARALLEL_FROM_PAGES", 2)
    monkeypatch.setattr(pdfs, "workers", lambda: 2)
    children = []
    real = pdfs._render_child
    monkeypatch.setattr(pdfs, "_render_child", lambda html: children.append(html) or real(html))
    with time_machine.travel("2026-04-05 10:00 +0800", tick=False):
        content, pages = notice_pdfs.building_notice_pdf(owing.building, kind="dunning")
    assert pages == 3 and len(children) == 2  # parts of 2 and 1 pages
    path = tmp_path / "batch.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+3$", info, re.MULTILINE), info
    text = _text(content, tmp_path)
    numbers = re.findall(r"编号：CJ-\d{8}-(\d{6})", text)
    assert len(numbers) == 3
    labels = [
        p.unit.label
        for p in notice_pdfs.notice_pages(
            list(owing.building.units.order_by("entrance", "floor", "number")),
            kind="dunning",
            on=dt.date(2026, 4, 5),
            only_arrears=True,
        )
    ]
    positions = [text.index(label) for label in labels]
    assert positions == sorted(positions)  # the parts were joined in the building's order


def test_a_child_that_fails_is_reported(monkeypatch):
    from propdesk.core import pdfs

    monkeypatch.setattr(pdfs, "CHILD", "import sys; sys.exit(3)")
    with pytest.raises(RuntimeError, match="PDF rendering failed"):
        pdfs.render_documents(["<p>a</p>", "<p>b</p>"])
