"""The demo's other formats: a small arena of each, with made-up people.

``reports.demo.load_demo`` builds "Åpen arena 2020" (Open Space) and then
calls :func:`load_formats`, which adds, each only if it is not there yet:

- "Kafé om utfordringer og nøkler 2012" (``Format.CAFE``): one day, two
  rounds, four tables; each table writes a challenge in round 1, the re-mix
  places them in round 2, where each new group documents its keys.
- "Arena 2013 – hovedområder og visuelle maler" (``Format.MAIN_AREAS``):
  three main areas with guiding questions, six groups documented on the
  visual template "Toppen av fjellet", and a cross-cutting theme wall.
- "Arena 2016 – utfordringsgrupper" (``Format.CHALLENGE_GROUPS``): three
  challenges registered by their owners, with members, approved with a
  facilitator and a room for three sessions, each with its report.
- On the 2020 arena: a few submitted reports with inputs, the strategy
  "Nasjonal strategi – bærebjelker" with five pillars and tagged inputs,
  and a few follow-up statuses.

Everything goes through the apps' services (the wall's verbs, the café's
re-mix, the challenge approvals, the report's save and submit, the strategy
and follow-up verbs), as a person on the screens would, so the undo log, the
audit trail and the after-commit broadcasts are what they would be. The
older arenas lie in their own years, so they open in their report phase.

Idempotent: an arena (or the strategy) already there is left as it is.
"""

from __future__ import annotations

import datetime
import random

from arena.models import Arena, Format, Membership, Participant, Role
from arena.services import create_arena
from proposals import cafe, challenges
from proposals import services as wall
from proposals.models import Group
from proposals.themes import set_group_theme
from reports.council.demo import load_council_demo
from reports.documentation import services as docs
from reports.followup import services as followup
from reports.inputwall.themes import set_theme_inputs
from reports.models import FollowUpStatus, Input, ReportTemplate, Strategy
from reports.strategy import services as strategy_services
from reports.strategy.selectors import INPUT, entry_key
from sessions.models import AgendaItem, ItemKind, ReportPlace, Space, Theme, ThemeKind
from sessions.services import renumber_sessions, save_space
from sessions.themes import save_theme

CAFE_TITLE = "Kafé om utfordringer og nøkler 2012"
AREAS_TITLE = "Arena 2013 – hovedområder og visuelle maler"
CHALLENGES_TITLE = "Arena 2016 – utfordringsgrupper"
STRATEGY_TITLE = "Nasjonal strategi – bærebjelker"

FIRST_NAMES = [
    "Anette", "Bjørn", "Camilla", "Daniel", "Elin", "Frode", "Guro", "Henrik", "Ida", "Jørgen",
    "Kristin", "Lasse", "Maja", "Njål", "Olav", "Pia", "Rune", "Siri", "Tor", "Unni",
]  # fmt: skip
LAST_NAMES = [
    "Bakke", "Fjeld", "Grønli", "Hauge", "Kvist", "Lund", "Myhre", "Nes", "Sand", "Ulvik",
]  # fmt: skip


def load_formats(arena_2020: Arena, users: dict) -> list[Arena]:
    """The three other arenas and the 2020 strategy; ``users``: the demo
    users by role (``reports.demo.DEMO_USERS``). Returns the arenas made now."""
    made = [
        arena
        for arena in (
            load_cafe(users),
            load_main_areas(users),
            load_challenge_groups(users),
        )
        if arena is not None
    ]
    load_strategy(arena_2020, users)
    # After the strategy: the strategy takes the council meeting in.
    council = load_council_demo(arena_2020)
    if council is not None:
        made.append(council)
    return made


# --- shared ------------------------------------------------------------------------


def _exists(title: str) -> bool:
    return Arena.objects.filter(title=title, created_by__username="arrangor").exists()


def _new_arena(users: dict, *, dates: list[datetime.date], **fields) -> Arena:
    """An arena made by the demo organiser, with every demo user a member."""
    arena = create_arena(
        users[Role.ORGANISER],
        start_date=dates[0],
        number_of_days=len(dates),
        language="nb",
        **fields,
    )
    Membership.objects.bulk_create(
        Membership(arena=arena, user=user, role=role)
        for role, user in users.items()
        if role != Role.ORGANISER
    )
    return arena


