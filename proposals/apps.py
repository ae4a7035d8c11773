from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Topics and inputs")

    def ready(self):
        from . import flood

        flood.register()  # what a flood clean-up (arena.flood) keeps and removes of topics

        from sessions.signals import sessions_renumbered

        from .live import sessions_renumbered as renumbered

        # The programme renumbered sessions: topic codes changed on the wall.
        sessions_renumbered.connect(renumbered, dispatch_uid="proposals.live.sessions_renumbered")

        from arena import phases
        from arena.models import Capability

        # The arena page's "In the room" opens with the programme wall.
        phases.register_link(
            "wall",
            phases.ROOM,
            label=_("Programme wall"),
            url_name="proposals:wall",
            capability=Capability.FACILITATE,
            order=10,
        )
