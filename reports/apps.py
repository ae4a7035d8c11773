from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # Imported here: models and the apps they use load after the app registry.
        from arena.deletion import files_go_with

        from .documentation import flood
        from .models import Photo, ReportImage

        # A photo's stored sizes go with its row, by any path (a delete, a
        # cascade from an arena): after commit, so a rollback keeps both.
        for model in (Photo, ReportImage):
            files_go_with(model, model.stored_files)

        flood.register()  # a flood clean-up (arena.flood) never removes anyone documented

        from .archive import receivers as archive_receivers

        archive_receivers.connect()  # the archive's index follows every save, after commit

        from arena import page, phases
        from arena.models import Capability

        # The participant's home on the phone: the input wall and the dot vote.
        page.register_phone_link(
            "inputs", label=_("Input wall"), url_name="phone_reports:input_wall", order=30
        )
        page.register_phone_link(
            "vote", label=_("Dot-voting"), url_name="phone_reports:vote", order=40
        )

        # The arena page's links to documenting and the report, by phase.
        M, F, D, R = (
            Capability.MANAGE,
            Capability.FACILITATE,
            Capability.DOCUMENT,
            Capability.READ_REPORT,
        )
        link = phases.register_link
        link(
            "templates",
            phases.BEFORE,
            label=_("Report templates"),
            url_name="reports:templates",
            capability=M,
            order=60,
        )
        link(
            "reports",
            phases.DOCUMENTING,
            label=_("Group reports"),
            url_name="reports:index",
            capability=D,
            order=10,
        )
        link(
            "newsroom",
            phases.DOCUMENTING,
            label=_("Newsroom"),
            url_name="reports:newsroom",
            capability=F,
            order=20,
        )
        link(
            "input_wall",
            phases.DOCUMENTING,
            label=_("Projector: input wall"),
            url_name="reports:input_wall_projector",
            capability=F,
            order=30,
        )
        link(
            "votes",
            phases.DOCUMENTING,
            label=_("Dot-voting"),
            url_name="reports:votes",
            capability=F,
            order=40,
        )
        link(
            "report_edit",
            phases.REPORT,
            label=_("Edit the report's text and photos"),
            url_name="reports:report_edit",
            capability=M,
            order=10,
        )
        link(
            "report",
            phases.REPORT,
            label=_("The arena's report"),
            url_name="reports:report_home",
            capability=R,
            order=20,
        )
        link(
            "report_versions",
            phases.REPORT,
            label=_("Versions"),
            url_name="reports:report_home",
            capability=R,
            order=30,
            anchor="versions-title",
        )
        link(
            "report_publish",
            phases.REPORT,
            label=_("Public link"),
            url_name="reports:report_home",
            capability=R,
            order=40,
            anchor="publish-title",
        )
        from .inputwall.themes import register_links as register_theme_links

        register_theme_links()  # the themes page's links to the theme walls
        link(
            "strategies",
            phases.REPORT,
            label=_("Strategies: pillars and traceability"),
            url_name="strategy:for_arena",
            capability=R,
            order=50,
        )

        from arena.models import Format

        link(
            "council",
            phases.DOCUMENTING,
            label=_("Council inputs"),
            url_name="reports:council",
            capability=F,
            order=15,
            formats=(Format.COUNCIL,),
        )

        from .followup import links as followup_links

        # The participant's home: "What became of our inputs"; the report
        # phase: the follow-up of each input and what is due.
        followup_links.register()
