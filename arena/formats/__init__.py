"""Arena's date formats per language (settings.FORMAT_MODULE_PATH).

Templates and code use the named formats (``|date:"DATE_FORMAT"``,
``date_format(value, "MONTH_DAY_FORMAT")``), never literal patterns, so a
date follows the active language: «23. november 2026» in Norwegian,
«23 November 2026» in English. Only the names in
``django.utils.formats.FORMAT_SETTINGS`` can be looked up; anything not set
here (numbers, input formats) comes from Django's own locale formats.
"""
