"""What a delete would take with it, what stops it, and the files that go with rows.

Every app's delete goes through here, so a confirmation page can say what
will go and what is in the way, and the POST refuses with the same words:

- :func:`plan_deletion` asks Django's deletion collector (the one
  ``Model.delete`` uses, through the admin's ``NestedObjects`` which keeps
  collecting past a ``PROTECT``) what a delete of any object would remove,
  counted by verbose name, and which rows protect it. A lower app can so
  describe a higher app's rows (a space holding groups with reports) without
  importing them.
- :func:`delete` deletes through the same plan and raises
  :class:`DeletionBlocked` instead of a ``ProtectedError`` (even when a row
  that protects the object appeared after the plan was made).
- :func:`confirm_delete` is the one confirmation view: GET shows the plan,
  POST deletes or answers 409 with the plan and the reason.
- :func:`files_go_with` is the one way stored files follow their rows: a
  ``post_delete`` receiver (so cascades and queryset deletes count too) that
  deletes the files after the transaction commits (a rollback keeps both).
- :func:`name_lost_links` lets a higher app say what its rows that *stay*
  lose when rows they link to (a many-to-many field) are deleted: "the
  challenge group “…” no longer works through session 2.1". The collector
  removes such links without a word, so a plan names them only through this
  registry (filled in ``AppConfig.ready``); unregistered links are not named.

A model may shape how its rows are named here: ``deletion_label`` (a
property, default ``str(obj)``) and, on a model whose rows protect others,
``deletion_hint`` (what the user can do about them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.core.files.storage import default_storage
from django.db import models, router, transaction
from django.db.models.signals import post_delete
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

#: At most this many blocking rows are named in a message; the rest are counted.
NAMED_BLOCKERS = 10


@dataclass
class Removal:
    """``count`` rows of one model."""

    model: type[models.Model]
    count: int

    @property
    def label(self) -> str:
        meta = self.model._meta
        name = meta.verbose_name if self.count == 1 else meta.verbose_name_plural
        return f"{self.count} {name}"


@dataclass
class Blocker:
    """A row that protects the object, and the rows that in turn protect it
    (a group that has a group report)."""

    obj: models.Model
    held_by: list[models.Model] = field(default_factory=list)

    @property
    def label(self) -> str:
        return label_of(self.obj)

    @property
    def holds(self) -> str:
        """What keeps this row in place: "1 group report"."""
        counts: dict[type, int] = {}
        for row in self.held_by:
            counts[type(row)] = counts.get(type(row), 0) + 1
        return ", ".join(Removal(model, n).label for model, n in counts.items())


@dataclass
class Unlink:
    """A row that stays but loses its link to what is deleted, in words
    (from :func:`name_lost_links`). Listed with the removals, as what goes."""

    label: str


@dataclass
class DeletionPlan:
    obj: models.Model
    removes: list[Removal | Unlink]
    blockers: list[Blocker]

    @property
    def unlinks(self) -> list[Unlink]:
        """What stays but loses a link (the end of ``removes``)."""
        return [r for r in self.removes if isinstance(r, Unlink)]

    @property
    def blocked(self) -> bool:
        return bool(self.blockers)

    @property
    def summary(self) -> str:
        """What goes, for a page or an audit line: "1 space, 3 attendances"."""
        return ", ".join(r.label for r in self.removes)

    def message(self, what: str) -> str:
        """Why ``what`` (the object as the page names it) cannot be deleted."""
        return blocked_message(self, what)


class DeletionBlocked(Exception):
    """The object is protected by rows that must be moved or removed first."""

    def __init__(self, plan: DeletionPlan):
        super().__init__(plan.message(label_of(plan.obj)))
        self.plan = plan


def label_of(obj: models.Model) -> str:
    return str(getattr(obj, "deletion_label", None) or obj)


def _in_order(obj: models.Model):
    return (obj._meta.label, obj.pk)


def _collect(objs) -> NestedObjects:
    objs = list(objs)
    collector = NestedObjects(using=router.db_for_write(objs[0]._meta.model, instance=objs[0]))
    collector.collect(objs)
    return collector


def plan_deletion(obj: models.Model) -> DeletionPlan:
    """What deleting ``obj`` would remove and what protects it.

    Auto-created many-to-many rows are not counted (they are links, not
    things); a link whose field is registered with :func:`name_lost_links`
    is named instead, for each row that stays and loses it (an
    :class:`Unlink` at the end of ``removes``). Each protecting row is asked
    in turn what protects *it*, one level deep, so a message can say "(1
    with a group report)".
    """
    collector = _collect([obj])
    removes: list[Removal | Unlink] = [
        Removal(model, len(rows))
        for model, rows in collector.model_objs.items()
        if rows and not model._meta.auto_created
    ]
    removes += _lost_links(collector)
    blockers = [
        Blocker(row, sorted(_collect([row]).protected, key=_in_order))
        for row in sorted(collector.protected, key=_in_order)
    ]
    return DeletionPlan(obj=obj, removes=removes, blockers=blockers)


def blocked_message(plan: DeletionPlan, what: str) -> str:
    """Why it is blocked, per kind of blocking row and with that model's
    hint: "Space 5 holds 2 groups: 1.5 “…”, 2.5 “…” (1 with a group report).
    Move them …"."""
    by_model: dict[type, list[Blocker]] = {}
    for blocker in plan.blockers:
        by_model.setdefault(type(blocker.obj), []).append(blocker)
    parts, hints = [], []
    for model, blockers in by_model.items():
        meta = model._meta
        names = [b.label for b in blockers[:NAMED_BLOCKERS]]
        if len(blockers) > NAMED_BLOCKERS:
            names.append(
                ngettext("%(n)s more", "%(n)s more", len(blockers) - NAMED_BLOCKERS)
                % {"n": len(blockers) - NAMED_BLOCKERS}
            )
        inner: dict[type, int] = {}
        for blocker in blockers:
            for kind in {type(row) for row in blocker.held_by}:
                inner[kind] = inner.get(kind, 0) + 1
        detail = "; ".join(
            _("%(count)s with a %(thing)s") % {"count": n, "thing": kind._meta.verbose_name}
            for kind, n in inner.items()
        )
        parts.append(
            _("%(count)s %(things)s: %(names)s")
            % {
                "count": len(blockers),
                "things": meta.verbose_name if len(blockers) == 1 else meta.verbose_name_plural,
                "names": ", ".join(names),
            }
            + (f" ({detail})" if detail else "")
        )
        hint = getattr(model, "deletion_hint", None)
        hints.append(str(hint) if hint else _("Move or remove them first."))
    text = _("%(what)s holds %(things)s.") % {"what": capfirst(what), "things": "; ".join(parts)}
    return " ".join([text, *dict.fromkeys(hints)])


