import re

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxMiddleware as DjangoHtmxMiddleware


class LanguageMiddleware:
    """Bokmål unless the person chose another language with the switch.

    Unlike Django's LocaleMiddleware this ignores the browser's
    Accept-Language: a venue laptop set up in English still shows the
    arena in Norwegian until someone picks English. Participant pages may
    then apply the arena's own language (``arena.views``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class HtmxMiddleware(DjangoHtmxMiddleware):
    """django-htmx's middleware, run synchronously: with every middleware
    sync, Django runs the whole chain in one thread under ASGI. A mix makes
    Django switch threads for each async-capable middleware's hooks."""

    async_capable = False


class BadInputMiddleware:
    """400 for a NUL character in the path or in any query parameter.

    PostgreSQL text cannot hold NUL, so such a value reached the database as a
    ``DataError`` (500) wherever a view filtered on it: searches, filters,
    join codes and tokens in the path, the admin's search. No real address or
    search carries one, so it is refused here, once, before any view: an
    answer in the person's language, instead of a guard in every view (and
    the one someone forgets). Treating it as absent would show results
    nobody asked for. A session cookie with a NUL is treated as no session.
    Bodies are not read here: forms refuse NUL themselves
    (Django's ``ProhibitNullCharactersValidator``) and keep what was typed;
    the few views that read ``request.POST`` by hand check their text.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and "\x00" in (session.session_key or ""):
            # A session cookie with a NUL (an escaped "\000" in the cookie
            # header) cannot name a session: treat it as none (the session
            # middleware then deletes the cookie), not as a 400 the browser
            # would meet on every page until the cookie expired.
            request.session = session.__class__()
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _(
                "The address or search contains a null character, which cannot be used."
                " Check the link, or type the search again."
            )
            return render(request, "bad_input.html", {"message": message}, status=400)
        return self.get_response(request)


PARTICIPANT_COOKIE = re.compile(r"arena_p[0-9]+\Z")


class SecurityHeadersMiddleware:
    """Permissions-Policy on every app response, and ``Cache-Control: no-store``
    on what only one person should see.

    - Permissions-Policy: Arena uses none of these features (a photo is taken
      through ``<input type="file" capture>``, which asks the phone's camera
      app and needs no permission), so no page, nor anything it embeds, may.
    - no-store: pages for a signed-in user (session cookie) and for a
      participant (an ``arena_p<pk>`` cookie sent or being set) must not stay
      in a shared computer's browser cache or a proxy. A response whose view
      chose its own Cache-Control (photos, QR codes, report PDFs, the public
      report link) keeps it; static files never get here (WhiteNoise answers
      them earlier in the chain).
    """

    PERMISSIONS_POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        )
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        if "Cache-Control" not in response and self._personal(request, response):
            response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _personal(request, response) -> bool:
        # arena.participants.cookie_name(): arena_p<pk>
        if any(PARTICIPANT_COOKIE.match(name) for name in (*request.COOKIES, *response.cookies)):
            return True
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False  # anonymous: no session to look up
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)
