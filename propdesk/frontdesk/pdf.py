"""The printed notice for the boards (张贴通知): HTML rendered by WeasyPrint, A4 portrait."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .services import audience_buildings


def notice_context(notice) -> dict:
    chosen = list(notice.buildings.all())
    return {
        "notice": notice,
        "project": notice.project,
        "buildings": chosen,
        "whole_project": not chosen,
        "dated": notice.publish_on,
        "printed_at": timezone.localtime(),
        "board_count": len(audience_buildings(notice)),
    }


def notice_html(notice) -> str:
    return render_to_string("frontdesk/notice_pdf.html", notice_context(notice))


def notice_pdf(notice) -> bytes:
    """One A4 page to post: title, text, scope, dates, the service center's name and date, seal area."""
    from weasyprint import HTML  # noqa: PLC0415  (WeasyPrint loads only when a PDF is made)

    return HTML(string=notice_html(notice)).write_pdf()
