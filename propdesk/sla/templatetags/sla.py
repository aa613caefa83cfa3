"""`{% sla_badge clock %}`: the coloured countdown with the explain link (design/UI.md)."""

from django import template

from ..selectors import countdown

register = template.Library()


@register.inclusion_tag("sla/_badge.html")
def sla_badge(clock, now=None):
    return {"clock": clock, "badge": countdown(clock, now=now)}


@register.inclusion_tag("sla/_deadline.html")
def sla_deadline(clock, now=None, part=""):
    """The deadline on a phone card: what is timed, by when, and the countdown, in the badge's colours
    (the same `countdown` as the lists, so the card and the list never disagree)."""
    return {"clock": clock, "badge": countdown(clock, now=now), "part": part}
