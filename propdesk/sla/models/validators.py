"""Validators of the SLA configuration fields: working-hour intervals and comma-separated choices."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .. import choices, clockmath


def _validate_intervals(value: str) -> None:
    try:
        clockmath.parse_intervals(value)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def _csv(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


@deconstructible
class ChoicesListValidator:
    """Every comma-separated value is one of the choices."""

    def __init__(self, choices_name: str):
        self.choices_name = choices_name

    def __call__(self, value: str) -> None:
        allowed = getattr(choices, self.choices_name).values
        unknown = [v for v in _csv(value) if v not in allowed]
        if unknown:
            raise ValidationError(_("Unknown value: %(values)s") % {"values": ", ".join(unknown)})

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoicesListValidator) and other.choices_name == self.choices_name


validate_events = ChoicesListValidator("Event")
validate_recipients = ChoicesListValidator("Recipient")
validate_channels = ChoicesListValidator("Channel")
