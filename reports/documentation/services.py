"""The verbs of documenting a group: templates, reports, revisions, status,
participants, inputs and photos (the queries its screens need are in
``reports.documentation.selectors``).

Invariants kept here (views only parse and call):

- A report's ``content`` only has keys of its template's sections (as
  strings) and the reserved key ``MORE_KEY`` ("More from the sheet": text
  that a change of template had no section for); a text section holds a
  string, a list section a list of non-empty strings, ``MORE_KEY`` a string.
  ``action_sheet`` only has the keys of ``ACTION_SHEET_FIELDS``.
- Changing a report's template keeps every word (:func:`plan_template_change`
  says where each text goes; :func:`change_template` does it as a revision),
  and so does removing a section (:func:`delete_section` moves its texts to
  "More from the sheet").
- Every save that changes something bumps ``GroupReport.revision`` and writes a
  ``ReportRevision`` with the whole content, in one transaction, with the
  report row locked. A save names the revision it started from; if the report
  has moved on since, :class:`StaleRevision` is raised (carrying the current
  report) and nothing is written, so two editors never silently overwrite
  each other. Re-sending exactly what is already stored is not a conflict
  (an offline phone that sends its draft twice).
- Approved reports are frozen until a facilitator sends them back.
- Nothing is cut to fit: text longer than its field can hold is refused
  (``ReportError`` naming the field and the limit), so what a save reports
  as stored is exactly what was sent.
- Submitting, approving and sending back record who did it and when, on the
  report and as a line of the arena's audit trail.
- GETs never write: before a group's first POST its pages show
  :func:`unsaved_report`; :func:`report_for` (creating the report) is for POSTs.
- Messages of :class:`ReportError` are translated and meant for the user.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from arena import images
from arena.models import (
    Arena,
    AuditEntry,
    Capability,
    Membership,
    Participant,
    record_audit,
)
from proposals.models import Attendance, Group
from reports.inputwall import live as inputwall_live
from reports.models import (
    Addressee,
    GroupReport,
    Input,
    Photo,
    ReportParticipant,
    ReportRevision,
    ReportStatus,
    ReportTemplate,
    SectionKind,
    TemplateSection,
)

from . import builtins

#: The optional action sheet's fields, in display order.
ACTION_SHEET_FIELDS = ("next_step", "coordinator", "next_meeting", "participants")
#: Marks the arena's default template (``key`` is only unique among built-ins).
DEFAULT_KEY = "default"
#: The built-in used when an arena has no template of its own.
FALLBACK_BUILTIN = "open-space-2020"
#: The built-in a format starts from, when the organiser has chosen none (the
#: café keeps Open Space's: its keys are the group's inputs, and the 2012
#: template's own "Nøkler" section would print them twice).
FORMAT_BUILTIN = {"challenge_groups": "challenge-group-2016", "main_areas": "mountain-2013"}
#: Someone is "editing" while their heartbeat is younger than this.
PRESENCE_WINDOW = datetime.timedelta(seconds=50)
#: The longest line of a list section, and the longest text (a text section,
#: or all of a list section's lines together).
LIST_ITEM_MAX = 2000
TEXT_MAX = 20000
#: The reserved ``content`` key of "More from the sheet" (section keys are pks).
MORE_KEY = "more"
#: The longest value of an action sheet's field.
ACTION_SHEET_MAX = 1000
#: A send-back comment is kept whole on the report and in its audit line.
COMMENT_MAX = AuditEntry._meta.get_field("detail").max_length
INPUT_TITLE_MAX = Input._meta.get_field("title").max_length
INPUT_TEXT_MAX = Input._meta.get_field("text").max_length
CAPTION_MAX = Photo._meta.get_field("caption").max_length
CREDIT_MAX = Photo._meta.get_field("credit").max_length


class ReportError(Exception):
    """Something the user asked cannot be done; ``str()`` is for the user."""


class StaleRevision(ReportError):
    """The save started from an older revision than the stored one."""

    def __init__(self, report: GroupReport):
        super().__init__(_("Someone else saved this report while you were editing it."))
        self.report = report


class StaleTemplateChange(StaleRevision):
    """The change of template was previewed on an older revision."""

    def __init__(self, report: GroupReport):
        ReportError.__init__(
            self,
            _(
                "Someone else saved this report after you opened the change of template. "
                "Nothing was changed: look at where the texts go now and confirm again."
            ),
        )
        self.report = report


# --- templates --------------------------------------------------------------


def builtin_templates():
    """The built-in templates; any that is missing is installed (the data
    migrations install them, but a flushed test database loses them)."""
    qs = ReportTemplate.objects.filter(arena=None).exclude(key="")
    existing = set(qs.values_list("key", flat=True))
    missing = [entry[0] for entry in builtins.BUILTINS if entry[0] not in existing]
    if missing:  # only those: the others' sections keep their pks (reports' keys)
        with transaction.atomic():
            builtins.install(ReportTemplate, TemplateSection, keys=missing)
    return ReportTemplate.objects.filter(arena=None).exclude(key="").prefetch_related("sections")


@transaction.atomic
def copy_template(template: ReportTemplate, arena: Arena, *, name: str = "") -> ReportTemplate:
    """A copy of ``template`` (a built-in or another of the arena's) that the
    arena owns and may edit; reports using the original are not touched."""
    copy = ReportTemplate.objects.create(
        arena=arena,
        name=(name or template.name)[:120],
        description=template.description,
        action_sheet=template.action_sheet,
        copied_from=template,
    )
    TemplateSection.objects.bulk_create(
        TemplateSection(
            template=copy,
            title=s.title,
            help_question=s.help_question,
            kind=s.kind,
            required=s.required,
            position=position,
        )
        for position, s in enumerate(template.sections.all())
    )
    return copy


def default_template(arena: Arena) -> ReportTemplate:
    """The template new reports of ``arena`` use: the one the organiser chose,
    else the arena's first own template, else the built-in of its format
    (the 2016 challenge group's, the 2013 mountain), else Open Space's."""
    own = ReportTemplate.objects.filter(arena=arena)
    chosen = own.filter(key=DEFAULT_KEY).first() or own.order_by("pk").first()
    if chosen:
        return chosen
    builtin_templates()
    key = FORMAT_BUILTIN.get(arena.format, FALLBACK_BUILTIN)
    return ReportTemplate.objects.filter(arena=None, key=key).first() or ReportTemplate.objects.get(
        arena=None, key=FALLBACK_BUILTIN
    )


@transaction.atomic
def set_default_template(arena: Arena, template: ReportTemplate) -> ReportTemplate:
    """Make ``template`` the arena's default. A built-in is copied into the
    arena first (the copy becomes the default), so the organiser can edit it."""
    if template.arena_id is None:
        template = copy_template(template, arena)
    elif template.arena_id != arena.pk:
        raise ReportError(_("That template belongs to another arena."))
    ReportTemplate.objects.filter(arena=arena, key=DEFAULT_KEY).update(key="")
    ReportTemplate.objects.filter(pk=template.pk).update(key=DEFAULT_KEY)
    template.key = DEFAULT_KEY
    return template


def _own(template: ReportTemplate) -> None:
    if template.arena_id is None:
        raise ReportError(_("Built-in templates cannot be changed; copy one into the arena."))


@transaction.atomic
def add_section(template: ReportTemplate, **fields) -> TemplateSection:
    """Append a section at the end."""
    _own(template)
    last = template.sections.aggregate(m=Max("position"))["m"]
    return TemplateSection.objects.create(
        template=template, position=0 if last is None else last + 1, **fields
    )


@transaction.atomic
def move_section(section: TemplateSection, delta: int) -> None:
    """Move one place up (-1) or down (+1); positions are renumbered 0…n."""
    _own(section.template)
    _move(list(section.template.sections.all()), section, delta)


def reports_with_text_in(section: TemplateSection) -> list[GroupReport]:
    """The group reports with text in ``section`` now (for the confirmation
    of its removal: that text moves to "More from the sheet")."""
    key = str(section.pk)
    reports = GroupReport.objects.filter(template_id=section.template_id, content__has_key=key)
    return [r for r in reports.order_by("pk") if r.content.get(key)]


@transaction.atomic
def delete_section(section: TemplateSection, user=None) -> list[GroupReport]:
    """Remove a section, keeping every word: the text each report has in it
    moves to "More from the sheet" under a line "# <title>" (where a change
    of template puts a text no section takes, and from where changing to a
    template with that section again takes it back), as a new revision of
    that report by ``user``. Approved reports too: their text stays on
    screen and in print (the status is kept). Refused (``ReportError``,
    nothing changed) if a report's "More from the sheet" would get longer
    than it can hold. Returns the reports whose text moved."""
    _own(section.template)
    template = section.template
    key = str(section.pk)
    moved = []
    reports = GroupReport.objects.select_for_update().filter(
        template_id=template.pk, content__has_key=key
    )
    for current in reports.order_by("pk"):
        value = current.content.get(key)
        if not value:
            continue
        source = Source(section.title, section.kind, -1, value)
        rest = {k: v for k, v in current.content.items() if k != key}
        content = _apply(([Move(source, None)], rest.get(MORE_KEY, "")), rest)
        try:
            content = clean_content(template, content)
        except ReportError as error:
            raise ReportError(
                _("The section cannot be removed: in the report of group %(code)s, %(error)s")
                % {"code": current.group.code, "error": error}
            ) from None
        note = _("Section “%(title)s” removed from the template; its text moved to “%(more)s”")
        _write_revision(
            current,
            user,
            content,
            current.action_sheet,
            note % {"title": section.title, "more": more_title()},
            present=False,
        )
        moved.append(current)
    section.delete()
    _renumber(list(template.sections.all()))
    return moved


def _renumber(items) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            type(item).objects.filter(pk=item.pk).update(position=position)
            item.position = position


def _move(items: list, item, delta: int) -> None:
    index = next((i for i, x in enumerate(items) if x.pk == item.pk), None)
    if index is None:
        return
    target = max(0, min(len(items) - 1, index + delta))
    items.insert(target, items.pop(index))
    _renumber(items)


# --- reports ----------------------------------------------------------------


def unsaved_report(group: Group) -> GroupReport:
    """What the group's report will be before its first save: not stored (a
    GET shows the empty editor with it), with the template it would get."""
    return GroupReport(group=group, template=default_template(group.arena))


def report_for(group: Group) -> GroupReport:
    """The group's report, created on first use (a POST: a save, an input, a
    photo, a claim…) with the arena's default template and the participants
    who marked "I'm going" for the group."""
    report = GroupReport.objects.filter(group=group).first()
    if report:
        return report
    try:
        with transaction.atomic():
            report = GroupReport.objects.create(group=group, template=default_template(group.arena))
            attending = (
                Attendance.objects.filter(group=group, participant__withdrawn_at=None)
                .exclude(participant__display_name="")  # people with a persona, not cookies
                .values_list("participant_id", flat=True)
            )
            ReportParticipant.objects.bulk_create(
                ReportParticipant(report=report, participant_id=pk) for pk in attending
            )
    except IntegrityError:  # two people opened the group at the same time
        report = GroupReport.objects.get(group=group)
    return report


def can_document(user, arena: Arena) -> bool:
    membership = Membership.objects.filter(user=user, arena=arena).first()
    return bool(membership and membership.can(Capability.DOCUMENT))


@transaction.atomic
def assign(report: GroupReport, user) -> GroupReport:
    """A facilitator makes ``user`` (who may document in the arena) the
    group's support facilitator; ``None`` leaves the group unassigned."""
    if user is not None and not can_document(user, report.group.arena):
        raise ReportError(_("That person cannot document groups in this arena."))
    GroupReport.objects.filter(pk=report.pk).update(documenter=user)
    report.documenter = user
    return report


