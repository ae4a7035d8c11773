"""Sign-ups for agenda items and staff notes on them: the screens.

Staff (``signups:``, under /a/<pk>/): the arena's agenda items with their
offers and who signed up; opening an item for sign-up (organisers); notes on
an item (facilitators and organisers). Phones (``phone_signups:``, under
/p/<code>/): the open offers with the seats left, sign up and cancel, as plain
forms (POST, then back to the list), so they work without JavaScript.
"""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from arena.access import arena_view, participant_view
from arena.crud import form_page
from arena.deletion import confirm_delete
from arena.models import Arena, Capability

from . import signups
from .models import AgendaItem, AgendaNote, SignupOffer
from .signup_forms import NoteForm, OfferForm


def _item(arena: Arena, item_pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("day"), day__arena=arena, pk=item_pk)


# --- staff ---------------------------------------------------------------------------------


@arena_view(Capability.FACILITATE)
@require_safe
def signup_list(request: HttpRequest, arena: Arena) -> HttpResponse:
    rows = signups.staff_rows(arena)
    notes = dict(
        AgendaItem.objects.for_arena(arena)
        .annotate(n=Count("agenda_notes"))
        .filter(n__gt=0)
        .values_list("pk", "n")
    )
    context = {
        "arena": arena,
        "rows": [(row, notes.get(row.item.pk, 0)) for row in rows],
        "can_manage": request.membership.can(Capability.MANAGE),
    }
    return render(request, "sessions/signups_list.html", context)


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def offer_edit(request: HttpRequest, arena: Arena, item_pk: int) -> HttpResponse:
    """Open an agenda item for sign-up, or change its offer."""
    item = _item(arena, item_pk)
    offer = SignupOffer.objects.filter(item=item).first()
    return form_page(
        request,
        OfferForm(request.POST or None, instance=offer),
        save=lambda form: signups.save_offer(
            item,
            kind=form.cleaned_data["kind"],
            capacity=form.cleaned_data["capacity"],
            open=form.cleaned_data["open"],
            actor=request.user,
        ),
        refused=(signups.SignupRefused, "capacity"),
        message=(
            _("“%(title)s” is open for sign-up.") % {"title": item.title}
            if offer is None
            else _("Saved.")
        ),
        done=reverse("signups:list", args=[arena.pk]),
        template="sessions/signups_offer_form.html",
        context={"arena": arena, "item": item, "offer": offer},
    )


@arena_view(Capability.MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def offer_delete(request: HttpRequest, arena: Arena, item_pk: int) -> HttpResponse:
    item = _item(arena, item_pk)
    offer = get_object_or_404(SignupOffer, item=item)
    return confirm_delete(
        request,
        offer,
        arena=arena,
        what=_("the sign-up for “%(title)s”") % {"title": item.title},
        back=reverse("signups:list", args=[arena.pk]),
        delete=lambda: signups.remove_offer(offer, request.user),
        done_message=_("The sign-up is removed."),
    )


@arena_view(Capability.FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
def notes(request: HttpRequest, arena: Arena, item_pk: int) -> HttpResponse:
    """Staff's notes on an agenda item (the facilitators' meeting), and a new one."""
    item = _item(arena, item_pk)
    return form_page(
        request,
        NoteForm(request.POST or None, instance=AgendaNote(item=item)),
        save=lambda form: signups.save_note(form.instance, author=request.user),
        message=_("Note saved."),
        done=reverse("signups:notes", args=[arena.pk, item.pk]),
        template="sessions/signups_notes.html",
        context={"arena": arena, "item": item, "notes": item.agenda_notes.select_related("author")},
    )


def _note(arena: Arena, note_pk: int) -> AgendaNote:
    return get_object_or_404(
        AgendaNote.objects.select_related("item__day"), item__day__arena=arena, pk=note_pk
    )


@arena_view(Capability.FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
def note_edit(request: HttpRequest, arena: Arena, note_pk: int) -> HttpResponse:
    note = _note(arena, note_pk)
    return form_page(
        request,
        NoteForm(request.POST or None, instance=note),
        save=lambda form: signups.save_note(form.instance),
        done=reverse("signups:notes", args=[arena.pk, note.item_id]),
        template="sessions/signups_note_edit.html",
        context={"arena": arena, "note": note, "item": note.item},
    )


@arena_view(Capability.FACILITATE)
@require_http_methods(["GET", "HEAD", "POST"])
def note_delete(request: HttpRequest, arena: Arena, note_pk: int) -> HttpResponse:
    note = _note(arena, note_pk)
    return confirm_delete(
        request,
        note,
        arena=arena,
        what=_("the note “%(start)s…”") % {"start": note.text[:40]},
        back=reverse("signups:notes", args=[arena.pk, note.item_id]),
        delete=lambda: signups.delete_note(note, request.user),
        done_message=_("Note deleted."),
    )


# --- phones --------------------------------------------------------------------------------


@participant_view
@require_safe
def phone_list(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    context = {
        "arena": arena,
        "participant": participant,
        "offers": signups.phone_offers(arena, participant),
    }
    return render(request, "sessions/signups_phone.html", context)


def _limited(request: HttpRequest, arena: Arena, participant, refused) -> HttpResponse:
    """Too many changes (this phone's, or many new phones' at once): the list
    as it is, with the message, as a 429 that says when to try again."""
    messages.warning(request, str(refused))
    context = {
        "arena": arena,
        "participant": participant,
        "offers": signups.phone_offers(arena, participant),
    }
    response = render(request, "sessions/signups_phone.html", context, status=429)
    response["Retry-After"] = str(refused.retry_after or 60)
    return response


@participant_view
@require_POST
def phone_join(request: HttpRequest, arena: Arena, participant, offer_pk: int) -> HttpResponse:
    try:
        signup = signups.sign_up(participant, offer_pk)
    except signups.SignupRefused as refused:
        if refused.code in ("limited", "newcomers"):
            return _limited(request, arena, participant, refused)
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("You have signed up for “%(title)s”.") % {"title": signup.offer.item.title}
        )
    return redirect("phone_signups:list", arena.join_code)  # POST, then GET: no JS needed


@participant_view
@require_POST
def phone_cancel(request: HttpRequest, arena: Arena, participant, offer_pk: int) -> HttpResponse:
    try:
        cancelled = signups.cancel(participant, offer_pk)
    except signups.SignupRefused as refused:
        return _limited(request, arena, participant, refused)
    if cancelled:
        messages.success(
            request, _("Your sign-up is cancelled; the seat is free for someone else.")
        )
    return redirect("phone_signups:list", arena.join_code)  # POST, then GET: no JS needed
