"""The reports app's models, by subdomain (one app label, ``reports``):
documentation (templates, group reports, inputs, photos), the input wall
(comments, votes) and publication (the arena's report). Every model is
imported here so Django finds it."""

from .archive import SearchDocument  # noqa: F401 - re-exported
from .council import CouncilInput  # noqa: F401 - re-exported
from .documentation import (
    Addressee,
    GroupReport,
    Input,
    Photo,
    ReportParticipant,
    ReportRevision,
    ReportStatus,
    ReportTemplate,
    ReportTemplateQuerySet,
    SectionKind,
    TemplateSection,
)
from .followup import FollowUpStatus, InputStatusChange  # noqa: F401 - re-exported
from .inputwall import Dot, InputComment, Vote
from .publication import (
    ArenaReportText,
    ImagePlacement,
    ReportImage,
    ReportQuote,
    ReportVersion,
    VersionStatus,
)
from .strategy import Pillar, PillarTag, SourceInput, Strategy  # noqa: F401 - re-exported

__all__ = [
    "Addressee",
    "ArenaReportText",
    "Dot",
    "GroupReport",
    "ImagePlacement",
    "Input",
    "InputComment",
    "Photo",
    "ReportImage",
    "ReportParticipant",
    "ReportQuote",
    "ReportRevision",
    "ReportStatus",
    "ReportTemplate",
    "ReportTemplateQuerySet",
    "ReportVersion",
    "SectionKind",
    "TemplateSection",
    "Vote",
    "VersionStatus",
]
