"""Helpers shared by the tests (plain functions and constants, no fixtures:
those are in tests/fixtures.py and tests/personas.py). Import what you need:
``from tests.helpers import make_group``.
"""

import datetime
import io
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from arena.models import Participant
from proposals.models import Group, Topic, TopicKind, TopicStatus
from reports.documentation import services
from reports.models import (
    Dot,
    GroupReport,
    Input,
    InputComment,
    ReportParticipant,
    ReportStatus,
    Vote,
)
from reports.publication import services as publication
from sessions.models import AgendaItem, ItemKind
from sessions.services import save_agenda_item

# --- the wall and its reports ------------------------------------------------------------


def make_group(arena, session, space, title, **topic):
    """A placed topic ``title`` (``topic``: more Topic fields) as a group in that cell."""
    topic = Topic.objects.create(arena=arena, title=title, status=TopicStatus.PLACED, **topic)
    return Group.objects.create(arena=arena, topic=topic, session=session, space=space)


def make_report(group, inputs=(), status=ReportStatus.SUBMITTED):
    """The group's report (submitted unless ``status`` says otherwise) with
    ``inputs``: titles, or dicts of Input fields."""
    report = GroupReport.objects.create(
        group=group,
        # default_template re-installs the built-ins a transactional test flushed
        template=services.default_template(group.arena),
        status=status,
        submitted_at=timezone.now() if status != ReportStatus.DRAFT else None,
    )
    for position, spec in enumerate(inputs, start=1):
        spec = {"title": spec} if isinstance(spec, str) else spec
        Input.objects.create(report=report, position=position, **spec)
    return report


# --- pictures ----------------------------------------------------------------------------


def jpeg_with_gps(size=(640, 480), colour=(200, 60, 40)) -> bytes:
    """A phone-like JPEG: EXIF with maker, model and a GPS position."""
    img = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12 Pro"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (59.0, 54.0, 30.0), 3: "E", 4: (10.0, 45.0, 0.0)})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


# --- a whole arena's report --------------------------------------------------------------

#: Participants in build_report_data who agreed to be named, and who did not.
NAMED = ["Ada Named", "Cyril Named"]
SECRET = ["Bo Secret", "Dina Secret"]


def _session_day2(arena):
    day2 = arena.days.order_by("date")[1]
    return save_agenda_item(
        AgendaItem(
            day=day2,
            kind=ItemKind.OPEN_SPACE,
            title="Gruppesesjon 3",
            start=datetime.time(9, 0),
            end=datetime.time(10, 30),
        )
    )


def build_report_data(arena, organiser, *, groups=3, photos=True):
    """An arena with ``groups`` submitted group reports (plus one draft that
    must not appear), inputs, comments, dots, photos, named and unnamed
    participants, a day-2 topic building on a day-1 topic, and the
    organiser's text."""
    perspectives = list(arena.perspectives.all())
    people = []
    for i, name in enumerate(NAMED + SECRET):
        p = Participant.objects.create(arena=arena, display_name=name, consent_named=name in NAMED)
        p.perspectives.add(perspectives[i % len(perspectives)])
        people.append(p)
    sessions = list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))
    spaces = list(arena.spaces.order_by("number"))
    cells = [(s, sp) for s in sessions for sp in spaces]
    made = []
    for n in range(groups + 1):
        session, space = cells[n]
        topic = Topic.objects.create(
            arena=arena, title=f"Gruppetema {n + 1}", convener=people[n % len(people)]
        )
        group = Group.objects.create(arena=arena, topic=topic, session=session, space=space)
        report = services.report_for(group)
        first = report.template.sections.first()
        report.content = {str(first.pk): f"Drøfting i gruppe {n + 1}."}
        report.status = ReportStatus.SUBMITTED if n < groups else ReportStatus.DRAFT
        report.save()
        for person in people:
            ReportParticipant.objects.get_or_create(report=report, participant=person)
        for k in range(2):
            Input.objects.create(
                report=report,
                title=f"Innspill {n + 1}.{k + 1}" if n < groups else f"Utkast {k}",
                text="Tekst om innspillet.",
                addressee="national",
                position=k,
            )
        if photos and n < groups:
            services.add_photo(
                report,
                SimpleUploadedFile("p.jpg", jpeg_with_gps((800, 600)), "image/jpeg"),
                organiser,
                caption=f"Arket fra gruppe {n + 1}",
                credit="Fotograf Foto",
            )
        made.append(group)
    first_input = Input.objects.filter(report__group=made[0]).order_by("position").first()
    InputComment.objects.create(input=first_input, participant=people[0], text="En kommentar")
    vote = Vote.objects.create(arena=arena, title="Prioritering")
    Dot.objects.create(vote=vote, input=first_input, participant=people[0])
    Dot.objects.create(vote=vote, input=first_input, participant=people[1])
    # day 2: a topic building on a day-1 topic
    s3 = _session_day2(arena)
    followup = Topic.objects.create(
        arena=arena, title="Videre arbeid", kind=TopicKind.DEEPENING, builds_on=made[0].topic
    )
    Group.objects.create(arena=arena, topic=followup, session=s3, space=spaces[0])
    publication.save_text(
        arena,
        organiser,
        title="Rapport fra Åpen arena",
        subtitle="Innspill til en strategi",
        organisers="Kompetansetjenesten og direktoratene",
        introduction="## Bakgrunn\n\nArenaen samlet *mange* perspektiver.\n\n- én\n- to",
        closing="Takk for nå.",
        day_summaries={str(arena.days.order_by("date")[0].pk): "Første dag var **travel**."},
    )
    publication.add_quote(arena, quote="Det var lærerikt.", name="Ada Named", role="Veileder")
    publication.add_quote(arena, quote="Anonymt sitat.", anonymous=True, role="Pårørende")
    return SimpleNamespace(groups=made, people=people, vote=vote, followup=followup)
