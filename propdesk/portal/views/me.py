"""我的 (Me): who I am, my units and roles, emergency contacts, my tenants' consent, my password and
where I am signed in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import password_validators_help_texts
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from propdesk.core import logins
from propdesk.core.decorators import object_view
from propdesk.core.errors import ServiceError
from propdesk.core.forms import PasswordChangeForm
from propdesk.registry.models import EmergencyContact, Party, Unit
from propdesk.registry.visibility import owned_units, portal_units, unit_accesses

from .. import services
from ..decorators import portal_view
from ..forms import ContactForm
from ..models import TenantConsent
from ..selectors.me import me_context
from ..services.sessions import active_sessions, api_token


def _page(request, *, password_form=None, contact_forms=None, status=200):
    context = me_context(request.user, unit_accesses(request.user))
    context.update(
        {
            "tab": "me",
            "password_form": password_form or PasswordChangeForm(),
            "rules": password_validators_help_texts(),
            "sessions": active_sessions(request.user),
            "current_session": request.session.session_key,
            "token": api_token(request.user),
            "contact_forms": contact_forms or {},
            "blank_contact_form": ContactForm(),
        }
    )
    return render(request, "portal/me.html", context, status=status)


@portal_view
def me(request):
    return _page(request)


@portal_view
@require_POST
def me_password(request):
    form = PasswordChangeForm(request.POST)
    if form.is_valid():
        try:
            logins.change_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ServiceError as exc:
            form.add_error(exc.field, exc.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("portal:me")
    return _page(request, password_form=form, status=400)


@portal_view
@require_POST
def me_sign_out_elsewhere(request):
    count = services.sign_out_elsewhere(
        user=request.user, keep_session_key=request.session.session_key, actor=request.user
    )
    messages.success(request, _("Signed out on %(n)d other devices and tokens.") % {"n": count})
    return redirect("portal:me")


@portal_view
@object_view(Unit)
@require_POST
def me_contact_add(request, pk: int):
    unit = get_object_or_404(portal_units(request.user), pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.add_contact(unit=unit, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Emergency contact added."))
            return redirect("portal:me")
    return _page(request, contact_forms={unit.pk: form}, status=400)


@portal_view
@object_view(EmergencyContact)
@require_POST
def me_contact_remove(request, pk: int):
    contact = get_object_or_404(
        EmergencyContact.objects.filter(unit__in=portal_units(request.user), is_active=True), pk=pk
    )
    try:
        services.remove_contact(contact=contact, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Emergency contact removed."))
    return redirect("portal:me")


@portal_view
@object_view(Unit)
@require_POST
def me_consent_grant(request, pk: int):
    """同意租户开通: the owner agrees to their tenant's portal account."""
    unit = get_object_or_404(owned_units(request.user), pk=pk)
    tenant = get_object_or_404(
        Party.objects.filter(project_id=unit.project_id), pk=_int(request.POST.get("tenant"))
    )
    try:
        services.grant_tenant_consent(unit=unit, tenant=tenant, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You agreed to %(name)s's portal account.") % {"name": tenant.name})
    return redirect("portal:me")


@portal_view
@object_view(TenantConsent)
@require_POST
def me_consent_revoke(request, pk: int):
    consent = get_object_or_404(
        TenantConsent.objects.filter(unit__in=owned_units(request.user), revoked_at__isnull=True), pk=pk
    )
    try:
        services.revoke_tenant_consent(consent=consent, actor=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Consent revoked: the tenant's portal account is closed."))
    return redirect("portal:me")


def _int(raw) -> int:
    return int(raw) if str(raw or "").isdigit() else 0
