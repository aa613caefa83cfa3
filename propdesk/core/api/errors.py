"""One error body for the whole API: {"code", "message", "fields"}.

`fields` maps each input name to its messages, so a client can put the message
next to the field; `message` is one sentence a person can read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from propdesk.core.errors import AccessDenied, LoginLocked, ServiceError


def _flatten(detail) -> list[str]:
    if isinstance(detail, list):
        return [str(item) for sub in detail for item in _flatten(sub)]
    if isinstance(detail, dict):
        return [f"{key}: {item}" for key, value in detail.items() for item in _flatten(value)]
    return [str(detail)]


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        code = status.HTTP_400_BAD_REQUEST
        if isinstance(exc, AccessDenied):
            code = status.HTTP_403_FORBIDDEN
        elif isinstance(exc, LoginLocked):
            code = status.HTTP_429_TOO_MANY_REQUESTS
        fields = {exc.field: [str(exc.message)]} if exc.field else {}
        return Response({"code": exc.code, "message": str(exc.message), "fields": fields}, status=code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in ("non_field_errors", "detail"):
                continue
            fields[key] = _flatten(value)
        messages = _flatten(detail.get("non_field_errors", [])) + _flatten(detail.get("detail", []))
        message = messages[0] if messages else "; ".join(f"{k}: {v[0]}" for k, v in fields.items())
    else:
        message = "; ".join(_flatten(detail))
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
    response.data = {"code": code, "message": message, "fields": fields}
    return response
