from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArenaConfig(AppConfig):
    name = "arena"
    verbose_name = _("Arena")

    def ready(self):
        # Imported here, not at the top: app modules that touch models load
        # only once the app registry is ready (AppConfig.ready).
        from . import converters

        converters.register()  # "<id:…>" in URL patterns; URLconfs load after ready()

        from .deletion import files_go_with, picture_files
        from .models import Participant

        # A persona picture's files go with its participant, by any path.
        files_go_with(Participant, lambda row: picture_files(row.picture))

        from . import phases

        phases.register_arena_links()  # the arena page's own links, by phase
