"""Challenge groups' screens.

Public, under /p/<code>/ ("challenge_public:"), no account: the owner's
registration form, the owner's private page (its link is a random token)
and the invitation a member opens (another token). Staff, under
/a/<arena_pk>/ ("challenges:"): the organiser's list, a registration with
approve / decline, and the facilitator's screen of a group's sessions.
"""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arena.access import arena_view, get_owned, use_arena_language
from arena.forms import form_status
from arena.models import Arena, Capability, normalise_join_code

from . import challenges
from .challenge_forms import ApproveForm, MemberForm, RegistrationForm
from .challenge_models import ChallengeRegistration, ChallengeStatus


def _public_arena(request: HttpRequest, code: str) -> Arena:
    arena = get_object_or_404(Arena, join_code=normalise_join_code(code))
    if not challenges.accepts_registrations(arena):
        raise Http404("No challenge groups here.")
    use_arena_language(request, arena)
    return arena


def _limited(response: HttpResponse, limited: challenges.ChallengeLimited) -> HttpResponse:
    response.status_code = 429
    if limited.retry_after:
        response["Retry-After"] = str(limited.retry_after)
    return response


# --- public: the owner and the members ----------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest, code: str) -> HttpResponse:
    arena = _public_arena(request, code)
    form = RegistrationForm(request.POST or None)
    limited = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = challenges.register(arena, **data)
        except challenges.ChallengeLimited as error:
            form.add_error(None, str(error))  # what was typed stays in the bound form
            limited = error
        else:
            messages.success(
                request,
                _(
                    "Your challenge is registered. Keep the link of this page: "
                    "it is the only way back to your registration."
                ),
            )
            return redirect("challenge_public:owner", arena.join_code, registration.token)
    response = render(
        request,
        "proposals/challenge_register.html",
        {"arena": arena, "form": form},
        status=form_status(form, request),
    )
    return _limited(response, limited) if limited else response


@require_safe
def owner(request: HttpRequest, code: str, token: str) -> HttpResponse:
    arena = _public_arena(request, code)
    registration = get_object_or_404(ChallengeRegistration, arena=arena, token=token)
    invitation = request.build_absolute_uri(
        reverse("challenge_public:invitation", args=[arena.join_code, registration.invite_token])
    )
    response = render(
        request,
        "proposals/challenge_owner.html",
        {
            "arena": arena,
            "registration": registration,
            "members": list(registration.members.all()),
            "invitation_url": invitation,
        },
    )
    # The private link stays on this site: "same-origin" (not "no-referrer",
    # with which Chromium posts the page's forms with "Origin: null", which the
    # CSRF check refuses: nobody could join or switch language).
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, code: str, token: str) -> HttpResponse:
    arena = _public_arena(request, code)
    registration = get_object_or_404(ChallengeRegistration, arena=arena, invite_token=token)
    form = MemberForm(request.POST or None)
    limited = None
    if request.method == "POST" and form.is_valid():
        try:
            challenges.join(registration, **form.cleaned_data)
        except challenges.ChallengeLimited as error:
            form.add_error(None, str(error))
            limited = error
        except challenges.ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("You are in the challenge group “%(title)s”.") % {"title": registration.title},
            )
            return redirect(f"{request.path}?joined=1")
    response = render(
        request,
        "proposals/challenge_invitation.html",
        {
            "arena": arena,
            "registration": registration,
            "form": form,
            # just joined: the form folds away (someone else on this phone may open it)
            "joined": request.method != "POST" and request.GET.get("joined") == "1",
        },
        status=form_status(form, request),
    )
    response["Referrer-Policy"] = "same-origin"
    return _limited(response, limited) if limited else response


# --- the organiser ---------------------------------------------------------------


@arena_view(Capability.MANAGE)
@require_safe
def registration_list(request: HttpRequest, arena: Arena) -> HttpResponse:
    registrations = list(
        arena.challenge_registrations.select_related("facilitator", "space", "topic__group")
        .annotate(member_count=Count("members"))
        .order_by("status", "created_at", "pk")
    )
    by_status = [
        (label, [r for r in registrations if r.status == value])
        for value, label in ChallengeStatus.choices
    ]
    register_url = request.build_absolute_uri(
        reverse("challenge_public:register", args=[arena.join_code])
    )
    return render(
        request,
        "proposals/challenge_list.html",
        {
            "arena": arena,
            "by_status": by_status,
            "register_url": register_url,
            "open": challenges.accepts_registrations(arena),
        },
    )


def _detail(request, arena, registration, form, status=200):
    return render(
        request,
        "proposals/challenge_detail.html",
        {
            "arena": arena,
            "registration": registration,
            "members": list(registration.members.all()),
            "form": form,
            "steps": challenges.steps(registration),
        },
        status=status,
    )


@arena_view(Capability.MANAGE)
@require_safe
def registration_detail(request: HttpRequest, arena: Arena, pk: int) -> HttpResponse:
    registration = get_owned(ChallengeRegistration, arena, pk=pk)
    form = ApproveForm(arena=arena) if registration.status == ChallengeStatus.PENDING else None
    return _detail(request, arena, registration, form)


@arena_view(Capability.MANAGE)
@require_POST
def approve(request: HttpRequest, arena: Arena, pk: int) -> HttpResponse:
    registration = get_owned(ChallengeRegistration, arena, pk=pk)
    form = ApproveForm(request.POST, arena=arena)
    if not form.is_valid():
        return _detail(request, arena, registration, form, status=422)
    try:
        group = challenges.approve(registration, request.user, **form.cleaned_data)
    except challenges.ChallengeError as error:
        form.add_error(None, str(error))
        return _detail(request, arena, registration, form, status=409)
    messages.success(
        request,
        _("“%(title)s” is approved and on the wall at %(code)s.")
        % {"title": registration.title, "code": group.code},
    )
    return redirect("challenges:list", arena.pk)


@arena_view(Capability.MANAGE)
@require_POST
def decline(request: HttpRequest, arena: Arena, pk: int) -> HttpResponse:
    registration = get_owned(ChallengeRegistration, arena, pk=pk)
    try:
        challenges.decline(registration, request.user)
    except challenges.ChallengeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(title)s” is declined.") % {"title": registration.title})
    return redirect("challenges:list", arena.pk)


# --- the facilitator ---------------------------------------------------------------


@arena_view(Capability.DOCUMENT)
@require_safe
def facilitating(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The challenge groups the signed-in user facilitates."""
    registrations = list(
        arena.challenge_registrations.filter(
            status=ChallengeStatus.APPROVED, facilitator=request.user
        ).select_related("space")
    )
    return render(
        request,
        "proposals/challenge_facilitating.html",
        {"arena": arena, "registrations": registrations},
    )


@arena_view(Capability.DOCUMENT)
@require_safe
def facilitator(request: HttpRequest, arena: Arena, pk: int) -> HttpResponse:
    """A group's sessions with the step of the suggested template each works
    on (the one going on now highlighted), and the way to its report."""
    registration = get_object_or_404(
        ChallengeRegistration.objects.select_related("space", "facilitator", "topic__group"),
        arena=arena,
        pk=pk,
        status=ChallengeStatus.APPROVED,
    )
    group = getattr(registration.topic, "group", None) if registration.topic_id else None
    return render(
        request,
        "proposals/challenge_facilitator.html",
        {
            "arena": arena,
            "registration": registration,
            "group": group,
            "steps": challenges.steps(registration),
            "members": list(registration.members.all()),
        },
    )
