"""Follow-up after the arena: what became of each input.

Staff (``/a/<pk>/followup/…``, "reports:"):
- ``followup/``: every input on the wall with its current status and the
  date of its last change, filtered by status (``?status=``); organisers
  tick inputs and change their status at once (``followup/change/``);
- ``followup/inputs/<pk>/``: one input's timeline (and, for organisers, the
  same change form for that input);
- ``followup/due/``: what is due, the groups' next steps by the date of
  their next meeting, the dates that could not be read as typed.
Organisers change (``Capability.MANAGE``); readers read (``READ_REPORT``).

Phones (``/p/<code>/followup/``, "phone_reports:"): what became of the
inputs of the participant's groups.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from arena.access import arena_view, participant_view
from arena.models import Arena, Capability
from reports.models import FollowUpStatus

from . import selectors, services
from .forms import StatusChangeForm, StatusFilterForm


def _status_filter(params) -> tuple[str, list[str]]:
    """The ``status`` filter; an unknown value is ignored, and said so."""
    raw = params.get("status", "")
    if raw in FollowUpStatus.values or not raw.strip():
        return raw.strip(), []
    return "", [_("There is no status “%(value)s”; showing all.") % {"value": raw[:40]}]


def _list_url(arena: Arena, status: str = "") -> str:
    url = reverse("reports:followup", args=[arena.pk])
    return f"{url}?{urlencode({'status': status})}" if status else url


def _can_change(request) -> bool:
    return request.membership.can(Capability.MANAGE)


def _list_context(request, arena: Arena, status: str, notes=(), form=None, chosen=()) -> dict:
    everything = selectors.followup_inputs(arena)
    items = [i for i in everything if i.current_status == status] if status else everything
    pillars = selectors.pillars_for(arena)
    return {
        "arena": arena,
        "items": items,
        "total": len(everything),
        "counts": selectors.status_counts(everything),
        "status": status,
        "filter_form": StatusFilterForm(initial={"status": status}),
        "notes": notes,
        "can_change": _can_change(request),
        "form": form or StatusChangeForm(pillars=pillars),
        "chosen": set(chosen),
        "next": _list_url(arena, status),
    }


@arena_view(Capability.READ_REPORT)
@require_safe
def followup(request: HttpRequest, arena: Arena) -> HttpResponse:
    status, notes = _status_filter(request.GET)
    return render(
        request, "reports/followup/list.html", _list_context(request, arena, status, notes)
    )


@arena_view(Capability.READ_REPORT)
@require_safe
def followup_input(request: HttpRequest, arena: Arena, input_pk: int) -> HttpResponse:
    item = selectors.followup_input(arena, input_pk)
    if item is None:
        raise Http404("No such input on the wall.")
    return render(request, "reports/followup/input.html", _input_context(request, arena, item))


def _input_context(request, arena: Arena, item, form=None) -> dict:
    return {
        "arena": arena,
        "item": item,
        "changes": selectors.timeline(item),
        "received_label": FollowUpStatus.RECEIVED.label,
        "can_change": _can_change(request),
        "form": form or StatusChangeForm(pillars=selectors.pillars_for(arena)),
        "next": reverse("reports:followup_input", args=[arena.pk, item.pk]),
    }


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@arena_view(Capability.MANAGE)
@require_POST
def followup_change(request: HttpRequest, arena: Arena) -> HttpResponse:
    """Change the status of the ticked inputs (``inputs``); from the list or
    from one input's page (``from=input``). A refused change answers the
    same page again (400) with the message, the ticks and what was typed."""
    form = StatusChangeForm(request.POST, pillars=selectors.pillars_for(arena))
    error = None
    if form.is_valid():
        try:
            changed = services.change_statuses(
                arena,
                request.user,
                form.input_pks,
                status=form.cleaned_data["status"],
                pillar=form.cleaned_data["pillar"],
                reason=form.cleaned_data["reason"],
            )
        except services.FollowUpError as problem:
            error = str(problem)
        else:
            if changed:
                messages.success(
                    request,
                    ngettext(
                        "The status of %(n)d input was changed.",
                        "The status of %(n)d inputs was changed.",
                        changed,
                    )
                    % {"n": changed},
                )
            else:
                messages.info(request, _("Nothing changed: the inputs already had that status."))
            return redirect(_back(request, _list_url(arena)))
    if error:
        form.add_error(None, error)
    if request.POST.get("from") == "input" and len(form.input_pks) == 1:
        item = selectors.followup_input(arena, form.input_pks[0])
        if item is not None:
            context = _input_context(request, arena, item, form=form)
            return render(request, "reports/followup/input.html", context, status=400)
    status, notes = _status_filter({"status": request.POST.get("status_filter", "")})
    context = _list_context(request, arena, status, notes, form=form, chosen=form.input_pks)
    return render(request, "reports/followup/list.html", context, status=400)


@arena_view(Capability.READ_REPORT)
@require_safe
def followup_due(request: HttpRequest, arena: Arena) -> HttpResponse:
    return render(
        request,
        "reports/followup/due.html",
        {"arena": arena, "due": selectors.due(arena), "soon_days": selectors.DUE_SOON_DAYS},
    )


# --- the phone ------------------------------------------------------------------------


@participant_view
@require_safe
def phone_followup(request: HttpRequest, arena: Arena, participant) -> HttpResponse:
    return render(
        request,
        "reports/followup/phone.html",
        {
            "arena": arena,
            "participant": participant,
            "items": selectors.participant_inputs(arena, participant),
        },
    )
