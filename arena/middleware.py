from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
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
