"""Activating an owner's or tenant's portal account with the registry's mobile number and an SMS code.

1. `request_code(phone=, ip_address=)`: every request is recorded; a 6-digit code is sent through
   the SMS adapter (`notices.channels.sms_backend`) only when the registry holds a current owner or
   tenant with that mobile. The answer is the same either way (no one learns whose number is
   registered); only a throttle says so.
2. `activate(phone=, code=, username=, password=, ip_address=)`: the latest code sent to that
   number, unexpired, unused, with attempts left, must match; the account is created (or the
   person's existing account re-activated) with a password passing AUTH_PASSWORD_VALIDATORS and
   linked to every party of that number that may have one — owners, and tenants whose owner
   consented (`consent.tenant_may_activate`).

The numbers are module constants (documented in docs/guide.md):
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from propdesk.core.audit import acting_as
from propdesk.core.crypto import phone_index
from propdesk.core.errors import LoginLocked, ServiceError
from propdesk.core.logins import is_mobile, normalise_username
from propdesk.notices.channels import sms_backend
from propdesk.registry.selectors import current_links_by_phone
from propdesk.registry.validators import mobile_problem, normalize_phone

from ..models import ActivationCode
from .consent import tenant_may_activate

log = logging.getLogger("propdesk.security")

CODE_DIGITS = 6
CODE_TTL = dt.timedelta(minutes=10)  # a code expires 10 minutes after it was sent
CODE_MAX_ATTEMPTS = 5  # wrong entries before a code is dead
REQUESTS_PER_PHONE_PER_HOUR = 5  # code requests per mobile number in an hour
REQUESTS_PER_IP_PER_HOUR = 20  # code requests from one address in an hour
_HASH_SALT = "propdesk.portal.activation"


class ActivationThrottled(LoginLocked):
    """Too many code requests: the API answers 429."""

    code = "throttled"


def code_hash(phone: str, code: str) -> str:
    return salted_hmac(_HASH_SALT, f"{phone}:{code}").hexdigest()


def check_phone(phone: str) -> str:
    phone = normalize_phone(phone)
    problem = mobile_problem(phone) if phone else _("enter your mobile number")
    if problem:
        raise ServiceError(_("Mobile number: %(problem)s.") % {"problem": problem}, field="phone")
    return phone


def _throttle(phone: str, ip_address: str | None, now: dt.datetime) -> None:
    recent = ActivationCode.objects.filter(created_at__gte=now - dt.timedelta(hours=1))
    if recent.filter(phone_index=phone_index(phone)).count() >= REQUESTS_PER_PHONE_PER_HOUR or (
        ip_address and recent.filter(ip_address=ip_address).count() >= REQUESTS_PER_IP_PER_HOUR
    ):
        raise ActivationThrottled(
            _("Too many code requests. Try again in an hour or ask the service center's front desk."),
            field="phone",
        )


def sms_text(code: str) -> str:
    return _(
        "Your PropDesk activation code is %(code)s, valid for %(minutes)d minutes. Do not tell it to anyone."
    ) % {"code": code, "minutes": CODE_TTL.seconds // 60}


def request_code(*, phone: str, ip_address: str | None) -> ActivationCode:
    """Record a code request and send the code when the number is an owner's or tenant's."""
    phone = check_phone(phone)
    now = timezone.now()
    with transaction.atomic():
        _throttle(phone, ip_address, now)
        owned, rented = current_links_by_phone(phone)
        links = owned + rented
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        row = ActivationCode.objects.create(
            phone=phone,
            ip_address=ip_address,
            code_hash=code_hash(phone, code) if links else "",
            sent=bool(links),
            created_at=now,
            expires_at=now + CODE_TTL,
        )
        if links:
            project_id = links[0].project_id
            transaction.on_commit(
                lambda: sms_backend().send(
                    project_id=project_id, phone=phone, text=sms_text(code), notification_id=None
                )
            )
    return row


def _check_code(phone: str, code: str, now: dt.datetime) -> ActivationCode | ServiceError:
    """The code row when `code` is right; a wrong code counts an attempt and is returned as the
    error to raise after the count is committed."""
    code = (code or "").strip()
    if not code:
        raise ServiceError(_("Enter the code from the SMS."), field="code")
    latest = (
        ActivationCode.objects.select_for_update()
        .filter(phone_index=phone_index(phone), sent=True)
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None:
        raise ServiceError(
            _("No code was sent to this number. Check the number or ask for a code first."), field="code"
        )
    matches = constant_time_compare(latest.code_hash, code_hash(phone, code))
    if latest.used_at is not None:
        raise ServiceError(_("This code has already been used. Ask for a new code."), field="code")
    if latest.attempts >= CODE_MAX_ATTEMPTS:
        raise ServiceError(_("Too many wrong codes. Ask for a new code."), field="code")
    if latest.expires_at <= now:
        raise ServiceError(_("This code has expired. Ask for a new code."), field="code")
    if not matches:
        # Counted in the database: concurrent wrong guesses cannot overwrite each other's count.
        ActivationCode.objects.filter(pk=latest.pk).update(attempts=F("attempts") + 1)
        return ServiceError(
            _("The code is wrong or was not sent to this number (%(left)d tries left).")
            % {"left": max(CODE_MAX_ATTEMPTS - latest.attempts - 1, 0)},
            field="code",
            code="wrong_code",
        )
    return latest


def eligible_parties(phone: str) -> list:
    """The parties of this number that may have an account: owners, and tenants with consent.
    Raises the refusal that names why when there are none."""
    owned, rented = current_links_by_phone(phone)
    parties = {o.party_id: o.party for o in owned}
    refused = []
    for residency in rented:
        if tenant_may_activate(residency):
            parties.setdefault(residency.party_id, residency.party)
        else:
            refused.append(residency)
    if parties:
        return list(parties.values())
    if refused:
        raise ServiceError(
            _(
                "The owner of %(unit)s has not agreed to a portal account for the tenant. Ask the owner to"
                " agree in their portal (Me, tenant accounts), or bring the owner's written consent to the"
                " front desk."
            )
            % {"unit": f"{refused[0].unit.building.name} {refused[0].unit.number}"},
            field="phone",
            code="no_consent",
        )
    raise ServiceError(
        _("This number is not registered for an owner or tenant. Ask the service center's front desk."),
        field="phone",
    )


def activate(*, phone: str, code: str, username: str, password: str, ip_address: str | None = None):
    """Check the code, then create or re-activate the account and link it. Returns the user."""
    phone = check_phone(phone)
    now = timezone.now()
    User = get_user_model()
    # The attempt is counted even when the rest fails: its own transaction, committed first.
    with transaction.atomic():
        row = _check_code(phone, code, now)
    if isinstance(row, ServiceError):
        raise row
    with transaction.atomic():
        parties = eligible_parties(phone)
        user = next((p.user for p in parties if p.user_id), None)
        username = normalise_username(username)
        if not username or is_mobile(username):  # they sign in with the mobile; it is never a login name
            username = _opaque_username(User)
        if user is None:
            if User.objects.filter(username__iexact=username).exists():
                raise ServiceError(_("This username is taken: choose another one."), field="username")
            user = User(username=username, phone=phone, display_name=parties[0].name[:50])
        if not password:
            raise ServiceError(_("Enter a new password."), field="password")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ServiceError(" ".join(exc.messages), field="password") from None
        claimed = ActivationCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now)
        if not claimed:
            raise ServiceError(_("This code has already been used. Ask for a new code."), field="code")
        user.set_password(password)
        user.is_active = True
        with acting_as(user if user.pk else None):
            user.save()
            for party in parties:
                if party.user_id != user.pk:
                    party.user = user
                    party.save(update_fields=["user"])
    log.info("portal account %s activated from %s", user.pk, ip_address)
    return user


def _opaque_username(User) -> str:
    """A login name that says nothing about the person (the owner signs in with the mobile number)."""
    while True:
        name = f"owner-{secrets.token_hex(4)}"
        if not User.objects.filter(username__iexact=name).exists():
            return name
