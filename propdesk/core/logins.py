"""One lockout for every way in: the login page, the admin's login and the API's token endpoint.

All three end in Django's `authenticate()`, and so in `PositionPermissionBackend.authenticate`,
which normalises the username once, refuses a locked username or address before the password is
looked at, and records every attempt. The forms and the token view only ask `check_login_allowed`
first to show the lock's own message instead of "wrong password".
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import re
import unicodedata

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from .crypto import phone_index
from .errors import LoginLocked, ServiceError
from .models import LoginAttempt

log = logging.getLogger("propdesk.security")


def normalise_username(raw) -> str:
    """The username as every check sees it: text, NFKC (full-width letters become ASCII), trimmed."""
    return unicodedata.normalize("NFKC", str(raw or "")).strip()[:150]


MOBILE = re.compile(r"^1\d{10}$")


def as_mobile(name: str) -> str | None:
    """The mainland mobile number typed where a username goes (spaces and dashes allowed), or None:
    owners sign in with it."""
    digits = re.sub(r"[\s-]", "", name)
    return digits if MOBILE.match(digits) else None


def is_mobile(name: str) -> bool:
    return as_mobile(name) is not None


def attempt_key(raw) -> str:
    """What the lock counts and the attempt records: the normalised username, or for a mobile
    number its blind index (`tel:` + HMAC), so no clear number is kept in the login log."""
    name = normalise_username(raw)
    number = as_mobile(name)
    return f"tel:{phone_index(number)[:40]}" if number else name


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the proxy-appended X-Forwarded-For entry when trusted."""
    if request is None:
        return None
    candidates = []
    if settings.TRUST_X_FORWARDED_FOR:
        candidates.append(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR") or "")
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue  # a misconfigured proxy header is ignored, not stored
    return None


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def check_login_allowed(*, username: str, ip_address: str | None) -> None:
    """Raise LoginLocked when this username or this address failed too often in the window."""
    username = attempt_key(username)
    recent = LoginAttempt.objects.filter(at__gte=_window_start(), succeeded=False)
    too_many = settings.LOGIN_MAX_FAILURES
    if (username and recent.filter(username__iexact=username).count() >= too_many) or (
        ip_address and recent.filter(ip_address=ip_address).count() >= too_many * 4
    ):
        raise LoginLocked(
            _("Too many failed logins. Try again in %(minutes)d minutes.")
            % {"minutes": settings.LOGIN_FAILURE_WINDOW_MINUTES},
            field="username",
        )


def record_login_attempt(*, username: str, ip_address: str | None, succeeded: bool) -> None:
    username = attempt_key(username)
    LoginAttempt.objects.create(
        username=username, ip_address=ip_address, succeeded=succeeded, at=timezone.now()
    )
    if succeeded:
        # A successful login forgives this username's earlier failures.
        LoginAttempt.objects.filter(
            username__iexact=username, succeeded=False, at__gte=_window_start()
        ).delete()


def purge_login_attempts(*, older_than_days: int = 30) -> int:
    """Forget login attempts older than the retention period. Idempotent."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    deleted, _detail = LoginAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted


def change_password(*, user, old_password: str, new_password: str) -> None:
    """Change one's own password (staff, owners and tenants alike).

    The old password must be right and the new one pass every validator of
    AUTH_PASSWORD_VALIDATORS (field named in the error); the user's API tokens are revoked, and
    Django's session hash makes every other logged-in browser log in again.
    """
    if not user.check_password(old_password or ""):
        raise ServiceError(_("The current password is wrong."), field="old_password")
    if not new_password:
        raise ServiceError(_("Enter a new password."), field="new_password")
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="new_password") from None
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        Token.objects.filter(user=user).delete()
    log.info("password changed by user %s", user.pk)