def _agenda(arena: Arena, programme: list[list[tuple[str, str, str, str]]]) -> list[AgendaItem]:
    """Each day's items (kind, title, "HH:MM", "HH:MM"); returns the sessions in order."""
    days = list(arena.days.order_by("date"))
    for day, items in zip(days, programme, strict=True):
        for kind, title, start, end in items:
            item = AgendaItem(
                day=day,
                kind=kind,
                title=title,
                start=datetime.time.fromisoformat(start),
                end=datetime.time.fromisoformat(end),
            )
            item.full_clean()
            item.save()
    renumber_sessions(arena)
    return list(AgendaItem.objects.for_arena(arena).sessions().order_by("session_number"))


def _spaces(arena: Arena, names: list[str]) -> list[Space]:
    return [
        save_space(Space(arena=arena, number=number, name=name))
        for number, name in enumerate(names, 1)
    ]


def _people(arena: Arena, count: int, seed: int) -> list[Participant]:
    """Made-up participants, each with one to three of the arena's perspectives."""
    rng = random.Random(seed)
    people = Participant.objects.bulk_create(
        Participant(
            arena=arena,
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            consent_named=rng.random() < 0.8,
        )
        for _ in range(count)
    )
    _perspectives(arena, people, rng)
    return people


def _perspectives(arena: Arena, people: list[Participant], rng: random.Random) -> None:
    """One to three of the arena's perspectives for each person, as in the 2020 demo."""
    perspectives = list(arena.perspectives.all())
    Through = Participant.perspectives.through
    Through.objects.bulk_create(
        Through(participant_id=person.pk, perspective_id=perspective.pk)
        for person in people
        for perspective in rng.sample(perspectives, k=rng.choice([1, 1, 2, 3]))
    )


def _place(arena: Arena, title: str, session, space, actor, **fields) -> Group:
    """A topic posted by a facilitator and placed in its cell (the wall's verbs)."""
    topic = wall.add_topic(arena, title=title, **fields)
    return wall.place_topic(topic, session, space, actor)


def _document(
    group: Group,
    user,
    *,
    sections: dict[str, str | list[str]],
    inputs=(),
    people=(),
    action_sheet: dict | None = None,
):
    """The group's report as a support facilitator writes it: sections by
    title, who took part, the inputs (titles or (title, text)), submitted."""
    report = docs.report_for(group)
    docs.assign(report, user)
    by_title = {s.title: str(s.pk) for s in report.template.sections.all()}
    report = docs.save_report(
        report,
        user,
        base_revision=report.revision,
        content={by_title[title]: value for title, value in sections.items()},
        action_sheet=action_sheet,
    )
    for person in people:
        docs.add_participant(report, person)
    made = []
    for spec in inputs:
        title, text = (spec, "") if isinstance(spec, str) else spec
        made.append(docs.add_input(report, title=title, text=text))
    docs.submit(report, user)
    return report, made


def _builtin(key: str) -> ReportTemplate:
    return docs.builtin_templates().get(key=key)


# --- 2012: the café of challenges and keys -------------------------------------------

