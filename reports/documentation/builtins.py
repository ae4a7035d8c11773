"""The four built-in report templates, from the seeds and DOMAIN.md.

They are data in the arenas' language (bokmål), not UI strings; an organiser
copies one into an arena and edits it there. The data migration
``0002_builtin_templates`` installs them; ``install()`` takes the model classes
so the migration can pass its historical models, and
``reports.documentation.services.builtin_templates()`` re-installs them if they are missing
(a test that flushes the database, say).
"""

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


def install(ReportTemplate, TemplateSection) -> None:  # noqa: N803 - model classes
    for key, name, description, action_sheet, sections in BUILTINS:
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
