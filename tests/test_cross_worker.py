"""A change made through worker A reaches a screen connected to worker B.

Two separate uvicorn processes stand for two ASGI workers (same database,
same Redis). A phone holds a WebSocket on B; a facilitator places a topic
through A; the phone must get the new cell. With the in-memory channel layer
this cannot work (each process has its own), so it runs on the production
profile only.
"""

import datetime
import os
import re
import subprocess
import sys

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from arena import participants, services
from proposals.models import Topic
from sessions.models import AgendaItem, ItemKind, Space
from tests.servers import ARTIFACTS, ROOT, database_env, free_port, wait_for_health

pytestmark = [
    pytest.mark.production,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
        reason="production profile: set DATABASE_URL and REDIS_URL (scripts/test.sh does)",
    ),
]


@pytest.fixture
def two_workers(django_db_setup):
    from django.db import connection

    env = {**os.environ, **database_env(connection.settings_dict), "DJANGO_DEBUG": "1"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    ARTIFACTS.mkdir(exist_ok=True)
    procs, urls = [], []
    for name in ("a", "b"):
        port = free_port()
        log_path = ARTIFACTS / f"worker-{name}.log"
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "arena.asgi:application", "--host",
                 "127.0.0.1", "--port", str(port), "--lifespan", "off", "--log-level", "warning"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        wait_for_health(url, proc, log_path, 60)
        urls.append(url)
    yield urls
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def test_change_through_worker_a_reaches_phone_on_worker_b(two_workers):
    from websockets.sync.client import connect

    url_a, url_b = two_workers
    organiser = get_user_model().objects.create_user("ola", password="Cross-worker-2026")
    arena = services.create_arena(
        organiser, start_date=timezone.localdate(), number_of_days=1, title="Cross"
    )
    session = AgendaItem.objects.create(
        day=arena.days.first(), kind=ItemKind.OPEN_SPACE, title="S1",
        start=datetime.time(9), end=datetime.time(10), session_number=1,
    )  # fmt: skip
    space = Space.objects.create(arena=arena, number=7)
    topic = Topic.objects.create(arena=arena, title="Over to arbeidere")
    phone = arena.participants.create(display_name="Pia")
    cookie = f"{participants.cookie_name(arena)}={participants.make_token(phone)}"

    ws_url = url_b.replace("http://", "ws://") + f"/ws/a/{arena.pk}/phones/"
    with connect(ws_url, additional_headers={"Origin": url_b, "Cookie": cookie}) as socket:
        with httpx.Client(base_url=url_a, timeout=10) as facilitator:
            login_page = facilitator.get("/accounts/login/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text)[1]
            credentials = {"username": "ola", "password": "Cross-worker-2026"}
            response = facilitator.post(
                "/accounts/login/", data={**credentials, "csrfmiddlewaretoken": token}
            )
            assert response.status_code == 302
            response = facilitator.post(
                f"/a/{arena.pk}/wall/topics/{topic.pk}/place/",
                data={"cell": f"{session.pk}-{space.pk}"},
                headers={"X-CSRFToken": facilitator.cookies["csrftoken"], "HX-Request": "true"},
            )
            assert response.status_code == 200
        message = socket.recv(timeout=10)
    assert f'id="m-{session.pk}-{space.pk}"' in message
    assert "Over to arbeidere" in message and "1.7" in message
