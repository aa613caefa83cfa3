"""Portal accounts end with the links that gave them (SPEC §1, issue 19).

An owner's or tenant's account (`Party.user`) exists because the registry links the person to a unit.
When an ownership or a residency ends (a sale, a move-out) and the person has no other current link
in any project, `close_account_if_unlinked` deactivates the account: `is_active` False, API tokens
deleted, and every closer registered by a higher layer called (the portal drops the account's
browser sessions). A person who also works in a project (a membership, a company role) keeps the
account: only the portal part of it ended.

Called explicitly by the registry's services that end links; never from a signal.
"""

from __future__ import annotations

from collections.abc import Callable

from rest_framework.authtoken.models import Token

from propdesk.core.audit import acting_as
from propdesk.core.models import CompanyRole, Membership

from ..models import Ownership, Party, Residency

_closers: list[Callable] = []


def register_account_closer(fn: Callable) -> None:
    """`fn(user=, actor=)` runs when a portal account is closed (e.g. to drop its sessions)."""
    if fn not in _closers:
        _closers.append(fn)


def has_current_link(user) -> bool:
    """Whether `user` owns, rents or lives in any unit today (through any of their parties)."""
    return (
        Ownership.objects.filter(party__user=user, ended_on__isnull=True).exists()
        or Residency.objects.filter(party__user=user, ended_on__isnull=True).exists()
    )


def works_somewhere(user) -> bool:
    return (
        user.is_staff
        or user.is_superuser
        or Membership.objects.filter(user=user).exists()
        or CompanyRole.objects.filter(user=user).exists()
    )


def close_account(*, user, actor) -> None:
    """Deactivate a portal account now: no sign-in, no token, no session (staff accounts are kept)."""
    if works_somewhere(user):
        return
    Token.objects.filter(user=user).delete()
    if user.is_active:
        user.is_active = False
        with acting_as(actor):
            user.save(update_fields=["is_active"])
    for closer in list(_closers):
        closer(user=user, actor=actor)


def close_account_if_unlinked(*, party: Party, actor) -> bool:
    """After one of `party`'s links ended: close its account when nothing links it any more."""
    user = party.user if party.user_id else None
    if user is None or has_current_link(user):
        return False
    close_account(user=user, actor=actor)
    return True
