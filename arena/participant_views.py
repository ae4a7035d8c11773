"""A participant's own pages: the arena's front page on the phone, the persona."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .access import participant_view
from .forms import PersonaForm


@participant_view
def participant_home(request: HttpRequest, arena, participant) -> HttpResponse:
    return render(
        request, "arena/participant_home.html", {"arena": arena, "participant": participant}
    )


@participant_view
def persona(request: HttpRequest, arena, participant) -> HttpResponse:
    form = PersonaForm(
        request.POST or None, request.FILES or None, instance=participant, arena=arena
    )
    status, retry_after = 200, None
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
            status, retry_after = 429, limited.retry_after
        else:
            messages.success(request, _("Your persona is saved."))
            return redirect("participant_home", arena.join_code)
    response = render(
        request,
        "arena/persona_form.html",
        {"arena": arena, "participant": participant, "form": form},
        status=status,
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


def persona_picture(request: HttpRequest, code: str, participant_pk: int) -> HttpResponse:
    """A persona's small picture, for people in the same arena only."""
    from django.core.files.storage import default_storage
    from django.http import FileResponse, Http404
    from django.shortcuts import get_object_or_404

    from .access import membership_for
    from .models import Arena, Participant
    from .participants import participant_from_request

    arena = get_object_or_404(Arena, join_code=code)
    allowed = participant_from_request(request, arena) is not None or (
        membership_for(request.user, arena.pk) is not None
    )
    person = Participant.objects.filter(arena=arena, pk=participant_pk).first()
    if not allowed or person is None or not person.picture or person.withdrawn_at:
        raise Http404
    response = FileResponse(default_storage.open(person.picture), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
