"""Staff pages of the front desk's notices (通知 / 公告): list, draft, detail with its timeline and
boards, the printed notice, and the butler's board tasks (phone)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import get_object_for_user, has_project_perm
from propdesk.core.decorators import object_view, project_view
from propdesk.core.downloads import disposition
from propdesk.core.errors import AccessDenied, ServiceError
from propdesk.registry.models import Building

from . import pdf, permissions, selectors, services
from .choices import NoticeCategory, NoticeState
from .models import Notice, NoticePosting
from .permissions import DRAFT_PERM, POST_PERM, VIEW_PERM


def _notice(request, pk):
    return get_object_for_user(
        Notice.objects.select_related("project__company", "drafted_by", "approved_by").prefetch_related(
            "buildings"
        ),
        request.user,
        pk,
        perm=VIEW_PERM,
    )


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


@project_view(VIEW_PERM)
def notices(request):
    """通知公告: every notice of the project, filtered by state and searched."""
    status, q = request.GET.get("status", ""), request.GET.get("q", "")
    rows = selectors.staff_notices(request.user, request.project, status=status, q=q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "frontdesk/notices.html",
        {
            "page": page,
            "states": NoticeState.choices,
            "status": status,
            "q": q,
            "can_add": has_project_perm(request.user, request.project, DRAFT_PERM),
        },
    )


def _form_values(request) -> dict:
    post = request.POST
    ids = [int(v) for v in post.getlist("buildings") if v.isdigit()]
    return {
        "title": post.get("title", ""),
        "body": post.get("body", ""),
        "category": post.get("category", ""),
        "publish_on": _date(post.get("publish_on")),
        "expires_on": _date(post.get("expires_on")),
        "buildings": list(
            Building.objects.for_user(request.user).filter(project=request.project, pk__in=ids)
        ),
    }


def _form(request, *, notice=None, values=None, error=None):
    today = timezone.localdate()
    if values is None:
        values = (
            {
                "title": notice.title,
                "body": notice.body,
                "category": notice.category,
                "publish_on": notice.publish_on,
                "expires_on": notice.expires_on,
                "buildings": list(notice.buildings.all()),
            }
            if notice
            else {
                "category": NoticeCategory.NOTICE,
                "publish_on": today,
                "expires_on": today + dt.timedelta(days=7),
                "buildings": [],
            }
        )
    return render(
        request,
        "frontdesk/notice_form.html",
        {
            "notice": notice,
            "values": values,
            "chosen": {b.pk for b in values.get("buildings", [])},
            "error": error,
            "categories": NoticeCategory.choices,
            "all_buildings": Building.objects.for_user(request.user).filter(project=request.project),
        },
        status=400 if error else 200,
    )


@project_view(DRAFT_PERM)
def notice_new(request):
    if request.method == "POST":
        values = _form_values(request)
        try:
            notice = services.create_notice(project=request.project, actor=request.user, **values)
        except ServiceError as exc:
            return _form(request, values=values, error=exc)
        messages.success(request, _("Draft saved."))
        return redirect("frontdesk:notice", pk=notice.pk)
    return _form(request)


@project_view(DRAFT_PERM)
@object_view(Notice)
def notice_edit(request, pk: int):
    notice = _notice(request, pk)
    if not permissions.can_edit(request.user, notice):
        messages.error(request, _("Only a draft can be edited."))
        return redirect("frontdesk:notice", pk=notice.pk)
    if request.method == "POST":
        values = _form_values(request)
        try:
            services.update_notice(notice=notice, actor=request.user, **values)
        except ServiceError as exc:
            return _form(request, notice=notice, values=values, error=exc)
        messages.success(request, _("Draft saved."))
        return redirect("frontdesk:notice", pk=notice.pk)
    return _form(request, notice=notice)


@project_view(VIEW_PERM)
@object_view(Notice)
def notice(request, pk: int):
    notice = _notice(request, pk)
    if request.method == "POST":
        return _notice_action(request, notice)
    postings = list(selectors.postings_of(notice, request.user))
    now = timezone.now()
    return render(
        request,
        "frontdesk/notice.html",
        {
            "notice": notice,
            "events": notice.events.select_related("actor"),
            "postings": [(p, selectors.is_overdue(p, now)) for p in postings],
            "overdue": sum(1 for p in postings if selectors.is_overdue(p, now)),
            "can_edit": permissions.can_edit(request.user, notice),
            "reads": notice.reads.count(),
        },
    )


def _notice_action(request, notice):
    post, actor = request.POST, request.user
    action = post.get("action", "")
    try:
        if action == "submit":
            services.submit_notice(notice=notice, actor=actor)
        elif action == "approve":
            services.approve_notice(notice=notice, actor=actor, note=post.get("note", ""))
        elif action == "send_back":
            services.send_back_notice(notice=notice, actor=actor, reason=post.get("reason", ""))
        elif action == "publish":
            services.publish_notice(notice=notice, actor=actor)
        elif action == "withdraw":
            services.withdraw_notice(notice=notice, actor=actor, reason=post.get("reason", ""))
        else:
            raise ServiceError(_("Unknown action."), field="action")
    except AccessDenied as exc:
        messages.error(request, str(exc.message))
        return HttpResponse(str(exc.message), status=403)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Recorded."))
    return redirect("frontdesk:notice", pk=notice.pk)


@project_view(VIEW_PERM)
@object_view(Notice)
def notice_pdf(request, pk: int):
    """The notice to post on the boards (A4)."""
    notice = _notice(request, pk)
    response = HttpResponse(pdf.notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = disposition(f"{notice.number}.pdf", inline=True)
    return response


# ---------------------------------------------------------------- the boards


@project_view(POST_PERM)
def boards(request):
    """张贴任务: the boards to post or clear, the user's own first (a butler's phone page);
    `?all=1` shows every open board she may see."""
    everyone = request.GET.get("all") == "1"
    now = timezone.now()
    rows = selectors.board_tasks(request.user, request.project, everyone=everyone)
    tasks = [(p, selectors.is_overdue(p, now)) for p in rows[:200]]
    return render(request, "frontdesk/boards.html", {"tasks": tasks, "everyone": everyone, "now": now})


@project_view(POST_PERM)
@object_view(NoticePosting)
def board_posting(request, pk: int):
    """Mark one board posted or taken down (a photo optional)."""
    posting = get_object_for_user(
        NoticePosting.objects.select_related("notice", "building", "project"),
        request.user,
        pk,
        perm=POST_PERM,
    )
    if request.method != "POST":
        return redirect("frontdesk:notice", pk=posting.notice_id)
    action, photo = request.POST.get("action", ""), request.FILES.get("photo")
    try:
        if action == "post":
            services.mark_posted(posting=posting, actor=request.user, photo=photo)
        elif action == "remove":
            services.mark_removed(posting=posting, actor=request.user, photo=photo)
        else:
            raise ServiceError(_("Unknown action."), field="action")
    except AccessDenied as exc:
        return HttpResponse(str(exc.message), status=403)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Recorded."))
    back = request.POST.get("next", "")
    if back == "notice":
        return redirect("frontdesk:notice", pk=posting.notice_id)
    return redirect("frontdesk:boards")
