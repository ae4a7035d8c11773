from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    """The agenda, open-space sessions and spaces of an arena.

    The package is called ``sessions`` (the customer's layout), but its label
    is ``programme`` so it does not clash with ``django.contrib.sessions``:
    tables are ``programme_*`` and migrations are made with
    ``makemigrations programme``.
    """

    name = "sessions"
    label = "programme"
    verbose_name = _("Programme")

    def ready(self):
        # App modules that import models load only once the registry is ready.
        from arena import page, phases, signals
        from arena.models import Capability

        from . import page as programme_page
        from . import receivers

        # An arena's copy takes the programme along; a deleted day renumbers.
        signals.arena_copied.connect(
            receivers.copy_programme, dispatch_uid="sessions.receivers.copy_programme"
        )
        signals.day_deleted.connect(
            receivers.renumber_after_day_deleted,
            dispatch_uid="sessions.receivers.renumber_after_day_deleted",
        )
        # The arena page shows the days with their agenda, and the spaces.
        page.register_section(
            "agenda",
            template="sessions/_arena_agenda.html",
            context=programme_page.agenda_context,
            order=20,
        )
        page.register_section(
            "spaces",
            template="sessions/_arena_spaces.html",
            context=programme_page.spaces_context,
            order=30,
        )
        page.register_section(
            "themes",
            template="sessions/_arena_themes.html",
            context=programme_page.themes_context,
            order=35,
        )

        # The arena page's "Before the arena" links to the agenda and the rooms.
        phases.register_link(
            "agenda",
            phases.BEFORE,
            label=_("Days and agenda"),
            url_name="",
            capability=Capability.VIEW,
            order=20,
            anchor="agenda-heading",
        )
        phases.register_link(
            "spaces",
            phases.BEFORE,
            label=_("Spaces"),
            url_name="programme:spaces",
            capability=Capability.MANAGE,
            order=30,
        )

        from . import signup_flood

        signup_flood.register()  # a flood clean-up frees its phones' seats
        # Theme sessions and knowledge dating (2016): sign-ups from the phone,
        # in the formats that have them; staff notes on any agenda item.
        page.register_phone_link(
            "signups",
            label=_("Sign up for sessions"),
            url_name="phone_signups:list",
            order=25,
            formats=("challenge_groups",),
        )
        phases.register_link(
            "signups",
            phases.BEFORE,
            label=_("Sign-ups and notes"),
            url_name="signups:list",
            capability=Capability.FACILITATE,
            order=25,
        )