@transaction.atomic
def claim(report: GroupReport, user) -> GroupReport:
    """A support facilitator takes an unassigned group. Taking someone else's
    group is refused (a facilitator can re-assign it)."""
    current = GroupReport.objects.select_for_update().get(pk=report.pk)
    if current.documenter_id and current.documenter_id != user.pk:
        raise ReportError(
            _("%(name)s is already documenting this group.")
            % {"name": display_user(current.documenter)}
        )
    if not can_document(user, report.group.arena):
        raise ReportError(_("You cannot document groups in this arena."))
    GroupReport.objects.filter(pk=report.pk).update(documenter=user)
    report.documenter = user
    return report


def display_user(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def check_length(value: str, limit: int, field: str, *, error=None) -> str:
    """``value`` if it fits in ``limit`` characters, else ``ReportError`` (or
    ``error``) naming ``field`` and the limit: never cut to fit."""
    if len(value) > limit:
        raise (error or ReportError)(
            _("“%(field)s” has %(length)s characters; it can have at most %(limit)s.")
            % {
                "field": capfirst(str(field)),
                "length": formats.number_format(len(value), force_grouping=True),
                "limit": formats.number_format(limit, force_grouping=True),
            }
        )
    return value


def clean_content(template: ReportTemplate, content: dict) -> dict:
    """``content`` checked against the template's sections: only their keys,
    text as a stripped string, lists as lists of non-empty strings. Empty
    sections are left out. Raises ``ReportError``."""
    if not isinstance(content, dict):
        raise ReportError(_("The report's content is not valid."))
    sections = {str(s.pk): s for s in template.sections.all()}
    cleaned = {}
    for key, value in content.items():
        if key == MORE_KEY:
            if not isinstance(value, str):
                raise ReportError(_("“%(section)s” must be text.") % {"section": more_title()})
            text = check_length(value.strip(), TEXT_MAX, more_title())
            if text:
                cleaned[MORE_KEY] = text
            continue
        section = sections.get(str(key))
        if section is None:
            raise ReportError(_("The report has a section its template does not have."))
        if section.kind == SectionKind.LIST:
            if isinstance(value, str):
                value = value.splitlines()
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise ReportError(
                    _("“%(section)s” must be a list of items.") % {"section": section.title}
                )
            items = [v.strip() for v in value if v.strip()]
            for item in items:
                if len(item) > LIST_ITEM_MAX:
                    raise ReportError(
                        _(
                            "A line in “%(section)s” has %(length)s characters; a line can "
                            "have at most %(limit)s. Split it into shorter lines."
                        )
                        % {
                            "section": section.title,
                            "length": formats.number_format(len(item), force_grouping=True),
                            "limit": formats.number_format(LIST_ITEM_MAX, force_grouping=True),
                        }
                    )
            check_length("\n".join(items), TEXT_MAX, section.title)
            if items:
                cleaned[str(key)] = items
        else:
            if not isinstance(value, str):
                raise ReportError(_("“%(section)s” must be text.") % {"section": section.title})
            text = check_length(value.strip(), TEXT_MAX, section.title)
            if text:
                cleaned[str(key)] = text
    return cleaned


def clean_action_sheet(action_sheet: dict | None) -> dict:
    if not action_sheet:
        return {}
    if not isinstance(action_sheet, dict) or set(action_sheet) - set(ACTION_SHEET_FIELDS):
        raise ReportError(_("The action sheet is not valid."))
    cleaned = {}
    labels = action_sheet_labels()
    for key, value in action_sheet.items():
        if not isinstance(value, str):
            raise ReportError(_("The action sheet is not valid."))
        if value.strip():
            cleaned[key] = check_length(value.strip(), ACTION_SHEET_MAX, labels[key])
    if "next_meeting" in cleaned:
        try:
            datetime.date.fromisoformat(cleaned["next_meeting"])
        except ValueError:
            raise ReportError(_("Give the date of the next meeting as a date.")) from None
    return cleaned


@transaction.atomic
def save_report(
    report: GroupReport,
    user,
    *,
    base_revision: int,
    content: dict,
    action_sheet: dict | None = None,
    note: str = "",
) -> GroupReport:
    """Store a new version of the report's text, made from ``base_revision``.

    Raises :class:`StaleRevision` (nothing written) if another save landed
    after ``base_revision`` and this one differs from it. A save without any
    change writes no revision. Returns the current report. A save that does
    not name ``MORE_KEY`` at all (an editor without that field) keeps the
    stored "More from the sheet"; naming it empty clears it.
    """
    current = GroupReport.objects.select_for_update().get(pk=report.pk)
    if isinstance(content, dict) and MORE_KEY not in content and current.content.get(MORE_KEY):
        content = {**content, MORE_KEY: current.content[MORE_KEY]}
    content = clean_content(current.template, content)
    sheet = clean_action_sheet(action_sheet) if action_sheet is not None else current.action_sheet
    unchanged = content == current.content and sheet == current.action_sheet
    if base_revision != current.revision and not unchanged:
        raise StaleRevision(current)
    if unchanged:
        return current
    if current.status == ReportStatus.APPROVED:
        raise ReportError(_("This report is approved. A facilitator must send it back first."))
    return _write_revision(current, user, content, sheet, note)


def _write_revision(
    current: GroupReport,
    user,
    content: dict,
    sheet: dict,
    note: str,
    *fields: str,
    present: bool = True,
) -> GroupReport:
    """Store ``content`` as the next revision of the locked ``current``
    (``fields``: more of its fields that changed, e.g. the template).
    ``present``: ``user`` is in the editor (so others see them editing)."""
    now = timezone.now()
    current.revision += 1
    current.content = content
    current.action_sheet = sheet
    current.updated_at = now
    current.updated_by = user
    if present:
        current.editing_by = user
        current.editing_seen_at = now
        fields = ("editing_by", "editing_seen_at", *fields)
    current.save(
        update_fields=["revision", "content", "action_sheet", "updated_at", "updated_by", *fields]
    )
    ReportRevision.objects.create(
        report=current,
        number=current.revision,
        content=content,
        action_sheet=sheet,
        created_by=user,
        created_at=now,
        note=note[:200],
    )
    return current


@transaction.atomic
def restore(report: GroupReport, number: int, user) -> GroupReport:
    """Make revision ``number`` the current text again, as a new revision
    (the history only grows, so a restore can itself be undone). Text of a
    revision made with another template is mapped onto the current one like a
    change of template (:func:`plan_template_change`): no word is lost."""
    revision = ReportRevision.objects.filter(report=report, number=number).first()
    if revision is None:
        raise ReportError(_("There is no such revision."))
    current = GroupReport.objects.select_for_update().get(pk=report.pk)
    targets = list(current.template.sections.all())
    keys = {str(s.pk) for s in targets}
    old = {k: v for k, v in revision.content.items() if k != MORE_KEY and k not in keys}
    content = {k: v for k, v in revision.content.items() if k in keys or k == MORE_KEY}
    if old:  # sections of another template: map them by title, then position
        by_pk = {
            str(s.pk): s
            for s in TemplateSection.objects.filter(pk__in=[k for k in old if k.isdigit()])
        }
        sources = [
            Source(
                by_pk[k].title if k in by_pk else _("(removed section)"),
                by_pk[k].kind if k in by_pk else SectionKind.TEXT,
                by_pk[k].position if k in by_pk else -1,
                v,
            )
            for k, v in old.items()
        ]
        taken = {s.pk for s in targets if content.get(str(s.pk))}
        content = _apply(_plan(sources, content.get(MORE_KEY, ""), targets, taken), content)
    return save_report(
        current,
        user,
        base_revision=current.revision,
        content={MORE_KEY: "", **content},
        action_sheet=revision.action_sheet,
        note=_("Restored revision %(n)s") % {"n": number},
    )


# --- changing a report's template ---------------------------------------------
#
# The rule (said in the editor's preview): each old section's text goes
# 1. to the new section of the same title (case and surrounding spaces ignored);
# 2. else to a new section whose title shares a part with it: titles are split
#    at ":", brackets, "/", "," and dashes, and a part matches a part that is
#    the same or holds it as whole words ("Mål (toppen)" → "Toppen: målet",
#    "Neste skritt" → "Veien: handlingsplan og neste skritt");
# 3. else to the new section at the same position, if it is of the same kind
#    and still free;
# 4. else to "More from the sheet", under a line "# <old title>".
# Blocks of "More from the sheet" whose heading line names a section of the
# new template (rules 1 and 2) go back into it, so changing back restores the
# texts. Nothing is ever dropped: text no section takes goes to "More".

_BLOCK_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_TITLE_PARTS = re.compile(r"[:()\[\]/,;–—]|\s-\s")


def _parts(title: str) -> set[str]:
    """A title's parts, casefolded, words separated by one space."""
    parts = (" ".join(p.split()) for p in _TITLE_PARTS.split(title.casefold()))
    return {p for p in parts if len(p) >= 3}


def _share_a_part(a: str, b: str) -> bool:
    for x in _parts(a):
        for y in _parts(b):
            short, long = sorted((x, y), key=len)
            if re.search(rf"(?<!\w){re.escape(short)}(?!\w)", long):
                return True
    return False


def more_title() -> str:
    return _("More from the sheet")


@dataclass
class Source:
    """A text to place: an old section's, or a block of "More from the sheet"."""

    title: str
    kind: str
    position: int  # -1: no position (a block of "More from the sheet")
    value: str | list
    from_more: bool = False


@dataclass
class Move:
    source: Source
    target: TemplateSection | None  # None: "More from the sheet"

    @property
    def source_label(self) -> str:
        if self.source.from_more:
            return _("“%(title)s” in “%(more)s”") % {
                "title": self.source.title,
                "more": more_title(),
            }
        return self.source.title

    @property
    def target_label(self) -> str:
        return self.target.title if self.target is not None else more_title()

    @property
    def stays(self) -> bool:
        """A block of "More from the sheet" that stays there."""
        return self.source.from_more and self.target is None


@dataclass
class TemplateChange:
    report: GroupReport
    old: ReportTemplate
    new: ReportTemplate
    moves: list[Move] = field(default_factory=list)
    content: dict = field(default_factory=dict)
    empty: list[str] = field(default_factory=list)  # old sections without text


def _as_lines(value) -> list[str]:
    return list(value) if isinstance(value, list) else str(value).splitlines()


def _as_str(value) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value)