def delete(obj: models.Model) -> DeletionPlan:
    """Delete ``obj`` with what cascades from it, or raise :class:`DeletionBlocked`.

    Call inside the caller's transaction; the plan returned says what went.
    """
    plan = plan_deletion(obj)
    if plan.blocked:
        raise DeletionBlocked(plan)
    try:
        with transaction.atomic():
            obj.delete()
    except (models.ProtectedError, models.RestrictedError):
        # Something protecting it appeared since the plan: plan again to name it.
        raise DeletionBlocked(plan_deletion(obj)) from None
    return plan


def confirm_delete(
    request,
    obj: models.Model,
    *,
    what: str,
    back: str,
    delete: Callable[[], object],
    done_message: str,
    arena=None,
    subject: str = "",
    action_label: str = "",
    status: int = 200,
):
    """The confirmation page of a delete and its POST.

    GET shows what will go and what blocks it (``templates/confirm_delete.html``).
    POST calls ``delete`` (a service that should use :func:`delete`); a
    refusal (:class:`DeletionBlocked`, or a bare ``ProtectedError`` from a
    service that deletes directly) re-renders the page with the reason and
    409, never a 500. ``back`` is where both "Cancel" and a done delete go.
    ``subject`` names the object in that reason when ``what`` (the page's
    "This removes …") does not read well there.
    """
    subject = subject or what
    error = ""
    if request.method == "POST":
        try:
            delete()
        except DeletionBlocked as blocked:
            error, status = blocked.plan.message(subject), 409
        except (models.ProtectedError, models.RestrictedError):
            error, status = plan_deletion(obj).message(subject), 409
        else:
            messages.success(request, done_message)
            return redirect(back)
    plan = plan_deletion(obj)
    if plan.blocked and not error:
        error = plan.message(subject)
    return render(
        request,
        "confirm_delete.html",
        {
            "arena": arena,
            "what": what,
            "plan": plan,
            "blocked_message": error,
            "cancel_url": back,
            "action_label": action_label,
        },
        status=status,
    )


