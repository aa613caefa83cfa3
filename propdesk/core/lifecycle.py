"""The lifecycle kit: the one way an aggregate's status changes and is recorded.

An aggregate with states declares them in its app's `transitions.py`:

    DRAWER = lifecycle.register(
        lifecycle.Lifecycle(
            model=DrawerSession,
            event_model=DrawerSessionEvent,
            moves=[
                lifecycle.Move(DrawerStatus.OPEN, DrawerStatus.CLOSED, sets=("closed_at",)),
                lifecycle.Move(DrawerStatus.CLOSED, DrawerStatus.DEPOSITED, allowed=can_bank),
            ],
        )
    )

and its services change the status with `move(obj, to=…, actor=…, reason=…, **fields)`, which

1. locks the row (`select_for_update`) and reads its status afresh,
2. finds the declared move from that status to `to` (refused with the field `status` named),
3. asks the move's `allowed(actor, row)` — a `permissions.can_<verb>` function — when it has one,
4. sets the status and the fields the move declares it sets (others are a programming error),
5. saves, and writes one event row (project, from, to, actor, reason, time) in the same transaction.

Pages and the API ask `allowed_moves(obj, user)` which actions to offer, so no template or view
compares a status literal or restates a rule.

A status is written nowhere else. `register` puts a guard on the model's status attribute: once
an instance is loaded, assigning it a different value outside `move` raises `StatusWriteRefused`
(creating a row in any state, and `refresh_from_db`, stay possible). Bulk `QuerySet.update(status=…)`
bypasses Python; `core/tests/test_lifecycle_registry.py` reads the source and fails on one.

The event tables share one shape (`StatusEvent`: project, from_status, to_status, actor, reason,
at) with a real foreign key to their aggregate, found by the kit. An aggregate whose events join a
wider timeline (the service desk's request timeline) passes `write_event` instead.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models.query_utils import DeferredAttribute
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import acting_as
from .errors import AccessDenied, ServiceError

Allowed = Callable[[object, object], bool]
"""`allowed(user, obj) -> bool`: may this user make the move on this object (a `can_<verb>`)."""


class StatusWriteRefused(RuntimeError):
    """A status was assigned outside the lifecycle kit. A programming error, never a user's."""


@dataclass(frozen=True)
class Move:
    """One allowed change: from any of `source` to `target`.

    `allowed` is who may make it (None: whoever the service lets through); `sets` names the
    fields the move may set besides the status; `needs_reason` refuses a move without a reason;
    `name` and `label` are the action as pages show it (a verb and its button text).
    """

    source: str | tuple[str, ...]
    target: str
    allowed: Allowed | None = None
    sets: tuple[str, ...] = ()
    needs_reason: bool = False
    name: str = ""
    label: str = ""
    event: str = ""
    """For a timeline with kinds of steps (the service desk's), the kind this move records."""

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)

    def permits(self, user, obj) -> bool:
        return self.allowed is None or bool(self.allowed(user, obj))


EventWriter = Callable[..., object]
"""`write_event(row, *, from_status, to_status, actor, reason, at, move, **event_data)`: records
the change (`move` is None for the creation event)."""


