"""The page shown when django-axes locks out a sign-in (``AXES_LOCKOUT_CALLABLE``).

Axes counts failed sign-ins per account and address (settings: ``AXES_*``) on
every path that authenticates with the request: the login page and the
admin's. When the limit is reached, the backend refuses even the right
password until the cool-off has passed, and ``axes.middleware.AxesMiddleware``
answers with this page: 429, in the user's language, saying how long to wait.
"""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cooloff.total_seconds() / 60)) if cooloff else None
    response = render(
        request,
        "registration/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    if cooloff:
        response["Retry-After"] = str(int(cooloff.total_seconds()))
    return response
