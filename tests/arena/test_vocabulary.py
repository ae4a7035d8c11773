"""What an arena's products are called follows its format (arena.vocabulary)."""

import pytest
from django.template import Context, Template
from django.utils import translation

from arena.models import Arena, Format
from arena.vocabulary import vocabulary
from tests.personas import client_for


def test_a_cafe_calls_its_inputs_keys_and_its_topics_challenges():
    words = vocabulary(Format.CAFE)
    with translation.override("en"):
        assert (str(words.input), str(words.inputs), str(words.add_inputs)) == (
            "Key",
            "Keys",
            "Add keys",
        )
        assert words.number("input", 3) == "Key 3"
        assert (str(words.topic), words.number("topic", 2)) == ("Challenge", "Challenge 2")
        assert str(words.appendix_title) == "Appendix 1: Keys and challenges"


@pytest.mark.parametrize(
    "fmt", [Format.OPEN_SPACE, Format.CHALLENGE_GROUPS, Format.MAIN_AREAS, None, "gone"]
)
def test_other_formats_keep_todays_words(fmt):
    words = vocabulary(fmt)
    with translation.override("en"):
        assert (str(words.inputs), words.number("input", 1)) == ("Inputs", "Input 1")
        assert str(words.appendix_title) == "Appendix 1: All inputs"


def test_an_arena_or_anything_with_a_format_gives_its_words():
    assert vocabulary(Arena(format=Format.CAFE)).format == Format.CAFE
    assert vocabulary(Arena(format=Format.OPEN_SPACE)).format == Format.OPEN_SPACE
    assert vocabulary("cafe") is vocabulary(Arena(format="cafe"))


def test_the_words_are_lazy_and_follow_the_readers_language():
    words = vocabulary(Format.CAFE)
    with translation.override("en"):
        english = str(words.inputs)
    with translation.override("nb"):
        norwegian = str(words.inputs)
    assert english == "Keys"
    # Until the nb catalogue has the msgid the English shows; either way it is
    # translated when shown, not when the module was imported.
    assert norwegian in {"Nøkler", "Keys"}


def test_templates_follow_the_format_through_the_term_filter():
    template = Template(
        '{% load vocabulary %}{{ arena|term:"inputs" }} · {% numbered arena "input" 2 %}'
        ' · {{ arena|term:"appendix_title" }} · [{{ arena|term:"nothing" }}]'
    )
    with translation.override("en"):
        cafe = template.render(Context({"arena": Arena(format=Format.CAFE)}))
        open_space = template.render(Context({"arena": Arena(format=Format.OPEN_SPACE)}))
    assert cafe == "Keys · Key 2 · Appendix 1: Keys and challenges · []"
    assert open_space == "Inputs · Input 2 · Appendix 1: All inputs · []"


def test_the_arena_form_offers_the_cafe_and_main_areas(organiser):
    client = client_for(organiser, language="en")
    page = client.get("/arenas/new/").content.decode()
    assert 'value="cafe"' in page and "Café of challenges and keys" in page
    assert 'value="main_areas"' in page and "Main areas with visual templates" in page
    response = client.post(
        "/arenas/new/",
        {
            "title": "Kafé 2012",
            "format": "cafe",
            "language": "nb",
            "start_date": "2012-11-20",
            "number_of_days": "1",
        },
    )
    assert response.status_code == 302
    assert Arena.objects.get(title="Kafé 2012").format == Format.CAFE
