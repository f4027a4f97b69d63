"""English date formats of the interface: day before month, 24-hour clock, as the Dutch ones."""

DATE_FORMAT = "j F Y"  # 7 April 2017
SHORT_DATE_FORMAT = "j M Y"  # 7 Apr 2017
DATETIME_FORMAT = "j F Y H:i"  # 7 April 2017 16:12
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 7 Apr 2017 16:12
MONTH_DAY_FORMAT = "j F"  # 7 April
YEAR_MONTH_FORMAT = "F Y"  # April 2017
TIME_FORMAT = "H:i"  # 16:12
