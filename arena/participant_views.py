"""A participant's own pages: the arena's front page on the phone, the persona."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import page, services
from .access import membership_for, participant_view
from .forms import PersonaForm, form_status
from .images import image_response
from .models import Arena, Participant
from .participants import participant_from_request


@participant_view
@require_safe
def participant_home(request: HttpRequest, arena, participant) -> HttpResponse:
    # The apps above name their phone pages (arena.page.register_phone_link).
    context = {"arena": arena, "participant": participant, "links": page.phone_links(arena)}
    return render(request, "arena/participant_home.html", context)


@participant_view
@require_http_methods(["GET", "HEAD", "POST"])
def persona(request: HttpRequest, arena, participant) -> HttpResponse:
    form = PersonaForm(
        request.POST or None, request.FILES or None, instance=participant, arena=arena
    )
    retry_after = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_persona(form, picture=form.cleaned_data.get("picture_upload"))
        except services.PictureError as error:
            form.add_error("picture_upload", str(error))
        except services.PersonaSavesLimited as limited:
            # Shown again with what was typed (the bound form); only a picture must be re-chosen.
            form.add_error(
                None,
                _(
                    "You have saved your persona many times in a short while. "
                    "Wait %(seconds)s seconds, then save again."
                )
                % {"seconds": limited.retry_after},
            )
            retry_after = limited.retry_after
        else:
            messages.success(request, _("Your persona is saved."))
            return redirect("participant_home", arena.join_code)
    response = render(
        request,
        "arena/persona_form.html",
        {"arena": arena, "participant": participant, "form": form},
        status=429 if retry_after else form_status(form, request),
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@participant_view
@require_POST
def persona_withdraw(request: HttpRequest, arena, participant) -> HttpResponse:
    services.withdraw_persona(participant)
    messages.success(request, _("Your persona is withdrawn. Nothing about you is shown any more."))
    return redirect("participant_home", arena.join_code)


@require_safe
def persona_picture(request: HttpRequest, code: str, participant_pk: int) -> HttpResponse:
    """A persona's small picture, for people in the same arena only."""
    arena = get_object_or_404(Arena, join_code=code)
    allowed = participant_from_request(request, arena) is not None or (
        membership_for(request.user, arena.pk) is not None
    )
    person = Participant.objects.filter(arena=arena, pk=participant_pk).first()
    if not allowed or person is None or not person.picture or person.withdrawn_at:
        raise Http404
    return image_response(person.picture)
