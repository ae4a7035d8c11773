"""Error views that must work whatever went wrong.

``bad_request`` (``handler400`` in arena/urls.py): Django turns a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (``RequestDataTooBig``), too many fields or
files, a bad Host and other ``SuspiciousOperation``s into a 400. A body that is
too large gets 413 and a page that names the limit; the rest the plain 400
page. ``templates/400.html`` is rendered without the request (no session, no
database), like 500.html.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse
from django.template.loader import render_to_string


def bad_request(request, exception):
    too_big = isinstance(exception, RequestDataTooBig)
    html = render_to_string(
        "400.html", {"too_big": too_big, "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    )
    return HttpResponse(html, status=413 if too_big else 400)
