"""The 11 challenge groups of "Arbeid og helse – Åpen arena 2016", taken from
the 2016 report (/work/shared/seeds/003_*.txt: "Vedlegg 1: Grupperapporter").

For each group: what its owner typed on the registration page (title, the
problem, the desired result, name, organisation), the facilitator the
organiser gave it, and what its report says per section of the 2016 built-in
template ("Rapport fra utfordringsgruppe (2016)"). Texts are the seed's own
words, shortened to a recognisable passage. Where the seed lacks a field, the
group's entry says so in a comment and uses what the seed has instead.

``Group.sections`` maps a section title of the built-in to its text (a list
section, "Videre arbeid (neste skritt)", is one item per line). A section the
seed does not document is left out; ``phrase`` is what the PDF must show of
each documented section.
"""

from dataclasses import dataclass, field

# The sections of the 2016 built-in (reports/documentation/builtins.py).
OWNER = "Eier"
FACILITATOR = "Fasilitator"
ROLES = "Deltakernes roller"
PROBLEM = "Beskriv problemet"
RESULT = "Resultat fra gruppens arbeid"
NEXT = "Videre arbeid (neste skritt)"
COMMENTS = "Kommentarer fra gruppen"


@dataclass
class Group:
    number: str  # the 2016 report's group number ("Gruppe 16A")
    title: str
    problem: str  # registration: "The problem"
    desired_result: str  # registration: "The result you want"
    owner: str  # registration: "Your name"
    organisation: str  # registration: "Your organisation"
    facilitator: tuple[str, str]  # the facilitator user's first and last name
    sections: dict[str, str] = field(default_factory=dict)

    @property
    def facilitator_name(self) -> str:
        return " ".join(self.facilitator)

    @property
    def username(self) -> str:
        return "fasilitator" + self.number.lower()

    def phrase(self, title: str) -> str:
        """The first words of a section's text: what the PDF must contain."""
        words = self.sections[title].split()
        return " ".join(words[:5])


