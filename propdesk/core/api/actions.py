"""What the API's write actions share, in the order they run: find the object and check the
permission (404 when the caller cannot see it, 403 without the permission — before the body is read,
so an outsider learns nothing from a validation error), validate the body with a serializer (400
naming each field at fault), call the service, answer with the serialized object.

The services' typed errors need no catching here: the exception handler (errors.py) turns a
`ServiceError` into a 400 naming its field and an `AccessDenied` into a 403, with one error body.
"""

from __future__ import annotations

from rest_framework import serializers, status
from rest_framework.fields import empty
from rest_framework.response import Response

from propdesk.core.access import get_object_for_user, require_project_perm


def target(request, name: str, queryset, perm: str):
    """The object whose id the raw body gives under `name`, checked like a page's object: 404 when
    invisible to the caller, 403 without `perm` in its project, 400 naming `name` when missing or
    not an id."""
    data = request.data if hasattr(request.data, "get") else {}
    try:
        pk = serializers.IntegerField(min_value=1).run_validation(data.get(name, empty))
    except serializers.ValidationError as exc:
        raise serializers.ValidationError({name: exc.detail}) from None
    return get_object_for_user(queryset, request.user, pk, perm=perm)


def object_with(view, perm: str):
    """The URL's object through the viewset's queryset (404 when invisible), then `perm` in its
    project (403), as the page's `get_object_for_user(..., perm=)` does."""
    obj = view.get_object()
    require_project_perm(view.request.user, obj.project, perm)
    return obj


def valid(serializer_class, request, *, partial: bool = False, **context) -> dict:
    """The body's values as `serializer_class` validates them (400 naming each field otherwise).
    `context` reaches the serializer (e.g. the project that scopes its related objects)."""
    data = serializer_class(data=request.data, partial=partial, context={"request": request, **context})
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def answer(serializer_class, obj, request, code: int = status.HTTP_200_OK) -> Response:
    """The object as the action's answer (201 for a creation)."""
    return Response(serializer_class(obj, context={"request": request}).data, status=code)
