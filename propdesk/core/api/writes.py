"""The steps every API write takes, in this order (the twins of page actions, test_api_twins.py):

1. find the object the request is about — from the URL (`detail_write`) or, for a create, from the raw
   body (`target`) — through the model's `for_user`: 404 when the caller cannot see it;
2. the permission in its project: 403 (the same one the page checks);
3. only then validate the body (`valid`): 400 naming each field at fault, so an outsider learns
   nothing from a validation error;
4. call the service the page calls. Its `ServiceError` needs no catching: the API's exception handler
   (`errors.py`) answers 400 (403 for `AccessDenied`) naming the field the service named, and the
   service's transaction has written nothing;
5. answer the object as it now is (`answer`).
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework import status as http
from rest_framework.fields import empty
from rest_framework.response import Response

from propdesk.core.access import get_object_for_user, require_project_perm


def raw(request, name):
    """The body's value under `name` before validation, or None when it is absent or empty."""
    data = request.data if hasattr(request.data, "get") else {}
    value = data.get(name)
    return None if value in (None, "") else value


def target(request, name, queryset, perm):
    """The object named in the raw body under `name`, checked (404, then 403 without `perm`) before the
    body is validated; a missing or malformed id is a 400 naming `name`."""
    data = request.data if hasattr(request.data, "get") else {}
    try:
        pk = serializers.IntegerField(min_value=1).run_validation(data.get(name, empty))
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from None
    return get_object_for_user(queryset, request.user, pk, perm=perm)


def valid(serializer_class, request, *, partial: bool = False, **context) -> dict:
    """The body validated by `serializer_class` (the request and `context` in its context, e.g. the
    project that scopes its related objects): its values, or a 400 naming each field at fault."""
    data = serializer_class(data=request.data, partial=partial, context={"request": request, **context})
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def detail_write(view, perm):
    """The URL's object through the viewset's queryset (404 when invisible), then `perm` in its project
    (403)."""
    obj = view.get_object()
    require_project_perm(view.request.user, obj.project, perm)
    return obj


def answer(serializer, *, created: bool = False) -> Response:
    """The serialized object: 201 for what the write created, 200 otherwise."""
    return Response(serializer.data, status=http.HTTP_201_CREATED if created else http.HTTP_200_OK)
