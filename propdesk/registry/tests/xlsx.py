"""Real xlsx files for tests, built with openpyxl."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from propdesk.registry.excel import PARTY_COLUMNS, UNIT_COLUMNS

UNIT_HEADERS = [c.header for c in UNIT_COLUMNS]
PARTY_HEADERS = [c.header for c in PARTY_COLUMNS]


def workbook(headers, rows, *, merge=None, pad_bytes=0) -> bytes:
    wb = Workbook()
    ws = wb.active
    if headers:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    if pad_bytes:
        import os
        import zipfile

        buf = io.BytesIO(data)
        with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr("xl/media/image1.png", os.urandom(pad_bytes))
        data = buf.getvalue()
    return data


def upload(data: bytes, name="data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def unit_row(
    building="5", entrance="1", floor=3, number="301", area=98.5, inner=80.1, use="住宅", status="入住"
):
    return [building, entrance, floor, number, area, inner, use, status]


def party_row(
    building="3",
    entrance="1",
    number="101",
    role="业主",
    name="钱七",
    kind="个人",
    id_type="身份证",
    id_number="",
    phone="13655556666",
    landline="",
    share=None,
    started_on=dt.date(2026, 2, 1),
):
    return [
        building,
        entrance,
        number,
        role,
        name,
        kind,
        id_type,
        id_number,
        phone,
        landline,
        share,
        started_on,
    ]
