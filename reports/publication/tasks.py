"""Background tasks of the arena's report (Django's tasks framework).

``generate_report_pdf`` makes one PDF version of the arena's report. It is
enqueued by ``reports.publication.services.start_generation`` and run by the
``manage.py db_worker`` process (``django_tasks_db``); with
``ARENA_TASKS_IMMEDIATE=1`` (unit tests) it runs at once, inline. Progress and
failures are recorded on the ``ReportVersion`` row, which the page polls.
"""

from django.tasks import task

from .generation import generate


@task
def generate_report_pdf(version_pk: int) -> None:
    generate(version_pk)