CAFE_TABLES = [
    (
        "Vindusbordet",
        "Ledere og psykisk helse",
        "Ledere vet ikke hvordan de tar opp psykiske plager med en ansatt før sykmeldingen",
        [
            ("Ledere lærer å ta den første samtalen", "Kurs i kommunen for nye ledere."),
            ("En fast kontakt i bedriftshelsetjenesten lederen kan ringe", ""),
            ("Sjekkliste for samtalen, laget sammen med ansatte", ""),
        ],
    ),
    (
        "Hjørnebordet",
        "Fastlege, Nav og arbeidsgiver",
        "Fastlegen, Nav og arbeidsgiveren snakker ikke sammen før sykmeldingen har vart lenge",
        [
            ("Dialogmøte allerede i fjerde uke når den sykmeldte ønsker det", ""),
            ("Fastlegen får en direkte linje til Nav-veilederen", ""),
            ("Felles skjema som følger den sykmeldte", "Den sykmeldte eier skjemaet."),
            ("Arbeidsgiveren inviteres inn tidlig", ""),
        ],
    ),
    (
        "Langbordet",
        "Unge utenfor skole og arbeid",
        "Unge som faller ut av videregående skole får ingen fast person å forholde seg til",
        [
            ("Én los som følger den unge over i arbeid", ""),
            ("Skolen melder fra til Nav før eleven slutter", "Med samtykke fra eleven."),
        ],
    ),
    (
        "Kaffebaren",
        "Tilrettelegging som varer",
        "Tilretteleggingen på jobben stopper når den ansatte får ny leder",
        [
            ("Tilretteleggingen skrives ned og følger den ansatte", ""),
            ("Ny leder får en overlappingssamtale med den gamle", ""),
            ("Tillitsvalgt følger opp at avtalen holdes", ""),
        ],
    ),
]


def load_cafe(users: dict) -> Arena | None:
    if _exists(CAFE_TITLE):
        return None
    facilitator, support = users[Role.FACILITATOR], users[Role.SUPPORT]
    arena = _new_arena(
        users,
        dates=[datetime.date(2012, 11, 20)],
        title=CAFE_TITLE,
        attending_count=24,
        registered_count=28,
        format=Format.CAFE,
        theme="Utfordringer fra hverdagen – og nøklene som kan låse dem opp",
        guiding_questions="Hvilke utfordringer møter du i arbeidet med arbeid og helse?\n"
        "Hva kan låse opp utfordringene?",
        venue="Kafélokalet, Eksempelby",
    )
    round_1, round_2 = _agenda(
        arena,
        [
            [
                (ItemKind.PLENARY, "Velkommen og innledning om kafémetoden", "09:30", "10:00"),
                (ItemKind.OPEN_SPACE, "Runde 1", "10:00", "11:15"),
                (ItemKind.BREAK, "Lunsj og ommøblering av bordene", "11:15", "12:00"),
                (ItemKind.OPEN_SPACE, "Runde 2", "12:00", "13:30"),
                (ItemKind.PLENARY, "Nøklene presenteres i plenum", "13:45", "14:30"),
            ]
        ],
    )
    spaces = _spaces(arena, [name for name, *_rest in CAFE_TABLES])
    people = _people(arena, 24, seed=2012)
    written = []
    for index, ((_name, table_title, challenge, _keys), space) in enumerate(
        zip(CAFE_TABLES, spaces, strict=True)
    ):
        table = _place(arena, table_title, round_1, space, facilitator)
        _document(
            table,
            support,
            sections={
                "Hva ble diskutert": "Bordet delte erfaringer fra hverdagen om "
                f"«{table_title.lower()}» og valgte én utfordring å ta videre."
            },
            people=people[index * 6 : index * 6 + 6],
        )
        written += cafe.add_challenges(table, [challenge])
    groups = cafe.remix(arena, round_1, round_2, [t.pk for t in written], facilitator)
    for index, (group, (*_rest, keys)) in enumerate(zip(groups, CAFE_TABLES, strict=True)):
        # The re-mix: half of one table, half of the next.
        mixed = [people[(index * 6 + 3 + k) % len(people)] for k in range(6)]
        _document(
            group,
            support,
            sections={
                "Hva ble diskutert": "Den nye gruppen gikk gjennom utfordringen og skrev nøkler "
                "som kan låse den opp."
            },
            inputs=keys,
            people=mixed,
        )
    return arena


# --- 2013: main areas and visual templates -------------------------------------------

AREAS = [
    (
        "Om arbeidsdeltakelse",
        "Hva skal til for at flere med helseutfordringer kan delta i arbeidslivet?",
    ),
    (
        "Om helsetjenestene",
        "Hvordan kan helsetjenestene bidra til at folk kommer i og blir i arbeid?",
    ),
    (
        "Om samhandling",
        "Hvordan får vi tjenestene til å arbeide sammen rundt den enkelte?",
    ),
]
CROSS_THEME = (
    "Brukermedvirkning på tvers",
    "Hvordan får vi brukernes stemme med i alt vi gjør?",
)

