"""The report of a café of challenges and keys: appendix 1 as in 2012.

The 2012 report's appendix "Nøkler og utfordringer" printed each challenge
once with its numbered keys under it ("Nøkkel 1 …"). The generic appendix
("All inputs") prints one entry per input with its group repeated under
every one; for a café arena (``ArenaReport.format == "cafe"``) the report
prints ``templates/reports/_report_keys.html`` instead, from
:func:`keys_and_challenges`.

It works on the assembled report (``reports.publication.assembly``) alone:
no query, so the preview, the PDF and the figures agree. How a café is
stored is told in ``proposals.cafe``: a challenge is a group whose topic
builds on its table's group in an earlier round; its keys are the group
report's inputs (only submitted or approved reports count, as for every
input in the report).

Which groups are challenges: every re-mixed challenge (its topic builds on a
group), and any other group with keys, so no key is left out of the
appendix (a challenge placed by hand in a round has no table to name).
A table of the first round, whose products are its challenges, is not one
(unless inputs were documented on it: they are printed, not lost).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .assembly import ArenaReport, GroupData, InputData


@dataclass
class Origin:
    """Where a challenge came from: the table (a group) of an earlier round."""

    code: str  # the table's group code, "1.3"
    title: str  # the table's topic
    round_number: int | None = None
    round_title: str = ""
    table: int | None = None  # the space's number
    table_name: str = ""
    anchor: str = ""  # the table's group report in appendix 2 ("" if not there)


@dataclass
class ChallengeData:
    group: GroupData
    origin: Origin | None
    round_title: str  # the round the keys were written in
    keys: list[InputData] = field(default_factory=list)  # numbered within the challenge

    @property
    def pk(self) -> int:
        return self.group.pk

    @property
    def code(self) -> str:
        return self.group.code

    @property
    def title(self) -> str:
        return self.group.title

    @property
    def description(self) -> str:
        return self.group.description

    @property
    def anchor(self) -> str:
        """The challenge's group report in appendix 2, when it is there."""
        return self.group.anchor if self.group.in_report else ""


@dataclass
class CafeAppendix:
    challenges: list[ChallengeData]

    @property
    def challenge_count(self) -> int:
        return len(self.challenges)

    @property
    def key_count(self) -> int:
        return sum(len(c.keys) for c in self.challenges)


def _is_challenge(group: GroupData) -> bool:
    return bool(group.builds_on_pk or group.inputs)


def keys_and_challenges(report: ArenaReport) -> CafeAppendix:
    """Each challenge once, in wall order, with its keys ("Key 1" … in the
    order of its report: ``InputData.number``) and where it came from."""
    round_titles = {
        session.number: session.title for day in report.days for session in day.sessions
    }
    by_code = {g.code: g for g in report.groups}
    challenges = []
    for group in report.groups:
        if not _is_challenge(group):
            continue
        origin = None
        if group.builds_on_pk:
            table = by_code.get(group.builds_on_code) if group.builds_on_code else None
            origin = Origin(code=group.builds_on_code, title=group.builds_on_title)
            if table is not None:
                origin.round_number = table.session_number
                origin.round_title = round_titles.get(table.session_number, "")
                origin.table = table.space_number
                origin.table_name = table.space_name
                origin.anchor = table.anchor if table.in_report else ""
        challenges.append(
            ChallengeData(
                group=group,
                origin=origin,
                round_title=round_titles.get(group.session_number, ""),
                keys=sorted(group.inputs, key=lambda item: item.number),
            )
        )
    return CafeAppendix(challenges=challenges)
