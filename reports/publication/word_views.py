"""The arena's report as a Word document (``reports.publication.word``), for
the same people who download the PDF (``Capability.READ_REPORT``)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from arena.access import arena_view
from arena.models import Arena, Capability

from . import word


@arena_view(Capability.READ_REPORT)
@require_safe
def report_word(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The report as .docx, made now, in the language asked for (``?lang=``)."""
    language = request.GET.get("lang") or get_language()
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    response = HttpResponse(word.report_docx(arena, language), content_type=word.CONTENT_TYPE)
    filename = f"{slugify(arena.title)[:40] or 'arena'}-report-{language}.docx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response
