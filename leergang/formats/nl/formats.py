"""Dutch date formats of the interface; the rest comes from django.conf.locale.nl.formats."""

DATE_FORMAT = "j F Y"  # 7 april 2017
SHORT_DATE_FORMAT = "j N Y"  # 7 apr. 2017, 7 mei 2017 (month abbreviations: see leergang.formats)
DATETIME_FORMAT = "j F Y H:i"  # 7 april 2017 16:12
SHORT_DATETIME_FORMAT = "j N Y H:i"  # 7 apr. 2017 16:12
MONTH_DAY_FORMAT = "j F"  # 7 april
YEAR_MONTH_FORMAT = "F Y"  # april 2017
TIME_FORMAT = "H:i"  # 16:12
