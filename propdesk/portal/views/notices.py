"""The owner portal's notices (通知公告): the list for the buildings of the person's units, unread
first, and one notice (opening it marks it read)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from propdesk.core.decorators import object_view
from propdesk.frontdesk import selectors as notice_selectors
from propdesk.frontdesk import services as notice_services
from propdesk.frontdesk.models import Notice

from ..decorators import portal_view


@portal_view
def notices(request):
    rows = list(notice_selectors.portal_notices(request.user)[:100])
    return render(
        request,
        "portal/notices.html",
        {"notices": rows, "unread": sum(1 for n in rows if not n.is_read), "tab": "home"},
    )


@portal_view
@object_view(Notice)
def notice(request, pk: int):
    found = notice_selectors.portal_notices(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    notice_services.mark_read(notice=found, user=request.user)
    return render(request, "portal/notice.html", {"notice": found, "tab": "home"})
