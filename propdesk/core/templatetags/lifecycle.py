"""Pages ask the lifecycle kit, not a status literal: which moves the user may make on an object
now, and how its state is shown.

    {% load lifecycle %}
    {% moves campaign as can %}{% if can.open %}<button …>{% endif %}
    {% state_badge order %}
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from propdesk.core import lifecycle

register = template.Library()


@register.simple_tag(takes_context=True)
def moves(context, obj) -> dict[str, lifecycle.Move]:
    """The moves the page's user may make on `obj` now, by name (`can.close`), from `allowed_moves`."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if obj is None or user is None:
        return {}
    return {m.name or m.target: m for m in lifecycle.allowed_moves(obj, user)}


@register.simple_tag
def state_badge(obj, testid: str = ""):
    """The state's label in a badge coloured by the aggregate's declared tone."""
    lc = lifecycle.lifecycle_of(obj)
    state = getattr(obj, lc.field)
    return format_html(
        '<span class="badge text-bg-{}"{}>{}</span>',
        lc.tone(state),
        format_html(' data-testid="{}"', testid) if testid else "",
        lc.label(state),
    )
