"""Ids from the outside world (query strings, forms): hostile until they are a row's key.

``as_pk`` is the one place that turns a string into a primary key: ASCII or Unicode decimal
digits only ("²" is a digit to Python but no number), within the 64-bit range the databases
store (a longer number is an OverflowError on SQLite, a 500 for the visitor).
"""

MAX_PK = 2**63 - 1


def as_pk(value):
    """The positive integer key in ``value``, or None."""
    text = str(value if value is not None else "").strip()
    if not text.isdecimal() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= MAX_PK else None


def as_pks(values):
    """The valid keys among ``values``, in order, without the rest."""
    return [pk for pk in (as_pk(v) for v in values) if pk is not None]
