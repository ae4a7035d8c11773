"""Fixtures and helpers of the publication tests: ``data``, an arena's
report with its photos, images and Markdown, and ``_download``, its Word
document through the view (tests/reports/publication/test_word.py and
test_word_views.py). A module's own ``data`` fixture (test_assembly.py)
takes the place of this one."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import (
    ArenaReportText,
    GroupReport,
    Input,
    ReportImage,
    SectionKind,
    TemplateSection,
)
from reports.publication import services as publication
from sessions.models import AgendaItem, ItemKind
from sessions.services import save_agenda_item
from tests.helpers import build_report_data, jpeg_with_gps
from tests.personas import client_for


@pytest.fixture
def data(arena, organiser, media_root):
    data = build_report_data(arena, organiser)
    # A closing with a numbered list that starts at 3 and a link; a section
    # with a typed sub-heading and a list.
    ArenaReportText.objects.filter(arena=arena).update(
        closing="Takk for nå.\n\n3. tredje\n4. fjerde\n\nSe [nettsiden](https://example.org/rapport)."
    )
    report = GroupReport.objects.get(group=data.groups[0])
    first = report.template.sections.first()
    listed = TemplateSection.objects.create(
        template=report.template, title="Tiltak", kind=SectionKind.LIST, position=99
    )
    report.content = {
        str(first.pk): "Drøfting i gruppe 1.\n\n## Tema\n\n- arbeid\n- helse",
        str(listed.pk): ["- *raskere* hjelp", "1. flere møteplasser"],
    }
    report.save()
    # Control characters XML cannot hold: a line break pasted from a word
    # processor (vertical tab) and a stray one.
    Input.objects.filter(title="Innspill 1.2").update(text="Første linje\x0bandre linje\x01")
    save_agenda_item(
        AgendaItem(
            day=arena.days.order_by("date").first(),
            kind=ItemKind.PLENARY,
            title="Velkommen",
            presenters="Marianne Sempler",
            start=datetime.time(12, 0),
            end=datetime.time(12, 45),
        )
    )
    cover = SimpleUploadedFile("c.jpg", jpeg_with_gps((1200, 900)), "image/jpeg")
    publication.add_image(arena, cover, caption="Forsiden", credit="Fotograf", cover=True)
    sheet = SimpleUploadedFile("s.jpg", jpeg_with_gps((600, 900)), "image/jpeg")
    image = publication.add_image(arena, sheet, placement="closing")  # no caption
    ReportImage.objects.filter(pk=image.pk).update(description="Et ark med lapper")
    return data


def _download(user, arena, language=None):
    url = reverse("reports:report_word", args=[arena.pk])
    return client_for(user, language="nb").get(url + (f"?lang={language}" if language else ""))