# (area index, title, convener, vision, ideas, barriers, goal, road, inputs, on the cross wall)
MOUNTAIN_GROUPS = [
    (
        0,
        "Arbeid som mål fra første samtale",
        "Kari Fjeld",
        "Alle som får behandling blir spurt om arbeid, og svaret betyr noe for planen.",
        ["Spør om jobb i første samtale", "Arbeidsmål i pasientens plan"],
        ["Tidspress i timen", "Arbeid er «ikke vårt bord»"],
        "Arbeid er et naturlig mål i behandlingen innen tre år.",
        ["Pilot i to kommuner", "Dele erfaringene på neste arena"],
        [("Spør om arbeid i første samtale", "Gjelder både fastlege og spesialist.")],
        [0],
    ),
    (
        0,
        "Arbeidsgivere som vil, men ikke vet hvordan",
        "Olav Nes",
        "Arbeidsgivere tør å ansette folk med hull i CV-en.",
        ["Mentorordning mellom bedrifter", "Én dør inn til Nav for arbeidsgiveren"],
        ["Frykt for kostnader", "For mange kontaktpunkter"],
        "Flere små bedrifter tar inn én person hver.",
        ["Lage en enkel veiviser", "Arbeidsgivernettverk i regionen"],
        [
            ("Én kontaktperson i Nav for hver arbeidsgiver", ""),
            ("Mentor fra en bedrift som har gjort det før", ""),
        ],
        [1],
    ),
    (
        1,
        "Psykisk helsehjelp og jobb samtidig",
        "Ida Sand",
        "Behandling og arbeid går hånd i hånd, ikke etter hverandre.",
        ["Jobbspesialist i behandlingsteamet", "Behandling på kveldstid"],
        ["Ventelister", "Sykmelding som eneste verktøy"],
        "Ingen må slutte i jobben for å få behandling.",
        ["Jobbspesialist ved to poliklinikker", "Måle hvor mange som beholder jobben"],
        [("Jobbspesialister i psykisk helsevern", "")],
        [0],
    ),
    (
        1,
        "Fastlegen som los",
        "Tor Hauge",
        "Fastlegen kjenner veien og viser den.",
        ["Oversikt over tiltak i kommunen", "Kortere vei til Nav-veilederen"],
        ["Fastlegen har ikke tid", "Tiltakene endrer seg ofte"],
        "Fastlegen vet hvem hun skal ringe.",
        ["Lage en kontaktliste per kommune"],
        [
            ("Kontaktliste for fastleger i hver kommune", ""),
            ("Fastlegen inviteres til dialogmøter tidlig", ""),
        ],
        [],
    ),
    (
        2,
        "Én plan for den enkelte",
        "Siri Lund",
        "Brukeren har én plan som alle tjenestene bruker.",
        ["Felles plan på nett", "Brukeren eier planen"],
        ["Taushetsplikt", "Ulike datasystemer"],
        "Én felles plan i alle kommunene i fylket.",
        ["Samtykkeskjema som gjelder alle tjenestene", "Prøve ut felles plan i ett år"],
        [("Én plan for den enkelte, eid av brukeren", "")],
        [0],
    ),
    (
        2,
        "Møteplasser for tjenestene",
        "Rune Myhre",
        "De som jobber med samme person kjenner hverandre.",
        ["Faste frokostmøter", "Hospitering hos hverandre"],
        ["Ingen har ansvar for møtene", "Lange avstander"],
        "Alle tjenestene møtes minst to ganger i året.",
        ["Kommunen tar ansvar for første møte", "Digitale møter der det er langt"],
        [
            ("Hospitering mellom Nav og helsetjenestene", ""),
            ("Faste møter mellom tjenestene i kommunen", ""),
        ],
        [1],
    ),
]


