"""`{% sla_badge clock %}`: the coloured countdown with the explain link (design/UI.md)."""

from django import template
from django.utils import timezone

from ..selectors import countdown

register = template.Library()


@register.inclusion_tag("sla/_badge.html")
def sla_badge(clock, now=None):
    return {"clock": clock, "badge": countdown(clock, now=now)}


@register.inclusion_tag("sla/_deadline.html")
def sla_deadline(clock, now=None, part=""):
    """The deadline on a phone card: what is timed, by when, and the countdown, in the badge's colours
    (the same `countdown` as the lists, so the card and the list never disagree)."""
    due = timezone.localtime(clock.due_at)
    today = timezone.localdate(now) if now else timezone.localdate()
    due_text = f"{due:%H:%M}" if due.date() == today else f"{due:%m-%d %H:%M}"
    return {"clock": clock, "badge": countdown(clock, now=now), "part": part, "due_text": due_text}
