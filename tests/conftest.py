"""Shared test set-up.

Test databases:
- SQLite (embedded default): the test database is a FILE in a fresh temporary
  folder (TEST NAME, also exported as ARENA_TEST_SQLITE_PATH), so a server
  subprocess (tests/browser) can open the same database.
- PostgreSQL: ARENA_TEST_DB_SUFFIX (set per run by scripts/test.sh) is appended
  to the test database's name, so two runs on one machine do not collide.

Before PostgreSQL test databases are dropped, sessions left open by other
threads are ended.

Browser tests run last: Playwright's sync API keeps an event loop running in
the main thread once started, which would break async tests after it.
"""

import os
import shutil
import signal
import tempfile

import pytest

# Fixtures every package shares (sessions, spaces, topics, media_root,
# broadcasts); the personas stay opt-in per package (tests/personas.py), since
# their fast password hasher must not reach the tests that start servers.
pytest_plugins = ["tests.fixtures"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from django.conf import settings

    tmpdir = None
    suffix = os.environ.get("ARENA_TEST_DB_SUFFIX", "")
    for alias, db in settings.DATABASES.items():
        test = db.setdefault("TEST", {})
        if db["ENGINE"] == "django.db.backends.sqlite3":
            if not test.get("NAME") or test["NAME"] == ":memory:":
                tmpdir = tmpdir or tempfile.mkdtemp(prefix="arena-testdb-")
                test["NAME"] = os.path.join(tmpdir, f"test-{alias}.sqlite3")
            if alias == "default":
                os.environ["ARENA_TEST_SQLITE_PATH"] = test["NAME"]
        elif suffix:
            test["NAME"] = f"{test.get('NAME') or 'test_' + db['NAME']}_{suffix}"
    yield
    if tmpdir:
        shutil.rmtree(tmpdir, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Before PostgreSQL test databases are dropped, end the sessions other
    threads left open (database_sync_to_async's executor threads keep theirs
    for CONN_MAX_AGE), or DROP DATABASE fails with "being accessed by other users"."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for alias in connections:
            connection = connections[alias]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )


@pytest.hookimpl(trylast=True)  # after pytest-django's own (db, then transactional) order
def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config):
    # SIGTERM (e.g. scripts/test.sh's time limit) ends the run like Ctrl+C, so
    # fixtures still stop their server processes and drop their databases.
    signal.signal(signal.SIGTERM, _interrupt)


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """Each test counts its own rate-limit hits (arena.ratelimit keys carry the salt),
    on local memory and on the production profile's shared Redis cache alike."""
    import uuid

    settings.ARENA_RATELIMIT_SALT = uuid.uuid4().hex


@pytest.fixture(autouse=True)
def _archive_at_once(settings):
    """The archive reindexes in the saving request, so a test can search what
    it just saved (tests/reports/archive/test_search.py tries the deferred
    reindex on its own)."""
    settings.ARENA_ARCHIVE_DELAY = 0


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Each test gets its own instance of a Redis channel layer. Tests run
    many event loops in one process (one per ``async_to_sync`` call or
    communicator); channels-redis keeps per-instance asyncio locks, and a
    receive cut off when its loop ended leaves one bound to that loop, which
    broke every later receive (seen once on the production pass). A worker
    has one loop, so this is the tests' concern. The in-memory layer keeps
    its instance: its messages live in it."""
    yield
    from channels.layers import DEFAULT_CHANNEL_LAYER, InMemoryChannelLayer, channel_layers

    layer = channel_layers.backends.get(DEFAULT_CHANNEL_LAYER)
    if layer is not None and not isinstance(layer, InMemoryChannelLayer):
        del channel_layers.backends[DEFAULT_CHANNEL_LAYER]
