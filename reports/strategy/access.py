"""Who may see and change a strategy.

A strategy is not an arena, but it is made of arenas' inputs, so access
follows the arenas' roles (``arena.models.Membership``):

- **read** (every page, the CSV and the PDF): the organiser or a reader
  (directorate) of at least one of the strategy's arenas;
- **edit** (pillars, tags, sources, the arenas): an organiser of at least one
  of its arenas.

Facilitators and support facilitators document groups; they get no access
to strategies. A strategy without arenas (all removed or deleted) stays with
the user who created it, who may read and edit it, so it never becomes
unreachable. Everybody else gets a 404 (a strategy's existence is not
confirmed to strangers); a reader who tries to edit gets a 403.

Publishing the trace at a link (``services.publish``) is an edit; the
published page and its PDF (``views.public_trace``) need no account, only
the unguessable token, and are 404 once unpublished.

Adding an arena to a strategy needs its organiser (``organised_arenas``):
nobody pulls another arena's inputs into a workspace its readers see.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from arena.models import Arena, Membership, Role
from reports.models import Strategy

READ_ROLES = (Role.ORGANISER, Role.READER)
EDIT_ROLES = (Role.ORGANISER,)


def readable_by(user):
    """The strategies ``user`` may read."""
    if not user.is_authenticated:
        return Strategy.objects.none()
    in_arena = Strategy.objects.filter(
        arenas__memberships__user=user, arenas__memberships__role__in=READ_ROLES
    ).values("pk")
    return Strategy.objects.filter(
        Q(pk__in=in_arena) | Q(created_by=user, arenas__isnull=True)
    ).distinct()


def roles_in(user, strategy: Strategy) -> set[str]:
    """``user``'s roles in the strategy's arenas (one query)."""
    return set(
        Membership.objects.filter(user=user, arena__strategies=strategy).values_list(
            "role", flat=True
        )
    )


def can_read(user, strategy: Strategy, roles: set[str] | None = None) -> bool:
    roles = roles_in(user, strategy) if roles is None else roles
    return bool(roles & set(READ_ROLES)) or _orphan_owner(user, strategy, roles)


def can_edit(user, strategy: Strategy, roles: set[str] | None = None) -> bool:
    roles = roles_in(user, strategy) if roles is None else roles
    return bool(roles & set(EDIT_ROLES)) or _orphan_owner(user, strategy, roles)


def _orphan_owner(user, strategy: Strategy, roles: set[str]) -> bool:
    """The creator of a strategy that has no arenas left."""
    return strategy.created_by_id == user.pk and not roles and not strategy.arenas.exists()


def organised_arenas(user):
    """The arenas ``user`` may add to a strategy (and create one from)."""
    if not user.is_authenticated:
        return Arena.objects.none()
    return Arena.objects.filter(memberships__user=user, memberships__role=Role.ORGANISER)


def organised_or_read_arenas(user):
    """The arenas in which ``user`` may read strategies."""
    if not user.is_authenticated:
        return Arena.objects.none()
    return Arena.objects.filter(memberships__user=user, memberships__role__in=READ_ROLES)


def can_create(user) -> bool:
    return organised_arenas(user).exists()


def strategy_view(*, edit: bool = False):
    """Decorate ``view(request, strategy, ...)``; the URL gives ``strategy_pk``.

    Sets ``request.can_edit`` for the templates.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, strategy_pk: int, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            strategy = Strategy.objects.filter(pk=strategy_pk).first()
            if strategy is None:
                raise Http404("No strategy here.")
            roles = roles_in(request.user, strategy)
            if not can_read(request.user, strategy, roles):
                raise Http404("No strategy here.")
            request.can_edit = can_edit(request.user, strategy, roles)
            if edit and not request.can_edit:
                raise PermissionDenied
            return view(request, strategy, *args, **kwargs)

        return wrapper

    return decorator
