from django import template
from django.utils.safestring import mark_safe

from ..richtext import sanitize
from ..sections import page_sections

register = template.Library()


@register.filter
def portfolio_html(value):
    """Stored rich text, sanitised again on the way out."""
    return mark_safe(sanitize(value))  # noqa: S308 - nh3 output with a strict allow-list


@register.simple_tag(takes_context=True)
def portfolio_sections(context, portfolio, entry=None):
    """What higher apps show under this work for this user (``portfolio.sections``)."""
    return page_sections(context.get("request"), portfolio, entry)


@register.filter
def filesize_nl(value):
    value = value or 0
    if value < 1024:
        return f"{value} B"
    if value < 1024 * 1024:
        return f"{value / 1024:.0f} kB"
    return f"{value / 1024 / 1024:.1f} MB".replace(".", ",")
