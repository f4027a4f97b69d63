"""Date formats of the interface per language (settings.FORMAT_MODULE_PATH).

Templates name a format (``|date:"DATE_FORMAT"``, ``"SHORT_DATE_FORMAT"``, ...) instead of spelling
one out, so Dutch reads "7 april 2017" / "7 apr. 2017" and English "7 April 2017" / "7 Apr 2017".
A format this package leaves out comes from Django's own locale (input formats, first weekday).

The short Dutch format uses Django's ``N`` (abbreviated month). Django's Dutch catalogue gives
those abbreviations without a full stop ("apr"); the Dutch style (Taalunie, CLDR) has one, except
for "mei". The project catalogue (locale/nl, which takes precedence) translates them again; the
strings below are here so that ``makemessages`` keeps those entries.
"""

from django.utils.translation import pgettext_lazy

MONTH_ABBREVIATIONS = [
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
]
