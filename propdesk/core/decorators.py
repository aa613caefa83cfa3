"""View guards. Every staff view uses one of these, so the route test can check them all."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .access import has_any_project_perm


def project_view(perm: str, *alternatives: str):
    """Logged in, a current project, and `perm` (or any of `alternatives`) held in it; else login
    redirect or 403. The view itself narrows further when the alternatives see different things."""
    perms = (perm, *alternatives)

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            project = request.project if request.project else None
            if project is None or not has_any_project_perm(request.user, project, perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm
        wrapped.required_perms = perms  # the menu shows an entry only to who may open it (core.nav)
        return wrapped

    return decorator


def object_view(model, *, url_kwargs=None):
    """Declare which model a view's URL arguments point at.

    The route authorization test uses it to build a URL for another project's object
    and prove the view answers 403/404. `url_kwargs(obj)` builds the URL arguments
    (default: {"pk": obj.pk}).
    """

    def decorator(view):
        view.access_model = model
        view.access_url_kwargs = url_kwargs or (lambda obj: {"pk": obj.pk})
        return view

    return decorator


def route_kwargs(build):
    """For a view whose URL arguments are not a project's object (e.g. a job name): how to build a sample URL.

    The route authorization test calls `build()` and expects the outsider to be refused.
    """

    def decorator(view):
        view.access_model = None
        view.access_url_kwargs = lambda _obj: build()
        return view

    return decorator
