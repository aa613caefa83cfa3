"""One rule for every uploaded file, and one way to hand stored files back.

`check_upload` decides what a file *is* from its first bytes (and, for Office files, from the names
inside the zip), not from its name: an HTML page renamed `.pdf` or an SVG with a script is refused,
and so is a name whose extension does not match the content. Sizes are bounded per use. Photos are
re-encoded by `reencoded_image` (only pixels survive: no EXIF location, no trailing payload).

Stored files are never served from /media/: `register_file` names a model's file field with the
permission needed to see it, and `core:file` streams it after the object's project and that
permission are checked, as a download with `nosniff` (images inline).
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .errors import ServiceError

IMAGE = {"jpeg", "png", "webp", "heic"}
PDF = {"pdf"}
SCAN = {"tiff"}  # what document scanners write
OFFICE = {"docx", "xlsx", "pptx", "ole"}
SPREADSHEET = {"xlsx"}

EXTENSIONS = {
    "jpeg": {".jpg", ".jpeg"},
    "png": {".png"},
    "webp": {".webp"},
    "heic": {".heic", ".heif"},
    "pdf": {".pdf"},
    "tiff": {".tif", ".tiff"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "pptx": {".pptx"},
    "ole": {".doc", ".xls", ".ppt"},
}
_OOXML = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}


def sniff(upload) -> str | None:
    """What the file is, from its content: a key of EXTENSIONS, or None when it is none of them."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1", b"heif"}:
        return "heic"
    if head[:4] in {b"II*\x00", b"MM\x00*"}:
        return "tiff"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    return None


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_upload(upload, *, field: str, accept: set[str], max_bytes: int) -> str:
    """Refuse, naming `field`, a file that is too large, is not one of `accept` by its content, or
    whose extension says something else. Returns what it is."""
    if upload is None:
        raise ServiceError(_("Choose the file to upload."), field=field)
    if upload.size > max_bytes:
        raise ServiceError(
            _("The file is larger than %(limit)s.") % {"limit": _megabytes(max_bytes)}, field=field
        )
    kind = sniff(upload)
    allowed = ", ".join(sorted({e for k in accept for e in EXTENSIONS[k]}))
    if kind is None or kind not in accept:
        raise ServiceError(
            _("This file is not accepted here; accepted: %(types)s.") % {"types": allowed}, field=field
        )
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in EXTENSIONS[kind]:
        raise ServiceError(
            _(
                "The file's name ends in “%(ext)s” but its content is %(kind)s: rename it or choose the right file."
            )
            % {"ext": ext or "—", "kind": kind.upper()},
            field=field,
        )
    return kind


def reencoded_image(upload, *, field: str, max_side: int = 4096) -> ContentFile:
    """The picture re-drawn from its pixels (JPEG, or PNG when it has transparency), turned upright,
    at most `max_side` pixels on its longer side."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # noqa: PLC0415  (Pillow loads only for photos)

    upload.seek(0)
    try:
        with Image.open(upload) as source:
            source.load()
            image = ImageOps.exif_transpose(source)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ServiceError(_("This is not a picture that can be read."), field=field) from None
    image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    stem = os.path.splitext(os.path.basename(upload.name or "photo"))[0] or "photo"
    has_alpha = image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info)
    if has_alpha:
        image.save(out, format="PNG", optimize=True)
        name = f"{stem}.png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=85)
        name = f"{stem}.jpg"
    return ContentFile(out.getvalue(), name=name)


# ------------------------------------------------------------------ serving stored files


@dataclass(frozen=True)
class StoredFile:
    model: type
    field: str
    perm: str
    owner_may_see: Callable[[Any, Any], bool] | None = None


_files: dict[str, StoredFile] = {}


def register_file(name: str, model, field: str, *, perm: str, owner_may_see=None) -> None:
    """Let `core:file name pk` hand out `model.field` to staff holding `perm` in the object's project,
    and, when `owner_may_see(user, obj)` is given, to the owners or tenants it says yes to."""
    _files[name] = StoredFile(model, field, perm, owner_may_see)


def stored_file(name: str) -> StoredFile | None:
    return _files.get(name)
