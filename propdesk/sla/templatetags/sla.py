"""`{% sla_badge clock %}`: the coloured countdown with the explain link (design/UI.md)."""

from django import template

from ..selectors import countdown

register = template.Library()


@register.inclusion_tag("sla/_badge.html")
def sla_badge(clock, now=None):
    return {"clock": clock, "badge": countdown(clock, now=now)}
