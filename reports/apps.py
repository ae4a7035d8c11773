from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from arena.deletion import files_go_with

        from .models import Photo, ReportImage

        # A photo's stored sizes go with its row, by any path (a delete, a
        # cascade from an arena): after commit, so a rollback keeps both.
        def sizes(row):
            return [row.web, row.print_version, row.thumb]

        files_go_with(Photo, sizes)
        files_go_with(ReportImage, sizes)

        from . import flood

        flood.register()  # a flood clean-up (arena.flood) never removes anyone documented
