"""Reports' URLs: staff under /a/<arena_pk>/ ("reports:"), phones under
/p/<code>/ ("phone_reports:")."""

from . import inputwall, report_views, views

staff_urls = [*views.staff_urls, *inputwall.staff_urls, *report_views.staff_urls]
phone_urls = [*views.phone_urls, *inputwall.phone_urls]
#: The published arena report, mounted at /r/ ("public_reports:").
public_urls = [*report_views.public_urls]
