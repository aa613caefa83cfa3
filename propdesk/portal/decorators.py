"""The owner portal's one guard: a signed-in person; what they see is `registry.visibility`'s rule."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required

from .services.sessions import record_session


def portal_view(view):
    """A portal page: signed in (else the login page, coming back here afterwards).

    Nothing else is checked here on purpose: every portal read goes through
    `registry.visibility`, so a signed-in person without a linked unit sees an empty portal and
    another owner's object is a 404.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        record_session(request)  # the Me page lists where the account is signed in
        return view(request, *args, **kwargs)

    return login_required(wrapped)
