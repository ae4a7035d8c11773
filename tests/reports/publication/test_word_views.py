"""The report's Word download (reports.publication.word_views): who may have
it, and in which language. The document itself: test_word.py; ``data`` and
``_download``: conftest.py."""

import io

import docx

from .conftest import _download


def test_who_may_download(arena, organiser, reader, support, data):
    assert _download(reader, arena).status_code == 200  # as the PDF
    assert _download(support, arena).status_code == 403
    response = _download(organiser, arena, "xx")  # an unknown language: the reader's
    assert response.status_code == 200
    assert docx.Document(io.BytesIO(response.content)).core_properties.language == "nb-NO"
