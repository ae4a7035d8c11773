"""The one way a view gets an arena: through the user's membership.

A signed-in user without a role in the arena gets 404 (the arena's existence
is not confirmed to strangers); a member whose role lacks the capability gets
403; an anonymous visitor is sent to log in.
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import participants
from .models import ROLE_CAPABILITIES, Arena, Capability, Membership, Role


def membership_for(user, arena_pk: int) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("arena").filter(user=user, arena_id=arena_pk).first()


def arena_view(capability: str = Capability.VIEW):
    """Decorate ``view(request, arena, ...)``; the URL gives ``arena_pk``.

    Sets ``request.membership`` so templates can ask what the user may do.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, arena_pk: int, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = membership_for(request.user, arena_pk)
            if membership is None:
                raise Http404("No arena here.")
            if not membership.can(capability):
                raise PermissionDenied
            request.membership = membership
            return view(request, membership.arena, *args, **kwargs)

        return wrapper

    return decorator


def can_create_arena(user) -> bool:
    """Staff, holders of ``arena.add_arena`` and organisers of any arena."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.has_perm("arena.add_arena"):
        return True
    return Membership.objects.filter(user=user, role=Role.ORGANISER).exists()


def capabilities(membership: Membership | None) -> frozenset[str]:
    return ROLE_CAPABILITIES[membership.role] if membership else frozenset()


def get_owned(queryset, arena: Arena, **lookup):
    """An object of ``arena`` (404 for anyone else's)."""
    return get_object_or_404(queryset, arena=arena, **lookup)


def use_arena_language(request, arena: Arena) -> None:
    """Participants see the arena's language unless they picked one."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(arena.language)
        request.LANGUAGE_CODE = arena.language


def participant_view(view):
    """Decorate ``view(request, arena, participant, ...)`` for a phone with a
    valid token for the arena in the URL (``code``); anyone else goes to the
    join page, which brings them back here after joining."""

    @wraps(view)
    def wrapper(request, code: str, *args, **kwargs):
        arena = get_object_or_404(Arena, join_code=code)
        use_arena_language(request, arena)
        participant = participants.participant_from_request(request, arena)
        if participant is None:
            messages.info(request, _("Join the arena first."))
            query = {"code": arena.join_code}
            if request.method == "GET":
                query["next"] = request.get_full_path()
            return redirect(f"{reverse('join')}?{urlencode(query)}")
        return view(request, arena, participant, *args, **kwargs)

    return wrapper
