"""Starting points an organiser can edit: the 2020 perspective catalogue.

These are arena data in the arena's own language, not UI strings.
"""

# The perspectives participants brought to Åpen arena 2020 (seeds/000_…),
# with colours that keep AA contrast for white text on the perspective wall.
DEFAULT_PERSPECTIVES: list[tuple[str, str]] = [
    ("Bruker- og pasientperspektiv", "#0b6e4f"),
    ("Pårørende", "#7a3e9d"),
    ("Arbeidsgiverens ståsted", "#1f4e8c"),
    ("Veileder i Nav", "#b3261e"),
    ("Ansatt i helse eller rehabilitering", "#00677f"),
    ("Forskerperspektiv", "#6b4e16"),
    ("Lederperspektiv", "#3d3d3d"),
    ("Frivillig sektor / brukerorganisasjon", "#8a2c5a"),
]