def _more_blocks(text: str) -> tuple[str, list[Source]]:
    """ "More from the sheet" split at its "# title" lines: the text before
    the first one, and each block as a :class:`Source`."""
    head, blocks, current = [], [], None
    for line in (text or "").splitlines():
        match = _BLOCK_HEADING.match(line)
        if match:
            current = Source(match[1], SectionKind.TEXT, -1, [], from_more=True)
            blocks.append(current)
        elif current is None:
            head.append(line)
        else:
            current.value.append(line)
    for block in blocks:
        block.value = "\n".join(block.value).strip("\n")
    return "\n".join(head).strip("\n"), blocks


def _plan(sources: list[Source], more: str, targets: list[TemplateSection], taken=()) -> tuple:
    """Where each source goes (the rule above), and the text before the
    first block of "More from the sheet"."""
    head, blocks = _more_blocks(more)
    sources = [s for s in sources if s.value] + blocks
    by_title = {}
    for t in targets:
        by_title.setdefault(t.title.strip().casefold(), t)
    moves: dict[int, Move] = {}
    taken = set(taken)
    for i, source in enumerate(sources):  # 1. the same title
        target = by_title.get(source.title.strip().casefold())
        if target is not None:
            moves[i] = Move(source, target)
            taken.add(target.pk)
    for i, source in enumerate(sources):  # 2. a title that shares a part
        if i in moves:
            continue
        target = next(
            (t for t in targets if t.pk not in taken and _share_a_part(source.title, t.title)),
            None,
        )
        if target is not None:
            moves[i] = Move(source, target)
            taken.add(target.pk)
    for i, source in enumerate(sources):  # 3. the same position and kind, if free
        if i in moves or source.from_more:
            continue
        if 0 <= source.position < len(targets):
            target = targets[source.position]
            if target.pk not in taken and target.kind == source.kind:
                moves[i] = Move(source, target)
                taken.add(target.pk)
                continue
        moves[i] = Move(source, None)  # 4. "More from the sheet"
    for i, source in enumerate(sources):
        moves.setdefault(i, Move(source, None))
    return [moves[i] for i in range(len(sources))], head