def load_main_areas(users: dict) -> Arena | None:
    if _exists(AREAS_TITLE):
        return None
    facilitator, support = users[Role.FACILITATOR], users[Role.SUPPORT]
    arena = _new_arena(
        users,
        dates=[datetime.date(2013, 11, 26), datetime.date(2013, 11, 27)],
        title=AREAS_TITLE,
        attending_count=30,
        format=Format.MAIN_AREAS,
        theme="Arbeid og helse – tre hovedområder, vist på visuelle maler",
        guiding_questions="\n".join(question for _title, question in AREAS),
        venue="Konferansesenteret, Eksempelby",
    )
    first, second = _agenda(
        arena,
        [
            [
                (ItemKind.PLENARY, "Åpning og de tre hovedområdene", "10:00", "10:45"),
                (ItemKind.OPEN_SPACE, "Gruppeøkt 1", "11:00", "12:30"),
                (ItemKind.BREAK, "Lunsj", "12:30", "13:15"),
                (ItemKind.PLENARY, "Gruppene presenterer fjellene sine", "15:00", "16:00"),
            ],
            [
                (ItemKind.OPEN_SPACE, "Gruppeøkt 2", "09:00", "10:30"),
                (ItemKind.PLENARY, "Veggen om brukermedvirkning og avslutning", "10:45", "12:00"),
            ],
        ],
    )
    spaces = _spaces(arena, ["Sal A", "Sal B", "Sal C"])
    areas = []
    for title, question in AREAS:
        theme = Theme(arena=arena, kind=ThemeKind.AREA, title=title, question=question)
        theme.full_clean()
        areas.append(save_theme(theme))
    cross = Theme(
        arena=arena,
        kind=ThemeKind.CROSS,
        title=CROSS_THEME[0],
        question=CROSS_THEME[1],
        report_place=ReportPlace.BEFORE_APPENDICES,
    )
    cross.full_clean()
    save_theme(cross)
    docs.set_default_template(arena, _builtin("mountain-2013"))
    people = _people(arena, 30, seed=2013)
    on_wall = []
    for index, entry in enumerate(MOUNTAIN_GROUPS):
        area, title, convener, vision, ideas, barriers, goal, road, inputs, cross_inputs = entry
        # Each area has a room; its first group works in session 1, its second in session 2.
        session = first if index % 2 == 0 else second
        group = _place(arena, title, session, spaces[area], facilitator, convener_name=convener)
        set_group_theme(group, areas[area])
        _report, made = _document(
            group,
            support,
            sections={
                "Sola: visjonen": vision,
                "Skyene: ideene": ideas,
                "Fjellene: barrierene": barriers,
                "Toppen: målet": goal,
                "Veien: handlingsplan og neste skritt": road,
            },
            inputs=inputs,
            people=people[index * 5 : index * 5 + 5],
        )
        on_wall += [made[i] for i in cross_inputs]
    set_theme_inputs(cross, [item.pk for item in on_wall])
    return arena


# --- 2016: pre-registered challenge groups ---------------------------------------------