@dataclass
class Lifecycle:
    """An aggregate's states (the choices of `field`) and the moves between them."""

    model: type[models.Model]
    moves: list[Move]
    noun: str = ""
    """What the refusal calls it; the model's verbose name when empty."""
    event_model: type[models.Model] | None = None
    write_event: EventWriter | None = None
    field: str = "status"
    refusal: str = ""
    """A msgid with %(from)s and %(to)s for a refused move; the kit's own names the noun."""
    tones: dict[str, str] = dataclasses.field(default_factory=dict)
    """How pages colour a state's badge (Bootstrap's success, warning, danger, info, primary…);
    `secondary` for a state not named."""
    _event_fk: str = dataclasses.field(default="", init=False, repr=False)

    def __post_init__(self) -> None:
        if (self.event_model is None) == (self.write_event is None):
            raise TypeError(f"{self.model.__name__}: give event_model or write_event, not both or neither")
        states = set(self.states)
        for m in self.moves:
            unknown = {*m.sources, m.target} - states
            if unknown:
                raise TypeError(f"{self.model.__name__}: {sorted(unknown)} are not states of {self.field}")
            for name in m.sets:
                self.model._meta.get_field(name)  # FieldDoesNotExist on a typo, at import time
        unknown_tones = set(self.tones) - states
        if unknown_tones:
            raise TypeError(f"{self.model.__name__}: tones for {sorted(unknown_tones)}, which are not states")
        if self.event_model is not None:
            fks = [
                f.name
                for f in self.event_model._meta.concrete_fields
                if f.is_relation and f.related_model is self.model
            ]
            if len(fks) != 1:
                raise TypeError(f"{self.event_model.__name__} needs one foreign key to {self.model.__name__}")
            self._event_fk = fks[0]

    def status_field(self) -> models.Field:
        return _concrete(self.model, self.field)

    @property
    def states(self) -> list[str]:
        return [value for value, _label in self.status_field().flatchoices]

    def label(self, state: str) -> str:
        return str(dict(self.status_field().flatchoices).get(state, state))

    def tone(self, state: str) -> str:
        return self.tones.get(state, "secondary")

    def table(self) -> dict[str, set[str]]:
        """from-state → the states it may move to (every state is a key)."""
        table: dict[str, set[str]] = {s: set() for s in self.states}
        for m in self.moves:
            for s in m.sources:
                table[s].add(m.target)
        return table

    def find(self, from_state: str, to_state: str) -> Move | None:
        for m in self.moves:
            if from_state in m.sources and m.target == to_state:
                return m
        return None

    def can(self, from_state: str, to_state: str) -> bool:
        return self.find(from_state, to_state) is not None


_REGISTRY: dict[type[models.Model], Lifecycle] = {}
_refreshing: contextvars.ContextVar[bool] = contextvars.ContextVar("lifecycle_refreshing", default=False)


class _GuardedStatus(DeferredAttribute):
    """The status attribute of a registered model: a changed value only through `move`."""

    def __set__(self, instance, value) -> None:
        data = instance.__dict__
        name = self.field.attname
        if name in data and data[name] != value and not _refreshing.get():
            raise StatusWriteRefused(
                f"{type(instance).__name__}.{name} changes only through core.lifecycle.move "
                f"({data[name]!r} → {value!r})"
            )
        data[name] = value


def _guarded_refresh(original):
    def refresh_from_db(self, *args, **kwargs):
        token = _refreshing.set(True)
        try:
            return original(self, *args, **kwargs)
        finally:
            _refreshing.reset(token)

    refresh_from_db.__wrapped__ = original
    return refresh_from_db


