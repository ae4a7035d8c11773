import io
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from . import page, participants, phases, services
from .access import arena_view, can_create_arena, capabilities, get_owned, use_arena_language
from .crud import form_page
from .deletion import confirm_delete
from .forms import (
    ArenaCopyForm,
    ArenaCreateForm,
    ArenaEditForm,
    DayForm,
    InvitationForm,
    JoinForm,
    PerspectiveForm,
    SignupForm,
    form_status,
)
from .models import (
    Arena,
    ArenaDay,
    Capability,
    Invitation,
    Membership,
    Perspective,
    normalise_join_code,
)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    memberships = []
    if request.user.is_authenticated:
        memberships = list(
            Membership.objects.filter(user=request.user)
            .select_related("arena")
            .order_by("-arena__created_at")
        )
    return render(
        request,
        "arena/home.html",
        {
            "memberships": memberships,
            "can_create": can_create_arena(request.user),
            "join_form": JoinForm(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def arena_create(request: HttpRequest) -> HttpResponse:
    if not can_create_arena(request.user):
        raise PermissionDenied
    organised = Membership.objects.filter(user=request.user, role="organiser").select_related(
        "arena"
    )
    return form_page(
        request,
        ArenaCreateForm(request.POST or None),
        save=lambda form: services.create_arena(request.user, **form.cleaned_data),
        message=lambda arena: _("The arena “%(title)s” is created.") % {"title": arena},
        done=lambda arena: arena,
        template="arena/arena_form.html",
        context={"organised": organised},
    )


@arena_view(Capability.VIEW)
@require_safe
def arena_detail(request: HttpRequest, arena: Arena) -> HttpResponse:
    days = list(arena.days.all())
    dates = [day.date for day in days]
    context = {
        "arena": arena,
        "perspectives": list(arena.perspectives.all()),
        "can": capabilities(request.membership),
        "join_url": request.build_absolute_uri(arena.join_path),
        "phases": phases.sections(arena, request.membership, dates=dates),
        "next_step": phases.next_step(arena, request.membership, dates=dates),
    }
    # The apps above add theirs (the programme: days with their agenda, spaces).
    context["sections"] = page.render_sections(request, arena, days, context)
    return render(request, "arena/arena_detail.html", context)


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def arena_edit(request: HttpRequest, arena: Arena) -> HttpResponse:
    return form_page(
        request,
        ArenaEditForm(request.POST or None, instance=arena),
        done=arena,
        template="arena/arena_edit.html",
        context={"arena": arena},
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def arena_copy(request: HttpRequest, arena: Arena) -> HttpResponse:
    initial = {"title": arena.title}
    return form_page(
        request,
        ArenaCopyForm(request.POST or None, initial=initial, source=arena),
        save=lambda form: services.copy_arena(arena, request.user, **form.cleaned_data),
        message=lambda copy: (
            _("“%(title)s” is a copy of “%(source)s”.") % {"title": copy, "source": arena}
        ),
        done=lambda copy: copy,
        template="arena/arena_copy.html",
        context={"arena": arena},
    )


@arena_view(Capability.MANAGE)
@require_POST
def join_code_renew(request: HttpRequest, arena: Arena) -> HttpResponse:
    services.new_join_code_for(arena)
    messages.success(
        request,
        _("New join code: %(code)s. Phones that already joined stay in.")
        % {"code": arena.display_join_code},
    )
    return redirect(arena)


@arena_view(Capability.VIEW)
@require_safe
def join_qr(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The QR code that takes a phone to the join page (SVG, made here)."""
    url = request.build_absolute_uri(arena.join_path)
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=8, border=2, dark="#000", light="#fff", xmldecl=False
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def day_add(request: HttpRequest, arena: Arena) -> HttpResponse:
    return form_page(
        request,
        DayForm(request.POST or None, arena=arena),
        save=lambda form: services.add_day(arena, form.cleaned_data["date"]),
        message=_("Day added."),
        done=arena,
        template="arena/day_form.html",
        context={"arena": arena},
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def day_delete(request: HttpRequest, arena: Arena, day_pk: int) -> HttpResponse:
    day = get_owned(ArenaDay.objects, arena, pk=day_pk)
    date = date_format(day.date, "SHORT_DATE_FORMAT")
    return confirm_delete(
        request,
        day,
        arena=arena,
        what=_("the day %(date)s and its agenda") % {"date": date},
        subject=_("the day %(date)s") % {"date": date},
        back=arena.get_absolute_url(),
        delete=lambda: services.delete_day(day, request.user),
        done_message=_("Day deleted."),
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")  # a page, or its fragment for htmx
def perspectives(request: HttpRequest, arena: Arena) -> HttpResponse:
    return form_page(
        request,
        PerspectiveForm(request.POST or None, arena=arena),
        save=lambda form: services.add_perspective(arena, **form.cleaned_data),
        message=_("Perspective added."),
        done=reverse("arena:perspectives", args=[arena.pk]),
        again=lambda _added: PerspectiveForm(arena=arena),
        template="arena/perspectives.html",
        partial="catalogue",
        context={"arena": arena, "perspectives": arena.perspectives.all()},
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def perspective_edit(request: HttpRequest, arena: Arena, perspective_pk: int) -> HttpResponse:
    perspective = get_owned(Perspective.objects, arena, pk=perspective_pk)
    return form_page(
        request,
        PerspectiveForm(request.POST or None, instance=perspective, arena=arena),
        done=reverse("arena:perspectives", args=[arena.pk]),
        template="arena/perspective_edit.html",
        context={"arena": arena, "perspective": perspective},
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def perspective_delete(request: HttpRequest, arena: Arena, perspective_pk: int) -> HttpResponse:
    perspective = get_owned(Perspective.objects, arena, pk=perspective_pk)
    return confirm_delete(
        request,
        perspective,
        arena=arena,
        what=_("the perspective “%(label)s”") % {"label": perspective.label},
        back=reverse("arena:perspectives", args=[arena.pk]),
        delete=perspective.delete,
        done_message=_("Perspective deleted."),
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def people(request: HttpRequest, arena: Arena) -> HttpResponse:
    return form_page(
        request,
        InvitationForm(request.POST or None),
        save=lambda form: services.invite(arena, request.user, **form.cleaned_data),
        message=lambda invitation: (
            _("Invitation made. Send the link to %(who)s.")
            % {"who": invitation.name or invitation.email or _("the person")}
        ),
        done=reverse("arena:people", args=[arena.pk]),
        template="arena/people.html",
        context=lambda: {
            "arena": arena,
            "members": arena.memberships.select_related("user"),
            "invitations": [
                (inv, request.build_absolute_uri(inv.get_absolute_url()))
                for inv in arena.invitations.filter(accepted_at=None, revoked_at=None)
                if inv.is_open
            ],
        },
    )


@arena_view(Capability.MANAGE)
@require_POST
def invitation_revoke(request: HttpRequest, arena: Arena, invitation_pk: int) -> HttpResponse:
    invitation = get_owned(Invitation.objects, arena, pk=invitation_pk)
    if services.revoke_invitation(invitation):
        messages.success(request, _("Invitation withdrawn; its link no longer works."))
    else:
        messages.error(
            request,
            _(
                "This invitation has already been accepted. "
                "To take the role away, remove the member."
            ),
        )
    return redirect("arena:people", arena.pk)


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def member_remove(request: HttpRequest, arena: Arena, membership_pk: int) -> HttpResponse:
    membership = get_owned(Membership.objects.select_related("user"), arena, pk=membership_pk)
    if request.method == "POST":
        try:
            services.remove_member(membership)
        except services.LastOrganiserError:
            messages.error(request, _("An arena needs at least one organiser."))
        else:
            messages.success(request, _("%(user)s removed.") % {"user": membership.user})
        return redirect("arena:people", arena.pk)
    return render(
        request,
        "confirm_delete.html",
        {
            "arena": arena,
            "what": _("%(user)s's role as %(role)s")
            % {"user": membership.user, "role": membership.get_role_display()},
            "cancel_url": reverse("arena:people", args=[arena.pk]),
            "action_label": _("Remove"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accept a role: a signed-in user accepts; anyone else makes an account
    (or logs in first and comes back)."""
    invitation = get_object_or_404(Invitation.objects.select_related("arena"), token=token)
    if not invitation.is_open:
        return _invitation_closed(request, invitation)
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.accept_invitation(invitation, request.user)
            except services.InvitationClosed as closed:  # another acceptance won the race
                return _invitation_closed(request, closed.invitation)
            messages.success(request, _("Welcome to %(arena)s.") % {"arena": invitation.arena})
            return redirect(invitation.arena)
    else:
        form = SignupForm(request.POST or None, initial={"email": invitation.email})
        if request.method == "POST" and form.is_valid():
            user = form.save(commit=False)  # hashes the password: before the transaction
            try:
                with transaction.atomic():  # the account only with its role
                    user.save()
                    services.accept_invitation(invitation, user)
            except services.InvitationClosed as closed:
                return _invitation_closed(request, closed.invitation)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %(arena)s.") % {"arena": invitation.arena})
            return redirect(invitation.arena)
    return render(
        request,
        "arena/invitation.html",
        {"invitation": invitation, "form": form},
        status=form_status(form, request),
    )


def _invitation_closed(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """410: used (by whoever came first), withdrawn or expired; the page says which."""
    return render(request, "arena/invitation_closed.html", {"invitation": invitation}, status=410)


def _next_in_arena(request: HttpRequest, arena: Arena) -> str | None:
    """Where to go after joining: only a page of this arena's phone side
    (e.g. the group page a printed sheet's QR points to)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    prefix = reverse("participant_home", args=[arena.join_code])
    return target if target.startswith(prefix) and "//" not in target else None


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Type the join code. ``?code=`` pre-fills it (and is checked)."""
    data = request.POST if request.method == "POST" else None
    if data is None and "code" in request.GET:
        data = request.GET
    form = JoinForm(data)
    if form.is_bound and form.is_valid():
        if request.method == "POST":  # typed and sent: that is the tap that joins
            return _join_now(request, form.arena)
        url = reverse("join_code", args=[form.cleaned_data["code"]])
        target = _next_in_arena(request, form.arena)
        return redirect(f"{url}?{urlencode({'next': target})}" if target else url)
    return render(
        request,
        "arena/join.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """Where the QR code leads. A phone that already joined goes straight on;
    any other GET shows one "Join" button (a link preview or a prefetch creates
    no one), and its POST creates the participant."""
    arena = Arena.objects.filter(join_code=normalise_join_code(code)).first()
    if arena is None:
        form = JoinForm({"code": code})  # re-validated to give the same plain message
        form.is_valid()
        return render(request, "arena/join.html", {"form": form}, status=404)
    if request.method == "POST":
        return _join_now(request, arena)
    use_arena_language(request, arena)
    if participants.participant_from_request(request, arena):
        return redirect(_after_join(request, arena))
    return _join_page(request, arena)


def _after_join(request: HttpRequest, arena: Arena) -> str:
    return _next_in_arena(request, arena) or reverse("participant_home", args=[arena.join_code])


def _join_page(request: HttpRequest, arena: Arena, *, status=200, retry_after=None):
    response = render(
        request,
        "arena/join_arena.html",
        {
            "arena": arena,
            "door_links": page.door_links(arena),
            "next": _next_in_arena(request, arena) or "",
            "paused": arena.joining_paused,
            "retry_after": retry_after,
        },
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _join_now(request: HttpRequest, arena: Arena) -> HttpResponse:
    """The POST that joins: a new participant and its cookie (or the one this
    phone already is), unless joining is paused (503) or too many are joining
    this minute (429 with Retry-After; the page and its button keep working)."""
    use_arena_language(request, arena)
    try:
        participant, _created = participants.join(arena, request)
    except participants.JoiningPaused:
        return _join_page(request, arena, status=503)
    except participants.TooManyJoining as busy:
        return _join_page(request, arena, status=429, retry_after=busy.retry_after)
    response = redirect(_after_join(request, arena))
    participants.set_cookie(response, participant)
    return response
