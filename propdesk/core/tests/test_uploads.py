"""One upload rule (issue 17, item 7): the type comes from the content, not the name; sizes are
bounded; photos are re-encoded; stored files are handed out only through an access-checked view."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from propdesk.core import uploads
from propdesk.core.errors import ServiceError

HTML = b"<!doctype html><html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _jpeg(exif_gps: bool = True) -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    out = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {2: (30, 35, 0), 4: (114, 18, 0)}  # GPS: where the photo was taken
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_content_decides_not_the_name():
    assert uploads.sniff(SimpleUploadedFile("x.pdf", _pdf())) == "pdf"
    assert uploads.sniff(SimpleUploadedFile("x.jpg", _jpeg())) == "jpeg"
    assert uploads.sniff(SimpleUploadedFile("x.pdf", HTML)) is None
    assert uploads.sniff(SimpleUploadedFile("x.svg", SVG)) is None


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("report.html", HTML, "不接受"),
        ("drawing.svg", SVG, "不接受"),
        ("scan.pdf", HTML, "不接受"),  # an HTML page renamed .pdf
        ("photo.pdf", _jpeg(), "JPEG"),  # a picture named .pdf: the name lies
    ],
)
def test_html_svg_and_liars_are_refused_by_field(name, data, words):
    with pytest.raises(ServiceError) as err:
        uploads.check_upload(
            SimpleUploadedFile(name, data),
            field="attachment",
            accept=uploads.IMAGE | uploads.PDF,
            max_bytes=10**7,
        )
    assert err.value.field == "attachment" and words in str(err.value.message)


def test_a_file_over_the_limit_is_refused():
    big = SimpleUploadedFile("big.pdf", _pdf() + b"0" * (11 * 1024 * 1024))
    with pytest.raises(ServiceError, match="10 MB"):
        uploads.check_upload(big, field="attachment", accept=uploads.PDF, max_bytes=10 * 1024 * 1024)


def test_a_photo_is_redrawn_without_its_exif():
    photo = uploads.reencoded_image(
        SimpleUploadedFile("IMG_1.jpg", _jpeg() + b"<script>trailing</script>"), field="p"
    )
    assert photo.name == "IMG_1.jpg"
    data = photo.read()
    assert b"trailing" not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as again:
        assert again.size == (64, 48) and not again.getexif()
