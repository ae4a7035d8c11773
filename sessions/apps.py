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
        from arena import phases
        from arena.models import Capability

        # The arena page's "Before the arena" links to the rooms.
        phases.register_link(
            "spaces",
            phases.BEFORE,
            label=_("Spaces"),
            url_name="programme:spaces",
            capability=Capability.MANAGE,
            order=30,
        )