# (title, problem, desired result, owner, organisation, members, facilitator role,
#  roles, the problem as the group described it, result, next steps, action sheet)
CHALLENGE_GROUPS = [
    (
        "Tidlig dialog mellom sykmeldt og arbeidsgiver",
        "Dialogen mellom den sykmeldte og arbeidsgiveren kommer for sent i gang, "
        "og mange mister kontakten med arbeidsplassen.",
        "En modell for tidlig dialog som kommunene kan ta i bruk.",
        "Turid Bakken",
        "Eksempelby kommune",
        [("Hans Ulvik", "Nav Eksempelby"), ("Lene Grønli", "Fastlegekontoret Sentrum"),
         ("Per Kvist", "Tillitsvalgt")],
        Role.FACILITATOR,
        "En arbeidsgiver, en fastlege, en Nav-veileder og en tillitsvalgt.",
        "Ingen har ansvaret for å ta den første kontakten. Lederen venter på legen, legen "
        "venter på Nav, og den sykmeldte venter på alle.",
        "Gruppen foreslår en samtale innen to uker etter sykmeldingen, med en enkel "
        "samtaleguide som både leder og ansatt får.",
        ["Prøve samtaleguiden i tre virksomheter", "Samle erfaringer til neste arena"],
        {"next_step": "Skrive samtaleguiden ferdig", "coordinator": "Turid Bakken",
         "next_meeting": "2017-01-17", "participants": "Hele gruppen"},
    ),
    (
        "Jobbspesialister i psykisk helsevern",
        "Pasienter i psykisk helsevern får sjelden hjelp til å komme i arbeid mens de "
        "er i behandling.",
        "En plan for hvordan jobbspesialister kan bli en del av behandlingsteamene.",
        "Henrik Sandvik",
        "Eksempelby sykehus",
        [("Mona Lie", "Nav Eksempelby"), ("Ahmed Rask", "Brukerorganisasjon"),
         ("Guri Holt", "Distriktspsykiatrisk senter")],
        Role.FACILITATOR,
        "Behandlere, en Nav-veileder og en brukerrepresentant.",
        "Arbeid blir sett på som noe som kommer etter behandlingen. Behandlerne vet lite "
        "om hva Nav kan tilby, og Nav kommer inn for sent.",
        "Jobbspesialisten bør sitte i teamet og møte pasienten tidlig. Gruppen har laget "
        "en skisse til avtale mellom sykehuset og Nav.",
        ["Avtaleskissen sendes til ledelsen", "Finne to poliklinikker som vil prøve"],
        {"next_step": "Møte med ledelsen ved sykehuset", "coordinator": "Henrik Sandvik",
         "next_meeting": "2017-02-07", "participants": "Henrik, Mona og Guri"},
    ),
    (
        "Unge på arbeidsavklaringspenger",
        "Stadig flere unge får arbeidsavklaringspenger, og mange blir gående lenge "
        "uten aktivitet.",
        "Tiltak som gir unge på AAP en vei til arbeid eller utdanning innen ett år.",
        "Nora Lunde",
        "Nav Fylke",
        [("Eirik Strand", "Ungdomsrådet"), ("Tiril Moe", "Oppfølgingstjenesten"),
         ("Jon Berge", "Arbeidsgiverforeningen")],
        Role.SUPPORT,
        "Unge med egen erfaring, en veileder, en rådgiver fra skolen og en arbeidsgiver.",
        "Ventetiden mellom avklaringene er lang, og de unge blir gående hjemme uten noe "
        "å stå opp til. Mange mister troen på at de kan jobbe.",
        "De unge vil ha én fast kontakt og noe å gå til hver dag. Gruppen foreslår "
        "arbeidstrening tidlig, med en mentor på arbeidsplassen.",
        ["Prøve mentorordningen med ti unge", "Invitere de unge til neste arena"],
        {"next_step": "Finne ti arbeidsplasser med mentor", "coordinator": "Nora Lunde",
         "next_meeting": "2017-01-31", "participants": "Nora, Eirik og Jon"},
    ),
]  # fmt: skip


def _challenge_template(arena: Arena) -> ReportTemplate:
    """The 2016 built-in, copied into the arena: its owner and facilitator
    print from the registration, so those sections go; the action sheet is on."""
    template = docs.copy_template(_builtin("challenge-group-2016"), arena)
    for section in list(template.sections.all()):
        if section.title in ("Eier", "Fasilitator"):
            docs.delete_section(section)
    template.action_sheet = True  # what the template editor's form sets
    template.save(update_fields=["action_sheet"])
    return docs.set_default_template(arena, template)


