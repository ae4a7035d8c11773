"""Reports' URLs: staff under /a/<arena_pk>/ ("reports:"), phones under
/p/<code>/ ("phone_reports:")."""

from . import inputwall, views

staff_urls = [*views.staff_urls, *inputwall.staff_urls]
phone_urls = [*views.phone_urls, *inputwall.phone_urls]
