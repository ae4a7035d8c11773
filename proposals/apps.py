from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Topics and inputs")

    def ready(self):
        # Imported here, not at the top: app modules that touch models load
        # only once the app registry is ready (AppConfig.ready).
        from . import flood

        flood.register()  # what a flood clean-up (arena.flood) keeps and removes of topics

        from sessions.signals import sessions_renumbered, themes_changed

        from . import live

        # The programme renumbered sessions: topic codes changed on the wall.
        sessions_renumbered.connect(
            live.sessions_renumbered, dispatch_uid="proposals.live.sessions_renumbered"
        )
        # A main area renamed or deleted: the groups' labels changed.
        themes_changed.connect(live.themes_changed, dispatch_uid="proposals.live.themes_changed")

        from arena import page, phases
        from arena.models import Capability

        # The participant's home on the phone: the programme and "My topics".
        page.register_phone_link("wall", label=_("Programme wall"), url_name="phone:wall", order=10)
        page.register_phone_link(
            "topics", label=_("Post a topic"), url_name="phone:topics", order=20
        )

        # The arena page's "In the room" opens with the programme wall.
        phases.register_link(
            "wall",
            phases.ROOM,
            label=_("Programme wall"),
            url_name="proposals:wall",
            capability=Capability.FACILITATE,
            order=10,
        )
        phases.register_link(
            "projector_wall",
            phases.ROOM,
            label=_("Projector: wall"),
            url_name="proposals:projector_wall",
            capability=Capability.FACILITATE,
            order=20,
        )

        from sessions.page import register_theme_link

        # The themes page: a main area's groups in the organiser's order.
        register_theme_link(
            "theme_groups",
            label=_("Order the groups"),
            url_name="proposals:theme_groups",
            kind="area",
            order=5,
        )

        # Challenge groups (2016): registered before the arena, each with a
        # facilitator who works through its sessions.
        from arena.deletion import name_lost_links

        from .challenge_cells import lost_sessions_line
        from .models import ChallengeRegistration

        # Deleting a session it works through says so on the confirmation.
        name_lost_links(ChallengeRegistration, "sessions", lost_sessions_line)
        page.register_door_link(
            "register_challenge",
            label=_("Register a challenge group"),
            url_name="challenge_public:register",
            formats=("challenge_groups",),
        )
        phases.register_link(
            "challenges",
            phases.BEFORE,
            label=_("Challenge groups"),
            url_name="challenges:list",
            capability=Capability.MANAGE,
            order=60,
            formats=("challenge_groups",),
        )
        phases.register_link(
            "my_challenges",
            phases.ROOM,
            label=_("My challenge groups"),
            url_name="challenges:facilitating",
            capability=Capability.DOCUMENT,
            order=60,
            formats=("challenge_groups",),
        )
