"""The center director's side of hand-offs: those not accepted in time, taken over or reassigned."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core.access import get_object_for_user
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError
from propdesk.core.models import User

from .. import services
from ..models import HandOff

REASSIGN = "servicedesk.reassign_request"


@project_view(REASSIGN)
@object_view(HandOff)
@require_POST
def intervene(request, pk: int):
    """主任处理超时未接收的转交: take it over ("take") or reassign it to someone else ("redirect")."""
    item = get_object_for_user(HandOff.objects.select_related("request"), request.user, pk, perm=REASSIGN)
    action = request.POST.get("action")
    try:
        if action == "take":
            services.take_over_handoff(handoff=item, actor=request.user, note=request.POST.get("note", ""))
            messages.success(request, _("You now hold %(number)s.") % {"number": item.request.number})
        elif action == "redirect":
            to = (
                User.objects.filter(
                    pk=request.POST.get("to_user") or 0,
                    memberships__project_id=item.project_id,
                    memberships__is_active=True,
                )
                .distinct()
                .first()
            )
            if to is None:
                raise ServiceError(_("Choose whom to hand it to."), field="to_user")
            services.redirect_handoff(
                handoff=item, to=to, reason=request.POST.get("reason", ""), actor=request.user
            )
            messages.success(request, _("Reassigned; it waits for %(name)s to accept.") % {"name": to})
        else:
            messages.error(request, _("Unknown action."))
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("servicedesk:handoffs")
