"""Activating a portal account (public pages, no login) and the front desk's actions on the unit page
(发送开通邀请, a tenant's consent from the owner's written consent)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import password_validators_help_texts
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core.access import get_object_for_user
from propdesk.core.decorators import object_view, project_view
from propdesk.core.errors import ServiceError
from propdesk.core.logins import client_ip
from propdesk.registry.models import Party, Unit

from .. import services
from ..forms import ActivateForm, PhoneForm
from ..services.activation import ActivationThrottled
from ..services.consent import DESK_PERM
from ..services.invitations import INVITE_PERM

_PHONE = "portal_activation_phone"


def public_page(view):
    """A page anyone may open (no sign-in): the account activation."""
    view.public = True
    return view


def neutral_message() -> str:
    return _(
        "If this number is registered for an owner or tenant, a code is on its way by SMS. It is valid"
        " for 10 minutes."
    )


@public_page
def activate(request):
    """开通账号 step 1: the mobile number the service center holds for you."""
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_code(phone=form.cleaned_data["phone"], ip_address=client_ip(request))
        except ActivationThrottled as exc:
            form.add_error("phone", exc.message)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            request.session[_PHONE] = form.cleaned_data["phone"].strip()
            messages.info(request, neutral_message())
            return redirect("portal:activate_verify")
    return render(request, "portal/activate.html", {"form": form})


@public_page
def activate_verify(request):
    """开通账号 step 2: the code from the SMS, a username and a password; then signed in."""
    form = ActivateForm(request.POST or None, initial={"phone": request.session.get(_PHONE, "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.activate(
                phone=data["phone"],
                code=data["code"],
                username=data["username"],
                password=data["password"],
                ip_address=client_ip(request),
            )
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            request.session.pop(_PHONE, None)
            login(request, user)
            messages.success(request, _("Your account is open. Welcome!"))
            return redirect("portal:home")
    return render(
        request, "portal/activate_verify.html", {"form": form, "rules": password_validators_help_texts()}
    )


def _desk_unit(request, pk: int, perm: str) -> Unit:
    return get_object_for_user(
        Unit.objects.select_related("building", "project"), request.user, pk, perm=perm
    )


def _unit_party(unit: Unit, raw) -> Party:
    return get_object_or_404(
        Party.objects.filter(project_id=unit.project_id), pk=raw if str(raw).isdigit() else 0
    )


@project_view(INVITE_PERM)
@object_view(Unit)
@require_POST
def invite(request, pk: int):
    """发送开通邀请: the activation link by SMS to a current owner or tenant of the unit."""
    unit = _desk_unit(request, pk, INVITE_PERM)
    party = _unit_party(unit, request.POST.get("party"))
    try:
        services.send_invitation(unit=unit, party=party, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Invitation sent to %(name)s by SMS.") % {"name": party.name})
    return redirect("registry:unit", pk=unit.pk)


@project_view(DESK_PERM)
@object_view(Unit)
@require_POST
def desk_consent(request, pk: int):
    """The owner's written consent to the tenant's account, recorded at the front desk with a reason."""
    unit = _desk_unit(request, pk, DESK_PERM)
    tenant = _unit_party(unit, request.POST.get("tenant"))
    try:
        services.grant_tenant_consent(
            unit=unit, tenant=tenant, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The owner's consent for %(name)s is recorded.") % {"name": tenant.name})
    return redirect("registry:unit", pk=unit.pk)
