from django import template

from propdesk.billing.money import amount_in_words, format_yuan

register = template.Library()


@register.filter
def yuan(value) -> str:
    """¥1,234.50"""
    if value is None or value == "":
        return ""
    return format_yuan(value)


@register.filter
def in_words(value) -> str:
    """大写金额"""
    return amount_in_words(value)


@register.inclusion_tag("billing/_status_events.html")
def status_events(obj):
    """The timeline of an aggregate's status changes (its append-only status events), in one query."""
    return {"events": list(obj.events.select_related("actor").order_by("at", "id"))}