def _concrete(model, name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field")
    return field


def register(lifecycle: Lifecycle) -> Lifecycle:
    """Make `lifecycle` the one way its model's status changes (idempotent per model)."""
    model = lifecycle.model
    if model in _REGISTRY:
        raise TypeError(f"{model.__name__} already has a lifecycle")
    _REGISTRY[model] = lifecycle
    status_field = lifecycle.status_field()
    setattr(model, status_field.attname, _GuardedStatus(status_field))
    if not hasattr(model.refresh_from_db, "__wrapped__"):
        setattr(model, "refresh_from_db", _guarded_refresh(model.refresh_from_db))  # noqa: B010
    return lifecycle


def lifecycle_of(model_or_obj) -> Lifecycle:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    try:
        return _REGISTRY[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no lifecycle registered") from None


def of_event_model(event_model) -> Lifecycle:
    for lc in _REGISTRY.values():
        if lc.event_model is event_model:
            return lc
    raise LookupError(f"{event_model.__name__} is no registered aggregate's event table")


def registered() -> dict[type[models.Model], Lifecycle]:
    return dict(_REGISTRY)


def _set_status(obj, lc: Lifecycle, value: str) -> None:
    # The kit's own write: straight into the instance, past the guard.
    obj.__dict__[lc.status_field().attname] = value


def _reason(reason: str, event_model) -> str:
    text = (reason or "").strip()
    limit = event_model._meta.get_field("reason").max_length if event_model is not None else None
    return text[:limit] if limit else text


def _write_event(
    lc: Lifecycle, row, *, from_status: str, to_status: str, actor, reason: str, at, move, event_data=None
):
    if lc.write_event is not None:
        return lc.write_event(
            row,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            reason=reason,
            at=at,
            move=move,
            **(event_data or {}),
        )
    event_model: Any = lc.event_model
    if event_data:
        raise TypeError(f"{event_model.__name__} keeps no event data: {sorted(event_data)}")
    return event_model.objects.create(
        project_id=row.project_id,
        **{lc._event_fk: row},
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason=_reason(reason, event_model),
        at=at,
    )


def move(
    obj,
    *,
    to: str,
    actor,
    reason: str = "",
    at: dt.datetime | None = None,
    locked: bool = False,
    event_data: dict | None = None,
    **fields,
):
    """Change `obj`'s status to `to` by a declared move, with its event, in one transaction.

    Returns the locked, updated row; `obj` gets the same status and fields. `locked=True` says the
    caller already holds `obj`'s row lock in this transaction (it is then used as it is);
    `event_data` goes to an aggregate's own `write_event` (a wider timeline keeps data). Refusals
    are `ServiceError(field=<the status field>)`, `AccessDenied` or, for a missing reason,
    `field="reason"`; after a refusal nothing is saved.
    """
    lc = lifecycle_of(obj)
    when = at or timezone.now()
    with transaction.atomic():
        row = obj if locked else type(obj).objects.select_for_update().get(pk=obj.pk)
        from_status = getattr(row, lc.field)
        found = lc.find(from_status, to)
        if found is None:
            if to not in lc.states:
                raise ServiceError(_("Unknown status."), field=lc.field, code="status_unknown")
            values = {
                "noun": lc.noun or lc.model._meta.verbose_name,
                "from": lc.label(from_status),
                "to": lc.label(to),
            }
            message = (
                _(lc.refusal) % values
                if lc.refusal
                else _("The %(noun)s is “%(from)s” and cannot become “%(to)s”.") % values
            )
            raise ServiceError(message, field=lc.field, code="status_not_allowed")
        if not found.permits(actor, row):
            raise AccessDenied(_("You may not make this change."))
        if found.needs_reason and not (reason or "").strip():
            raise ServiceError(_("Give the reason."), field="reason")
        extra = set(fields) - set(found.sets)
        if extra:
            raise TypeError(f"the move {from_status} → {to} does not set {sorted(extra)}")
        _set_status(row, lc, to)
        for name, value in fields.items():
            setattr(row, name, value)
        with acting_as(actor):
            row.save(update_fields=[lc.field, *fields])
            _write_event(
                lc,
                row,
                from_status=from_status,
                to_status=to,
                actor=actor,
                reason=reason,
                at=when,
                move=found,
                event_data=event_data,
            )
    if obj is not row:
        _set_status(obj, lc, to)
        for name, value in fields.items():
            setattr(obj, name, value)
    return row


def record_created(
    obj, *, actor, reason: str = "", at: dt.datetime | None = None, event_data: dict | None = None
) -> None:
    """The aggregate's first event: it came into being in its status (from "" to it), so its
    timeline starts where it started. Called by the creating service, in its transaction."""
    lc = lifecycle_of(obj)
    _write_event(
        lc,
        obj,
        from_status="",
        to_status=getattr(obj, lc.field),
        actor=actor,
        reason=reason,
        at=at or timezone.now(),
        move=None,
        event_data=event_data,
    )


def can_move(model_or_obj, from_state: str, to_state: str) -> bool:
    """Does the table allow this change (whoever makes it)?"""
    return lifecycle_of(model_or_obj).can(from_state, to_state)


def allowed_moves(obj, user) -> list[Move]:
    """The moves `user` may make on `obj` now, in declaration order: what pages and the API offer."""
    lc = lifecycle_of(obj)
    current = getattr(obj, lc.field)
    return [m for m in lc.moves if current in m.sources and m.permits(user, obj)]


def may(obj, user, name: str) -> bool:
    """May `user` make the move called `name` on `obj` now (its state and the move's `allowed`)?"""
    return any((m.name or m.target) == name for m in allowed_moves(obj, user))


def allowed_targets(obj, user) -> list[str]:
    return [m.target for m in allowed_moves(obj, user)]


def states_from(model_or_obj, states: Iterable[str]) -> set[str]:
    """Every state reachable in one move from any of `states` (for filters and reports)."""
    table = lifecycle_of(model_or_obj).table()
    return {t for s in states for t in table.get(s, ())}


@contextmanager
def loading():
    """Assign statuses freely inside (fixtures and demo data build rows in a given state)."""
    token = _refreshing.set(True)
    try:
        yield
    finally:
        _refreshing.reset(token)
