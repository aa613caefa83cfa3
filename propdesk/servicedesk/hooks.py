"""Extension points the service desk offers to the apps above it (paid services, 特约服务, today).

The service desk imports none of those apps: each registers its implementations here from its
`AppConfig.ready()`, and the service desk calls them at the named places. With nothing registered
every hook is a no-op (work may start, nothing else happens on completion, no extra panels, the
owner API's extras are empty), so the service desk works on its own.

| hook | called by | registered with |
|---|---|---|
| may work start on this request? (raise `ServiceError` if not) | `services.accept_order`, `services.arrive` | `on_work_start(fn)` |
| a work order's work is completed | `services.complete_order` (after the move) | `on_work_completed(fn)` |
| a panel on the request page (template + its context) | `views.requests.request_detail` | `register_request_panel(...)` |
| a panel on each work order of the technician's page | `views.repairs.my_orders` | `register_work_order_panel(...)` |
| an extra step a technician posts for a work order | `views.repairs.order_step` | `register_work_order_step(...)` |
| a value of the owner API's request detail (e.g. `paid_service`) | `api.serializers` | `register_owner_extra(...)` |
| an owner action on their request (e.g. `agree-price`) | `api.views.requests` | `register_owner_action(...)` |
| the charges section of the printed repair slip | `pdf.repair_slip_pdf` | `register_slip_charges(...)` |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_work_start_checks: list[Callable[[Any], None]] = []
_work_completed: list[Callable[..., Any]] = []


def on_work_start(fn: Callable[[Any], None]) -> None:
    """`fn(request)` raises `ServiceError` when work on the request may not start (accept, arrive)."""
    if fn not in _work_start_checks:
        _work_start_checks.append(fn)


def check_work_may_start(request) -> None:
    for check in _work_start_checks:
        check(request)


def on_work_completed(fn: Callable[..., Any]) -> None:
    """`fn(request=, actor=, at=)` runs in the transaction that completes a work order of the request."""
    if fn not in _work_completed:
        _work_completed.append(fn)


def work_completed(*, request, actor, at: dt.datetime) -> None:
    for fn in _work_completed:
        fn(request=request, actor=actor, at=at)


# ---------------------------------------------------------------- pages


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[..., dict]
    order: int = 100


_request_panels: list[Panel] = []
_work_order_panels: list[Panel] = []


def register_request_panel(template: str, context: Callable[..., dict], *, order: int = 100) -> None:
    """A panel on the request page: `context(http_request, obj)` gives the names `template` uses
    (merged into the page's context; prefix them with your app's word)."""
    if all(p.template != template for p in _request_panels):
        _request_panels.append(Panel(template, context, order))
        _request_panels.sort(key=lambda p: p.order)


def request_panels(http_request, obj) -> tuple[list[str], dict]:
    """The templates to include on the request page, in order, and their merged context."""
    context: dict = {}
    for panel in _request_panels:
        context.update(panel.context(http_request, obj))
    return [p.template for p in _request_panels], context


def register_work_order_panel(template: str, annotate: Callable[[list], None], *, order: int = 100) -> None:
    """A panel on each card of the technician's page (`my_orders`). `annotate(orders)` is called once
    with the page's work orders (a list) and sets what `template` reads on each `o`; it may set
    `o.start_blocked_note` (a sentence) to show instead of the accept / arrive buttons."""
    if all(p.template != template for p in _work_order_panels):
        _work_order_panels.append(Panel(template, annotate, order))
        _work_order_panels.sort(key=lambda p: p.order)


def work_order_panels(orders: list) -> list[str]:
    for panel in _work_order_panels:
        panel.context(orders)
    return [p.template for p in _work_order_panels]


_work_order_steps: dict[str, Callable[..., None]] = {}


def register_work_order_step(step: str, fn: Callable[..., None]) -> None:
    """A step the technician's page posts (`step=<name>`): `fn(order=, actor=, data=)` (data: the
    POST), raising `ServiceError` to refuse."""
    _work_order_steps[step] = fn


def work_order_step(step: str) -> Callable[..., None] | None:
    return _work_order_steps.get(step)


# ---------------------------------------------------------------- the owner API

_owner_extras: dict[str, Callable[[Any], Any]] = {}
_owner_actions: dict[str, Callable[..., bool]] = {}


def register_owner_extra(name: str, fn: Callable[[Any], Any]) -> None:
    """A value of the owner's request detail: `fn(request)` (JSON-ready, or None)."""
    _owner_extras[name] = fn


def owner_extra(name: str, request) -> Any:
    fn = _owner_extras.get(name)
    return fn(request) if fn else None


def register_owner_action(name: str, fn: Callable[..., bool]) -> None:
    """An owner action on their own request: `fn(request=, actor=, data=)`; False when there is
    nothing to act on (the API answers 404)."""
    _owner_actions[name] = fn


def owner_action(name: str, *, request, actor, data) -> bool:
    fn = _owner_actions.get(name)
    return bool(fn and fn(request=request, actor=actor, data=data))


# ---------------------------------------------------------------- the printed repair slip

_slip_charges: list[Panel] = []


def register_slip_charges(template: str, context: Callable[[Any], dict | None]) -> None:
    """The charges section of the repair slip: `context(request)` gives the template's names, or None
    when the request has no charges (then the slip says 无偿维修 for a repair inside a unit)."""
    if all(p.template != template for p in _slip_charges):
        _slip_charges.append(Panel(template, context))


def slip_charges(request) -> dict:
    """`{"charges_template": ..., **its context}` of the first section that has charges, else {}."""
    for panel in _slip_charges:
        context = panel.context(request)
        if context is not None:
            return {"charges_template": panel.template, **context}
    return {}