def _apply(plan: tuple, content: dict) -> dict:
    """``content`` (the target sections' texts so far) with the plan's moves."""
    moves, head = plan
    content = {k: v for k, v in content.items() if k != MORE_KEY}
    more = [head] if head.strip() else []
    for move in moves:
        if move.target is None:
            body = _as_str(move.source.value)
            more.append(f"# {move.source.title}\n{body}" if body else f"# {move.source.title}")
            continue
        key = str(move.target.pk)
        if move.target.kind == SectionKind.LIST:
            lines = [line for line in _as_lines(move.source.value) if line.strip()]
            content[key] = _as_lines(content.get(key, [])) + lines
        else:
            text = _as_str(move.source.value)
            content[key] = f"{content[key]}\n\n{text}" if content.get(key) else text
    content[MORE_KEY] = "\n\n".join(more)
    return content


_FIELD = re.compile(r"^s(\d{1,18})$")


def foreign_texts(data, template: ReportTemplate) -> list[Source]:
    """Texts posted for sections of another template (``s<pk>`` fields), as
    an editor opened before a change of template sends them: each with its
    old section's title, kind and position, to be carried over."""
    own = {s.pk for s in template.sections.all()}
    posted = {}
    for name in data:
        match = _FIELD.match(name)
        if match and int(match[1]) not in own and str(data.get(name) or "").strip():
            posted[int(match[1])] = str(data.get(name))
    sections = {s.pk: s for s in TemplateSection.objects.filter(pk__in=list(posted))}
    return [
        Source(
            sections[pk].title if pk in sections else _("(removed section)"),
            sections[pk].kind if pk in sections else SectionKind.TEXT,
            sections[pk].position if pk in sections else -1,
            text.splitlines() if pk in sections and sections[pk].kind == SectionKind.LIST else text,
        )
        for pk, text in posted.items()
    ]


