"""Who did it: the acting user for audit history, wherever the change comes from.

Web and API requests are covered by simple-history's request middleware (DRF sets the
authenticated user on the underlying request). Services, commands and tasks run
inside `acting_as(user)`, which wins over the request. A command run without a
person acts as the `system` user so that no history row is anonymous.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

_actor: contextvars.ContextVar = contextvars.ContextVar("propdesk_actor", default=None)

SYSTEM_USERNAME = "system"


@contextlib.contextmanager
def acting_as(user):
    token = _actor.set(user)
    try:
        yield user
    finally:
        _actor.reset(token)


def current_actor():
    actor = _actor.get()
    if actor is not None:
        return actor
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        return user
    return None


def history_user_getter(instance, **kwargs):
    return current_actor()


def system_user():
    """The account that background jobs and commands act as when no person started them. Its
    name is stored once, in the site's language, whoever's session happens to create it."""
    User = get_user_model()
    with translation.override(settings.LANGUAGE_CODE):
        name = _("System")
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"display_name": name, "is_active": False}
    )
    return user