def load_challenge_groups(users: dict) -> Arena | None:
    if _exists(CHALLENGES_TITLE):
        return None
    organiser, support = users[Role.ORGANISER], users[Role.SUPPORT]
    arena = _new_arena(
        users,
        dates=[datetime.date(2016, 11, 22), datetime.date(2016, 11, 23)],
        title=CHALLENGES_TITLE,
        attending_count=14,
        registered_count=16,
        format=Format.CHALLENGE_GROUPS,
        theme="Fasiliterte utfordringsgrupper om arbeid og helse",
        guiding_questions="Hvilken utfordring vil du løse sammen med andre?",
        venue="Hotellet ved fjorden, Eksempelby",
    )
    sessions = _agenda(
        arena,
        [
            [
                (ItemKind.PLENARY, "Velkommen og foredrag om arbeid og helse", "09:30", "10:30"),
                (ItemKind.OPEN_SPACE, "Gruppesesjon 1: ønsket resultat", "10:45", "12:00"),
                (ItemKind.BREAK, "Lunsj", "12:00", "12:45"),
                (ItemKind.OPEN_SPACE, "Gruppesesjon 2: beskriv problemet", "12:45", "14:15"),
                (ItemKind.PLENARY, "Kunnskapsdating", "14:30", "15:30"),
                (ItemKind.PLENARY, "Fasilitatormøte", "16:00", "16:30"),
            ],
            [
                (
                    ItemKind.OPEN_SPACE,
                    "Gruppesesjon 3: konkluder og skriv rapport",
                    "09:00",
                    "11:00",
                ),
                (ItemKind.PLENARY, "Gruppene legger fram og avslutning", "11:15", "12:30"),
            ],
        ],
    )
    spaces = _spaces(arena, ["Rom Fjorden", "Rom Fjellet", "Rom Skogen"])
    _challenge_template(arena)
    rng = random.Random(2016)
    for entry, space in zip(CHALLENGE_GROUPS, spaces, strict=True):
        title, problem, result, owner, organisation, members, role, *report = entry
        roles, described, outcome, next_steps, sheet = report
        registration = challenges.register(
            arena,
            title=title,
            problem=problem,
            desired_result=result,
            owner=owner,
            organisation=organisation,
        )
        for name, member_organisation in members:
            challenges.join(registration, name=name, organisation=member_organisation)
        # The members came to the arena and joined it from their phones.
        people = Participant.objects.bulk_create(
            Participant(arena=arena, display_name=name, consent_named=True)
            for name in [owner, *(name for name, _org in members)]
        )
        _perspectives(arena, people, rng)
        group = challenges.approve(
            registration, organiser, facilitator=users[role], space=space, sessions=sessions
        )
        _document(
            group,
            support,
            sections={
                "Deltakernes roller": roles,
                "Beskriv problemet": described,
                "Resultat fra gruppens arbeid": outcome,
                "Videre arbeid (neste skritt)": next_steps,
            },
            inputs=[next_steps[0]],
            people=people,
            action_sheet=sheet,
        )
    return arena


# --- 2020: reports with inputs, the strategy and its follow-up ----------------------------

# Code of a 2020 group → (what was discussed, its inputs). Not 1.1: tests that
# load the demo document the wall's first group themselves.
REPORTS_2020 = {
    "1.13": (
        "Gruppen drøftet hvordan helse og arbeid kan samarbeide tett, og hvem i kommunen "
        "som kan ha ansvar for å samordne det.",
        ["En koordinator for arbeid og helse i hver kommune", "Felles møteplass for tjenestene"],
    ),
    "1.2": (
        "Om hva unge trenger for å få en god start i arbeidslivet.",
        ["Sommerjobb med mentor for unge med helseutfordringer",
         "Skolen og Nav samarbeider før eleven slutter"],
    ),
    "1.8": (
        "Erfaringer fra klubbhus der medlemmene selv driver arbeidet.",
        ["Klubbhus som et fast tilbud i flere kommuner", "Arbeid som en del av behandlingen"],
    ),
    "2.2": (
        "Om pasientforløp som gir rett tiltak til rett tid.",
        ["Arbeid tas opp i alle pasientforløp", "Delt kunnskap om arbeid og helse i utdanningene"],
    ),
    "2.10": (
        "Hvordan kommunale psykiske helsetjenester kan bidra til arbeidsdeltakelse.",
        ["Jobbspesialist i de kommunale psykiske helsetjenestene",
         "Brukerne med i utformingen av tjenestene"],
    ),
}  # fmt: skip

PILLARS = [
    ("Arbeid som en del av behandlingen", "Arbeid er et mål og et middel i helsetjenestene."),
    ("Samhandling på tvers av tjenestene", "Helse, Nav, skole og arbeidsgivere arbeider sammen."),
    ("Brukeren i førersetet", "Brukerens mål og erfaring styrer tjenestene."),
    ("Kunnskap og kompetanse om arbeid og helse", "I utdanningene og i tjenestene."),
    ("Arbeidsgivere som tar del", "Arbeidsplassen er en arena for mestring og inkludering."),
]

