"""Where a portal account is signed in: its recorded browser sessions and its API token.

`record_session` is called by the portal's guard on each page; `sign_out_elsewhere` drops every other
session and the API token; `drop_sessions` is registered with the registry as an account closer, so
an account closed when its last link ends is signed out everywhere.
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework.authtoken.models import Token

from propdesk.core.logins import client_ip

from ..models import PortalSession

_RECORDED = "portal_session_recorded"


def record_session(request) -> None:
    """Remember this browser session of the signed-in person (once per session)."""
    key = request.session.session_key
    if not key or request.session.get(_RECORDED) == key:
        return
    PortalSession.objects.get_or_create(
        session_key=key,
        defaults={
            "user": request.user,
            "ip_address": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
            "created_at": timezone.now(),
        },
    )
    request.session[_RECORDED] = key


def active_sessions(user) -> list[PortalSession]:
    """The account's recorded sessions that have not expired or been signed out."""
    live = set(
        Session.objects.filter(
            session_key__in=PortalSession.objects.filter(user=user).values("session_key"),
            expire_date__gt=timezone.now(),
        ).values_list("session_key", flat=True)
    )
    PortalSession.objects.filter(user=user).exclude(session_key__in=live).delete()
    return list(PortalSession.objects.filter(user=user, session_key__in=live))


def api_token(user) -> Token | None:
    return Token.objects.filter(user=user).first()


def sign_out_elsewhere(*, user, keep_session_key: str | None, actor) -> int:
    """Every other session of `user` ends and the API token is revoked. Returns how many ended."""
    others = PortalSession.objects.filter(user=user).exclude(session_key=keep_session_key or "")
    keys = list(others.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    others.delete()
    tokens, _detail = Token.objects.filter(user=user).delete()
    return len(keys) + tokens


def drop_sessions(*, user, actor) -> None:
    """An account closer: every session of the account ends."""
    sign_out_elsewhere(user=user, keep_session_key=None, actor=actor)
