from dataclasses import dataclass

from django import template

from ..blocks import parse_outcome_numbers

register = template.Library()


@dataclass(frozen=True)
class NumberedOutcome:
    number: int
    text: str


@register.simple_tag
def assignment_outcomes(numbers_text, outcomes):
    """The learning outcomes an assignment serves, from its '1, 3' field and the page's list."""
    outcomes = list(outcomes or [])
    return [
        NumberedOutcome(n, outcomes[n - 1].text)
        for n in parse_outcome_numbers(numbers_text)
        if 0 < n <= len(outcomes)
    ]


@register.filter
def in_set(value, collection):
    """True when value is in collection (None-safe), for use in {% with %}."""
    return bool(collection) and value in collection


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