# Input title → (pillar index, rationale).
TAGS = {
    "En koordinator for arbeid og helse i hver kommune": (1, "Samordning der folk bor."),
    "Felles møteplass for tjenestene": (1, "Tjenestene må kjenne hverandre."),
    "Sommerjobb med mentor for unge med helseutfordringer": (4, "Arbeidsgiveren gir en god start."),
    "Skolen og Nav samarbeider før eleven slutter": (1, "Overgangen fra skole til arbeid."),
    "Klubbhus som et fast tilbud i flere kommuner": (2, "Medlemmene driver tilbudet selv."),
    "Arbeid som en del av behandlingen": (0, "Kjernen i bærebjelken."),
    "Arbeid tas opp i alle pasientforløp": (0, "Arbeid som mål i forløpene."),
    "Delt kunnskap om arbeid og helse i utdanningene": (3, "Kompetanse fra starten av."),
    "Jobbspesialist i de kommunale psykiske helsetjenestene": (0, "Behandling og arbeid samtidig."),
    "Brukerne med i utformingen av tjenestene": (2, "Brukermedvirkning i praksis."),
}


def _reports_2020(arena: Arena, users: dict) -> list[Input]:
    """Submitted reports with inputs for a few day-1 groups that have none yet."""
    groups = {
        g.code: g for g in Group.objects.filter(arena=arena).select_related("session", "space")
    }
    made = []
    for code, (discussed, inputs) in REPORTS_2020.items():
        group = groups.get(code)
        if group is None or hasattr(group, "report"):
            continue
        _report, items = _document(
            group,
            users[Role.SUPPORT],
            sections={"Hva ble diskutert": discussed},
            inputs=inputs,
        )
        made += items
    return made


def load_strategy(arena: Arena, users: dict) -> Strategy | None:
    """The 2020 reports, the strategy over the 2020 arena and a few follow-up
    statuses; nothing if the strategy is there already."""
    if Strategy.objects.filter(title=STRATEGY_TITLE, arenas=arena).exists():
        return None
    organiser = users[Role.ORGANISER]
    inputs = _reports_2020(arena, users)
    strategy = strategy_services.create_strategy(
        organiser,
        title=STRATEGY_TITLE,
        description="Rådet går gjennom innspillene fra arenaen og foreslår bærebjelkene "
        "i en nasjonal strategi for arbeid og helse. Hver anbefaling skal være sporbar "
        "til innspillene den bygger på.",
        value_base="Arbeid fremmer helse, og alle som kan og vil arbeide skal få mulighet til det.",
        arenas=[arena],
    )
    pillars = [
        strategy_services.add_pillar(strategy, title=title, description=description)
        for title, description in PILLARS
    ]
    for item in inputs:
        if item.title in TAGS:
            index, rationale = TAGS[item.title]
            strategy_services.tag(
                strategy, pillars[index], [entry_key(INPUT, item.pk)], rationale, organiser
            )
    by_title = {item.title: item for item in inputs}

    def pks(*titles):
        return [by_title[t].pk for t in titles if t in by_title]

    changes = [
        (pks("Arbeid som en del av behandlingen", "Arbeid tas opp i alle pasientforløp"),
         FollowUpStatus.TAKEN, pillars[0], ""),
        (pks("En koordinator for arbeid og helse i hver kommune"),
         FollowUpStatus.TAKEN, pillars[1], ""),
        (pks("Klubbhus som et fast tilbud i flere kommuner", "Felles møteplass for tjenestene"),
         FollowUpStatus.UNDER_REVIEW, None, ""),
        (pks("Sommerjobb med mentor for unge med helseutfordringer"),
         FollowUpStatus.NOT_TAKEN, None, "Følges opp i et eget arbeid om unge i arbeidslivet."),
    ]  # fmt: skip
    for input_pks, status, pillar, reason in changes:
        if input_pks:
            followup.change_statuses(
                arena, organiser, input_pks, status=status, pillar=pillar, reason=reason
            )
    return strategy
