"""The arena's report: the organiser's text, the preview, PDF versions made in
the background, downloads, the public link and the CSV/JSON exports.

Who may do what: organisers (``MANAGE``) edit the text, generate, publish;
readers, facilitators and organisers (``READ_REPORT``) see the page, the
preview, the versions and the exports, and download PDFs. The public link
``/r/<token>/`` (``reports.public_urls``) serves the
published version to anyone who has it, until it is unpublished (then 404).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arena.access import arena_view, capabilities
from arena.images import PhotoError, variant_response
from arena.models import Arena, Capability
from reports.models import ArenaReportText, ReportImage, ReportQuote, ReportVersion

from . import exports, generation, services
from .forms import ImageForm, QuoteForm, TextForm

# --- helpers ------------------------------------------------------------------------------


def _home(arena: Arena, anchor: str = "") -> str:
    url = reverse("reports:report_home", args=[arena.pk])
    return f"{url}#{anchor}" if anchor else url


def _edit_url(arena: Arena, anchor: str = "") -> str:
    url = reverse("reports:report_edit", args=[arena.pk])
    return f"{url}#{anchor}" if anchor else url


def _file_response(name: str, filename: str, *, inline: bool) -> HttpResponse:
    if not name or not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


def _pdf_name(arena: Arena, version: ReportVersion) -> str:
    return f"{slugify(arena.title)[:40] or 'arena'}-report-v{version.number}.pdf"


# --- pages ----------------------------------------------------------------------------------


@arena_view(Capability.READ_REPORT)
@require_safe
def report_home(request: HttpRequest, arena: Arena) -> HttpResponse:
    caps = capabilities(request.membership)
    text = ArenaReportText.objects.filter(arena=arena).first()
    versions = list(
        ReportVersion.objects.filter(arena=arena).select_related("created_by").order_by("-number")
    )
    public_url = ""
    if text and text.public_token:
        try:
            public_path = reverse("public_reports:report", args=[text.public_token])
        except NoReverseMatch:  # not mounted: arena/urls.py mounts public_urls at /r/
            public_path = f"/r/{text.public_token}/"
        public_url = request.build_absolute_uri(public_path)
    return render(
        request,
        "reports/report_home.html",
        {
            "arena": arena,
            "text": text,
            "versions": versions,
            "public_url": public_url,
            "can_manage": Capability.MANAGE in caps,
            "languages": settings.LANGUAGES,
            "current_language": get_language(),
            "tables": exports.CSV_TABLES,
        },
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(request: HttpRequest, arena: Arena) -> HttpResponse:
    # A GET writes nothing: before the first save the page shows an unsaved text.
    if request.method == "POST":
        text = services.text_for(arena)
    else:
        text = ArenaReportText.objects.filter(arena=arena).first() or ArenaReportText(arena=arena)
    days = list(arena.days.order_by("date"))
    if request.method == "POST":
        form = TextForm(request.POST, instance=text, days=days)
        if form.is_valid():
            try:
                services.save_text(
                    arena,
                    request.user,
                    day_summaries={
                        str(day.pk): form.cleaned_data[name] for day, name in form.day_fields
                    },
                    **{name: form.cleaned_data[name] for name in services.TEXT_FIELDS},
                )
            except services.DocumentError as error:  # too long: nothing is cut to fit
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The report's text is saved."))
                return redirect(_edit_url(arena))
        status = 400
    else:
        form = TextForm(instance=text, days=days)
        status = 200
    return _edit_page(request, arena, text, form=form, status=status)


def _edit_page(request, arena, text, *, status=200, **extra) -> HttpResponse:
    context = {
        "arena": arena,
        "text": text,
        "form": None,
        "quote_form": QuoteForm(),
        "image_form": ImageForm(),
        "quotes": list(text.quotes.all()) if text.pk else [],
        "images": [
            (
                image,
                ImageForm(
                    initial={
                        "caption": image.caption,
                        "credit": image.credit,
                        "placement": image.placement,
                        "cover": image.pk == text.cover_id,
                    },
                    prefix=f"img{image.pk}",
                ),
            )
            for image in (text.images.all() if text.pk else [])
        ],  # fmt: skip
        **extra,
    }
    if context["form"] is None:
        context["form"] = TextForm(instance=text, days=list(arena.days.order_by("date")))
    return render(request, "reports/report_edit.html", context, status=status)


@arena_view(Capability.MANAGE)
@require_POST
def report_quote_add(request: HttpRequest, arena: Arena) -> HttpResponse:
    form = QuoteForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, arena, services.text_for(arena), quote_form=form, status=400)
    try:
        services.add_quote(arena, **form.cleaned_data)
    except services.DocumentError as error:
        form.add_error(None, str(error))
        return _edit_page(request, arena, services.text_for(arena), quote_form=form, status=400)
    messages.success(request, _("The quote is added."))
    return redirect(_edit_url(arena, "quotes"))


@arena_view(Capability.MANAGE)
@require_POST
def report_quote_delete(request: HttpRequest, arena: Arena, quote_pk: int) -> HttpResponse:
    get_object_or_404(ReportQuote, text__arena=arena, pk=quote_pk).delete()
    messages.success(request, _("The quote is removed."))
    return redirect(_edit_url(arena, "quotes"))


@arena_view(Capability.MANAGE)
@require_POST
def report_image_add(request: HttpRequest, arena: Arena) -> HttpResponse:
    form = ImageForm(request.POST)
    uploaded = request.FILES.get("photo")
    text = services.text_for(arena)
    if not form.is_valid() or uploaded is None:
        errors = [] if uploaded else [_("Choose a photo.")]
        return _edit_page(request, arena, text, image_form=form, image_errors=errors, status=400)
    try:
        services.add_image(arena, uploaded, **form.cleaned_data)
    except PhotoError as error:
        return _edit_page(
            request, arena, text, image_form=form, image_errors=[error.message], status=400
        )
    except services.DocumentError as error:
        return _edit_page(
            request, arena, text, image_form=form, image_errors=[str(error)], status=400
        )
    messages.success(request, _("The photo is added."))
    return redirect(_edit_url(arena, "photos"))


@arena_view(Capability.MANAGE)
@require_POST
def report_image_edit(request: HttpRequest, arena: Arena, image_pk: int) -> HttpResponse:
    """Change caption, credit, placement, cover; or delete (``delete=1``)."""
    image = get_object_or_404(ReportImage, text__arena=arena, pk=image_pk)
    if request.POST.get("delete"):
        services.delete_image(image)
        messages.success(request, _("The photo is removed."))
        return redirect(_edit_url(arena, "photos"))
    form = ImageForm(request.POST, prefix=f"img{image.pk}")
    error = ""
    if form.is_valid():
        try:
            services.update_image(image, **form.cleaned_data)
        except services.DocumentError as refused:
            error = str(refused)
    else:
        error = " ".join(
            f"{form.fields[name].label}: {message}" if name in form.fields else message
            for name, messages_ in form.errors.items()
            for message in messages_
        )
    if error:  # nothing is stored (and nothing cut to fit): say why, keep the page
        messages.error(request, error)
        return _edit_page(request, arena, services.text_for(arena), status=400)
    messages.success(request, _("The photo is saved."))
    return redirect(_edit_url(arena, "photos"))


@arena_view(Capability.READ_REPORT)
@require_safe
def report_image(request: HttpRequest, arena: Arena, image_pk: int, variant: str) -> HttpResponse:
    image = get_object_or_404(ReportImage, text__arena=arena, pk=image_pk)
    return variant_response(image, variant)  # a 404 for a size it does not have


@arena_view(Capability.READ_REPORT)
@require_safe
def report_preview(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The report as an HTML page, in the language asked for (``?lang=``)."""
    language = request.GET.get("lang") or get_language()
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    html = generation.html_for(arena, language, for_pdf=False)
    return HttpResponse(html)


