"""Typed errors raised by services. Views and the API turn them into 400/403 with the field named."""

from __future__ import annotations


class ServiceError(Exception):
    """A business rule refused the action. `field` names the input at fault, when there is one."""

    code = "invalid"

    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code


class AccessDenied(ServiceError):
    code = "permission_denied"


class LoginLocked(ServiceError):
    code = "login_locked"
