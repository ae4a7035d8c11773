"""Fixtures of the strategy workspace's tests (test_views.py and
test_council_word_publish.py); their helpers are in helpers.py."""

import pytest

from tests.helpers import build_report_data
from tests.personas import client_for


@pytest.fixture
def data(arena, organiser):
    return build_report_data(arena, organiser, photos=False)


@pytest.fixture
def org(organiser):
    return client_for(organiser, language="en")