def carry_over(sources: list[Source], template: ReportTemplate, content: dict) -> dict:
    """``content`` (of ``template``) with the typed ``sources`` in the
    sections a change of template would put them in (instead of what is
    stored there: the merge view shows that beside them); "More from the
    sheet" is only added to."""
    targets = list(template.sections.all())
    moves, _head = _plan(sources, "", targets)
    targeted = {str(m.target.pk) for m in moves if m.target is not None}
    more = content.get(MORE_KEY, "")
    result = _apply((moves, more), {k: v for k, v in content.items() if k not in targeted})
    if not result.get(MORE_KEY):
        result.pop(MORE_KEY, None)
    return result


def plan_template_change(report: GroupReport, template: ReportTemplate) -> TemplateChange:
    """What changing ``report`` to ``template`` would do: each text's new
    place, and the new content. Writes nothing (the preview shows it)."""
    old_sections = list(report.template.sections.all())
    sources = [
        Source(s.title, s.kind, i, report.content.get(str(s.pk)) or "")
        for i, s in enumerate(old_sections)
    ]
    targets = list(template.sections.all())
    plan = _plan(sources, report.content.get(MORE_KEY, ""), targets)
    return TemplateChange(
        report=report,
        old=report.template,
        new=template,
        moves=plan[0],
        content=_apply(plan, {}),
        empty=[s.title for s in sources if not s.value],
    )


