from django import template
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

register = template.Library()


@register.filter
def isodate(value):
    """An ISO 8601 string from a snapshot as a date or (local) datetime, for the |date filter."""
    if not isinstance(value, str):
        return value
    parsed = parse_datetime(value) if "T" in value else None
    if parsed is not None:
        return timezone.localtime(parsed) if timezone.is_aware(parsed) else parsed
    return parse_date(value) or value
