"""One English msgid, two meanings: each meaning has its own msgctxt
(docs/TRANSLATION.md), so Norwegian can say each right."""

from django.template import Context, Template
from django.utils import translation
from django.utils.translation import pgettext

from proposals.models import TopicStatus
from reports.models import TemplateSection


def test_each_meaning_has_its_own_translation():
    with translation.override("nb"):
        assert TopicStatus.READ_OUT.label == "Lest opp"
        assert pgettext("button: mark a topic as read out", "Read out") == "Marker som lest opp"
        assert pgettext("form field", "required") == "må fylles ut"
        assert TemplateSection._meta.get_field("required").verbose_name == "obligatorisk"
        assert pgettext("state of a vote", "Open") == "Åpen"
    with translation.override("nn"):
        assert pgettext("button: mark a topic as read out", "Read out") == "Merk som lese opp"
        assert pgettext("report template section", "required") == "obligatorisk"


def test_templates_use_the_contexts():
    template = Template(
        '{% load i18n %}{% translate "Read out" context "button: mark a topic as read out" %}|'
        '{% translate "required" context "form field" %}'
    )
    with translation.override("nb"):
        assert template.render(Context()) == "Marker som lest opp|må fylles ut"
    with translation.override("en"):
        assert template.render(Context()) == "Read out|required"
