"""Soft hyphens in long words (arena.templatetags.hyphens), for the wall's cells."""

from django.template import Context, Template

from arena.templatetags.hyphens import soft_hyphens

SHY = "\u00ad"


def test_long_words_get_soft_hyphens_by_the_languages_rules():
    assert soft_hyphens("Funksjonsvurdering", "nb") == f"Funk{SHY}sjons{SHY}vur{SHY}de{SHY}ring"
    assert soft_hyphens("responsibilities", "en").replace(SHY, "") == "responsibilities"
    assert SHY in soft_hyphens("responsibilities", "en")


def test_short_words_and_the_text_around_them_stay_as_they_are():
    text = "Unge i arbeid, bra start på arbeidslivet?"
    result = soft_hyphens(text, "nb")
    assert result.replace(SHY, "") == text
    assert result.startswith("Unge i arbeid, bra start på ar")  # only "arbeidslivet" changes


def test_the_filter_escapes_as_usual():
    html = Template("{% load hyphens %}{{ t|soft_hyphens:'nn' }}").render(
        Context({"t": "<b>Arbeidsevnevurdering</b>"})
    )
    assert html.startswith("&lt;b&gt;") and "<b>" not in html and SHY in html