GROUPS = [
    Group(
        number="1",
        title="Jobbmotor – gigamapping, designdrevet innovasjonsprogram",
        problem=(
            "Hvordan kan vi sette arbeidstaker og arbeidsgiver i stand til å gjennomføre "
            "rehabiliteringsarbeidet sammen, på sine egne premisser, og med støtte i en ny "
            "rehabiliteringstjeneste (Rehabilitering med arbeid som mål)"
        ),
        desired_result=(
            "Utvikle en guide og en verktøykasse for arbeidsgiver og arbeidstaker, som "
            "støtter dem i rehabiliteringsløpet."
        ),
        # The seed names the owners as organisations only ("Eiere: AiR – NK-ARR,
        # Valnesfjord Helsesportssenter (VHSS) og Skogli Rehabiliteringssenter"):
        # the first is the "name", the others the organisation.
        owner="AiR – NK-ARR",
        organisation="Valnesfjord Helsesportssenter og Skogli Rehabiliteringssenter",
        # "Fasilitator: Halogen. Kontaktperson: Ragnhild Holberg".
        facilitator=("Ragnhild", "Holberg"),
        sections={
            OWNER: "AiR – NK-ARR, Valnesfjord Helsesportssenter (VHSS) og Skogli "
            "Rehabiliteringssenter",
            FACILITATOR: "Halogen. Kontaktperson: Ragnhild Holberg",
            ROLES: "Astrid T. Larssen, Ragnhild Holberg og Nathalie Tunheim fra Halogen, "
            "Håkon Lund, Helse-dir, Unni Høyby, HR-avd. DNB, Kristin Grønvold, NAV- lokal Skien",
            PROBLEM: "Jobb-motor. Innovasjonsprosjekt ledet av Halogen og AIR-kompetansesenter, "
            "i samarbeid med Valnesfjord Helsesportssenter og Skogli Helse- og "
            "Rehabiliteringssenter.",
            RESULT: "System-kartlegging / Giga-mapping. Kartlegging i et tidsfaseperspektiv "
            "(utfordringer, ressurser og systemfaktorer). ZIP-analyse.",
            NEXT: "Brukerkartlegging, arbeidstakere, arbeidsgivere, NAV og fastlege.\n"
            "Presenterer ideer på tiltak og test ut.",
            COMMENTS: "Det var interesse fra deltakere i gruppen om å bidra i videre arbeide "
            "med prosjektet.",
        },
    ),
    Group(
        number="2",
        title="Optimalt fungerende brukerutvalg. «Vi skaper Nav sammen»",
        problem=(
            "Det er stort engasjement i brukerutvalgene i NAV for å få disse til å fungere "
            "hensiktsmessig slik at arbeidet i utvalgene kommer til nytte for alle parter."
        ),
        # No desired result in the seed; its "Fokus" says what the group wanted.
        desired_result=(
            "Hvordan få brukerutvalg i Nav til å fungere optimalt? Ungdom og medvirkning."
        ),
        # "Eier/fasilitatorer: Nav/ Kristin Skåre og Kirsten I. Bakke": the first
        # registers, the second facilitates.
        owner="Kristin Skåre",
        organisation="Arbeids- og velferdsdirektoratet",
        facilitator=("Kirsten I.", "Bakke"),
        sections={
            OWNER: "Nav/ Kristin Skåre og Kirsten I. Bakke",
            FACILITATOR: "Kirsten I. Bakke. Eksterne ressurspersoner og fasilitatorer: Pål "
            "Isdahl Solberg og Marius Ulozas",
            ROLES: "Bernhard Grønnevik, NAV Vestfold, Lisbeth Fjell Leithe, Leder brukerutvalg "
            "Nav Nordland, Marius Ulozas, Medvirkningsagentene",
            PROBLEM: "Det pågår et arbeid i NAV med å utvikle god kultur og gode opplegg for "
            "opplæring av og kompetanseutvikling i brukerutvalgene på alle nivå.",
            RESULT: "Gruppa utviklet en Handlingsplan for utvikling av brukermedvirkning på "
            "systemnivå.",
            NEXT: "Handlingsplanen skal drøftes i Sentralt brukerutvalg i NAV, 28. april.\n"
            "Workshop for å konkretisere planen.",
            COMMENTS: "Åpen Arena gav oss en dytt og en mulighet til å samle en rekke personer "
            "som vi vet er dedikerte til problemstillingen.",
        },
    ),
    Group(
        number="3",
        title=(
            "Arbeidsinkludering: Hvordan skape og utvikle en felles kompetanse for "
            "arbeidsinkludering i NAV og helsetjenesten?"
        ),
        problem=(
            "For å sikre økt inkludering av personer med psykiske helseproblemer i "
            "arbeidslivet er det nødvendig at de som bistår brukerne fra NAV og "
            "helsetjenestene har felles grunnleggende kompetanse."
        ),
        # No desired result in the seed: the title's aim.
        desired_result="En felles kompetanse for arbeidsinkludering i NAV og helsetjenesten.",
        owner="Hilde Kristin Weng",
        organisation="Arbeids- og velferdsdirektoratet",
        # The seed names no facilitator for group 3: the co-owner ("Eier: … v/
        # Hilde Kristin Weng og Kristin Hjerpås") facilitates here.
        facilitator=("Kristin", "Hjerpås"),
        sections={
            OWNER: "Arbeids- og velferdsdirektoratet v/ Hilde Kristin Weng og Kristin Hjerpås",
            ROLES: "Camilla Smith-Hanssen NAV Buskerud/Drammen, Jim Jacobsen NAV Vestfold IPS, "
            "Grete Wangen Kompetansesenter for arbeid og inkludering",
            PROBLEM: "For å sikre økt inkludering av personer med psykiske helseproblemer i "
            "arbeidslivet er det nødvendig med felles grunnleggende kompetanse.",
            RESULT: "Temaområdet var åpent og deltakerne valgte selv hva de ønsket å drøfte. "
            "Hvordan få arbeidsinkludering inn i helseutdanningene?",
            NEXT: "Innspillene tas med inn i opplæring i NAV (veiledningsplattformen).\n"
            "Inn i Nettverk for arbeidsinkludering.",
            # No comments from group 3 in the seed.
        },
    ),
    Group(
        number="4",
        title=(
            "«Godt samarbeid om ungdom i fengsel» Hvordan få eksisterende strukturer i "
            "forvaltningssamarbeidet til å fungere etter hensikten?"
        ),
        problem=(
            "Oslo fengsel er hovedsakelig varetektsfengsel. Det er høy turnover, ca 1500 "
            "innsattelser pr år. Mange innsatte løslates uten plan."
        ),
        desired_result=(
            "Alle har god begrunnelse for å se ungdom i fengsel som en viktig fokusgruppe "
            "med spesielle behov. Ung Ut har fått gode råd til videre arbeid."
        ),
        owner="Siv Gaarder",
        organisation="Ung Ut, Kriminalomsorgen",
        # "Eier og fasilitator: … Siv Gaarder", but the roles list "Lars Thuesen –
        # Welfare Imrovement Network. Fasilitator": he facilitates.
        facilitator=("Lars", "Thuesen"),
        sections={
            OWNER: "Siv Gaarder – Prosjekt Ung Ut, Oslo fengsel. Gruppeeier",
            FACILITATOR: "Lars Thuesen – Welfare Imrovement Network",
            ROLES: "Sturla Falck- Sirus/Folkehelseinstituttet- forsker, Tom Lindahn – "
            "Retretten, Christine Buch – fengselsbetjent, Oslo fengsel",
            PROBLEM: "Løslatelser skjer uforutsigbart og ofte på kort varsel. Prosjekt Ung Ut "
            "ønsker å bidra til bedre forvaltingssamarbeid rundt unge i varetekt.",
            RESULT: "Gruppen kom frem til flere utfordringer/problemstillinger. Definere "
            "utfordring – Forslag til handling – Begrunnelse.",
            NEXT: "Kanalisere innsatte tidlig til rett plass/rett tilbud.\n"
            "Mer hensiktsmessig ordning med varetektsrestriksjoner.\n"
            "Skape flyt, rød tråd inn og ut fra fengselsopphold.",
            # No comments from group 4 in the seed.
        },
    ),
    Group(
        number="6",
        title="Programteori- verktøy for styrking og utvikling av tjenester",
        problem=(
            "Programteori innen arbeidsrettet rehabilitering (ARR), er en måte å beskrive de "
            "logiske sammenhengene i programmet på, med utgangspunkt i en modell."
        ),
        # No desired result in the seed: the group's question.
        desired_result=(
            "Hvordan igangsette og nyttiggjøre seg programteoretisk evaluering i "
            "rehabiliteringsinstitusjoner?"
        ),
        owner="Monica Eftedal",
        organisation="Rehabiliteringssenteret AiR",
        # "Eier/fasilitator: … Monica Eftedal (Håvard J. Ofte var syk)": she is both.
        facilitator=("Monica", "Eftedal"),
        sections={
            OWNER: "Rehabiliteringssenteret AiR v/ Monica Eftedal",
            FACILITATOR: "Monica Eftedal (Håvard J. Ofte var syk)",
            ROLES: "Heidi Bjorå Arset, Idrettens Helsesenter, Svein Kostveit, AiR, Ole Jo "
            "Christoffersen, Hernes Institutt",
            PROBLEM: "Modellen kan både brukes som grunnlag for jevnlig kvalitetssikring av "
            "egen virksomhet, og som utgangspunkt når en ønsker å forklare det en gjør.",
            RESULT: "Gruppa jobbet praktisk med hvordan oppbygging av programteori på "
            "ARR-feltet kunne gjøres. Til slutt valgte vi ut «redusert redsel for arbeid».",
            # The seed has no next steps and no comments for group 6.
        },
    ),
    Group(
        number="8",
        title="Praksisforskning – nytt prosjekt",
        problem=("Mange tiltak for å beholde personer i arbeid er lite dokumentert i forskning."),
        desired_result=(
            "Å skape en skisse til et forskningstema for at mennesket skal være i arbeid."
        ),
        owner="Chris Jensen",
        organisation="AiR - Nasjonal kompetansesenter",
        facilitator=("Geir Arne", "Hageland"),
        sections={
            OWNER: "Chris Jensen, AiR - Nasjonal kompetansesenter – prosjekteier",
            FACILITATOR: "Geir Arne Hageland, Aktiv Ung / Funkibator AS",
            ROLES: "Ingeborg Landstad, Unicare Friskvernklinikken, Vibeke C Hammer, Ansvarlig "
            "Helse, Hanne Tenggren, Hysnes Helsefort",
            PROBLEM: "Gjennomføring og evaluering av tiltak kan da lettere bli tilfeldige og gi "
            "liten systematisk læringseffekt.",
            RESULT: "Problemstilling: Hvordan redusere frykten for å velge jobb? Målgruppe: "
            "mennesker i aldersgruppen 16-30 år.",
            NEXT: "Vibeke C Hammer og Hanne Tenggren skisserer et konkret program.\n"
            "Chris Jensen stiller til rådighet i søknad om forskningsmidler.\n"
            "Ingeborg Landstad jobber med rekruttering av deltakere.",
            COMMENTS: "Gruppa besto av veldig engasjerte deltakere med mye praktisk erfaring.",
        },
    ),
    Group(
        number="9",
        title="KOFU – Nettverksprosjektet Kognitiv fungering",
        problem=(
            "Det er et fokus på å anvende en kognitiv tilnærming til arbeidsrettet "
            "rehabilitering (ARR). Ulike ARR-program bruker ulike typer kognitiv tilnærming, "
            "men får vi samme resultat?"
        ),
        desired_result=(
            "Erfaringsutveksling/iterasjon praktikere/forskere, og å overføre "
            "forskningskunnskap til klinisk praksis."
        ),
        owner="Thomas Johansen",
        organisation="NK-ARR",
        facilitator=("Helga", "Sigurdbjarnardottir"),
        sections={
            OWNER: "NK-ARR v/Thomas Johansen",
            FACILITATOR: "Helga Sigurdbjarnardottir",
            ROLES: "Inge Holsen, fysioterapeut og forskningsmedarbeider i KOFU, Erik Storli, "
            "idrettspedagog, Ola Vea Gustavsen, brukerrepresentant i KOFU",
            PROBLEM: "Hvordan kvalitetssikre at tiltak i ARR har effekt på kognitiv fungering og "
            "tilbakeføring til arbeid?",
            RESULT: "Utviklet en modell som viser sammenhengen mellom kognitiv fungering, "
            "kognitiv terapi og kognitiv trening.",
            NEXT: "Arbeide videre med kunnskapsoverføring med utgangspunkt i modellen.\n"
            "Planlegge og gjennomføre hospitering ved to institusjoner i 2016.",
            COMMENTS: "Lukket utfordringsgruppe fungerte veldig bra. Fasiliteringen av gruppa "
            "var veldig bra!",
        },
    ),
    Group(
        number="16A",
        title="Kurs i «Hvordan implementere arbeidsdimensjonen i rehabilitering»",
        problem=(
            "Lag en plan for oppfølging for deltaker/pasient gjennom en "
            "rehabiliteringsintervenering for å ivareta arbeidsdimensjonen."
        ),
        desired_result=(
            "Hva må til for å gi arbeidsdimensjonen større fokus i forbindelse med rehabilitering?"
        ),
        # "Eier: Olav Hahn"; his organisation from "Delrapport-16A/organisasjon".
        owner="Olav Hahn",
        organisation="Nasjonalt kompetansesenter for arbeidsretta rehabilitering",
        facilitator=("Sally", "Kamara"),
        sections={
            OWNER: "Olav Hahn",
            FACILITATOR: "Sally Kamara",
            ROLES: "Marianne Hjerstedt, Nina Marie Lindstrøm, Per Lønning Kallevik, Elin "
            "Solvang - Fram Helserehab",
            PROBLEM: "Lag en plan for oppfølging for deltaker/pasient gjennom en "
            "rehabiliteringsintervenering.",
            RESULT: "Forløp og brukerreise med jobbfokus. Ved ankomst/oppstart: Systematisk "
            "kartlegging av arbeid.",
            NEXT: "Nettverksarbeid mellom rehabiliteringsorganisasjonene og kompetansesenteret.\n"
            "Konkretisering av kompetansebehov hos den enkelte organisasjonen.",
            COMMENTS: "Når begynner man å tenke jobb i diagnosespesifikk rehabilitering?",
        },
    ),
    Group(
        number="16B",
        # The group report's title ("Gruppe 16B: Arbeidsfokus i rehabiliteringen");
        # the overview calls it "Hvordan implementere arbeidsdimensjonen i rehabilitering".
        title="Arbeidsfokus i rehabiliteringen",
        problem=(
            "Det er for få som kommer ut i jobb etter rehabiliteringsoppholdet. Det må være "
            "bedre samhandling mellom NAV og helse."
        ),
        # No desired result in the seed: the overview's title of the group.
        desired_result="Hvordan implementere arbeidsdimensjonen i rehabilitering.",
        # The seed names no owner for group 16B, only its facilitator: she registers it.
        owner="Ingrid Bø",
        organisation="NAV Søndre Nordstrand",
        facilitator=("Ingrid", "Bø"),
        sections={
            # No owner in the seed: the section says so.
            OWNER: "Ikke oppgitt i rapporten; fasilitator Ingrid Bø meldte på gruppen",
            FACILITATOR: "Ingrid Bø, konsulent, NAV Søndre Nordstrand",
            ROLES: "Julie Vister Nordbø, fysioterapeut, Unicare Friskvernklinikken, Birgitte "
            "Petterson, Arbeidskonsulent, Catosenteret",
            PROBLEM: "Det tar for lang tid fra sykemelding til rehabilitering starter- brukeren "
            "har mistet motet og motivasjonen.",
            RESULT: "Ved sykemeldingstidspunktet starter to parallelle løp: de med arbeidsgiver "
            "og de uten.",
            NEXT: "Innsalg hos NAV",
            COMMENTS: "NAV blir pådriver for raskere start i rehabiliteringsløp.",
        },
    ),
    Group(
        number="17",
        title="Effektiv tidlig oppfølging",
        problem=(
            "Hvordan bidra til at tidlig oppfølging blir mer effektivt i forhold til å få "
            "arbeidstakere som er i risiko for langvarig fravær og uføretrygd tilbake i arbeid?"
        ),
        # No desired result in the seed: the group's vision ("Gruppens visjon").
        desired_result="Vår visjon er å redusere «utenforskapet» for aldersgruppen 18-35 år.",
        # The seed names no owner for group 17, only its facilitator: she registers it.
        owner="Elin Stoermann Næss",
        organisation="Kreftforeningen",
        facilitator=("Elin", "Stoermann Næss"),
        sections={
            OWNER: "Ikke oppgitt i rapporten; fasilitator Elin Stoermann Næss meldte på gruppen",
            FACILITATOR: "Elin Stoermann Næss, Kreftforeningen",
            ROLES: "Hege Larsen Vuyk, Helse Stavanger, Anette Diseth Svelland, Catosenteret, "
            "Terje Totland, Helsedirektoratet",
            PROBLEM: "Gruppedeltakerne har ulike ståsteder, utdanningsbakgrunn og arbeidsfelt. "
            "Vi valgte å fokusere på aldersgruppen 18-35 år.",
            RESULT: "Frafall fra utdanningsinstitusjoner tidlig i livet predikerer frafall fra "
            "arbeidslivet i voksen alder.",
            NEXT: "Opprette en koordinatorfunksjon i NAV.\n"
            "Øke den sosialfaglige kompetanse i videregående skole.",
            # No comments from group 17 in the seed.
        },
    ),
    Group(
        number="20",
        title="Flyktningestrømmen og arbeidsinkludering",
        problem=(
            "Hvordan kan vi lage en praktisk og gjennomførbar handlingsplan? – mange "
            "instanser/aktører må samarbeide om vi skal løse noen av utfordringene knyttet "
            "til flyktningestrømmen."
        ),
        desired_result=(
            "Komme med forslag til aktiviteter og prosjekter som fremmer en raskere, mer "
            "helhetlig, effektiv og integrert innsats."
        ),
        # The seed names a contact person, no owner and no facilitator: she
        # registers the group and facilitates it.
        owner="Randi Kvissel Haugen",
        organisation="PS:hotell",
        facilitator=("Randi", "Kvissel Haugen"),
        sections={
            OWNER: "Kontaktperson: Randi Kvissel Haugen, PS:hotell",
            ROLES: "Irene Ekmark, Human Research AB, Sverige, Tor Idar Halvorsen, LO, Anne "
            "Edman, IMDI, Jon Hovda, Rehabiliteringssenteret AIR",
            PROBLEM: "Konsekvenser av å være «innelåst» i ulike stadier av asylprosessen på "
            "kort og lang sikt, mangel på avklaring og aktivitet.",
            RESULT: "Tidlig innsats for integrering: Tiltak bør igangsettes så tidlig som mulig. "
            "Ventetid i mottak ligger på om lag 2 år.",
            NEXT: "Pilotprosjekt «Ny start i Norge».\n"
            "Etablere Arena for samskaping mellom de viktigste aktørene på området.",
            # No comments from group 20 in the seed.
        },
    ),
]