@transaction.atomic
def change_template(
    report: GroupReport, user, template: ReportTemplate, *, base_revision: int
) -> GroupReport:
    """Give the report ``template``, moving every text as
    :func:`plan_template_change` says, as a new revision. Raises
    :class:`StaleTemplateChange` if the report was saved after
    ``base_revision`` (the revision the preview was made from)."""
    current = GroupReport.objects.select_for_update().get(pk=report.pk)
    if template.arena_id not in (None, current.group.arena_id):
        raise ReportError(_("Choose one of the arena's templates."))
    if base_revision != current.revision:
        raise StaleTemplateChange(current)
    if current.status == ReportStatus.APPROVED:
        raise ReportError(_("This report is approved. A facilitator must send it back first."))
    if template.pk == current.template_id:
        raise ReportError(_("The report already uses “%(t)s”.") % {"t": template.name})
    change = plan_template_change(current, template)
    old_name = current.template.name
    current.template = template
    content = clean_content(template, change.content)
    return _write_revision(
        current,
        user,
        content,
        current.action_sheet,
        _("Template changed from “%(old)s” to “%(new)s”") % {"old": old_name, "new": template.name},
        "template",
    )


def merge_conflicts(typed: dict[str, str], stored: dict[str, str]) -> dict[str, str]:
    """For the merge view: the stored text (theirs) of every field whose
    typed text (mine) differs from it, keyed like both dicts (form fields)."""
    return {
        key: stored.get(key) or ""
        for key, mine in typed.items()
        if mine.strip() != (stored.get(key) or "").strip()
    }


