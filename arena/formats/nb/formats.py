# Norwegian Bokmål: Django's own nb formats, written out so Arena owns them.
DATE_FORMAT = "j. F Y"  # 23. november 2026
DATETIME_FORMAT = "j. F Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"  # 23. november
SHORT_DATE_FORMAT = "d.m.Y"  # 23.11.2026
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
