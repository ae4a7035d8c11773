"""``manage.py reindex_archive [--arena PK …]``: rebuild the archive's search
index (every arena, or the ones named). Safe to run at any time: only the
documents that changed are written (``reports.archive.services``)."""

from django.core.management.base import BaseCommand, CommandError

from arena.models import Arena
from reports.archive import services
from reports.models import SearchDocument


class Command(BaseCommand):
    help = "Rebuild the archive's search index (every arena, or --arena PK)."

    def add_arguments(self, parser):
        parser.add_argument("--arena", type=int, action="append", default=[], help="arena pk")

    def handle(self, *args, arena, **options):
        arenas = Arena.objects.order_by("pk")
        if arena:
            arenas = arenas.filter(pk__in=arena)
            missing = set(arena) - set(arenas.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No arena with pk {', '.join(map(str, sorted(missing)))}")
        totals = {"new": 0, "changed": 0, "deleted": 0}
        if not arena:  # documents of arenas deleted while the receivers were not connected
            orphans = SearchDocument.objects.exclude(arena_id__in=Arena.objects.values("pk"))
            totals["deleted"] += orphans.delete()[0]
        count = 0
        for item in arenas:
            for key, n in services.reindex_arena(item).items():
                totals[key] += n
            count += 1
        self.stdout.write(
            f"archive: {count} arenas indexed ({totals['new']} new, "
            f"{totals['changed']} changed, {totals['deleted']} deleted documents)"
        )