def action_sheet_labels() -> dict[str, str]:
    return {
        "next_step": _("Immediate next step"),
        "coordinator": _("Who coordinates"),
        "next_meeting": _("Date of the next meeting"),
        "participants": _("Who takes part"),
    }


def missing_required(report: GroupReport) -> list[TemplateSection]:
    return [
        s
        for s in report.template.sections.all()
        if s.required and not report.content.get(str(s.pk))
    ]


@transaction.atomic
def submit(report: GroupReport, user) -> GroupReport:
    """Draft or sent back → submitted, once every required section has text."""
    current = GroupReport.objects.select_for_update().get(pk=report.pk)
    if current.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        raise ReportError(_("Only a draft can be submitted."))
    missing = missing_required(current)
    if missing:
        raise ReportError(
            _("Fill in the required sections first: %(sections)s.")
            % {"sections": ", ".join(s.title for s in missing)}
        )
    current.status = ReportStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = _actor(user)
    current.save(update_fields=["status", "submitted_at", "submitted_by"])
    _audit(current, user, "report.submit")
    inputwall_live.report_submitted(current)  # its inputs appear on every input wall after commit
    return current


@transaction.atomic
def approve(report: GroupReport, user) -> GroupReport:
    """A facilitator accepts a submitted report."""
    current = GroupReport.objects.select_for_update().get(pk=report.pk)
    if current.status != ReportStatus.SUBMITTED:
        raise ReportError(_("Only a submitted report can be approved."))
    current.status = ReportStatus.APPROVED
    current.approved_at = timezone.now()
    current.approved_by = _actor(user)
    current.return_comment = ""
    current.save(update_fields=["status", "approved_at", "approved_by", "return_comment"])
    _audit(current, user, "report.approve")
    return current


@transaction.atomic
def send_back(report: GroupReport, user, comment: str) -> GroupReport:
    """A facilitator returns a submitted (or approved) report with a comment
    the documenter sees at the top of the editor."""
    comment = (comment or "").strip()
    if not comment:
        raise ReportError(_("Say what should be changed."))
    check_length(comment, COMMENT_MAX, _("comment"))
    current = GroupReport.objects.select_for_update().get(pk=report.pk)
    if current.status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise ReportError(_("Only a submitted or approved report can be sent back."))
    current.status = ReportStatus.RETURNED
    current.return_comment = comment
    current.approved_at = None
    current.approved_by = None
    current.returned_at = timezone.now()
    current.returned_by = _actor(user)
    current.save(
        update_fields=[
            "status", "return_comment", "approved_at", "approved_by", "returned_at", "returned_by",
        ]
    )  # fmt: skip
    _audit(current, user, "report.send_back", comment)
    inputwall_live.report_returned(current)  # its inputs leave the input walls after commit
    return current


def _actor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def audit_target(report: GroupReport) -> str:
    """How a report's audit lines name it: stable id first (a code changes
    when sessions are renumbered), then the code and title for a reader."""
    group = report.group
    return f"GroupReport {report.pk}: {group.code} {group.topic.title}"


def _audit(report: GroupReport, user, verb: str, detail: str = "") -> None:
    record_audit(report.group.arena, user, verb, audit_target(report), detail)


# --- presence ---------------------------------------------------------------


def heartbeat(report: GroupReport, user) -> None:
    GroupReport.objects.filter(pk=report.pk).update(editing_by=user, editing_seen_at=timezone.now())


