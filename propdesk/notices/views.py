from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from propdesk.core.decorators import object_view

from . import permissions, selectors, services
from .models import Notification

# Notifications are personal: any logged-in user reads their own, whatever their project permissions.


@login_required
def notification_list(request):
    rows = selectors.notifications_of(request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page})


@login_required
def bell(request):
    """The navbar's bell, loaded by htmx so that no page pays for the count while rendering."""
    unread = selectors.unread_of(request.user).count()
    return render(request, "notices/_bell.html", {"unread": unread})


@login_required
def poll(request):
    """For notices/live.js on the phone pages: the unread count and the newest unread one, so the page
    can ring, show the badge and fetch what is new only when something arrived."""
    return JsonResponse(selectors.latest_unread(request.user))


@login_required
@require_POST
@object_view(Notification)
def mark_read(request, pk: int):
    notification = Notification.objects.filter(pk=pk).first()
    if notification is None or not permissions.can_read(request.user, notification):
        raise Http404
    services.mark_read(notification=notification, actor=request.user)
    if request.POST.get("open") and notification.link.startswith("/"):
        return redirect(notification.link)
    return redirect("notices:list")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(actor=request.user)
    return redirect("notices:list")
