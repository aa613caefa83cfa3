"""报修与投诉: my requests with their deadlines, a new one with photos from the phone, the timeline,
confirming a repair with a signature, rating, and agreeing to (or declining) a quoted price."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core.decorators import object_view
from propdesk.core.errors import ServiceError
from propdesk.paidservices.models import ServiceItem
from propdesk.registry.visibility import portal_units, unit_accesses
from propdesk.servicedesk import hooks as desk_hooks
from propdesk.servicedesk.choices import RequestKind
from propdesk.servicedesk.models import ServiceRequest
from propdesk.servicedesk.services import portal as desk_portal

from ..decorators import portal_view
from ..forms import ConfirmForm, PriceForm, RateForm, RequestForm
from ..selectors import requests as reads


def _mine(request, pk: int) -> ServiceRequest:
    found = reads.request_detail(request.user, pk)
    if found is None:
        raise Http404
    return found


@portal_view
def requests_list(request):
    """报修 tab: my requests, newest first, with state and the running deadline."""
    return render(
        request, "portal/requests.html", {"rows": reads.my_requests(request.user), "tab": "requests"}
    )


def _initial(request, units) -> dict:
    """A service from the price list (`?item=`) or a kind (`?kind=`) fills the form in."""
    initial: dict = {"kind": request.GET.get("kind") or RequestKind.REPAIR}
    item_id = request.GET.get("item", "")
    if item_id.isdigit():
        item = ServiceItem.objects.filter(
            pk=item_id, project_id__in={u.project_id for u in units}, is_active=True
        ).first()
        if item is not None:
            initial.update(
                kind=RequestKind.PAID_SERVICE, content=_("Special service: %(name)s") % {"name": item.name}
            )
    if len(units) == 1:
        initial["unit"] = units[0].pk
    return initial


@portal_view
def request_new(request):
    """报事: kind, unit, description, photos taken with the phone's camera."""
    units = list(portal_units(request.user).order_by("building__name", "number"))
    if request.method == "POST":
        form = RequestForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            values = form.cleaned_data
            try:
                created = desk_portal.submit_owner_request(
                    actor=request.user,
                    unit=next(u for u in units if u.pk == values["unit"]),
                    kind=values["kind"],
                    content=values["content"],
                    preferred_time=values["preferred_time"],
                    photos=values["photos"],
                )
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                messages.success(
                    request,
                    _("Received: %(number)s. We will keep you posted here.") % {"number": created.number},
                )
                return redirect("portal:request", pk=created.pk)
    else:
        form = RequestForm(initial=_initial(request, units), units=units)
    return render(request, "portal/request_new.html", {"form": form, "units": units, "tab": "requests"})


@portal_view
@object_view(ServiceRequest)
def request_detail(request, pk: int):
    """One request: state, deadline, the timeline of its steps, and what the owner can do now."""
    obj = _mine(request, pk)
    actions = reads.owner_actions(request.user, obj, unit_accesses(request.user))
    return render(
        request,
        "portal/request_detail.html",
        {
            "obj": obj,
            "actions": actions,
            "confirm_form": ConfirmForm(),
            "rate_form": RateForm(),
            "tab": "requests",
        },
    )


def _act(request, pk: int, do) -> object:
    obj = _mine(request, pk)
    try:
        do(obj)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    return redirect("portal:request", pk=obj.pk)


@portal_view
@object_view(ServiceRequest)
@require_POST
def request_confirm(request, pk: int):
    """The owner confirms the completed repair with their signature drawn on the phone."""
    _mine(request, pk)  # another person's request: 404 before anything is read
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["signature"][0])
        return redirect("portal:request", pk=pk)

    def do(obj):
        desk_portal.owner_confirm_completion(
            request=obj, actor=request.user, signature_data_url=form.cleaned_data["signature"]
        )
        messages.success(request, _("Thank you: the repair is confirmed."))

    return _act(request, pk, do)


@portal_view
@object_view(ServiceRequest)
@require_POST
def request_rate(request, pk: int):
    _mine(request, pk)
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how satisfied you are."))
        return redirect("portal:request", pk=pk)

    def do(obj):
        desk_portal.rate_request(request=obj, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you for your rating."))

    return _act(request, pk, do)


@portal_view
@object_view(ServiceRequest)
@require_POST
def request_price(request, pk: int):
    """Agree to the quoted price (the work may start) or decline it (nothing is done or charged)."""
    _mine(request, pk)
    form = PriceForm(request.POST)
    if not form.is_valid():
        raise Http404
    decision = form.cleaned_data["decision"]

    def do(obj):
        name = "agree_price" if decision == "agree" else "decline_price"
        if not desk_hooks.owner_action(
            name, request=obj, actor=request.user, data={"reason": form.cleaned_data["reason"]}
        ):
            raise ServiceError(_("There is no price waiting for your agreement."))
        messages.success(
            request, _("You agreed to the price.") if decision == "agree" else _("You declined the price.")
        )

    return _act(request, pk, do)
