"""What a flood clean-up (``arena.flood``) must know of the documentation:
anyone a group report lists, who commented on an input or placed a dot
stays. Registered in ``ReportsConfig.ready``."""

from arena import flood
from reports.models import Dot, InputComment, ReportParticipant


def _in_reports(people):
    return ReportParticipant.objects.filter(participant__in=people).values("participant")


def _commented(people):
    return InputComment.objects.filter(participant__in=people).values("participant")


def _voted(people):
    return Dot.objects.filter(participant__in=people).values("participant")


def register() -> None:
    for keeper in (_in_reports, _commented, _voted):
        flood.register_keeper(keeper)
