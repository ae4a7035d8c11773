from django.core.management.base import BaseCommand

from reports.council.demo import TITLE as COUNCIL_TITLE
from reports.demo import DEMO_PASSWORD, DEMO_USERS, demo_arena, load_demo
from reports.demo_formats import AREAS_TITLE, CAFE_TITLE, CHALLENGES_TITLE


class Command(BaseCommand):
    help = (
        "Load the demo arenas (Åpen arena 2020 and one of each other format, "
        "made-up people). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=int, default=150)

    def handle(self, *args, participants, **options):
        existed = demo_arena() is not None
        arena = load_demo(participants=participants)
        self.stdout.write(
            ("Demo arena already there: " if existed else "Demo arena loaded: ")
            + f"{arena.title} (join code {arena.display_join_code})"
        )
        self.stdout.write(
            "The other formats: "
            + "; ".join((CAFE_TITLE, AREAS_TITLE, CHALLENGES_TITLE, COUNCIL_TITLE))
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.label}")
        self.stdout.write(f"Participants join at /j/{arena.join_code}/")