# --- links that rows which stay lose --------------------------------------------------


@dataclass(frozen=True)
class _LinkNamer:
    field: models.ManyToManyField
    describe: Callable[[models.Model, list[models.Model]], str]


#: The through model of each registered many-to-many field -> how to name a lost link.
_link_namers: dict[type[models.Model], _LinkNamer] = {}


def name_lost_links(
    model: type[models.Model],
    field_name: str,
    describe: Callable[[models.Model, list[models.Model]], str],
) -> None:
    """Name what a ``model`` row loses when rows its many-to-many field
    ``field_name`` links to are deleted while it stays: ``describe(row,
    gone)`` (``gone``: the linked rows the delete takes) returns one line
    for the confirmation page and the audit line. Call from
    ``AppConfig.ready``; registering the same field again replaces it."""
    field = model._meta.get_field(field_name)
    if not field.many_to_many or not getattr(field, "remote_field", None):
        raise ValueError(f"{model._meta.label}.{field_name} is not a many-to-many field")
    _link_namers[field.remote_field.through] = _LinkNamer(field, describe)


def _lost_links(collector: NestedObjects) -> list[Unlink]:
    """One :class:`Unlink` per registered link row whose owner stays."""
    found = []
    for through, rows in collector.model_objs.items():
        namer = _link_namers.get(through)
        if namer is None or not rows:
            continue
        owner_model = namer.field.model
        target_model = namer.field.related_model
        opts = through._meta
        owner_attr = opts.get_field(namer.field.m2m_field_name()).attname
        target_attr = opts.get_field(namer.field.m2m_reverse_field_name()).attname
        going = {row.pk for row in collector.model_objs.get(owner_model, ())}
        lost: dict[object, set] = {}
        for row in rows:
            owner = getattr(row, owner_attr)
            if owner not in going:
                lost.setdefault(owner, set()).add(getattr(row, target_attr))
        if not lost:
            continue
        targets = {row.pk: row for row in collector.model_objs.get(target_model, ())}
        owners = owner_model._default_manager.filter(pk__in=list(lost)).order_by("pk")
        for owner in owners:
            gone = [targets[pk] for pk in sorted(lost[owner.pk]) if pk in targets]
            found.append(Unlink(str(namer.describe(owner, gone))))
    return found


# --- files that go with their rows ----------------------------------------------------


def delete_files_on_commit(names: Iterable[str]) -> None:
    """Delete stored files once the current transaction commits (at once
    outside one). A missing file is fine; a failing storage is logged."""
    names = [n for n in dict.fromkeys(names) if n]
    if not names:
        return

    def remove():
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:
                logger.exception("Could not delete the stored file %s", name)

    transaction.on_commit(remove)


def files_go_with(model: type[models.Model], names: Callable[[models.Model], Iterable[str]]):
    """When a ``model`` row is deleted, by any path, its stored files
    (``names(row)``) are deleted after commit. Call from ``AppConfig.ready``."""

    def receiver(sender, instance, **kwargs):
        delete_files_on_commit(names(instance))

    post_delete.connect(
        receiver, sender=model, weak=False, dispatch_uid=f"files_go_with:{model._meta.label}"
    )


def picture_files(name: str) -> list[str]:
    """A persona picture's stored sizes: the row keeps ``…-thumb.jpg``; its
    ``-web`` and ``-print`` siblings were saved with it (the same naming as
    ``arena.services._delete_picture``, which removes a replaced picture)."""
    if not name or not name.endswith("-thumb.jpg"):
        return []
    stem = name.removesuffix("-thumb.jpg")
    return [f"{stem}-{variant}.jpg" for variant in ("thumb", "web", "print")]
