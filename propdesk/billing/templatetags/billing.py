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