@arena_view(Capability.MANAGE)
@require_POST
def report_generate(request: HttpRequest, arena: Arena) -> HttpResponse:
    language = request.POST.get("language") or get_language()
    try:
        started = services.start_generation(arena, request.user, language)
    except services.DocumentError as error:
        messages.error(request, str(error))
        return redirect(_home(arena))
    if started.reused:
        messages.info(
            request,
            _("Nothing has changed since version %(n)d: download it below.")
            % {"n": started.version.number},
        )
    else:
        messages.success(
            request,
            _("Version %(n)d is being made. You can leave this page.")
            % {"n": started.version.number},
        )
    return redirect(_home(arena, f"version-{started.version.number}"))


@arena_view(Capability.MANAGE)
@require_POST
def report_retry(request: HttpRequest, arena: Arena, version_pk: int) -> HttpResponse:
    """“Try again” for a failed or stuck version: queue it once more."""
    version = get_object_or_404(ReportVersion, arena=arena, pk=version_pk)
    try:
        version = services.retry_generation(arena, version)
    except services.DocumentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Version %(n)d is being made again.") % {"n": version.number})
    return redirect(_home(arena, f"version-{version.number}"))


@arena_view(Capability.READ_REPORT)
@require_safe
def report_version(request: HttpRequest, arena: Arena, version_pk: int) -> HttpResponse:
    """One version's row: polled by htmx every second until it is finished."""
    version = get_object_or_404(
        ReportVersion.objects.select_related("created_by"), arena=arena, pk=version_pk
    )
    text = ArenaReportText.objects.filter(arena=arena).first()
    return render(
        request,
        "reports/report_version.html",
        {
            "arena": arena,
            "version": version,
            "text": text,
            "can_manage": Capability.MANAGE in capabilities(request.membership),
        },
    )


@arena_view(Capability.READ_REPORT)
@require_safe
def report_download(request: HttpRequest, arena: Arena, version_pk: int) -> HttpResponse:
    version = get_object_or_404(ReportVersion, arena=arena, pk=version_pk)
    return _file_response(version.file, _pdf_name(arena, version), inline=False)


@arena_view(Capability.MANAGE)
@require_POST
def report_publish(request: HttpRequest, arena: Arena, version_pk: int) -> HttpResponse:
    version = get_object_or_404(ReportVersion, arena=arena, pk=version_pk)
    try:
        services.publish(arena, version, request.user)
    except services.DocumentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Version %(n)d is published at the public link.") % {"n": version.number}
        )
    return redirect(_home(arena, "publish"))


@arena_view(Capability.MANAGE)
@require_POST
def report_unpublish(request: HttpRequest, arena: Arena) -> HttpResponse:
    services.unpublish(arena, request.user)
    messages.success(request, _("The report is no longer public; the old link is dead."))
    return redirect(_home(arena, "publish"))


@arena_view(Capability.READ_REPORT)
@require_safe
def report_export(request: HttpRequest, arena: Arena, export_name: str) -> HttpResponse:
    """``report.json`` or one of the CSV tables (``inputs.csv`` …)."""
    return exports.export_response(arena, export_name)


@require_safe
def report_public(request: HttpRequest, token: str) -> HttpResponse:
    """The published PDF, for anyone with the link (404 once unpublished)."""
    version = services.published_by_token(token)
    if version is None:
        raise Http404
    response = _file_response(version.file, _pdf_name(version.arena, version), inline=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
