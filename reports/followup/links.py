"""The follow-up's links on other apps' pages, registered from
``ReportsConfig.ready`` (``reports/apps.py``): a button on the participant's
home (``arena.page``) and two links in the arena page's "The report" phase
(``arena.phases``)."""

from django.utils.translation import gettext_lazy as _

from arena import page, phases
from arena.models import Capability

#: The keys registered here (a test removes them again).
PHONE_KEYS = ("followup",)
PHASE_KEYS = ("followup", "followup_due")


def register() -> None:
    page.register_phone_link(
        "followup",
        label=_("What became of our inputs"),
        url_name="phone_reports:followup",
        order=50,
    )
    phases.register_link(
        "followup",
        phases.REPORT,
        label=_("Follow-up: what became of the inputs"),
        url_name="reports:followup",
        capability=Capability.READ_REPORT,
        order=60,
    )
    phases.register_link(
        "followup_due",
        phases.REPORT,
        label=_("What is due: the groups' next steps"),
        url_name="reports:followup_due",
        capability=Capability.READ_REPORT,
        order=70,
    )
