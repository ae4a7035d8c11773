"""The demo's council meeting (seed 001): "Nasjonalt råd – møte om strategien".

``load_council_demo(arena_2020)`` makes a one-day council-meeting arena with
the seed's timed agenda (introductions by made-up presenters, each followed
by its discussion, two pauses, a stream link for observers), a one-page PDF
as each introduction's material (made with ``arena.pdf.render_pdf``, no real
slides), and a few of the council's numbered inputs per discussion. The
members are those of ``arena_2020``; the strategies of ``arena_2020`` take
the council meeting in as well, so they list its inputs. Idempotent: if the
arena is there, nothing is made (returns None).
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape

from arena.models import Arena, Format, Membership, Role
from arena.pdf import render_pdf
from arena.services import create_arena
from reports.models import Strategy
from sessions import council
from sessions.models import AgendaItem, ItemKind
from sessions.services import renumber_sessions

from . import services

TITLE = "Nasjonalt råd – møte om strategien"
STREAM_URL = "https://example.org/stream"

INTRO, DISC, P, B = ItemKind.INTRODUCTION, ItemKind.DISCUSSION, ItemKind.PLENARY, ItemKind.BREAK

#: (kind, start, end, title, presenters); a discussion follows the introduction before it.
AGENDA = [
    (P, "08:30", "09:00", "Oppkobling", ""),
    (P, "09:00", "09:10", "Innledning og opprop", "Rådets leder Ingrid Fjeld"),
    (
        INTRO,
        "09:10",
        "09:15",
        "Hvordan bør strategien bidra til at alle involverte blir bedre på brukerinvolvering?",
        "Siri Holm, Nora Lie",
    ),  # fmt: skip
    (DISC, "09:15", "09:30", "Diskusjon", ""),
    (
        INTRO,
        "09:30",
        "09:35",
        "Hvordan kan strategien bidra til at mulighetene i digitale verktøy utnyttes maksimalt?",
        "Bjørn Aas, Ingrid Fjeld",
    ),  # fmt: skip
    (DISC, "09:35", "09:50", "Diskusjon", ""),
    (B, "09:50", "10:00", "Pause", ""),
    (
        INTRO,
        "10:00",
        "10:05",
        "Fagutvikling, metode- og modellutvikling: hvordan kan strategien fremme dette?",
        "Tone Berg, Erik Dahl",
    ),  # fmt: skip
    (DISC, "10:05", "10:20", "Diskusjon", ""),
    (
        INTRO,
        "10:20",
        "10:25",
        "IA-avtalen og inkluderingsdugnaden: hvordan kan strategien "
        "bidra til at oppdragene for Nav og helsetjenesten løses?",
        "Kari Moe, Lars Vik",
    ),  # fmt: skip
    (DISC, "10:25", "10:40", "Diskusjon", ""),
    (
        INTRO,
        "10:40",
        "10:45",
        "Hvordan kan strategien bidra til sterkere involvering av hele førstelinjen i kommunene?",
        "Hilde Sand, Per Strand",
    ),  # fmt: skip
    (DISC, "10:45", "11:00", "Diskusjon", ""),
    (B, "11:00", "11:10", "Pause", ""),
    (
        INTRO,
        "11:10",
        "11:15",
        "Forskning: hvordan kan strategien bidra til å øke aktiviteten på relevante tema?",
        "Marit Lund, Ola Nes, Eva Rønning",
    ),  # fmt: skip
    (DISC, "11:15", "11:30", "Diskusjon", ""),
    (
        INTRO,
        "11:30",
        "11:35",
        "Foreløpige forslag til bærebjelker for strategien",
        "Jon Tangen, Anne Solberg",
    ),  # fmt: skip
    (DISC, "11:35", "11:45", "Diskusjon", ""),
    (P, "11:45", "11:55", "Oppsummering og avslutning", "Rådets leder Ingrid Fjeld"),
]

#: The council's inputs, per discussion in order (lines as pasted: "1.", "  1." = 1.1).
INPUTS = [
    "1. Brukerinvolvering som eget punkt i strategien, fra person- til systemnivå\n"
    "  1. Still åpne spørsmål om arbeidstilknytning i alle tjenester\n"
    "  2. Pårørendes behov bør få et eget punkt\n"
    "2. Strategien bør være diagnoseuavhengig",
    "1. Felles digital samarbeidsflate for langvarige sykefraværsløp\n"
    "2. En oppdatert portal over tilbud på alle nivå",
    "1. Løft fram og videreutvikle det som virker, som IPS\n"
    "  1. Prøv ut IPS på nye grupper\n"
    "2. Mer vekt på brukerens egen kompetanse",
    "1. Styrk dialogen mellom arbeidstaker, arbeidsgiver og sykmelder tidlig\n"
    "2. Arbeidsfokus som rettighet for alle diagnosegrupper",
    "1. Arbeidsrettede tjenester som «sørge for»-tjeneste i kommunene\n"
    "2. Takster for arbeidsrettede tjenester i førstelinjen",
    "1. Forskningstema defineres sammen med brukere, praksis og forvaltning\n"
    "2. Evaluering ved implementering av tiltak",
    "1. Kvalitet gjennom forskning, fagutvikling og brukerinvolvering\n"
    "2. Forebygging og helsefremming framfor behandling\n"
    "3. Utnytte mulighetene i digitale verktøy",
]


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _material_pdf(title: str, presenters: str) -> bytes:
    """A one-page stand-in for a presenter's slides (no real material)."""
    html = (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>'
        f"{escape(title)}</title></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(presenters)}</p>"
        "<p>Eksempelmateriale til demoen: ikke ekte lysbilder.</p></body></html>"
    )
    return render_pdf(html, title=title, lang="nb")


@transaction.atomic
def load_council_demo(arena_2020: Arena) -> Arena | None:
    """The council meeting, a week after the 2020 arena's last day (see the module)."""
    members = {m.role: m.user for m in Membership.objects.filter(arena=arena_2020)}
    organiser = members.get(Role.ORGANISER) or arena_2020.created_by
    if Arena.objects.filter(title=TITLE, created_by=organiser).exists():
        return None
    last = arena_2020.days.order_by("-date").first()
    date = (last.date if last else datetime.date.today()) + datetime.timedelta(days=7)
    arena = create_arena(
        organiser,
        start_date=date,
        number_of_days=1,
        title=TITLE,
        theme="Digitalt møte i det nasjonale rådet om revisjonen av strategien",
        venue="Digitalt",
        format=Format.COUNCIL,
        language="nb",
    )
    Membership.objects.bulk_create(
        Membership(arena=arena, user=user, role=role)
        for role, user in members.items()
        if user != organiser
    )
    day = arena.days.get()
    introduction, discussions = None, []
    for kind, start, end, title, presenters in AGENDA:
        item = AgendaItem(
            day=day,
            kind=kind,
            title=title,
            start=_time(start),
            end=_time(end),
            presenters=presenters,
            stream_url=STREAM_URL if title == "Oppkobling" else "",
            follows=introduction if kind == DISC else None,
        )
        item.full_clean()
        item.save()
        if kind == INTRO:
            introduction = item
            pdf = _material_pdf(title, presenters)
            council.add_material(
                item,
                title=f"Innledning: {presenters}",
                upload=ContentFile(pdf, name="innledning.pdf"),
                user=organiser,
            )
        elif kind == DISC:
            discussions.append(item)
    renumber_sessions(arena)
    for item, text in zip(discussions, INPUTS, strict=True):
        services.add_inputs(item, text, organiser)
    for strategy in Strategy.objects.filter(arenas=arena_2020):
        strategy.arenas.add(arena)
    return arena
