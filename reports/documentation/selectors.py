"""Queries for the documentation's screens: who may document, who took
part, the workflow and the history of a report, the newsroom."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.models import ROLE_CAPABILITIES, Arena, AuditEntry, Capability, Participant
from arena.perspectives import presence
from proposals.models import Group
from reports.models import (
    GroupReport,
    ReportRevision,
    ReportStatus,
    ReportTemplate,
    TemplateSection,
)

from .services import ACTION_SHEET_FIELDS, MORE_KEY, action_sheet_labels, more_title


def documenters(arena: Arena):
    """Users who may document groups of ``arena`` (for the assign list)."""
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if Capability.DOCUMENT in caps]
    return (
        get_user_model()
        .objects.filter(arena_memberships__arena=arena, arena_memberships__role__in=roles)
        .order_by("username")
    )


def revision_changes(revision: ReportRevision, template: ReportTemplate) -> list[dict]:
    """What ``revision`` changed compared with the one before it, per section:
    ``[{"title", "before", "after"}]`` (lists joined by line breaks)."""
    previous = (
        ReportRevision.objects.filter(report_id=revision.report_id, number__lt=revision.number)
        .order_by("-number")
        .first()
    )
    before = previous.content if previous else {}
    before_sheet = previous.action_sheet if previous else {}
    changes = []
    titles = {str(s.pk): s.title for s in template.sections.all()}
    titles[MORE_KEY] = more_title()
    # Sections of the template the report had before a change of template.
    other = [k for k in (set(before) | set(revision.content)) - set(titles) if k.isdigit()]
    titles.update({str(s.pk): s.title for s in TemplateSection.objects.filter(pk__in=other)})
    for key in list(titles) + sorted((set(before) | set(revision.content)) - set(titles)):
        old, new = before.get(key), revision.content.get(key)
        if old != new:
            changes.append(
                {
                    "title": titles.get(key, _("(removed section)")),
                    "before": _as_text(old),
                    "after": _as_text(new),
                }
            )
    labels = action_sheet_labels()
    for key in ACTION_SHEET_FIELDS:
        old, new = before_sheet.get(key), revision.action_sheet.get(key)
        if old != new:
            changes.append({"title": labels[key], "before": old or "", "after": new or ""})
    return changes


def _as_text(value) -> str:
    if isinstance(value, list):
        return "\n".join(value)
    return value or ""


def workflow(report: GroupReport) -> list[AuditEntry]:
    """The report's submit / approve / send-back lines, oldest first."""
    if report.pk is None:
        return []
    return list(
        AuditEntry.objects.filter(
            arena_id=report.group.arena_id,
            verb__startswith="report.",
            target__startswith=f"GroupReport {report.pk}:",
        ).order_by("created_at", "pk")
    )


def workflow_rows(report: GroupReport) -> list[dict]:
    """Who submitted, approved or sent back the report, and when (from the
    audit trail), for the editor's status area and the history page."""
    labels = {
        "report.submit": _("Submitted"),
        "report.approve": _("Approved"),
        "report.send_back": _("Sent back"),
    }
    return [
        {
            "what": labels.get(entry.verb, entry.verb),
            "who": entry.actor_name or _("(unknown)"),
            "when": entry.created_at,
            "comment": entry.detail if entry.verb == "report.send_back" else "",
        }
        for entry in workflow(report)
    ]


def participants_summary(report: GroupReport) -> dict:
    """Who took part, as a report may show it: named people (with consent),
    a count of the others, and the arena's perspectives present / missing."""
    if report.pk is None:  # not stored yet: those "I'm going" will be pre-filled
        people = list(
            Participant.objects.filter(attendances__group=report.group)
            .prefetch_related("perspectives")
            .order_by("pk")
        )
    else:
        people = [
            rp.participant
            for rp in report.participants.select_related("participant").prefetch_related(
                "participant__perspectives"
            )
        ]
    named = sorted((p for p in people if p.report_name), key=lambda p: p.report_name.casefold())
    unnamed = [p for p in people if not p.report_name]
    present, missing = presence(people, report.group.arena.perspectives.all())
    return {
        "named": named,
        "unnamed": unnamed,
        "unnamed_count": len(unnamed),
        "total": len(people),
        "present": present,
        "missing": missing,
    }


def search_personas(report: GroupReport, query: str, limit: int = 10):
    """Personas of the arena who agreed to be named, matching ``query``, and
    not yet in the report (others are never listed by name)."""
    query = (query or "").strip()
    if len(query) < 1:
        return Participant.objects.none()
    found = Participant.objects.filter(
        arena_id=report.group.arena_id,
        withdrawn_at=None,
        consent_named=True,
        display_name__icontains=query,
    )
    if report.pk is not None:  # an unsaved report (a GET before the first save) has nobody
        found = found.exclude(reports__report=report)
    return found.prefetch_related("perspectives").order_by("display_name")[:limit]


def newsroom(arena: Arena) -> list[dict]:
    """Per session, the groups without a submitted report: who documents
    them and how old the draft is. ``[{"session", "groups": [{"group",
    "report", "age"}]}]``."""
    now = timezone.now()
    groups = (
        Group.objects.filter(arena=arena)
        .select_related("session__day", "space", "topic", "report__documenter")
        .order_by("session__session_number", "space__number")
    )
    sessions: dict[int, dict] = {}
    for group in groups:
        report = getattr(group, "report", None)
        if report and report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            done = True
        else:
            done = False
        entry = sessions.setdefault(
            group.session_id, {"session": group.session, "groups": [], "done": 0, "total": 0}
        )
        entry["total"] += 1
        if done:
            entry["done"] += 1
            continue
        age = now - report.updated_at if report and report.revision else None
        entry["groups"].append(
            {
                "group": group,
                "report": report,
                "age": age,
                "age_minutes": int(age.total_seconds() // 60) if age is not None else None,
            }
        )
    return list(sessions.values())


def groups_with_reports(arena: Arena, user) -> tuple[list[Group], list[Group]]:
    """Every group on the wall with its report (if any), in wall order, and
    those the user documents."""
    groups = list(
        Group.objects.filter(arena=arena)
        .select_related("session", "space", "topic", "report__documenter")
        .order_by("session__session_number", "space__number")
    )
    mine = [g for g in groups if getattr(g, "report", None) and g.report.documenter_id == user.pk]
    return groups, mine
