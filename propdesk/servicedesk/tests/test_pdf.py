"""The printed forms, read back with pdftotext and looked at as PNG."""

import shutil
import subprocess

import pytest

from propdesk.conftest import SCREENSHOT_DIR
from propdesk.servicedesk import services

from .test_repairs import png_data_url

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"
)


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(out.split())  # titles are letter-spaced on paper


@needs_poppler
def test_repair_slip_prints_two_signed_copies_in_chinese(login, desk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="repair",
        channel="phone",
        content="厨房水管漏水",
        reporter_name="张三",
        unit=desk.unit,
    )
    order = services.dispatch(request=request, technician=desk.technician, actor=desk.dispatcher)
    services.accept_order(order=order, actor=desk.technician)
    services.arrive(order=order, actor=desk.technician)
    services.complete_order(
        order=order,
        actor=desk.technician,
        work_done="更换三角阀",
        labour_minutes=30,
        materials=[("三角阀", "1", "个")],
    )
    services.sign_order(
        order=order, actor=desk.technician, signer_name="张三", signature_data_url=png_data_url()
    )
    response = login(desk.frontdesk).get(f"/servicedesk/{request.pk}/slip.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content, tmp_path)
    assert text.count("报修单/派工单") == 2
    for expected in (
        request.number,
        "客服联",
        "工程联",
        "3-2-1501",
        "厨房水管漏水",
        "更换三角阀",
        "三角阀1个",
        "业主签字",
        "主管审核",
        "盖章处",
    ):
        assert expected in text, expected
    if shutil.which("pdftoppm"):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        (tmp_path / "slip.pdf").write_bytes(response.content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                str(tmp_path / "slip.pdf"),
                str(SCREENSHOT_DIR / "repair-slip"),
            ],
            check=True,
        )


@needs_poppler
def test_complaint_report_carries_the_decision_and_the_callback(login, desk, tmp_path):
    request = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="complaint",
        channel="phone",
        content="电梯频繁停运",
        reporter_name="李四",
        unit=desk.unit,
    )
    services.decide_complaint(
        complaint=request.complaint,
        valid=True,
        actor=desk.cs_supervisor,
        summary="电梯故障",
        department=desk.project.departments.get(kind="engineering"),
    )
    response = login(desk.cs_supervisor).get(f"/servicedesk/{request.pk}/complaint.pdf")
    text = _text(response.content, tmp_path)
    for expected in ("投诉处理报告", request.number, "成立", "电梯故障", "工程部", "物业服务中心主任"):
        assert expected in text, expected


def test_a_repair_slip_of_a_complaint_is_404(login, desk):
    request = services.receive_request(
        project=desk.project,
        actor=desk.frontdesk,
        kind="complaint",
        channel="phone",
        content="x",
        reporter_name="y",
        unit=desk.unit,
    )
    assert login(desk.frontdesk).get(f"/servicedesk/{request.pk}/slip.pdf").status_code == 404