def other_editor(report: GroupReport, user):
    """Someone else who has had the report open in the last minute, or None."""
    if report.pk is None:
        return None
    report.refresh_from_db(fields=["editing_by", "editing_seen_at"])
    if (
        report.editing_by_id
        and report.editing_by_id != user.pk
        and report.editing_seen_at
        and timezone.now() - report.editing_seen_at < PRESENCE_WINDOW
    ):
        return report.editing_by
    return None


# --- participants -----------------------------------------------------------


@transaction.atomic
def add_participant(report: GroupReport, participant: Participant) -> None:
    if participant.arena_id != report.group.arena_id or participant.withdrawn_at:
        raise ReportError(_("That person is not in this arena."))
    ReportParticipant.objects.get_or_create(report=report, participant=participant)


@transaction.atomic
def remove_participant(report: GroupReport, participant: Participant) -> None:
    ReportParticipant.objects.filter(report=report, participant=participant).delete()


# --- inputs -----------------------------------------------------------------


def _clean_input(title: str, text: str, addressee: str) -> tuple[str, str, str]:
    title = (title or "").strip()
    if not title:
        raise ReportError(_("Give the input a short title."))
    if addressee and addressee not in Addressee.values:
        raise ReportError(_("Choose who the input is addressed to."))
    fields = Input._meta
    title = check_length(title, INPUT_TITLE_MAX, fields.get_field("title").verbose_name)
    text = check_length((text or "").strip(), INPUT_TEXT_MAX, fields.get_field("text").verbose_name)
    return title, text, addressee or ""


def _clean_photo_details(caption: str, credit: str, description: str = "") -> tuple[str, str, str]:
    label = Photo._meta.get_field
    return (
        check_length((caption or "").strip(), CAPTION_MAX, label("caption").verbose_name),
        check_length((credit or "").strip(), CREDIT_MAX, label("credit").verbose_name),
        check_length(
            (description or "").strip(),
            label("description").max_length,
            label("description").verbose_name,
        ),
    )


@transaction.atomic
def add_input(report: GroupReport, *, title: str, text: str = "", addressee: str = "") -> Input:
    title, text, addressee = _clean_input(title, text, addressee)
    last = report.inputs.aggregate(m=Max("position"))["m"]
    return Input.objects.create(
        report=report,
        title=title,
        text=text,
        addressee=addressee,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def update_input(item: Input, *, title: str, text: str = "", addressee: str = "") -> Input:
    item.title, item.text, item.addressee = _clean_input(title, text, addressee)
    item.save(update_fields=["title", "text", "addressee"])
    return item


@transaction.atomic
def move_input(item: Input, delta: int) -> None:
    _move(list(item.report.inputs.all()), item, delta)


@transaction.atomic
def delete_input(item: Input) -> None:
    report = item.report
    item.delete()
    _renumber(list(report.inputs.all()))


# --- photos -----------------------------------------------------------------


def photo_dir(report: GroupReport) -> str:
    return f"reports/{report.pk}"


def add_photo(
    report: GroupReport,
    uploaded,
    user,
    *,
    caption: str = "",
    credit: str = "",
    description: str = "",
    full_width: bool = False,
) -> Photo:
    """Process one uploaded photo (``arena.images``: EXIF and GPS gone,
    three sizes) and store only the processed sizes under
    ``reports/<report pk>/``. Raises ``PhotoError`` with the user's message.

    The slow work runs before the transaction, so the database is not held
    while a 12-MP photo is resized (and after the caption and credit are
    checked, so a refused caption costs no processing)."""
    caption, credit, description = _clean_photo_details(caption, credit, description)

    def write(upload: images.StoredUpload) -> Photo:
        last = report.photos.aggregate(m=Max("position"))["m"]
        return Photo.objects.create(
            report=report,
            **upload.fields(),
            caption=caption,
            credit=credit,
            description=description,
            full_width=bool(full_width),
            position=0 if last is None else last + 1,
            uploaded_by=user,
        )

    return images.store_upload(uploaded, write, folder=photo_dir(report))


@transaction.atomic
def update_photo(
    photo: Photo, *, caption: str, credit: str, description: str = "", full_width: bool = False
) -> Photo:
    photo.caption, photo.credit, photo.description = _clean_photo_details(
        caption, credit, description
    )
    photo.full_width = bool(full_width)
    photo.save(update_fields=["caption", "credit", "description", "full_width"])
    return photo


@transaction.atomic
def delete_photo(photo: Photo) -> None:
    """Remove the row; its files follow after commit (``reports.apps``
    connects ``arena.deletion.files_go_with``: a rollback keeps both)."""
    photo.delete()
