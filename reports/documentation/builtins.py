"""The built-in report templates, from the seeds and DOMAIN.md.

They are data in the arenas' language (bokmål), not UI strings (names and
sections print as written, in every language of the UI); an organiser copies
one into an arena and edits it there. The data migrations
``0002_builtin_templates`` (the first four) and ``0008_visual_templates``
("Toppen av fjellet") install them; ``install()`` takes the model classes so
a migration can pass its historical models, and
``reports.documentation.services.builtin_templates()`` installs any that is
missing (a test that flushes the database, say), never touching the others:
reports keep their texts under the sections' pks.

A visual template has a picture of its sheet (``PICTURES``: a static file,
with the parts named, and a text alternative that says the same), shown in the
editor beside the sections and printed small at the top of the group's report.
"""

from django.utils.translation import gettext_lazy as _

BUILTINS = [
    (
        "open-space-2020",
        "Arbeidsrapport fra Open Space (2020)",
        "Emne, innkaller og deltakere kommer fra programveggen; innspillene skrives hver for seg.",
        True,
        [
            ("Hva ble diskutert", "Hva snakket gruppen om?", "text", True),
            ("Neste skritt", "Hva bør skje videre, og hvem tar det?", "list", False),
        ],
    ),
    (
        "challenge-group-2016",
        "Rapport fra utfordringsgruppe (2016)",
        "Gruppen er registrert på forhånd av en eier og har en fasilitator.",
        False,
        [
            ("Eier", "Hvem eier utfordringen?", "text", True),
            ("Fasilitator", "Hvem fasiliterte gruppen?", "text", False),
            ("Deltakernes roller", "Hvilke roller hadde deltakerne?", "text", False),
            ("Beskriv problemet", "Hva er utfordringen?", "text", True),
            ("Resultat fra gruppens arbeid", "Hva kom gruppen fram til?", "text", True),
            ("Videre arbeid (neste skritt)", "Hva skjer videre?", "list", False),
            ("Kommentarer fra gruppen", "", "text", False),
        ],
    ),
    (
        "visual-2013",
        "Visuell mal (2013)",
        "Fjellet: sola er visjonen, skyene ideene, fjellene barrierene, "
        "toppen målet og veien handlingsplanen.",
        False,
        [
            ("Visjon (sola)", "Hvordan ser det ut når vi har lykkes?", "text", True),
            ("Ideer (skyene)", "Hvilke ideer har gruppen?", "list", False),
            ("Barrierer og utfordringer (fjellene)", "Hva står i veien?", "list", False),
            ("Mål (toppen)", "Hva vil vi nå?", "text", True),
            (
                "Veien dit (handlingsplan / neste skritt)",
                "Hvilke skritt tar oss dit?",
                "list",
                False,
            ),
        ],
    ),
    (
        "mountain-2013",
        "Toppen av fjellet (2013)",
        "Visuell mal: gruppen tegner fjellet. Sola er visjonen, skyene ideene, fjellene "
        "barrierene, toppen målet og veien handlingsplanen (neste skritt).",
        False,
        [
            ("Sola: visjonen", "Hvordan ser det ut når vi har lykkes?", "text", True),
            ("Skyene: ideene", "Hvilke ideer har gruppen?", "list", False),
            ("Fjellene: barrierene", "Hva står i veien?", "list", False),
            ("Toppen: målet", "Hva vil vi nå?", "text", True),
            (
                "Veien: handlingsplan og neste skritt",
                "Hvilke skritt tar oss til toppen, og hvem tar dem?",
                "list",
                False,
            ),
        ],
    ),
    (
        "challenges-and-keys-2012",
        "Utfordringer og nøkler (2012)",
        "Kafébordet beskriver en utfordring; den nye gruppen skriver nummererte nøkler.",
        False,
        [
            ("Utfordring", "Hvilken utfordring fra hverdagen?", "text", True),
            ("Nøkler", "Hva kan låse opp utfordringen?", "list", True),
        ],
    ),
]


#: The sheets of the visual templates: built-in key → (static path, text alternative).
PICTURES = {
    "mountain-2013": (
        "img/templates/mountain.svg",
        _(
            "The sheet “Top of the mountain”: the sun is the vision, the clouds are the "
            "ideas, the mountains are the barriers, the summit is the goal, and the road "
            "up to the summit is the action plan and the next steps."
        ),
    ),
}


def picture(template) -> tuple[str, str] | None:
    """``(static path, text alternative)`` of the sheet of ``template`` (a
    built-in, or a copy of one, however many times copied), else None."""
    seen = set()
    while template is not None and template.pk not in seen:
        seen.add(template.pk)
        if template.arena_id is None and template.key in PICTURES:
            return PICTURES[template.key]
        template = template.copied_from
    return None


def install(ReportTemplate, TemplateSection, *, keys=None) -> None:  # noqa: N803 - model classes
    """Install the built-ins (only those in ``keys``, if given), each with
    its sections made afresh."""
    for key, name, description, action_sheet, sections in BUILTINS:
        if keys is not None and key not in keys:
            continue
        template, _created = ReportTemplate.objects.update_or_create(
            arena=None,
            key=key,
            defaults={"name": name, "description": description, "action_sheet": action_sheet},
        )
        template.sections.all().delete()
        for position, (title, question, kind, required) in enumerate(sections):
            TemplateSection.objects.create(
                template=template,
                title=title,
                help_question=question,
                kind=kind,
                required=required,
                position=position,
            )
